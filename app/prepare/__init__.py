"""Prepare: a parent's worksheet as a task list, one question a page, checked and sent as
versions until the cut-off; their practical needs; their private safety request. And the
staff side: each parent's sent worksheet and its history, the family's needs, safety
requests flagged to the chair and social worker."""

from flask import Blueprint

bp = Blueprint("prepare", __name__, template_folder="templates")

from . import routes  # noqa: E402,F401 (registers the routes on bp)
