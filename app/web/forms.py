"""Form pieces shared by the family's contributions (a parent's worksheet, a child's views)."""

from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount
from wtforms import TextAreaField
from wtforms.validators import Length, Optional

from app.web.translation import lazy_ngettext


def answer_field(label, hint, limit):
    """A free-text answer with a character count; empty is fine until sending."""
    return TextAreaField(
        label, description="" if hint is None else hint, widget=GovCharacterCount(),
        validators=[Optional(), Length(max=limit, message=lazy_ngettext(
            "Write %(num)d character or fewer", "Write %(num)d characters or fewer", limit))],
    )
