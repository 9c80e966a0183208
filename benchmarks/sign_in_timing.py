"""Benchmark: how long asking for a sign-in code takes to answer, for an address the
portal knows and for one it does not. The two should be the same: who an address belongs
to is looked up, and the code sent, only after the answer has gone.

Prints medians; asserts nothing (timings on shared machines are noisy). Runs against a
local server on 127.0.0.1 with the fictional demo data and the outbox backend, made to
take as long as a message provider's round trip would (50 ms unless told otherwise).
Run with `.venv/bin/python benchmarks/sign_in_timing.py [rounds] [provider ms]`.
"""

import http.client
import logging
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from conftest import make_app  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from app.data import demo  # noqa: E402
from app.data import models as m  # noqa: E402
from app.extensions import db  # noqa: E402
from app.services import messages

CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def ask_for_a_code(port, address):
    """GET the sign-in page, then time the POST until its whole answer has arrived."""
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", "/sign-in")
    page = conn.getresponse()
    html = page.read().decode()
    cookie = page.getheader("Set-Cookie", "").split(";")[0]
    token = CSRF.search(html).group(1)
    body = f"csrf_token={token}&address={address}".replace("@", "%40").replace(" ", "+")
    start = time.perf_counter()
    conn.request("POST", "/sign-in", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    answer = conn.getresponse()
    answer.read()
    elapsed = time.perf_counter() - start
    assert answer.status == 302, answer.status
    conn.close()
    return elapsed


def slow_backend(provider_seconds):
    """The configured backend, taking as long to send as a provider over the network."""
    real = messages.backend

    class Slow:
        def send(self, message):
            time.sleep(provider_seconds)
            return real().send(message)

    messages.backend = lambda: Slow()


def main(rounds, provider_ms):
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    slow_backend(provider_ms / 1000)
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        app = make_app(Path(tmp), "sqlite")
        with app.app_context():
            db.create_all()
            demo.load(app.config["SECRET_KEY"])
            known = [p.email for p in db.session.scalars(db.select(m.Participant))
                     if p.email and not p.staff_user_id]
        # One request at a time, as SQLite likes; the work after each answer runs before
        # the server takes the next request, and is not part of the time measured.
        server = make_server("127.0.0.1", 0, app, threaded=False)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        port = server.server_port
        times = {"known": [], "unknown": []}
        for i in range(rounds):
            # Alternate, so drift on a busy machine falls on both alike.
            times["known"].append(ask_for_a_code(port, known[i % len(known)]))
            times["unknown"].append(ask_for_a_code(port, f"nobody.{i}@example.com"))
        time.sleep(2)  # let the last sending finish before the server stops
        server.shutdown()
        print(f"Asking for a sign-in code, time to the whole answer ({rounds} requests each, "
              f"sending takes {provider_ms} ms):")
        for kind, values in times.items():
            values.sort()
            print(f"  {kind:<8} address: median {statistics.median(values) * 1000:6.2f} ms  "
                  f"p90 {values[int(len(values) * 0.9) - 1] * 1000:6.2f} ms")
        with app.app_context():
            sent = db.session.scalar(db.select(db.func.count(m.SignInCode.id)))
        print(f"  codes issued (after the answers): {sent} of {rounds}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 60,
         int(sys.argv[2]) if len(sys.argv) > 2 else 50)
