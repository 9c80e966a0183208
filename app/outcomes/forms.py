from flask import request
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
from app.rules import date_rules
from app.web.date_input import DayField, optional_day
from app.web.template_helpers import category_name
from app.web.translation import gettext as _
from app.web.translation import lazy_gettext as _l
from app.web.validators import PdfUpload

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

    def context(self):
        """What this form was made with besides its data, to make it again."""
        return {}

    def with_rows_edited(self):
        """Add or remove a row of actions without JavaScript: the page comes back with the
        row added or gone and everything else as typed. Returns the new form, or None."""
        remove = request.form.get("remove_action")
        if not (self.add_action.data or remove):
            return None
        values = self.data
        values.pop("csrf_token", None)
        actions = values["actions"]
        if remove and remove.isdigit() and int(remove) < len(actions):
            del actions[int(remove)]
        elif self.add_action.data and len(actions) < MAX_ACTIONS:
            actions.append({})
        return type(self)(formdata=None, data=values, **self.context())

    def action_list(self):
        return [{"what": e.form.what.data.strip(), "who": (e.form.who.data or "").strip(),
                 "by": e.form.by.data.isoformat() if e.form.by.data else ""}
                for e in self.actions.entries if (e.form.what.data or "").strip()]


CONTINUE = _l("Save and continue")


