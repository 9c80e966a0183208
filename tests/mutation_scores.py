"""Print the mutation score of each module after `mutmut run` (used by `make mutation`).

A mutant counts as caught when a test failed (killed) or ran out of time (timeout);
"no tests" means no selected test ran that function at all. Mutants shown to change
nothing are not generated (marked `# pragma: no mutate`; see
tests/unit/EQUIVALENT_MUTANTS.md).
"""

import subprocess
import sys
from collections import Counter, defaultdict

CAUGHT = ("killed", "timeout")


def main(argv):
    mutmut = argv[1] if len(argv) > 1 else "mutmut"
    lines = subprocess.run([mutmut, "results", "--all", "true"], capture_output=True,
                           text=True, check=True).stdout.splitlines()
    by_module = defaultdict(Counter)
    missed = []
    for line in lines:
        name, _, status = line.strip().rpartition(": ")
        if "__mutmut_" not in name:
            continue
        module = name.split(".x")[0].split(".xǁ")[0]
        by_module[module][status] += 1
        if status not in CAUGHT:
            missed.append(f"  {status:10} {name}")
    print(f"{'module':28} {'mutants':>7} {'killed':>6} {'timeout':>7} {'survived':>8} "
          f"{'no tests':>8} {'score':>6}")
    for module, counts in sorted(by_module.items()):
        total = sum(counts.values())
        caught = sum(counts[s] for s in CAUGHT)
        print(f"{module:28} {total:7} {counts['killed']:6} {counts['timeout']:7} "
              f"{counts['survived']:8} {counts['no tests']:8} {caught / total:6.1%}")
    if missed:
        print("\nNot caught (see them with `.venv/bin/mutmut show NAME`):")
        print("\n".join(missed))


if __name__ == "__main__":
    main(sys.argv)
