"""The routes of the prepare pages (the blueprint and what it is for: __init__.py).

Routes stay thin: who may act is the access policy's (app/rules/access.py); what
changes records is in app/services (preparation.py, invitations.py).
"""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_login import current_user
from flask_wtf import FlaskForm

from app.data import models as m
from app.prepare.forms import (
    NEEDS_FORMS,
    AudienceForm,
    SafetyRequestForm,
    SectionForm,
    SendForm,
)
from app.rules import access, clock
from app.rules.clock import utcnow
from app.services import audit, documents, invitations, preparation, signin
from app.web import once
from app.web.guards import (
    acting_participant,
    for_conference,
    keeps_typing,
    kept_form_data,
    not_found,
    signed_in,
    signed_in_participant,
    staff_required,
)
from app.web.template_helpers import character_count
from app.web.translation import gettext as _
from app.web.translation import lazy_gettext as _l

from . import bp


def _closed_redirect():
    flash(_("The conference has started. You can no longer change your worksheet."))
    return redirect(url_for("prepare.worksheet"))


def _page(template, participant, conference, **context):
    return render_template(
        f"prepare/{template}", participant=participant, conference=conference,
        is_open=preparation.is_open(conference, utcnow(), participant),
        cutoff=preparation.cutoff(conference, participant), **context)


# --- the task list ------------------------------------------------------------------


@bp.route("/prepare")
@for_conference(access.can_write_worksheet, who=signed_in_participant)
def worksheet(viewer, conference):
    participant = acting_participant(viewer)
    item = preparation.own(participant)
    draft = preparation.draft_of(item)
    return _page(
        "task_list.html", participant, conference, item=item, draft=draft,
        sections=preparation.sections_for(conference),
        status={s.key: preparation.section_status(draft, s.key) for s in preparation.SECTIONS},
        audience_status=preparation.audience_status(draft),
        ready=preparation.ready_to_send(draft),
        unsent=preparation.has_unsent_changes(draft),
        needs_status=preparation.needs_status(
            (preparation.own_needs(participant) or m.PracticalNeeds(answers={})).answers),
        safety=preparation.own(participant, preparation.SAFETY_REQUEST),
        title=_l("Prepare for the conference"),
    )


# --- one question a page --------------------------------------------------------------


def _next_after(key):
    keys = preparation.SECTION_KEYS
    index = keys.index(key)
    if request.args.get("from") == "check":
        return url_for("prepare.check")
    if index + 1 < len(keys):
        return url_for("prepare.section", key=keys[index + 1])
    return url_for("prepare.audience")


def _answer_params(question):
    """The character count for one question: its words as the page heading, its prompt
    and example as the hint."""
    params = character_count(preparation.SECTION_LIMIT, rows=8, label_classes="govuk-label--l")
    params["label"].update(text=str(question.question), isPageHeading=True)
    params["hint"] = {"text": f"{question.prompt} {question.example}"}
    return params


@bp.route("/prepare/question/<key>", methods=["GET", "POST"])
@for_conference(access.can_write_worksheet, who=signed_in_participant)
@keeps_typing
def section(viewer, conference, key):
    participant = acting_participant(viewer)
    question = {s.key: s for s in preparation.sections_for(conference)}.get(key)
    if question is None:
        abort(404)
    form, conflict = SectionForm(), None
    if form.is_submitted():
        if not preparation.is_open(conference, utcnow(), participant):
            return _closed_redirect()
        if form.validate():
            conflict = _save_or_conflict(participant, key, form)
            if conflict is None:
                return _after_saving(key, bool(form.save_continue.data))
    else:
        _fill_section(form, participant, key)
    return _page("section.html", participant, conference, form=form, question=question,
                 answer_params=_answer_params(question),
                 number=preparation.SECTION_KEYS.index(key) + 1,
                 total=len(preparation.SECTION_KEYS), conflict=conflict,
                 title=str(question.title))


def _save_or_conflict(participant, key, form):
    """Save the answer; if it changed elsewhere since this page was made, the text saved
    there (both texts are shown, and saving again keeps what this page holds)."""
    try:
        preparation.save_section(participant, key, form.answer.data,
                                 bool(form.save_continue.data), utcnow(),
                                 seen=form.seen.data or None)
    except preparation.Conflict as changed:
        form.seen.data = preparation.text_mark(changed.saved_text)
        return changed.saved_text
    return None


