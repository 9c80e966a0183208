"""The worksheet's plain rules: statuses, readiness, the cut-off, the needs summary, and
which messages a person who said messages are not safe still gets."""

from datetime import datetime, timedelta
from types import SimpleNamespace

from app.data import models as m
from app.services import messages, preparation


def _draft(**changes):
    draft = preparation.empty_draft()
    draft.update(changes)
    return draft


def test_section_status_follows_what_was_written_and_pressed():
    draft = _draft(sections={"strengths": "Yes", "worries": "  ", "support": ""},
                   done=["support"])
    assert preparation.section_status(draft, "strengths") == preparation.IN_PROGRESS
    assert preparation.section_status(draft, "worries") == preparation.NOT_STARTED
    assert preparation.section_status(draft, "support") == preparation.COMPLETED
    assert preparation.section_status(draft, "questions") == preparation.NOT_STARTED


def test_ready_to_send_needs_words_and_readers():
    assert not preparation.ready_to_send(_draft())
    assert not preparation.ready_to_send(_draft(sections={"strengths": "x"}))
    assert not preparation.ready_to_send(_draft(sections={"strengths": " "},
                                                audience=m.AUDIENCE_EVERYONE))
    assert not preparation.ready_to_send(_draft(sections={"strengths": "x"},
                                                audience=m.AUDIENCE_CHAIR_ONLY))
    assert preparation.ready_to_send(_draft(sections={"strengths": "x"},
                                            audience=m.AUDIENCE_EVERYONE))


def test_unsent_changes():
    assert preparation.has_unsent_changes(_draft(revision=3, sent_revision=2))
    assert not preparation.has_unsent_changes(_draft(revision=3, sent_revision=3))


def test_draft_of_reads_older_flat_answers():
    item = SimpleNamespace(answers={"strengths": "a", "made_by": "x"}, audience="everyone",
                           sent_at=datetime(2026, 1, 1))
    draft = preparation.draft_of(item)
    assert draft["sections"] == {"strengths": "a"} and draft["audience"] == "everyone"
    assert preparation.draft_of(None) == preparation.empty_draft()


def _conference(starts_at, timescales=None):
    return SimpleNamespace(starts_at=starts_at,
                           authority=SimpleNamespace(timescales=timescales or {}))


def test_cutoff_defaults_to_the_start_and_can_be_earlier():
    start = datetime(2026, 12, 9, 10, 30)
    assert preparation.cutoff(_conference(start)) == start
    assert preparation.is_open(_conference(start), start - timedelta(seconds=1))
    assert not preparation.is_open(_conference(start), start)
    earlier = _conference(start, {"worksheet_cutoff_minutes_before": "120"})
    assert preparation.cutoff(earlier) == start - timedelta(hours=2)
    for nonsense in ("soon", -30, None):
        conference = _conference(start, {"worksheet_cutoff_minutes_before": nonsense})
        assert preparation.cutoff(conference) == start


def test_every_section_has_words():
    assert preparation.SECTION_KEYS == ("strengths", "worries", "support", "next_steps",
                                        "questions", "daily_life")
    for section in preparation.SECTIONS:
        assert section.question._args and section.example._args and section.prompt._args


def test_needs_of_one_person():
    answers = {"interpreter": "yes", "language": "Urdu", "dialect": "Mirpuri",
               "supporter": "yes", "supporter_name": "Sam", "supporter_relationship": "",
               "transport": "yes", "childcare": "no", "accessibility": " ", "attend": "cannot"}
    assert preparation.needs_of(answers) == [
        ("interpreter", "Urdu (Mirpuri)"), ("supporter", "Sam"), ("transport", ""),
        ("attend_cannot", "")]
    assert preparation.needs_of({"interpreter": "no", "attend": "elsewhere"}) == []


def test_only_sign_in_codes_reach_someone_not_safe():
    unsafe = SimpleNamespace(messages_safe=False, removed_at=None)
    safe = SimpleNamespace(messages_safe=True, removed_at=None)
    assert messages.may_message(unsafe, "sign-in-code")
    for purpose in ("invitation", "something-new", "family-sent"):
        assert not messages.may_message(unsafe, purpose)
        assert messages.may_message(safe, purpose)
