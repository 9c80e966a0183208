"""Interpreters see the family's language with English beside it; anyone can turn it on."""

import re

from conftest import Person, participant, sign_in, staff_sign_in
from visible import visible, visible_text

from app.data import models as m
from app.extensions import db
from app.services import preparation
from tests.helpers import blank_pdf

ROW = "portal-side-by-side__row"


def test_an_interpreter_sees_english_beside_the_familys_language(app):
    interpreter = participant("interpreter")  # conference A's family speaks Urdu
    visitor = sign_in(app, interpreter)
    page = visitor.get("/guide/parents").get_data(as_text=True)
    assert 'lang="ur"' in page and ROW in page
    english_cells = re.findall(r'lang="en" dir="ltr">(.*?)</div></div>', page, re.S)
    assert english_cells and any(re.search(r"[A-Za-z]{4}", cell) for cell in english_cells)
    # Turned off, it stays off on the next page.
    assert ROW not in visitor.get("/guide/parents?side_by_side=off").get_data(as_text=True)
    assert ROW not in visitor.get("/home").get_data(as_text=True)


def test_anyone_can_turn_it_on_and_an_english_page_has_nothing_beside_it(app):
    visitor = Person(app)
    assert ROW not in visitor.get("/guide/parents?lang=cy").get_data(as_text=True)
    page = visitor.get("/guide/parents?side_by_side=on").get_data(as_text=True)
    assert ROW in page and "Hide English" not in page  # Welsh words for the switch
    assert ROW not in visitor.get("/guide/parents?lang=en").get_data(as_text=True)


def test_a_form_is_filled_in_once_with_english_to_read_beside_it(app):
    parent = participant("parent")
    visitor = sign_in(app, parent)
    page = visitor.get("/prepare/question/strengths?lang=ur&side_by_side=on").get_data(as_text=True)
    assert ROW in page
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "an id appears twice"
    main = page[page.index("<main"):page.index("</main>")]
    assert main.count('name="csrf_token"') == 1 and main.count("<textarea") >= 1
    assert main.count("<form") == 1


def test_the_interpreters_home_shows_the_familys_languages_and_what_they_may_read(app):
    interpreter = participant("interpreter")
    parents = [participant("parent", index=0), participant("parent", index=1)]
    preparation.save_needs(parents[0], {"interpreter": "yes", "language": "Urdu",
                                        "dialect": "Mirpuri", "transport": "yes",
                                        "accessibility": "Private wheelchair note"}, m.utcnow())
    db.session.commit()
    visitor = sign_in(app, interpreter)
    home = visitor.get("/home?lang=en&side_by_side=off").get_data(as_text=True)
    assert "The family&#39;s languages" in home or "The family's languages" in home
    assert "Urdu (Mirpuri)</span>: 1 parent" in home
    assert "Private wheelchair note" not in home  # only the language reaches them
    assert "The chair has not shared the reports with you" in home
    preparation.save_needs(parents[1], {"interpreter": "yes", "language": "urdu"}, m.utcnow())
    interpreter.may_see_reports = True
    db.session.commit()
    home = visitor.get("/home").get_data(as_text=True)
    assert "The chair has let you read the reports" in home
    # Nobody else's home shows it: not a parent, not the other conference's interpreter.
    parent_home = sign_in(app, parents[0]).get("/home?lang=en").get_data(as_text=True)
    assert "Mirpuri" not in parent_home and "languages</h2>" not in parent_home
    other = sign_in(app, participant("interpreter", "B")).get("/home?lang=en")
    assert "Mirpuri" not in other.get_data(as_text=True)


# --- the reports and the outcome, once the chair lets the interpreter help ----------------


REPORT_SUMMARY = "What the police know, in plain words (demo)."
PLAN = "The social worker visits every week (demo)."


def _words(app, lang, text):
    """The app's own words in a language; only the part before a placeholder."""
    from flask_babel import force_locale, gettext

    with app.test_request_context(), force_locale(lang):
        return gettext(text).split("%(")[0].strip()


def _rows(page):
    """Each side-by-side row of a page: (the family's language cell, the English cell), as
    a person reads them."""
    html = page.get_data(as_text=True)
    rows = []
    for chunk in html.split(f'<div class="{ROW}">')[1:]:
        own, _, english = chunk.partition("portal-side-by-side__cell--english")
        rows.append((visible_text(own + '">'), visible_text('<div class="' + english)))
    return rows


def beside(app, page, text, lang="ur", english=None):
    """`text` in the family's language, with its English beside it in the same row."""
    own = _words(app, lang, text)
    english = english or text.split("%(")[0].strip()
    assert own != english, f"{text!r} has no {lang} translation"
    return any(own in left and english in right for left, right in _rows(page))


