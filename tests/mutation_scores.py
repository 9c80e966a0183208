"""Print the mutation score of each module after `mutmut run` (used by `make mutation`).

A mutant counts as caught when a test failed (killed) or ran out of time (timeout);
"no tests" means no selected test ran that function at all. Mutants shown to change
nothing a person could notice are listed with the reason in
tests/unit/EQUIVALENT_MUTANTS.md and left out of the score.
"""

import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

CAUGHT = ("killed", "timeout")
EQUIVALENT = Path(__file__).parent / "unit" / "EQUIVALENT_MUTANTS.md"


def equivalent_names():
    if not EQUIVALENT.exists():
        return set()
    return set(re.findall(r"`(app\.[^`\s]+__mutmut_\d+)`", EQUIVALENT.read_text("utf-8")))


def main(argv):
    mutmut = argv[1] if len(argv) > 1 else "mutmut"
    lines = subprocess.run([mutmut, "results", "--all", "true"], capture_output=True,
                           text=True, check=True).stdout.splitlines()
    equivalent = equivalent_names()
    by_module = defaultdict(Counter)
    missed = []
    for line in lines:
        name, _, status = line.strip().rpartition(": ")
        if "__mutmut_" not in name:
            continue
        module = name.split(".x")[0].split(".xǁ")[0]
        if name in equivalent and status == "survived":
            status = "equivalent"
        by_module[module][status] += 1
        if status not in CAUGHT + ("equivalent", "not checked"):
            missed.append(f"  {status:10} {name}")
    print(f"{'module':28} {'mutants':>7} {'killed':>6} {'timeout':>7} {'survived':>8} "
          f"{'no tests':>8} {'equivalent':>10} {'not run':>7} {'score':>6}")
    for module, counts in sorted(by_module.items()):
        total = sum(counts.values())
        caught = sum(counts[s] for s in CAUGHT)
        scored = total - counts["equivalent"] - counts["not checked"]
        print(f"{module:28} {total:7} {counts['killed']:6} {counts['timeout']:7} "
              f"{counts['survived']:8} {counts['no tests']:8} {counts['equivalent']:10} "
              f"{counts['not checked']:7} {f'{caught / scored:.1%}' if scored else '-':>6}")
    if missed:
        print("\nNot caught (see them with `.venv/bin/mutmut show NAME`):")
        print("\n".join(missed))


if __name__ == "__main__":
    main(sys.argv)
