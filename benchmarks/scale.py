"""Throughput and scale: the portal under gunicorn on PostgreSQL, against bare Flask.

Starts bare Flask (one 3 KB Jinja page) and the portal with the same gunicorn settings
(2 sync workers, the app preloaded), sends each page 8 requests at a time, and prints
requests a second and p50/p95 latency as ratios to the baseline (the machine is shared, so
only ratios mean anything), run interleaved with the baseline. Then it grows the data from
10 to 10,000 conferences (the chair's current work the same, the history and the rest of
the authority around it grown) and measures again, and prints SQL queries per page, the time of
the first PDF a worker makes, and each worker's memory.

Prints numbers; asserts nothing. Only this machine is contacted (127.0.0.1).
Run with `make benchmark` (PostgreSQL at TEST_POSTGRES_URL or 127.0.0.1:5432/test).
"""

import contextvars
import http.client
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyotp
import sqlalchemy
from sqlalchemy import event

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from app.data import demo  # noqa: E402
from app.data import models as m  # noqa: E402
from app.data.demo_scale import PDF, add_conferences  # noqa: E402
from app.extensions import db  # noqa: E402

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SECRET = "benchmark-secret-key-that-is-long-enough-0"
CONCURRENCY = 8
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "240"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
BIG = int(os.environ.get("BENCH_CONFERENCES", "10000"))
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
GUNICORN = [sys.executable, "-m", "gunicorn", "--workers", "2", "--preload",
            "--timeout", "60", "--log-level", "warning"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port, path="/"):
    for _ in range(300):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"server on {port} did not start")


class Server:
    def __init__(self, args, env, port):
        self.port = port
        self.process = subprocess.Popen(
            GUNICORN + ["--bind", f"127.0.0.1:{port}"] + args, cwd=ROOT, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

    def worker_pids(self):
        out = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True,
                             text=True).stdout
        return [int(pid) for pid in out.split()]

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def load(port, path, cookie=None, requests=REQUESTS):
    """`requests` GETs, CONCURRENCY at a time: requests a second, p50 and p95 seconds."""
    headers = {"Accept-Encoding": "br, gzip"}
    if cookie:
        headers["Cookie"] = cookie
    times, lock = [], threading.Lock()

    def one(_):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        start = time.perf_counter()
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        took = time.perf_counter() - start
        conn.close()
        if response.status != 200:
            raise SystemExit(f"{path}: {response.status}")
        with lock:
            times.append(took)

    start = time.perf_counter()
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        list(pool.map(one, range(requests)))
    elapsed = time.perf_counter() - start
    times.sort()
    return requests / elapsed, statistics.median(times), times[int(len(times) * 0.95) - 1]


# --- people signed in through the real flow -----------------------------------------------


class Browser:
    def __init__(self, app):
        self.app, self.client = app, app.test_client()

    def get(self, url):
        return contextvars.Context().run(self.client.get, url)

    def post(self, url, data, form_url=None):
        token = CSRF.search(self.get(form_url or url).get_data(as_text=True)).group(1)
        return contextvars.Context().run(self.client.post, url, data=dict(data, csrf_token=token))

    def cookie(self):
        cookie = self.client.get_cookie(self.app.config["SESSION_COOKIE_NAME"])
        return f"{cookie.key}={cookie.value}"


def _latest_code(outbox, person):
    from app.services.notify import OutboxBackend

    for _ in range(50):
        sent = [message for message in OutboxBackend(outbox).messages()
                if message["to"] in (person.mobile, person.email)
                and message.get("reference") == "sign-in-code"]
        if sent:
            return re.search(r"\b(\d{6})\b", sent[-1]["body"]).group(1)
        time.sleep(0.1)
    raise SystemExit("no sign-in code in the outbox")


def sign_in_family(app, person):
    from urllib.parse import urlparse

    from app.services.invitations import send_invitation

    with app.test_request_context(base_url="http://localhost"):
        link = urlparse(send_invitation(person)).path
    db.session.commit()
    browser = Browser(app)
    browser.post(link, {})
    response = browser.post("/sign-in/code", {"code": _latest_code(app.config["OUTBOX_DIR"],
                                                                   person)})
    assert browser.get("/home").status_code == 200, (
        "family sign-in failed", response.status_code, response.get_data(as_text=True)[:3000])
    return browser


def sign_in_staff(app, user):
    browser = Browser(app)
    browser.post("/staff/sign-in", {"email": user.email, "password": demo.DEMO_STAFF_PASSWORD,
                                    "totp": pyotp.TOTP(user.totp_secret).now()})
    assert browser.get("/staff/").status_code == 200, "staff sign-in failed"
    return browser


