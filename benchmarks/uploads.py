"""Benchmark: how long the upload checks take on hostile and on ordinary files.

Prints numbers; asserts nothing (timings on shared machines are noisy). Run with
`.venv/bin/python benchmarks/uploads.py`.
"""

import io
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hostile_files import huge_png, many_objects_pdf  # noqa: E402
from PIL import Image  # noqa: E402

from app.services import documents, images  # noqa: E402

MB = 1024 * 1024
ROUNDS = 3


def timed(function, *args):
    """Median seconds of a few runs, and what the last run returned or raised."""
    times, outcome = [], None
    for _ in range(ROUNDS):
        started = time.perf_counter()
        try:
            outcome = function(*args)
        except (images.ImageRejected, documents.DocumentRejected) as refused:
            outcome = f"refused: {refused.reason}"
        times.append(time.perf_counter() - started)
    return statistics.median(times), outcome


def jpeg(width, height):
    out = io.BytesIO()
    # A gradient with some noise: about the bytes per pixel of a phone's photo of paper.
    noise = Image.effect_noise((width, height), 12)
    gradient = Image.linear_gradient("L").resize((width, height))
    picture = Image.merge("RGB", (gradient, noise, Image.blend(gradient, noise, 0.3)))
    picture.save(out, "JPEG", quality=80)
    return out.getvalue()


def describe(outcome):
    if isinstance(outcome, images.CleanImage):
        return f"kept {outcome.width}x{outcome.height}"
    if isinstance(outcome, int):
        return f"accepted, {outcome} page(s)"
    return str(outcome)


def line(label, size, seconds, outcome):
    print(f"{label:<46} {size / 1e6:7.2f} MB  {seconds * 1000:9.1f} ms  {describe(outcome)}")


def main():
    print(f"Photos (limit {images.MAX_PIXELS / 1e6:.0f} million pixels, "
          f"{images.MAX_CONCURRENT} decoded at once per process)")
    cases = [
        ("PNG 7999 x 7999, one colour", huge_png(7999, 7999)),
        ("JPEG 4032 x 3024 (12 MP phone photo)", jpeg(4032, 3024)),
        ("JPEG 5712 x 4284 (24.5 MP phone photo)", jpeg(5712, 4284)),
        ("JPEG 8000 x 6000 (48 MP full sensor)", jpeg(8000, 6000)),
    ]
    for label, data in cases:
        seconds, outcome = timed(images.clean_image, data, 20 * MB)
        line(label, len(data), seconds, outcome)

    big = cases[2][1]
    started = time.perf_counter()
    threads = [threading.Thread(target=images.clean_image, args=(big, 20 * MB))
               for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(f"{'4 x 24.5 MP JPEG at once (wall time)':<46} {'':>10}  "
          f"{(time.perf_counter() - started) * 1000:9.1f} ms")

    print(f"\nPDFs (limit {documents.MAX_OBJECTS:,} objects)")
    pdfs = [
        ("PDF of 200,000 tiny objects", many_objects_pdf(200_000)),
        ("PDF of 49,000 tiny objects (under the limit)", many_objects_pdf(49_000)),
        ("PDF of 100 objects", many_objects_pdf(100)),
        ("'stream' without 'endstream', repeated", b"%PDF-1.4\n" + b"x stream\n" * 1_100_000),
        ("the same, ending in %%EOF", b"%PDF-1.4\n" + b"x stream\n" * 1_100_000 + b"%%EOF\n"),
    ]
    for label, data in pdfs:
        seconds, outcome = timed(documents.check_pdf, data, 11 * MB)
        line(label, len(data), seconds, outcome)


if __name__ == "__main__":
    main()
