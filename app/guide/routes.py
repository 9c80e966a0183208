"""The routes of the guide pages (the blueprint and what it is for: __init__.py).

Routes stay thin: who may act is the access policy's (app/rules/access.py); what
changes records is in app/services.
"""

import dataclasses
from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import abort, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from app.data import glossary
from app.rules import timescales
from app.web import i18n
from app.web.public_pages import kept_for_visitors
from app.web.template_helpers import current_authority

from . import bp


@dataclasses.dataclass(frozen=True)
class GuidePage:
    slug: str  # "" for a guide's first page
    title: object


@dataclasses.dataclass(frozen=True)
class Guide:
    endpoint: str
    audience: str  # parents, young_people or children: which readability bar applies
    title: object
    pages: tuple[GuidePage, ...]

    def url(self, slug="", anchor=None):
        if slug:
            return url_for(self.endpoint, slug=slug, _anchor=anchor)
        return url_for(self.endpoint, _anchor=anchor)

    def template(self, page):
        return f"guide/{self.audience}/{page.slug or 'index'}.html"


PARENTS = Guide("guide.parents", "parents", _l("A guide for parents and carers"), (
    GuidePage("", _l("What is a conference?")),
    GuidePage("who-will-be-there", _l("Who will be there")),
    GuidePage("your-rights", _l("Your rights")),
    GuidePage("before-the-meeting", _l("Before the meeting")),
    GuidePage("the-meeting", _l("What happens in the meeting")),
    GuidePage("attending-online", _l("Coming in person or online")),
    GuidePage("after-the-conference", _l("After the conference")),
    GuidePage("complaints", _l("How to complain")),
))
# child-messages: start
YOUNG_PEOPLE = Guide("guide.young_people", "young_people", _l("A guide for young people"), (
    GuidePage("", _l("What is a conference?")),
    GuidePage("your-say", _l("Having your say")),
    GuidePage("reports-and-rights", _l("Reports, the decision and your rights")),
    GuidePage("who-hears", _l("Who will hear what you say")),
    GuidePage("afterwards", _l("After the conference")),
))
CHILDREN = Guide("guide.children", "children", _l("A guide for children"), (
    GuidePage("", _l("A guide for children")),
))
# child-messages: end
GUIDES = (PARENTS, YOUNG_PEOPLE, CHILDREN)

# Where each step of the personal timeline is explained, in each guide: (page, anchor).
TIMELINE_TOPICS = {
    "parents": {
        "reports_due": ("before-the-meeting", "reports"),
        "police_information_due": ("before-the-meeting", "police-information"),
        "premeet": ("before-the-meeting", "pre-meet"),
        "conference": ("the-meeting", None),
        "child_told": ("after-the-conference", "decisions"),
        "decisions_due": ("after-the-conference", "decisions"),
        "core_group": ("after-the-conference", "core-group"),
        "minutes_due": ("after-the-conference", "minutes"),
        "next_review": ("after-the-conference", "review"),
    },
    "young_people": {
        "reports_due": ("reports-and-rights", "reports"),
        "police_information_due": ("reports-and-rights", "police-information"),
        "premeet": ("your-say", "talk-to-the-chair"),
        "conference": ("", None),
        "child_told": ("afterwards", None),
        "decisions_due": ("afterwards", None),
        "core_group": ("afterwards", None),
        "minutes_due": ("afterwards", None),
        "next_review": ("afterwards", None),
    },
}


def guide_by_endpoint(endpoint):
    return next(guide for guide in GUIDES if guide.endpoint == endpoint)


def timeline_link(guide, step_key):
    """The guide page (and part of it) that explains a step of the timeline."""
    slug, anchor = TIMELINE_TOPICS.get(guide.audience, {}).get(step_key, ("", None))
    return guide.url(slug, anchor)


def all_page_urls():
    """Every page of every guide, and the glossary: for tests and checks."""
    urls = [guide.url(page.slug) for guide in GUIDES for page in guide.pages]
    return urls + [url_for("guide.glossary")]


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


def page_in_language(next_path, code=None, **extra):
    """The page a person came from, in another language (or with another choice such as
    side_by_side="on"); only a path on this site: anything else opens the start page."""
    parts = urlsplit(next_path or "/")
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or "\\" in parts.path:
        parts = urlsplit("/")
    query = [(key, value) for key, value in parse_qsl(parts.query)
             if key not in ("lang", "side_by_side")]
    query += ([("lang", code)] if code else []) + list(extra.items())
    return parts.path + ("?" + urlencode(query) if query else "")


@bp.route("/language")
def language():
    """Every language in its own name; each opens the page the person came from."""
    return render_template("guide/language.html", title=_l("Language"),
                           back=request.args.get("next", "/"), languages=i18n.LANGUAGES,
                           page_in_language=page_in_language)


@bp.route("/feedback")
def feedback():
    return render_template("guide/feedback.html", title=_l("Tell us what you think"))