def _fill_section(form, participant, key):
    """What was typed before the session ended, or else the saved draft."""
    kept = kept_form_data(participant)
    if kept is not None:
        form.process(kept)
        return
    draft = preparation.draft_of(preparation.own(participant))
    form.answer.data = draft["sections"].get(key, "")
    form.seen.data = preparation.text_mark(form.answer.data)


def _after_saving(key, finished):
    if finished:
        return redirect(_next_after(key))
    flash(_("Saved. You can come back and change it."))
    return redirect(url_for("prepare.worksheet"))


@bp.route("/prepare/who-can-read", methods=["GET", "POST"])
@for_conference(access.can_write_worksheet, who=signed_in_participant)
@keeps_typing
def audience(viewer, conference):
    participant = acting_participant(viewer)
    draft = preparation.draft_of(preparation.own(participant))
    form = AudienceForm()
    if form.is_submitted():
        if not preparation.is_open(conference, utcnow(), participant):
            return _closed_redirect()
        if form.validate():
            preparation.save_audience(participant, form.audience.data, utcnow())
            return redirect(url_for("prepare.check"))
    elif (kept := kept_form_data(participant)) is not None:
        form.process(kept)
    elif draft["audience"]:
        form.audience.data = draft["audience"]
    return _page("audience.html", participant, conference, form=form,
                 title=_l("Who can read your worksheet?"))


# The answer to a sending that did not go (preparation.SendResult), for the check page.
SEND_PROBLEMS = {
    preparation.SendResult.CHANGED: _l("Your answers changed since this page was shown. "
                                       "Check them again, then send."),
    preparation.SendResult.NOT_READY: _l("Write something in at least one question and "
                                         "choose who can read it before you send"),
}


@bp.route("/prepare/check", methods=["GET", "POST"])
@for_conference(access.can_write_worksheet, who=signed_in_participant)
def check(viewer, conference):
    participant = acting_participant(viewer)
    form, problem = SendForm(), None
    if form.is_submitted():
        if not preparation.is_open(conference, utcnow(), participant):
            return _closed_redirect()
        if form.validate():
            once.claim(led_to=url_for("prepare.sent"))
            result, _item = preparation.send_worksheet(participant, form.revision.data, utcnow())
            if result == preparation.SendResult.SENT:
                preparation.tell_staff(conference, (m.SOCIAL_WORKER,))
            if result in (preparation.SendResult.SENT, preparation.SendResult.ALREADY_SENT):
                return redirect(url_for("prepare.sent"))
            problem = str(SEND_PROBLEMS[result])
    item = preparation.own(participant)
    draft = preparation.draft_of(item)
    form.revision.data = str(draft["revision"])
    return _page("check.html", participant, conference, form=form, draft=draft, item=item,
                 sections=preparation.sections_for(conference), problem=problem,
                 ready=preparation.ready_to_send(draft),
                 unsent=preparation.has_unsent_changes(draft),
                 title=_l("Check your answers before you send"))


@bp.route("/prepare/sent")
@for_conference(access.can_write_worksheet, who=signed_in_participant)
def sent(viewer, conference):
    participant = acting_participant(viewer)
    item = preparation.own(participant)
    if item is None or not item.sent_at:
        return redirect(url_for("prepare.worksheet"))
    return _page("sent.html", participant, conference, item=item,
                 title=_l("Your worksheet has been sent"))


@bp.route("/prepare/download", methods=["POST"])
@for_conference(access.can_write_worksheet, who=signed_in_participant)
def download(viewer, conference):
    """The parent's own worksheet as a PDF: what they have written now, and when it
    was last sent. A POST, so that no link to it sits in a shared phone's history."""
    participant = acting_participant(viewer)
    if not FlaskForm().validate_on_submit():
        abort(400)
    item = preparation.own(participant)
    draft = preparation.draft_of(item)
    pdf = _worksheet_pdf(participant, draft["sections"], item, participant.name)
    audit.noted("worksheet.downloaded", participant_id=participant.id,
                conference_id=conference.id, object_type="contribution",
                object_id=item.id if item else None)
    return _pdf_response(pdf, "my-worksheet.pdf")


