"""Benchmark: server time per signed-in page, latency under load, and page weight.

Prints numbers; asserts nothing (timings on shared machines are noisy). Everything runs
against this machine only: an in-process client, then a local server on 127.0.0.1.
Run with `make benchmark`.
"""

import contextvars
import gzip
import logging
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # the app and tests.helpers, as pytest sees them

from conftest import Person, make_app, participant, sign_in  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from app.data import demo  # noqa: E402
from app.extensions import db  # noqa: E402

PAGES = ["/home", "/prepare", "/reports", "/guide/parents"]
ROUNDS = 200
LOAD_REQUESTS = 400
LOAD_WORKERS = 8


def ms(values):
    values = sorted(values)
    return (f"median {statistics.median(values) * 1000:6.2f} ms  "
            f"p95 {values[int(len(values) * 0.95) - 1] * 1000:6.2f} ms")


def server_time(app, visitor):
    print(f"Server time per page, in process ({ROUNDS} requests each):")
    for url in PAGES:
        times = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            response = contextvars.Context().run(visitor.client.get, url)
            times.append(time.perf_counter() - start)
            assert response.status_code == 200, url
        print(f"  {url:<16} {ms(times)}")


def page_weight(app, visitor):
    print("Page weight over the wire (gzip), first visit to a family page:")
    html = contextvars.Context().run(visitor.client.get, "/home").data
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', html.decode())
    assets.append("/static/dist/govuk-frontend.min.js")  # imported by portal.js
    total = len(gzip.compress(html))
    print(f"  HTML /home                 {len(gzip.compress(html)):7d} bytes")
    for url in sorted(set(assets)):
        body = contextvars.Context().run(visitor.client.get, url).data
        size = len(gzip.compress(body))
        total += size
        print(f"  {url:<26} {size:7d} bytes")
    print(f"  total first visit          {total:7d} bytes ({total / 1024:.1f} KB)")
    print(f"  a later page (HTML only)   {len(gzip.compress(html)):7d} bytes "
          "(assets are cached for a year)")


def load(app, cookie):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    port = server.server_port
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def fetch(_):
        request = urllib.request.Request(f"http://127.0.0.1:{port}/home",
                                         headers={"Cookie": f"portal={cookie}"})
        start = time.perf_counter()
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
            assert response.status == 200
        return time.perf_counter() - start

    started = time.perf_counter()
    with ThreadPoolExecutor(LOAD_WORKERS) as pool:
        times = list(pool.map(fetch, range(LOAD_REQUESTS)))
    elapsed = time.perf_counter() - started
    server.shutdown()
    print(f"Under load: {LOAD_REQUESTS} signed-in requests, {LOAD_WORKERS} at once, one "
          "threaded dev server on 127.0.0.1:")
    print(f"  /home            {ms(times)}   {LOAD_REQUESTS / elapsed:.0f} requests/s")


def main():
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(Path(tmp), "sqlite")
        with app.app_context():
            db.create_all()
            demo.load(app.config["LOOKUP_PEPPER"])
            visitor = sign_in(app, participant("parent"))
            assert isinstance(visitor, Person)
            server_time(app, visitor)
            page_weight(app, visitor)
            cookie = visitor.client.get_cookie("portal").value
        load(app, cookie)


if __name__ == "__main__":
    main()
