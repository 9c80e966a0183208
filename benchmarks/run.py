"""Benchmark: server time per signed-in page, latency under load, and page weight.

Prints numbers; asserts nothing (timings on shared machines are noisy). Everything runs
against this machine only: an in-process client, then a local server on 127.0.0.1.
Run with `make benchmark`.
"""

import contextvars
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
    """Bytes as the server sends them to a browser that accepts Brotli and gzip: pages
    compressed by the app, CSS and JavaScript precompressed under fingerprinted names."""
    print("Page weight over the wire (body bytes as sent), first visit to a family page:")

    def get(url, encodings=None):
        headers = {"Accept-Encoding": encodings} if encodings else {}
        response = contextvars.Context().run(visitor.client.get, url, headers=headers)
        assert response.status_code == 200, url
        return response

    html = get("/home").get_data(as_text=True)
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
    # A module's imports are fetched too (portal.js imports GOV.UK Frontend).
    for url in [a for a in assets if a.endswith(".js")]:
        folder = url.rsplit("/", 1)[0]
        assets += [f"{folder}/{name}" for name in
                   re.findall(r'from "\./([^"]+)"', get(url).get_data(as_text=True))]
    total = 0
    for url in ["/home", *sorted(set(assets))]:
        response = get(url, "br, gzip")
        total += len(response.data)
        print(f"  {url:<48} {len(response.data):7d} bytes "
              f"({response.content_encoding or 'not compressed'})")
    page = len(get("/home", "br, gzip").data)
    print(f"  total first visit {total:7d} bytes ({total / 1024:.1f} KB)")
    print(f"  a later page (HTML only) {page:7d} bytes ({page / 1024:.1f} KB; fingerprinted "
          "assets are cached as immutable)")


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
