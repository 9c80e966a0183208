"""The guides: each guide's pages in order, where each step of a family's timeline is
explained, and which guide a person reads (by the register written for them). The
pages themselves are app/guide/templates."""

import dataclasses

from flask import url_for

from app.data import models as m
from app.web.translation import lazy_gettext as _l


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
        "preparation": ("before-the-meeting", "get-ready"),
        "premeet_separately": ("the-meeting", "meeting-separately"),
        "professionals_meet": ("the-meeting", "meeting-separately"),
        "planning_meeting": ("the-meeting", "not-as-planned"),
        "new_date": ("the-meeting", "not-as-planned"),
        "follow_up": ("after-the-conference", "decisions"),
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
        "preparation": ("your-say", None),
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


def guide_for(role):
    """The guide written for this person's register."""
    if role == m.CHILD:
        return "guide.children"
    if role in (m.YOUNG_PERSON, m.ADVOCATE):
        return "guide.young_people"
    return "guide.parents"
