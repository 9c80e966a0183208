"""Words a family will hear at a conference, each explained in one or two plain sentences.

The terms are data, so the glossary page, the links in the guide and a check that each
term is translated the same way everywhere all read the same list.
"""

from __future__ import annotations

import dataclasses

from flask import url_for
from markupsafe import Markup, escape

from app.web.translation import lazy_gettext as _l


@dataclasses.dataclass(frozen=True)
class Term:
    slug: str
    # The term as it reads inside a sentence ("core group"); the glossary capitalises it.
    name: object
    meaning: object

    @property
    def anchor(self) -> str:
        return "term-" + self.slug


TERMS: tuple[Term, ...] = (
    Term("child-protection-conference", _l("child protection conference"),
         _l("A meeting about a child's safety. The family and the people who work with them "
            "decide if the child needs a child protection plan.")),
    Term("initial-conference", _l("initial conference"),
         _l("The first conference about a child. It comes after a Section 47 enquiry.")),
    Term("review-conference", _l("review conference"),
         _l("A later conference that checks how the plan is going. It decides if the child "
            "still needs a plan.")),
    Term("section-47-enquiry", _l("Section 47 enquiry"),
         _l("Social workers check out serious worries about a child's safety. The name comes "
            "from part of a law, the Children Act 1989.")),
    Term("significant-harm", _l("significant harm"),
         _l("Harm that is serious enough to hurt a child's health or growth. The conference "
            "decides if a child has been harmed like this, or may be.")),
    Term("children-social-care", _l("children's social care"),
         _l("The part of the council that helps families and keeps children safe. It is also "
            "called children's services.")),
    Term("social-worker", _l("social worker"),
         _l("The person from children's social care who works with your family.")),
    Term("chair", _l("chair"),
         _l("The person who leads the conference. They do not work with your family. They may "
            "be called an independent reviewing officer.")),
    Term("minute-taker", _l("minute taker"),
         _l("The person who writes down what is said in the meeting.")),
    Term("minutes", _l("minutes"),
         _l("The written record of the meeting. You get a copy.")),
    Term("pre-meet", _l("pre-meet"),
         _l("A short talk with the chair just before the conference. It is for your family "
            "only.")),
    Term("supporter", _l("supporter"),
         _l("A friend or relative you choose to come with you. They are there to support "
            "you.")),
    Term("advocate", _l("advocate"),
         _l("Someone who helps a child or young person say what they think. They are on the "
            "child's side.")),
    Term("interpreter", _l("interpreter"),
         _l("Someone who says in your language what others say, and says your words in "
            "English. It is free.")),
    Term("third-party-information", _l("third-party information"),
         _l("Facts about other people, for example from the police, that cannot be shared with "
            "the family. The chair decides what stays private.")),
    Term("chronology", _l("chronology"),
         _l("A list of the main events in a child's life, in date order.")),
    Term("genogram", _l("genogram"),
         _l("A drawing of a family tree. It shows who is in the family and how they are "
            "related.")),
    Term("strengths", _l("strengths"),
         _l("Good things about your family that help keep your child safe.")),
    Term("protective-factors", _l("safety and protective factors"),
         _l("People and things that help keep a child safe.")),
    Term("complicating-factors", _l("complicating factors"),
         _l("Things that make the worries harder to sort out, such as debt or poor health.")),
    Term("grey-areas", _l("grey areas"),
         _l("Things people are not sure about, or do not agree on.")),
    Term("child-protection-plan", _l("child protection plan"),
         _l("A plan that says what must change to keep a child safe. It says who will help, "
            "and by when.")),
    Term("categories-of-harm", _l("categories of harm"),
         _l("The four kinds of harm a plan can be made for. They are emotional abuse, neglect, "
            "physical abuse and sexual abuse.")),
    Term("child-in-need-plan", _l("child in need plan"),
         _l("A plan of help for a child and family when a child protection plan is not "
            "needed.")),
    Term("core-group", _l("core group"),
         _l("Your family and the people who work with you most. They meet to make the plan "
            "work.")),
    Term("hybrid-meeting", _l("hybrid meeting"),
         _l("A meeting where some people are in the room and some join online.")),
)

BY_SLUG = {term.slug: term for term in TERMS}


def get(slug: str) -> Term:
    try:
        return BY_SLUG[slug]
    except KeyError:
        raise KeyError(f"no glossary term {slug!r}") from None


def term_link(slug: str, text: object = None) -> Markup:
    """The term as a link to its glossary entry, for use inside a translated sentence."""
    entry = get(slug)
    href = url_for("guide.glossary", _anchor=entry.anchor)
    return Markup('<a class="govuk-link portal-term" href="{}">{}</a>').format(
        href, escape(str(text if text is not None else entry.name))
    )
