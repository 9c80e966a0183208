"""The guide: public pages in order, glossary links that lead somewhere, the authority's
own timescales quoted, and the listen button only as an enhancement."""

import re
from html import unescape

import pytest

from app.data import glossary
from app.data import models as m
from app.extensions import db
from app.services import guides as guide

LINK = re.compile(r'href="([^"]+)"')


def all_urls(app):
    with app.test_request_context():
        return guide.all_page_urls()


def main_of(html):
    return html[html.index("<main"):html.index("</main>")]


def test_every_guide_page_is_public_and_sets_no_cookie(app):
    client = app.test_client()
    urls = all_urls(app)
    assert len(urls) == 15
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Set-Cookie" not in response.headers, url


def test_unknown_part_of_a_guide_is_not_found(app):
    client = app.test_client()
    assert client.get("/guide/parents/no-such-part").status_code == 404
    assert client.get("/guide/young-people/no-such-part").status_code == 404


@pytest.mark.parametrize("which", [guide.PARENTS, guide.YOUNG_PEOPLE])
def test_contents_and_previous_next_walk_the_guide_in_order(sqlite_app, which):
    client = sqlite_app.test_client()
    with sqlite_app.test_request_context():
        urls = [which.url(page.slug) for page in which.pages]
        titles = [str(page.title) for page in which.pages]
    for i, url in enumerate(urls):
        html = client.get(url).get_data(as_text=True)
        start = html.index("portal-guide-contents")
        contents = html[start:html.index("</nav>", start)]
        # Every other part is a link; this one is marked as the current page.
        assert [u for u in LINK.findall(contents)] == urls[:i] + urls[i + 1:]
        assert f'<span aria-current="page">{titles[i]}</span>' in contents
        pagination = html[html.index("govuk-pagination"):]
        previous_link = re.search(r'href="([^"]+)" rel="prev"', pagination)
        next_link = re.search(r'href="([^"]+)" rel="next"', pagination)
        assert (previous_link and previous_link.group(1)) == (urls[i - 1] if i > 0 else None)
        assert (next_link and next_link.group(1)) == (urls[i + 1] if i + 1 < len(urls) else None)
        assert f"<title>{titles[i]} – {which.title}" in html


def test_glossary_lists_every_term_with_an_anchor(sqlite_app):
    html = unescape(sqlite_app.test_client().get("/guide/glossary").get_data(as_text=True))
    for term in glossary.TERMS:
        assert f'id="{term.anchor}">{term.name}</dt>' in html
        assert str(term.meaning) in html
    assert len(glossary.TERMS) == len({t.slug for t in glossary.TERMS}) >= 20


def test_term_links_lead_to_glossary_entries_and_terms_are_linked_where_they_appear(sqlite_app):
    client = sqlite_app.test_client()
    anchors = {term.anchor for term in glossary.TERMS}
    linked_somewhere = set()
    missing = []
    for url in all_urls(sqlite_app):
        main = main_of(client.get(url).get_data(as_text=True))
        links = set(re.findall(r'href="/guide/glossary#([^"]+)"', main))
        assert links <= anchors, (url, links - anchors)
        linked_somewhere |= links
        if url == "/guide/glossary":
            continue
        text = re.sub(r"<[^>]+>", " ", main.split("data-guide-content", 1)[1]).lower()
        for term in glossary.TERMS:
            # "30 minutes" is a time, not the meeting's minutes.
            if re.search(rf"(?<![0-9] )\b{re.escape(str(term.name).lower())}\b", text) and \
                    term.anchor not in links:
                missing.append(f"{url}: {term.name}")
    assert not missing, "\n".join(missing)
    # The terms the issue names are all used in the guide.
    for slug in ("initial-conference", "review-conference", "section-47-enquiry", "chair",
                 "core-group", "child-protection-plan", "child-in-need-plan",
                 "categories-of-harm", "advocate", "third-party-information", "chronology",
                 "genogram"):
        assert glossary.get(slug).anchor in linked_somewhere, slug