class DecisionForm(FlaskForm):
    """Step 1, one page per child: a plan or not, the category or what instead, and any
    professional's disagreement. The fields are named after the child (`plan-<id>`)."""

    submit = SubmitField(CONTINUE, widget=GovSubmitInput())

    def __init__(self, *args, child, outcome=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.child = child
        [(_child, self.plan, self.category, self.alternative, self.dissent)] = decision_fields(
            [child], _posted_or(kwargs), outcome.decisions if outcome else None)

    def question_fields(self):
        return self.plan, self.category, self.alternative, self.dissent

    def validate(self, extra_validators=None):
        # Every check runs, so that all problems are shown at once.
        ok = all([super().validate(extra_validators), self.plan.validate(None),
                  self.dissent.validate(None)])
        if self.plan.data == "yes" and not self.category.data:
            self.category.errors = [_("Choose the category of the plan")]
            ok = False
        if self.plan.data == "no" and not self.alternative.data:
            self.alternative.errors = [_("Choose a child in need plan or no further action")]
            ok = False
        return ok

    def error_list(self):
        """For the error summary: the child's fields are not the form's own."""
        return [{"text": field.errors[0], "href": "#" + field.id}
                for field in self.question_fields() if field.errors]

    def values(self):
        plan = self.plan.data == "yes"
        return {"child_id": self.child.id, "plan": plan,
                "category": self.category.data if plan else None,
                "alternative": None if plan else self.alternative.data,
                "dissent": (self.dissent.data or "").strip() or None}


class PlanForm(PlanTextForm):
    """Step 2: the plan's actions and what happens if things do not change."""

    submit = SubmitField(CONTINUE, widget=GovSubmitInput())

    def __init__(self, *args, conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.conference = conference

    def context(self):
        return {"conference": self.conference}

    def validate(self, extra_validators=None):
        # Every check runs, so that all problems are shown at once.
        return all([super().validate(extra_validators), self._action_days_valid()])

    def _action_days_valid(self):
        """Each action is done by a day from the conference on, within a few years."""
        ok = True
        day = self.conference.starts_at.date()
        for entry in self.actions.entries:
            field = entry.form.by
            problem = field.data and date_rules.action_day_problem(field.data, day)
            if problem == date_rules.PAST:
                field.errors.append(_("The date must be on or after the day of the conference"))
            elif problem:
                field.errors.append(_("The date must be within 5 years of the conference"))
            ok = ok and not problem
        return ok

    def values(self):
        return {"body": self.body.data.strip(), "actions": self.action_list()}


class DatesForm(FlaskForm):
    """Step 3: the next meetings, if their dates are known yet."""

    first_core_group = DayField(
        _l("Date of the first core group (optional)"), validators=[optional_day])
    review_conference = DayField(
        _l("Date of the review conference (optional)"), validators=[optional_day])
    submit = SubmitField(CONTINUE, widget=GovSubmitInput())

    def __init__(self, *args, conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.conference = conference

    def _after_the_conference(self, field):
        """Dates that cannot be right are refused: before the conference, or years away."""
        problem = field.data and date_rules.meeting_after_problem(
            field.data, self.conference.starts_at.date())
        if problem == date_rules.NOT_AFTER:
            raise ValidationError(_("The date must be after the conference"))
        if problem:
            raise ValidationError(_("The date must be within a year of the conference"))

    validate_first_core_group = _after_the_conference
    validate_review_conference = _after_the_conference

    def days(self):
        """The first core group's and the review conference's dates, as days (or None)."""
        return self.first_core_group.data, self.review_conference.data

    def values(self):
        first_core_group_on, review_on = self.days()
        return {"first_core_group_on": first_core_group_on, "review_on": review_on}


class ForTheChildForm(FlaskForm):
    """Step 4, with each parent's version: what a child or young person reads."""

    child_summary = TextAreaField(
        _l("Summary for the child"), widget=GovTextArea(),
        description=_l("Short sentences a child can understand"),
        validators=[Optional(), Length(max=3000, message=_l("Write 3000 characters or fewer"))],
    )
    submit = SubmitField(CONTINUE, widget=GovSubmitInput())

    def values(self):
        return {"child_summary": (self.child_summary.data or "").strip() or None}


class PublishOutcomeForm(FlaskForm):
    submit = SubmitField(_l("Publish to the family"), widget=GovSubmitInput())


class VersionForm(PlanTextForm):
    save = SubmitField(_l("Save this version"), widget=GovSubmitInput())
    use_general = SubmitField(_l("Give them the same as everyone"), widget=GovSubmitInput())

    def __init__(self, *args, outcome, children, own=None, **kwargs):
        """One parent's version; each professional's disagreement is a field of its own
        (`dissent_fields`), from the post or else as this parent's version has it."""
        super().__init__(*args, **kwargs)
        self.outcome, self.children, self.own = outcome, children, own
        self.dissent_fields = version_dissent_fields(outcome, children, own,
                                                     _posted_or(kwargs))

    def context(self):
        return {"outcome": self.outcome, "children": self.children, "own": self.own}

    def validate(self, extra_validators=None):
        # Every check runs, so that all problems are shown at once.
        return all([super().validate(extra_validators),
                    *[field.validate(self) for _child, field in self.dissent_fields]])

    def values(self):
        """What is saved, for app/services/outcomes.save_parent_version."""
        return {"body": self.body.data.strip(), "actions": self.action_list(),
                "dissent": {child_id: (field.data or "").strip()
                            for child_id, field in self.dissent_fields}}


def _posted_or(kwargs):
    """The form data the fields read: given (text kept from an ended session), or posted."""
    if kwargs.get("formdata") is not None:
        return kwargs["formdata"]
    return request.form if request.method == "POST" else None


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
    # Set by the page: this parent asked for a password on their copy.
    password_wanted = False

    def validate(self, extra_validators=None):
        if not super().validate(extra_validators):
            return False
        if self.password_wanted and not self.password.data:
            self.password.errors = [_l("You asked for a password on the file. Enter one of "
                                       "at least 8 characters.")]
            return False
        return True


class ChildToldForm(FlaskForm):
    submit = SubmitField(_l("Mark the child as told"), widget=GovSubmitInput())


class MinutesForm(FlaskForm):
    document = FileField(_l("The minutes as a PDF"), widget=GovFileInput())
    recipient = SelectField(_l("Who is this copy for?"), choices=[], widget=GovSelect())
    submit = SubmitField(_l("Upload"), widget=GovSubmitInput())

    def __init__(self, *args, parents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.recipient.choices = [("", _("Everyone"))] + [
            (p.id, _("Only %(name)s", name=p.name)) for p in parents]

    def validate(self, extra_validators=None):
        # The file is read and checked once the rest holds.
        return (super().validate(extra_validators)
                and PdfUpload(required=True).check(self, self.document))


class PublishMinutesForm(FlaskForm):
    submit = SubmitField(_l("Send the minutes to the family"), widget=GovSubmitInput())
