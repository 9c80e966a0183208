from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovFileInput,
    GovPasswordInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    FieldList,
    Form,
    FormField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from app.data import models as m
from app.web.date_input import DayField, optional_day
from app.web.template_helpers import category_name

MAX_ACTIONS = 30


def _what_when_anything_else(form, field):
    if not (field.data or "").strip() and ((form.who.data or "").strip() or form.by.data):
        raise ValidationError(_l("Say what will be done"))


class ActionForm(Form):
    """One action of the plan: what, who, by when."""

    what = StringField(_l("What will be done"), widget=GovTextInput(),
                       validators=[_what_when_anything_else, Length(
                           max=500, message=_l(
                           "Write 500 characters or fewer"))])
    who = StringField(_l("Who will do it"), widget=GovTextInput(),
                      validators=[Optional(), Length(max=200, message=_l(
                          "Write 200 characters or fewer"))])
    by = DayField(_l("By when (optional)"), validators=[optional_day])


class PlanTextForm(FlaskForm):
    """The parts of the plan a parent's own version may change."""

    actions = FieldList(FormField(ActionForm), min_entries=1, max_entries=MAX_ACTIONS)
    body = TextAreaField(
        _l("What happens if things do not change"), widget=GovTextArea(),
        validators=[InputRequired(message=_l("Write what happens if things do not change")),
                    Length(max=20000, message=_l("Write 20000 characters or fewer"))],
    )
    add_action = SubmitField(_l("Add another action"), widget=GovSubmitInput())

    def action_list(self):
        return [{"what": e.form.what.data.strip(), "who": (e.form.who.data or "").strip(),
                 "by": e.form.by.data.isoformat() if e.form.by.data else ""}
                for e in self.actions.entries if (e.form.what.data or "").strip()]


class OutcomeForm(PlanTextForm):
    first_core_group = DayField(
        _l("Date of the first core group (optional)"), validators=[optional_day])
    review_conference = DayField(
        _l("Date of the review conference (optional)"), validators=[optional_day])
    child_summary = TextAreaField(
        _l("Summary for the child"), widget=GovTextArea(),
        description=_l("Short sentences a child can understand"),
        validators=[Optional(), Length(max=3000, message=_l("Write 3000 characters or fewer"))],
    )
    save = SubmitField(_l("Save"), widget=GovSubmitInput())
    check = SubmitField(_l("Save and check before publishing"), widget=GovSubmitInput())


class PublishOutcomeForm(FlaskForm):
    submit = SubmitField(_l("Publish to the family"), widget=GovSubmitInput())


class VersionForm(PlanTextForm):
    save = SubmitField(_l("Save this version"), widget=GovSubmitInput())
    use_general = SubmitField(_l("Give them the same as everyone"), widget=GovSubmitInput())


def decision_fields(children, formdata=None, existing=None):
    """For each child: a plan or not, the category, or else what instead, and any dissent."""
    existing = {d["child_id"]: d for d in (existing or [])}
    fields = []
    for child in children:
        prior = existing.get(child.id, {})
        holder = FlaskForm(meta={"csrf": False})
        plan = RadioField(
            _l("Does this child need a child protection plan?"),
            choices=[("yes", _l("Yes")), ("no", _l("No"))], widget=GovRadioInput(),
            validators=[InputRequired(message=_l("Choose yes or no"))],
        ).bind(holder, name=f"plan-{child.id}")
        category = RadioField(
            _l("Category"), choices=[(c, category_name(c)) for c in m.PLAN_CATEGORIES],
            widget=GovRadioInput(), validators=[Optional()],
        ).bind(holder, name=f"category-{child.id}")
        alternative = RadioField(
            _l("Instead"),
            choices=[("child_in_need", _l("A child in need plan")),
                     ("no_further_action", _l("No further action"))],
            widget=GovRadioInput(), validators=[Optional()],
        ).bind(holder, name=f"alternative-{child.id}")
        dissent = TextAreaField(
            _l("Did any professional disagree? (optional)"), widget=GovTextArea(),
            description=_l("Who disagreed and why"),
            validators=[Optional(), Length(max=3000)],
        ).bind(holder, name=f"dissent-{child.id}")
        if formdata is not None:
            for field in (plan, category, alternative, dissent):
                field.process(formdata)
        else:
            plan.process(None, "yes" if prior.get("plan") else ("no" if prior else None))
            category.process(None, prior.get("category"))
            alternative.process(None, prior.get("alternative"))
            dissent.process(None, prior.get("dissent"))
        fields.append((child, plan, category, alternative, dissent))
    return fields


def version_dissent_fields(outcome, children, own=None, formdata=None):
    """For one parent's own version: each professional's disagreement in the words that
    parent may see. It starts as everyone's words; emptied, it is left out for them."""
    names = {child.id: child.first_name for child in children}
    fields = []
    for decision in outcome.decisions or []:
        if not decision.get("dissent"):
            continue
        holder = FlaskForm(meta={"csrf": False})
        field = TextAreaField(
            _l("What this parent is told of the disagreement about %(name)s",
               name=names.get(decision["child_id"], "")),
            widget=GovTextArea(), description=_l("Leave it empty to leave it out for them."),
            validators=[Optional(), Length(max=3000)],
        ).bind(holder, name=f"dissent-{decision['child_id']}")
        if formdata is not None:
            field.process(formdata)
        else:
            field.process(None, own.dissent_for(decision) if own else decision["dissent"])
        fields.append((decision["child_id"], field))
    return fields


class DownloadForm(FlaskForm):
    password = PasswordField(
        _l("Password for the file (optional)"), widget=GovPasswordInput(),
        description=_l("If you set one, you need it each time you open the file. "
                       "Use at least 8 characters."),
        validators=[Optional(), Length(min=8, max=128, message=_l(
            "Use between 8 and 128 characters"))],
    )
    submit = SubmitField(_l("Download a copy (PDF)"), widget=GovSubmitInput())


class ChildToldForm(FlaskForm):
    submit = SubmitField(_l("Mark the child as told"), widget=GovSubmitInput())


class MinutesForm(FlaskForm):
    document = FileField(_l("The minutes as a PDF"), widget=GovFileInput())
    recipient = SelectField(_l("Who is this copy for?"), choices=[], widget=GovSelect())
    submit = SubmitField(_l("Upload"), widget=GovSubmitInput())


class PublishMinutesForm(FlaskForm):
    submit = SubmitField(_l("Send the minutes to the family"), widget=GovSubmitInput())