def _worksheet_pdf(author, answers, item, recipient, version=None):
    title = _("Worksheet for the conference")
    html = render_template(
        "prepare/pdf.html", author=author, answers=answers, item=item, version=version,
        sections=preparation.sections_for(author.conference), recipient=recipient,
        made_on=format_date(clock.uk_now().date(), "long"), title=title,
    )
    return documents.render_pdf(html, title=title, lang=str(author.language or "en"))


def _pdf_response(pdf, filename):
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = documents.content_disposition(
        filename, inline=False)
    response.headers.update(documents.SAFE_DOCUMENT_HEADERS)
    return response


# --- practical needs and the private safety request ----------------------------------


def _show_again(form, participant, saved, fields):
    """Fill the form with text kept from a post that could not be accepted (the session
    had ended), or else with what the parent saved last."""
    if (kept := kept_form_data(participant)) is not None:
        form.process(kept)
    elif saved is not None:
        for name in fields:
            form[name].data = saved.get(name) or None


@bp.route("/prepare/practical-needs")
@for_conference(access.can_write_practical_needs, who=signed_in_participant)
def practical_needs(viewer, conference):
    """Practical needs as a short task list: one step a page."""
    participant = acting_participant(viewer)
    row = preparation.own_needs(participant)
    answers = row.answers if row else {}
    return _page("practical_needs.html", participant, conference, steps=preparation.NEEDS_STEPS,
                 status={key: preparation.needs_step_status(answers, key)
                         for key in preparation.NEEDS_STEP_KEYS},
                 title=_l("What you need to take part"))


def _after_needs_step(key, row):
    """The next step not yet done, or back to the list."""
    keys = preparation.NEEDS_STEP_KEYS
    following = keys.index(key) + 1
    if following < len(keys) and not preparation.needs_step_status(
            row.answers, keys[following]) == preparation.COMPLETED:
        return url_for("prepare.practical_needs_step", step=keys[following])
    return url_for("prepare.practical_needs")


@bp.route("/prepare/practical-needs/<step>", methods=["GET", "POST"])
@for_conference(access.can_write_practical_needs, who=signed_in_participant)
@keeps_typing
def practical_needs_step(viewer, conference, step):
    participant = acting_participant(viewer)
    if (found := preparation.needs_step(step)) is None:
        abort(404)
    key, title, fields, _deciding = found
    row = preparation.own_needs(participant)
    form = NEEDS_FORMS[key]()
    if form.validate_on_submit():
        row = preparation.save_needs(participant, form.answers(), utcnow(), fields)
        invited = form.wants_invitation() and invitations.invite_supporter(participant, row)
        flash(_("Saved. We have sent your supporter an invitation.") if invited
              else _("Saved. The chair and your social worker can see this."))
        return redirect(_after_needs_step(key, row))
    if not form.is_submitted():
        _show_again(form, participant, row.answers if row else None, fields)
    return _page("practical_needs_step.html", participant, conference, form=form, step=key,
                 invited=bool(row and row.answers.get("supporter_participant_id")),
                 number=preparation.NEEDS_STEP_KEYS.index(key) + 1,
                 total=len(preparation.NEEDS_STEPS), title=title)


@bp.route("/prepare/safety", methods=["GET", "POST"])
@for_conference(access.can_write_safety_request, who=signed_in_participant)
@keeps_typing
def safety(viewer, conference):
    participant = acting_participant(viewer)
    item = preparation.own(participant, preparation.SAFETY_REQUEST)
    form = SafetyRequestForm()
    if form.validate_on_submit():
        once.claim(led_to=url_for("prepare.worksheet"))
        _item, is_new = preparation.send_safety_request(participant, form.answers(), utcnow())
        if is_new:
            preparation.tell_staff(conference, (m.SOCIAL_WORKER, m.CHAIR),
                                   purpose="safety-request")
        flash(_("Sent. Only the chair and your social worker can see it."))
        return redirect(url_for("prepare.worksheet"))
    if not form.is_submitted():
        _show_again(form, participant, item.answers if item else None,
                    preparation.SAFETY_FIELDS)
    return _page("safety.html", participant, conference, form=form, item=item,
                 title=_l("Keeping you safe"))


# --- staying signed in ----------------------------------------------------------------


@bp.route("/session/keep-alive", methods=["POST"])
@signed_in
def keep_alive():
    """"Stay signed in" in the timeout warning: the session's idle clock starts again."""
    signin.keep_alive(current_user.user_session, utcnow())
    return "", 204