# --- the run ------------------------------------------------------------------------------


def count_queries(browser, url):
    statements = []

    def count(*_args):
        statements.append(1)

    browser.get(url)
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        browser.get(url)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)


def measure(pages, portal, baseline):
    """Each page interleaved with the baseline, ROUNDS times: medians of each."""
    results = {}
    for name, (url, cookie) in pages.items():
        ours, base = [], []
        for _ in range(ROUNDS):
            base.append(load(baseline.port, "/"))
            ours.append(load(portal.port, url, cookie))
        med = [statistics.median(x[i] for x in ours) for i in range(3)]
        bmed = [statistics.median(x[i] for x in base) for i in range(3)]
        results[name] = {"rps": med[0], "p50": med[1], "p95": med[2],
                         "ratio_rps": med[0] / bmed[0], "ratio_p50": med[1] / bmed[1],
                         "ratio_p95": med[2] / bmed[2]}
    return results


def memory_mib(pid):
    """(PSS, USS, RSS) of a process, in MiB. With a preloaded app PSS is the fair share:
    pages the workers still share with the master count in part; RSS counts them whole."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return (float("nan"),) * 3

    def kib(field):
        return int(re.search(rf"^{field}:\s+(\d+)", text, re.M).group(1))

    return (kib("Pss") / 1024, (kib("Private_Clean") + kib("Private_Dirty")) / 1024,
            kib("Rss") / 1024)


OUTCOME_LIKE = ("<html lang='en'><title>Outcome</title><h1>Decisions and plan</h1>"
                + "<h2>Child</h2><p><strong>Plan:</strong> yes.</p>"
                + "<p>Plain words about what happens next and who will help. </p>" * 12
                + "</html>")


def pdf_times_ms(env, warm):
    """In a fresh process: the first PDF, then a later one (with or without the warm-up)."""
    code = ("import sys, time, app.services.documents as d\n"
            + ("d.warm_up_pdf()\n" if warm else "")
            + "def t():\n s=time.perf_counter(); d.render_pdf(sys.argv[1]);"
            " return (time.perf_counter()-s)*1000\n"
            "print(t(), t())")
    out = subprocess.run([sys.executable, "-c", code, OUTCOME_LIKE], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True).stdout
    first, later = (float(x) for x in out.split())
    return first, later


def main():
    schema = "bench_" + uuid.uuid4().hex[:8]
    engine = sqlalchemy.create_engine(POSTGRES_URL)
    with engine.begin() as conn:
        conn.execute(sqlalchemy.text(f"CREATE SCHEMA {schema}"))
    url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    outbox = tempfile.mkdtemp()
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY=SECRET, RATELIMIT_ENABLED="false",
               OUTBOX_DIR=outbox, PORTAL_ENV="development", PYTHONPATH=str(ROOT))
    env.pop("REDIS_URL", None)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET,
                      "RATELIMIT_ENABLED": False, "OUTBOX_DIR": outbox,
                      "PORTAL_BASE_URL": "http://localhost"})
    servers = []
    try:
        with app.app_context():
            db.create_all()
            demo.load(SECRET)
            # With the demo's two: 10 conferences. The demo chair sits in the eight added,
            # all within three weeks either side of today: a busy chair's current work
            # (decisions and minutes still to send, meetings and conversations coming up).
            add_conferences(8, SECRET, staff_share=1, days=(-20, 21))
            # The demo's first conference: its chair sits in one in twenty of the rest.
            chair_account = db.session.scalar(db.select(m.StaffUser).filter_by(
                email=demo.FAMILIES["A"]["chair"][1]))
            conference = db.session.scalars(
                db.select(m.Conference).join(m.Participant)
                .where(m.Participant.staff_user_id == chair_account.id)
                .order_by(m.Conference.created_at)).first()
            people = {p.role: p for p in reversed(conference.participants)}
            report = m.Report(conference_id=conference.id,
                              author_id=people[m.PROFESSIONAL].id, agency="School",
                              title="School report", summary="How the children are doing.",
                              sharing=m.SHARING_FAMILY, shared_at=m.utcnow())
            report.versions.append(m.ReportVersion(content=PDF, size=len(PDF), pages=1))
            db.session.add(report)
            db.session.commit()
            parent = sign_in_family(app, people[m.PARENT])
            young = sign_in_family(app, people[m.YOUNG_PERSON])
            chair = sign_in_staff(app, people[m.CHAIR].staff_user)
            pages = {
                "public guide": ("/guide/parents", None, None),
                "parent's home": ("/home", parent, parent.cookie()),
                "young person's views": ("/views", young, young.cookie()),
                "parent's report": (f"/reports/{report.id}", parent, parent.cookie()),
                "chair's dashboard": ("/staff/", chair, chair.cookie()),
                "chair's reports page": ("/staff/reports", chair, chair.cookie()),
            }
            anonymous = Browser(app)

            def queries():
                return {name: count_queries(browser or anonymous, path)
                        for name, (path, browser, _c) in pages.items()}

            load_pages = {name: (path, cookie) for name, (path, _b, cookie) in pages.items()}
            small_queries = queries()

        baseline = Server(["benchmarks.bare_flask:app"], env, free_port())
        portal = Server(["-c", "gunicorn.conf.py", "wsgi:app"], env, free_port())
        servers = [baseline, portal]
        wait_for(baseline.port)
        wait_for(portal.port, "/guide/parents")
        for _ in range(2):  # warm both
            load(baseline.port, "/", requests=40)
            for path, cookie in load_pages.values():
                load(portal.port, path, cookie, requests=16)
        small = measure(load_pages, portal, baseline)

        with app.app_context():
            start = time.perf_counter()
            # Three years of the authority's history and other chairs' current work; the
            # chair's own share (one in twenty) is history with nothing left to do, so
            # their open work is the same and only the amount of data around it grows.
            add_conferences(BIG - 10, SECRET, seed=2, theirs_done=True)
            grow_s = time.perf_counter() - start
            # What autovacuum does after a bulk load: statistics for the planner, and the
            # visibility map that lets an index answer without reading the table.
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(sqlalchemy.text(f"SET search_path TO {schema}"))
                conn.execute(sqlalchemy.text("VACUUM ANALYZE"))
            big_queries = queries()
        big = measure(load_pages, portal, baseline)
        memory = [memory_mib(pid) for pid in portal.worker_pids()]
    finally:
        for server in servers:
            server.stop()
        with engine.begin() as conn:
            conn.execute(sqlalchemy.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        engine.dispose()

    print(f"Under gunicorn (2 sync workers, preloaded), {CONCURRENCY} requests at a time, "
          f"{REQUESTS} requests a run, {ROUNDS} runs interleaved with bare Flask.")
    print(f"Grew from 10 to {BIG} conferences in {grow_s:.0f} s.\n")
    head = (f"{'page':<22} {'req/s':>7} {'÷bare':>6} {'p50 ms':>7} {'p95 ms':>7} "
            f"{'p95÷bare':>8} {'queries':>7}")
    for label, results, counts in (("10 conferences", small, small_queries),
                                   (f"{BIG} conferences", big, big_queries)):
        print(label)
        print(head)
        for name, r in results.items():
            print(f"{name:<22} {r['rps']:7.1f} {r['ratio_rps']:6.3f} {r['p50'] * 1000:7.1f} "
                  f"{r['p95'] * 1000:7.1f} {r['ratio_p95']:8.2f} {counts[name]:7d}")
        print()
    # The second column divides out how busy the machine was during each half: the page's
    # p95 as a multiple of bare Flask's, measured at the same time, at 10,000 over at 10.
    print(f"At {BIG} ÷ at 10 conferences (and the same, each against bare Flask's p95):")
    for name in small:
        print(f"  {name:<22} p95 ×{big[name]['p95'] / small[name]['p95']:.2f}   "
              f"p95÷bare ×{big[name]['ratio_p95'] / small[name]['ratio_p95']:.2f}   "
              f"req/s ×{big[name]['rps'] / small[name]['rps']:.2f}   "
              f"queries {small_queries[name]} -> {big_queries[name]}")
    cold, warm = pdf_times_ms(env, warm=False), pdf_times_ms(env, warm=True)
    print(f"\nFirst outcome-like PDF in a fresh process: {cold[0]:.0f} ms without the warm-up "
          f"(a later one {cold[1]:.0f} ms); {warm[0]:.0f} ms after the start-up warm-up "
          f"(a later one {warm[1]:.0f} ms)")
    print("Memory per worker after the runs, PSS (shared pages divided among the processes "
          "sharing them) / USS (the worker's own) / RSS: "
          + ", ".join(f"{pss:.0f} / {uss:.0f} / {rss:.0f} MiB" for pss, uss, rss in memory))
    print(f"Load average when done: {os.getloadavg()[0]:.1f} (2 cores)")


if __name__ == "__main__":
    main()
