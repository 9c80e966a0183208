"""Production server settings: `gunicorn wsgi:app` reads this file from the project folder.

The app is loaded once, before the workers are started, so they share its code, the
translations and WeasyPrint (which takes seconds to load) instead of each loading its own.
"""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
preload_app = True
timeout = 30
# The app writes the access log itself (app/operations.py: JSON with the request id, the
# route's pattern, never an address's ids, tokens or query string). GUNICORN_ACCESSLOG=-
# turns gunicorn's own on as well.
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'


# What the master loads is shared with the workers only while no one writes to its memory.
# Python's collector writes to every object it examines, so a worker that collects copies
# the pages of everything the master loaded. The collector is off while the master loads,
# and what it loaded is frozen (never examined again) before each fork.
gc.disable()


def when_ready(server):
    # In the master, after the app is loaded and before workers are forked.
    from app.services.documents import warm_up_pdf

    warm_up_pdf()


def pre_fork(server, worker):
    gc.freeze()


def post_fork(server, worker):
    gc.enable()