# --- staff: worksheets, their history, the family's needs and safety requests ----------


def _staff_item(viewer, conference, contribution_id, kind):
    """A family member's worksheet or safety request, and the versions this member of
    staff may read; otherwise 404."""
    item = access.get_contribution(viewer, contribution_id)
    history = [] if item is None else [
        v for v in preparation.versions(item)
        if access.can_read_contribution_version(viewer, item, v)]
    if item is None or item.conference_id != conference.id or item.kind != kind or not history:
        not_found(object_type="contribution", object_id=contribution_id[:64])
    return item, history


def _staff_read(event, conference, item, **detail):
    audit.noted(event, staff_user_id=current_user.staff_user.id, conference_id=conference.id,
                object_type="contribution", object_id=item.id, **detail)


@bp.route("/staff/conferences/<conference_id>/worksheets/<contribution_id>")
@for_conference(who=staff_required)
def staff_worksheet(viewer, conference, contribution_id):
    item, history = _staff_item(viewer, conference, contribution_id, preparation.WORKSHEET)
    _staff_read("worksheet.viewed", conference, item)
    return render_template("prepare/staff_worksheet.html", conference=conference, item=item,
                           history=history, sections=preparation.sections_for(conference),
                           form=FlaskForm(),
                           title=_l("Parent's worksheet"))


@bp.route("/staff/conferences/<conference_id>/worksheets/<contribution_id>/pdf",
          methods=["POST"])
@for_conference(who=staff_required)
def staff_worksheet_pdf(viewer, conference, contribution_id):
    item, history = _staff_item(viewer, conference, contribution_id, preparation.WORKSHEET)
    if not FlaskForm().validate_on_submit():
        abort(400)
    latest = history[0]
    pdf = _worksheet_pdf(item.author, latest.answers, item, current_user.staff_user.name,
                         version=latest)
    _staff_read("worksheet.downloaded", conference, item, detail=f"version {latest.version}")
    return _pdf_response(pdf, "parent-worksheet.pdf")


@bp.route("/staff/conferences/<conference_id>/safety-requests/<contribution_id>")
@for_conference(who=staff_required)
def staff_safety_request(viewer, conference, contribution_id):
    item, history = _staff_item(viewer, conference, contribution_id,
                                preparation.SAFETY_REQUEST)
    _staff_read("safety_request.viewed", conference, item)
    return render_template("prepare/staff_safety.html", conference=conference, item=item,
                           history=history, title=_l("Private safety request"))


def _sees_family_needs(viewer):
    return access.can_see_family_needs(viewer, viewer.conference_id)


@bp.route("/staff/conferences/<conference_id>/family-needs")
@for_conference(_sees_family_needs, who=staff_required)
def staff_family_needs(viewer, conference):
    context = family_needs_context(viewer, conference)
    audit.noted("practical_needs.viewed", staff_user_id=current_user.staff_user.id,
                conference_id=conference.id)
    return render_template("prepare/staff_needs.html", conference=conference,
                           title=_l("What the family needs"), **context)


@bp.app_template_global("prepare_staff_panel")
def staff_panel(viewer, conference):
    """For the staff conference page: what of the family's preparation this person sees."""
    if not access.can_see_family_needs(viewer, conference.id):
        return None
    return family_needs_context(viewer, conference)


@bp.app_context_processor
def prepare_names():
    return {"need_names": preparation.NEED_NAMES, "status_names": preparation.STATUS_NAMES,
            "safety_labels": preparation.SAFETY_LABELS, "needs_of": preparation.needs_of}


def family_needs_context(viewer, conference):
    """What the staff panel and the needs page show: needs across the family, each
    parent's needs, and the safety requests, all through the access policy."""
    parents = [p for p in conference.participants if p.role == m.PARENT]
    needs = {row.participant_id: row.answers for row in preparation.needs_of_conference(conference)
             if access.can_read_practical_needs(viewer, row)}
    contributions = access.visible_contributions(viewer, conference.id)
    return {
        "parents": parents,
        "needs": needs,
        "summary": preparation.needs_summary(parents, needs),
        "safety_requests": [c for c in contributions if c.kind == preparation.SAFETY_REQUEST],
        "worksheets": [c for c in contributions
                       if c.kind == preparation.WORKSHEET and c.sent_at],
        "not_safe": [p for p in parents if not p.messages_safe],
    }