def _police_report_with_a_pdf(conference):
    author = participant("professional", agency="Police")
    report = m.Report(conference_id=conference.id, author_id=author.id, agency="Police",
                      title="Police report (demo)", summary=REPORT_SUMMARY,
                      sharing="family", shared_at=m.utcnow())
    report.versions.append(m.ReportVersion(content=blank_pdf(), size=1, pages=1))
    db.session.add(report)
    db.session.commit()
    return report


def _published_outcome(conference):
    outcome = m.Outcome(conference_id=conference.id, recorded_by_id=participant("chair").id,
                        decisions=[{"child_id": child.id, "plan": True, "category": "neglect"}
                                   for child in conference.children],
                        child_summary="A plan to help your family (demo).",
                        published_at=m.utcnow())
    outcome.versions.append(m.OutcomeVersion(body=PLAN))
    db.session.add(outcome)
    db.session.commit()
    return outcome


def _chair_decides(app, interpreter, allow):
    chair = staff_sign_in(app, participant("chair").staff_user)
    url = (f"/staff/conferences/{interpreter.conference_id}/people/{interpreter.id}"
           "/interpreting")
    assert "May they help with the reports and the outcome?" in visible(chair.get(url))
    assert chair.post(url, {"allow": allow}).status_code == 302
    db.session.refresh(interpreter)


def test_an_interpreter_reads_the_reports_and_the_outcome_beside_english(app):
    interpreter = participant("interpreter")  # conference A's family speaks Urdu
    conference = interpreter.conference
    report = _police_report_with_a_pdf(conference)
    _published_outcome(conference)
    visitor = sign_in(app, interpreter)
    pages = (f"/reports/{report.id}", f"/reports/{report.id}/file",
             f"/reports/{report.id}/download", "/outcome")
    # Before the chair decides: nothing to read, and a plain word why on the list.
    assert {url: visitor.get(url).status_code for url in pages} == dict.fromkeys(pages, 404)
    listing = visitor.get("/reports")
    assert beside(app, listing, "The chair has not shared the reports with you. You will "
                                "hear what they say at the meeting.")
    assert "Police report (demo)" not in listing.get_data(as_text=True)

    _chair_decides(app, interpreter, "yes")
    assert interpreter.may_see_reports
    # The list: each report, in Urdu with English beside it.
    listing = visitor.get("/reports")
    assert listing.status_code == 200 and 'lang="ur"' in listing.get_data(as_text=True)
    assert beside(app, listing, "Reports")
    assert beside(app, listing, "Written in English by the professionals. If you need help "
                                "to understand it, ask your interpreter or your social worker.")
    assert any("Police report (demo)" in left and "Police report (demo)" in right
               for left, right in _rows(listing))
    # The report: its summary and its PDF, as a parent reads them.
    shown = visitor.get(f"/reports/{report.id}")
    assert shown.status_code == 200
    assert beside(app, shown, "Summary")
    assert any(REPORT_SUMMARY in left and REPORT_SUMMARY in right for left, right in _rows(shown))
    assert beside(app, shown, "The report as a PDF")
    assert beside(app, shown, "Download the report")
    for url in (f"/reports/{report.id}/file", f"/reports/{report.id}/download"):
        document = visitor.get(url)
        assert document.status_code == 200 and document.data.startswith(b"%PDF")
    # The outcome: what was decided for each child and the plan, and a copy to keep.
    outcome = visitor.get("/outcome")
    assert outcome.status_code == 200
    assert beside(app, outcome, "What was decided")
    assert beside(app, outcome, "Category: %(category)s")
    assert beside(app, outcome, "The plan")
    assert any(PLAN in left and PLAN in right for left, right in _rows(outcome))
    for child in conference.children:
        assert any(child.first_name in left and child.first_name in right
                   for left, right in _rows(outcome))
    link = visitor.post("/outcome/link", {"password": ""}, form_url="/outcome")
    assert link.status_code == 302
    copy = visitor.get(link.headers["Location"])
    assert copy.status_code == 200 and copy.data.startswith(b"%PDF")

    # The chair takes it back: nothing to read again, at once.
    _chair_decides(app, interpreter, "no")
    assert {url: visitor.get(url).status_code for url in pages} == dict.fromkeys(pages, 404)


def test_the_other_conferences_interpreter_reads_nothing_of_this_one(app):
    interpreter = participant("interpreter")
    report = _police_report_with_a_pdf(interpreter.conference)
    _published_outcome(interpreter.conference)
    other = participant("interpreter", "B")
    other.may_see_reports = True
    db.session.commit()
    visitor = sign_in(app, other)
    assert visitor.get(f"/reports/{report.id}").status_code == 404
    assert visitor.get(f"/reports/{report.id}/download").status_code == 404
    assert "Police report (demo)" not in visitor.get("/reports").get_data(as_text=True)
    assert visitor.get("/outcome").status_code == 404  # their own conference has none yet
