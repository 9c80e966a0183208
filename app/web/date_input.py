"""Dates as staff enter them: the GOV.UK date input (day, month and year boxes), kept as
typed when wrong. What makes a date plausible is in app/rules/date_rules.py."""

from datetime import date

from govuk_frontend_wtf.wtforms_widgets import GovDateInput
from wtforms import DateField

from app.web.translation import gettext as _
from app.web.translation import lazy_gettext as _l


class GovUKDateInput(GovDateInput):
    """govuk-frontend-wtf's date input, with its box labels in the reader's language."""

    def map_gov_params(self, field, **kwargs):
        if field.raw_data is not None and len(field.raw_data) != 3:
            field.raw_data = (list(field.raw_data) + ["", "", ""])[:3] if field.raw_data else None
        params = super().map_gov_params(field, **kwargs)
        parts = ("day", "month", "year")
        labels = (_("Day"), _("Month"), _("Year"))
        for item, part, label in zip(params["items"], parts, labels, strict=True):
            item["label"] = label
            # The error summary links to the field's id: the day box carries it.
            item["id"] = field.id if part == "day" else f"{field.id}-{part}"
            item["inputmode"] = "numeric"
        params["items"][2]["classes"] = params["items"][2]["classes"].replace(
            "width-2", "width-4")
        params["id"] = f"{field.id}-date"  # the boxes' container; the day box has field.id
        return params


class DayField(DateField):
    """A day entered in three boxes: day, month and year. Kept as typed when wrong."""

    widget = GovUKDateInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("description", _l("For example, 25 1 2027"))
        super().__init__(label, validators, format="%d %m %Y", **kwargs)

    def process_data(self, value):
        if isinstance(value, str):  # stored as 2027-01-25 in a plan's actions
            try:
                value = date.fromisoformat(value) if value else None
            except ValueError:
                value = None
        self.data = value

    def process_formdata(self, valuelist):
        if not valuelist:
            self.raw_data = None  # not on the form posted: nothing typed
            return
        parts = [str(v).strip() for v in valuelist]
        self.data = None
        if not any(parts):
            self.raw_data = ["", "", ""]
            return
        if len(parts) == 1:  # one box, typed like 2027-01-25
            try:
                self.data = date.fromisoformat(parts[0])
            except ValueError:
                self.raw_data = [parts[0], "", ""]  # kept as typed, in the first box
                raise ValueError(_("Enter a real date, with a day, month and year")) from None
            self.raw_data = self.data.strftime("%d %m %Y").split(" ")
            return
        parts = (parts + ["", "", ""])[:3]
        self.raw_data = parts
        day, month, year = parts
        if not (day and month and year):
            raise ValueError(_("Enter a day, a month and a year"))
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise ValueError(_("Enter the date in numbers, like 25 1 2027"))
        try:
            self.data = date(int(year), int(month), int(day))
        except ValueError:
            raise ValueError(_("Enter a real date, with a day, month and year")) from None

    def _value(self):
        return self.data.strftime("%d %m %Y") if self.data else ""


def optional_day(form, field):
    """Nothing typed: nothing to check. Unlike wtforms' Optional, a box left empty beside
    others filled in keeps its message."""
    from wtforms.validators import StopValidation

    if field.data is None and not any(field.raw_data or []):
        raise StopValidation()


def required_day(message):
    def check(form, field):
        from wtforms.validators import StopValidation

        if field.data is None and not any(field.raw_data or []):
            raise StopValidation(message)
    return check
