"""The routes of the guide pages (the blueprint and what it is for: __init__.py).

Routes stay thin: who may act is the access policy's (app/rules/access.py); what
changes records is in app/services.
"""

from flask import abort, render_template, request

from app.data import glossary
from app.rules import timescales
from app.services.guides import CHILDREN, PARENTS, YOUNG_PEOPLE
from app.web import i18n
from app.web.i18n import page_in_language
from app.web.public_pages import kept_for_visitors
from app.web.template_helpers import current_authority
from app.web.translation import lazy_gettext as _l

from . import bp


@bp.app_template_global()
def my_separate_meeting():
    """For a signed-in parent meeting the chair on their own: when, so the guide can say
    it for them. Nothing for anyone else (and nothing on a page kept for visitors)."""
    from flask_login import current_user

    from app.services.arrangements import family_plan

    participant = getattr(current_user, "participant", None) if getattr(
        current_user, "is_authenticated", False) else None
    plan = family_plan(participant) if participant is not None else None
    return plan if plan is not None and plan.separately else None


def guide_settings():
    """The timescales the guide quotes: the authority's own, else the defaults."""
    authority = current_authority()
    if authority is None:
        return timescales.settings({}, "england")
    return timescales.for_authority(authority)


def _show(guide, slug):
    index = next((i for i, page in enumerate(guide.pages) if page.slug == slug), None)
    if index is None:
        abort(404)
    page = guide.pages[index]
    previous_page = guide.pages[index - 1] if index > 0 else None
    next_page = guide.pages[index + 1] if index + 1 < len(guide.pages) else None
    # Each part has its own page title, so a browser's history and tabs tell them apart.
    title = f"{page.title} – {guide.title}" if len(guide.pages) > 1 else str(guide.title)
    return render_template(
        guide.template(page), title=title, guide=guide, page=page,
        previous_page=previous_page, next_page=next_page, term=glossary.term_link,
        settings=guide_settings(),
    )


@bp.route("/")
@kept_for_visitors
def index():
    return render_template(
        "guide/index.html", title=_l("Get ready for a child protection conference")
    )


@bp.route("/guide/parents", defaults={"slug": ""})
@bp.route("/guide/parents/<slug>")
@kept_for_visitors
def parents(slug):
    return _show(PARENTS, slug)


@bp.route("/guide/young-people", defaults={"slug": ""})
@bp.route("/guide/young-people/<slug>")
@kept_for_visitors
def young_people(slug):
    return _show(YOUNG_PEOPLE, slug)


@bp.route("/guide/children")
@kept_for_visitors
def children():
    return _show(CHILDREN, "")


@bp.route("/guide/glossary", endpoint="glossary")
@kept_for_visitors
def glossary_page():
    return render_template(
        "guide/glossary.html", title=_l("Words you may hear"), terms=glossary.TERMS,
        term=glossary.term_link,
    )


@bp.route("/accessibility")
@kept_for_visitors
def accessibility():
    return render_template("guide/accessibility.html", title=_l("Accessibility statement"))


@bp.route("/privacy")
@kept_for_visitors
def privacy():
    return render_template("guide/privacy.html", title=_l("Privacy notice"))


@bp.route("/contact")
@kept_for_visitors
def contact():
    return render_template("guide/contact.html", title=_l("Contact the chair"))


@bp.route("/complain")
@kept_for_visitors
def complain():
    return render_template("guide/complain.html", title=_l("How to complain"))


@bp.route("/language")
def language():
    """Every language in its own name; each opens the page the person came from."""
    return render_template("guide/language.html", title=_l("Language"),
                           back=request.args.get("next", "/"), languages=i18n.LANGUAGES,
                           page_in_language=page_in_language)


@bp.route("/feedback")
def feedback():
    return render_template("guide/feedback.html", title=_l("Tell us what you think"))
