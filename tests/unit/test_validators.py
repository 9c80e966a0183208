"""The checks that span fields (app/web/validators.py): each says what is wrong only when it
is wrong, keeps the field's own checks, and validate_all shows every error at once."""

from datetime import date, datetime

from werkzeug.datastructures import MultiDict
from wtforms import Form, RadioField, StringField
from wtforms.validators import Length, Optional

from app.web.validators import After, RealDateTime, RequiredIf, validate_all


class NeedsForm(Form):
    interpreter = RadioField(choices=[("yes", "Yes"), ("no", "No")])
    language = StringField(validators=[RequiredIf("interpreter", "yes", message="Enter it"),
                                       Optional(), Length(max=5, message="Too long")])
    contact = StringField(validators=[RequiredIf("language", message="Say how")])


def needs(**data):
    form = NeedsForm(MultiDict(data))
    return form, form.validate()


def test_required_if_asks_only_when_the_other_answer_calls_for_it():
    form, ok = needs(interpreter="yes", language="  ", contact="")
    assert not ok and form.language.errors == ["Enter it"]
    form, ok = needs(interpreter="no", language="", contact="")
    assert ok and form.language.errors == []


def test_required_if_keeps_the_fields_own_checks():
    form, ok = needs(interpreter="yes", language="Polish and more", contact="phone")
    assert not ok and form.language.errors == ["Too long"]
    form, ok = needs(interpreter="no", language="Urdu", contact="phone")
    assert ok


def test_required_if_with_no_value_asks_when_the_other_field_is_answered():
    form, ok = needs(interpreter="no", language="Urdu", contact="")
    assert not ok and form.contact.errors == ["Say how"]


class DatesForm(Form):
    date = StringField(validators=[RealDateTime("time", message="Enter a real date and time")])
    time = StringField()
    review = StringField(validators=[After(lambda form: datetime(2026, 12, 7, 10, 0),
                                           parse=lambda text: date.fromisoformat(text)
                                           if text else None,
                                           message="After the conference")])


def test_real_date_time_keeps_the_moment_or_says_it_is_not_real():
    form = DatesForm(MultiDict(dict(date="2026-12-07", time="9:30", review="")))
    assert form.validate() and form.moment == datetime(2026, 12, 7, 9, 30)
    form = DatesForm(MultiDict(dict(date="2026-02-30", time="9:30", review="")))
    assert not form.validate() and form.date.errors == ["Enter a real date and time"]
    assert form.moment is None


def test_after_compares_a_day_with_the_day_of_a_moment():
    def dates(review):
        return DatesForm(MultiDict(dict(date="2026-12-07", time="9:30", review=review)))

    assert not dates("2026-12-07").validate()
    assert dates("2026-12-08").validate()


def test_validate_all_runs_every_check_and_shows_every_error():
    first = NeedsForm(MultiDict(dict(interpreter="yes", language="", contact="")))
    second = DatesForm(MultiDict(dict(date="nonsense", time="", review="")))
    ran = []
    assert not validate_all(first, second, lambda: ran.append(True) or True)
    assert first.language.errors and second.date.errors and ran == [True]
    fine = NeedsForm(MultiDict(dict(interpreter="no", language="", contact="")))
    assert validate_all(fine, (fine.language, fine))