def test_term_link_escapes_what_it_is_given(sqlite_app):
    with sqlite_app.test_request_context():
        link = glossary.term_link("chair", "<b>chair</b>")
    assert str(link) == ('<a class="govuk-link portal-term" href="/guide/glossary#term-chair">'
                         "&lt;b&gt;chair&lt;/b&gt;</a>")
    with pytest.raises(KeyError):
        glossary.get("no-such-term")


@pytest.mark.both_databases
def test_the_guide_quotes_the_authoritys_own_timescales(app):
    client = app.test_client()
    page = client.get("/guide/parents/before-the-meeting").get_data(as_text=True)
    assert "at least 3 working days before a first conference" in page
    assert "Before a review it is 5 working days." in page
    authority = db.session.scalar(db.select(m.Authority))
    authority.timescales = {"reports_before_initial_working_days": 2,
                            "outcome_working_days": 1, "police_open_info_hours": 48}
    db.session.commit()
    page = client.get("/guide/parents/before-the-meeting").get_data(as_text=True)
    assert "at least 2 working days before a first conference" in page
    assert "at least 48 hours before the meeting" in page
    page = client.get("/guide/parents/after-the-conference").get_data(as_text=True)
    assert "within 1 working day." in page


def test_what_a_conference_cannot_decide_is_said_plainly(sqlite_app):
    client = sqlite_app.test_client()
    parents = client.get("/guide/parents").get_data(as_text=True)
    assert "It does not decide where your child lives." in parents
    young = client.get("/guide/young-people").get_data(as_text=True)
    assert "It does not decide where you live." in young


def test_young_people_read_the_same_story_in_their_words(sqlite_app):
    client = sqlite_app.test_client()
    page = client.get("/guide/young-people/reports-and-rights").get_data(as_text=True)
    for anchor in ("reports", "police-information", "decision", "private-part", "rights",
                   "online"):
        assert f'id="{anchor}"' in page, anchor
    for words in ("Neglect", "Emotional abuse", "Physical abuse", "Sexual abuse",
                  "It does not send anyone to court.", "Nobody may record the meeting."):
        assert words in page, words
    for slug in ("advocate", "interpreter", "child-in-need-plan", "third-party-information"):
        assert f"/guide/glossary#term-{slug}" in page, slug


def test_the_parents_guide_links_the_worksheet_and_the_complaints_page(sqlite_app):
    client = sqlite_app.test_client()
    before = client.get("/guide/parents/before-the-meeting").get_data(as_text=True)
    assert 'href="/prepare">worksheet</a>' in before
    assert "Each professional who comes writes a report." in before
    rights = client.get("/guide/parents/your-rights").get_data(as_text=True)
    assert 'href="/guide/parents/complaints">complain</a>' in rights


def test_listen_button_is_hidden_until_the_browser_can_speak(sqlite_app):
    client = sqlite_app.test_client()
    for url in all_urls(sqlite_app):
        html = client.get(url).get_data(as_text=True)
        button = re.search(r"<button[^>]*data-portal-listen[^>]*>", html)
        assert button, url
        assert " hidden" in button.group(0)
        assert 'data-stop-text="Stop"' in button.group(0)


def test_easy_read_has_a_picture_beside_every_idea(sqlite_app):
    html = sqlite_app.test_client().get("/guide/children").get_data(as_text=True)
    ideas = re.findall(r'<li class="portal-easy-read__item">(.*?)</li>', html, re.S)
    assert len(ideas) >= 10
    pictures = []
    for idea in ideas:
        # The picture only repeats the words beside it, so screen readers skip it.
        assert 'aria-hidden="true"><svg' in idea
        assert "portal-easy-read__text" in idea
        pictures.append(re.search(r"<svg.*?</svg>", idea, re.S).group(0))
    assert len(set(pictures)) == len(pictures)  # each idea has a picture of its own


def test_paragraphs_are_direct_children_of_the_guide_content(sqlite_app):
    """Each block stands alone, so a page in two languages can be paired block by block."""
    html = sqlite_app.test_client().get("/guide/parents/the-meeting").get_data(as_text=True)
    content = html.split("data-guide-content>", 1)[1].split("</div>\n", 1)[0]
    assert "<div" not in content.replace('<div class="govuk-inset-text', "")
