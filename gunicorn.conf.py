"""Production server settings: `gunicorn wsgi:app` reads this file from the project folder.

The app is loaded once, before the workers are started, so they share its code, the
translations and WeasyPrint (which takes seconds to load) instead of each loading its own.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
preload_app = True
timeout = 30
# The path and the time taken, never a query string (it could hold a token).
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'


def when_ready(server):
    # In the master, after the app is loaded and before workers are forked.
    from app.services.documents import warm_up_pdf

    warm_up_pdf()
