"""Form pieces shared by the family's contributions (a parent's worksheet, a child's views)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovSubmitInput
from wtforms import SubmitField, TextAreaField
from wtforms.validators import Length, Optional


def answer_field(label, hint, limit):
    """A free-text answer with a character count; empty is fine until sending."""
    return TextAreaField(
        label, description=hint, widget=GovCharacterCount(),
        validators=[Optional(), Length(max=limit, message=_l(
            "Write %(limit)d characters or fewer", limit=limit))],
    )


class ContributionForm(FlaskForm):
    """Answers, who may read them, and the choice to save for later or to send."""

    ANSWERS: tuple = ()
    LIMIT = 5000
    EMPTY_MESSAGE = _l("Write something in at least one box before you send")

    save = SubmitField(_l("Save and come back later"), widget=GovSubmitInput())

    def answers(self):
        return {name: (self[name].data or "") for name in self.ANSWERS}

    def fill_from(self, saved):
        for name in self.ANSWERS:
            self[name].data = saved.answers.get(name, "")
        self.audience.data = saved.audience

    def ready(self):
        """Valid to save; when sending, at least one answer must be written."""
        if not self.validate():
            return False
        if self.send.data and not any(value.strip() for value in self.answers().values()):
            self[self.ANSWERS[0]].errors.append(self.EMPTY_MESSAGE)
            return False
        return True
