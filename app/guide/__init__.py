"""The plain-language guide: public, readable without signing in, no tracking."""

from flask import Blueprint, render_template
from flask_babel import gettext as _

bp = Blueprint("guide", __name__, template_folder="templates")


@bp.route("/")
def index():
    return render_template(
        "guide/index.html", title=_("Get ready for a child protection conference")
    )


@bp.route("/guide/parents")
def parents():
    return render_template("guide/parents.html", title=_("A guide for parents and carers"))


@bp.route("/guide/young-people")
def young_people():
    return render_template("guide/young_people.html", title=_("A guide for young people"))


@bp.route("/guide/children")
def children():
    return render_template("guide/children.html", title=_("A guide for children"))


@bp.route("/accessibility")
def accessibility():
    return render_template("guide/accessibility.html", title=_("Accessibility statement"))


@bp.route("/privacy")
def privacy():
    return render_template("guide/privacy.html", title=_("Privacy notice"))


@bp.route("/contact")
def contact():
    return render_template("guide/contact.html", title=_("Contact the chair"))


@bp.route("/complain")
def complain():
    return render_template("guide/complain.html", title=_("How to complain"))
