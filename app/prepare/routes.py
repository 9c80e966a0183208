"""The routes of the prepare pages (the blueprint and what it is for: __init__.py).

Routes stay thin: who may act is the access policy's (app/rules/access.py); what
changes records is in app/services.
"""

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm

from app.data import models as m
from app.extensions import db
from app.prepare.forms import (
    NEEDS_FORMS,
    AudienceForm,
    SafetyRequestForm,
    SectionForm,
    SendForm,
)
from app.rules import access, clock
from app.rules.clock import utcnow
from app.services import audit, documents, messages, preparation
from app.web.guards import (
    acting_participant,
    current_viewer,
    keeps_typing,
    kept_form_data,
    not_found,
    signed_in,
    signed_in_participant,
    staff_required,
)
from app.web.template_helpers import character_count

from . import bp


def _parent(check=access.can_write_worksheet):
    """The signed-in parent and their conference; anyone else gets 404."""
    viewer, conference = current_viewer()
    if not check(viewer):
        not_found()
    return acting_participant(viewer), conference


def _closed_redirect():
    flash(_("The conference has started. You can no longer change your worksheet."))
    return redirect(url_for("prepare.worksheet"))


def _page(template, participant, conference, **context):
    return render_template(
        f"prepare/{template}", participant=participant, conference=conference,
        is_open=preparation.is_open(conference, utcnow()),
        cutoff=preparation.cutoff(conference), **context)


# --- the task list ------------------------------------------------------------------


@bp.route("/prepare")
@signed_in_participant
def worksheet():
    participant, conference = _parent()
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


@bp.route("/prepare/question/<key>", methods=["GET", "POST"])
@signed_in_participant
@keeps_typing
def section(key):
    participant, conference = _parent()
    question = {s.key: s for s in preparation.sections_for(conference)}.get(key)
    if question is None:
        abort(404)
    draft = preparation.draft_of(preparation.own(participant))
    form = SectionForm()
    if form.is_submitted():
        if not preparation.is_open(conference, utcnow()):
            return _closed_redirect()
        if form.validate():
            finished = bool(form.save_continue.data)
            preparation.save_section(participant, key, form.answer.data, finished, utcnow())
            if finished:
                return redirect(_next_after(key))
            flash(_("Saved. You can come back and change it."))
            return redirect(url_for("prepare.worksheet"))
    elif (kept := kept_form_data(participant)) is not None:
        form.process(kept)
    else:
        form.answer.data = draft["sections"].get(key, "")
    keys = preparation.SECTION_KEYS
    answer_params = character_count(preparation.SECTION_LIMIT, rows=8,
                                    label_classes="govuk-label--l")
    answer_params["label"].update(text=str(question.question), isPageHeading=True)
    answer_params["hint"] = {"text": f"{question.prompt} {question.example}"}
    return _page("section.html", participant, conference, form=form, question=question,
                 answer_params=answer_params, number=keys.index(key) + 1, total=len(keys),
                 title=str(question.title))


@bp.route("/prepare/who-can-read", methods=["GET", "POST"])
@signed_in_participant
@keeps_typing
def audience():
    participant, conference = _parent()
    draft = preparation.draft_of(preparation.own(participant))
    form = AudienceForm()
    if form.is_submitted():
        if not preparation.is_open(conference, utcnow()):
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


@bp.route("/prepare/check", methods=["GET", "POST"])
@signed_in_participant
def check():
    participant, conference = _parent()
    item = preparation.own(participant)
    draft = preparation.draft_of(item)
    form = SendForm()
    problem = None
    if form.is_submitted():
        if not preparation.is_open(conference, utcnow()):
            return _closed_redirect()
        if form.validate():
            result, item = preparation.send_worksheet(participant, form.revision.data, utcnow())
            if result == preparation.SendResult.SENT:
                messages.tell_staff_something_new(conference, (m.SOCIAL_WORKER,))
                db.session.commit()
                return redirect(url_for("prepare.sent"))
            if result == preparation.SendResult.ALREADY_SENT:
                return redirect(url_for("prepare.sent"))
            if result == preparation.SendResult.CHANGED:
                problem = _("Your answers changed since this page was shown. Check them "
                            "again, then send.")
            else:
                problem = _("Write something in at least one question and choose who can "
                            "read it before you send")
    form.revision.data = str(draft["revision"])
    return _page("check.html", participant, conference, form=form, draft=draft, item=item,
                 sections=preparation.sections_for(conference), problem=problem,
                 ready=preparation.ready_to_send(draft),
                 unsent=preparation.has_unsent_changes(draft),
                 title=_l("Check your answers before you send"))


@bp.route("/prepare/sent")
@signed_in_participant
def sent():
    participant, conference = _parent()
    item = preparation.own(participant)
    if item is None or not item.sent_at:
        return redirect(url_for("prepare.worksheet"))
    return _page("sent.html", participant, conference, item=item,
                 title=_l("Your worksheet has been sent"))


@bp.route("/prepare/download", methods=["POST"])
@signed_in_participant
def download():
    """The parent's own worksheet as a PDF: what they have written now, and when it
    was last sent. A POST, so that no link to it sits in a shared phone's history."""
    participant, conference = _parent()
    if not FlaskForm().validate_on_submit():
        abort(400)
    item = preparation.own(participant)
    draft = preparation.draft_of(item)
    pdf = _worksheet_pdf(participant, draft["sections"], item, participant.name)
    audit.record("worksheet.downloaded", participant_id=participant.id,
                 conference_id=conference.id, object_type="contribution",
                 object_id=item.id if item else None, commit=True)
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
@signed_in_participant
def practical_needs():
    """Practical needs as a short task list: one step a page."""
    participant, conference = _parent(access.can_write_practical_needs)
    row = preparation.own_needs(participant)
    answers = row.answers if row else {}
    return _page("practical_needs.html", participant, conference, steps=preparation.NEEDS_STEPS,
                 status={key: preparation.needs_step_status(answers, key)
                         for key in preparation.NEEDS_STEP_KEYS},
                 title=_l("What you need to take part"))


@bp.route("/prepare/practical-needs/<step>", methods=["GET", "POST"])
@signed_in_participant
@keeps_typing
def practical_needs_step(step):
    participant, conference = _parent(access.can_write_practical_needs)
    found = preparation.needs_step(step)
    if found is None:
        abort(404)
    key, title, fields, _deciding = found
    row = preparation.own_needs(participant)
    form = NEEDS_FORMS[key]()
    if form.is_submitted():
        if form.validate():
            row = preparation.save_needs(participant, form.answers(), utcnow(), fields)
            invited = (getattr(form, "invite_supporter", None) is not None
                       and form.invite_supporter.data and form.supporter.data == "yes"
                       and _invite_supporter(participant, row))
            flash(_("Saved. We have sent your supporter an invitation.") if invited
                  else _("Saved. The chair and your social worker can see this."))
            keys = preparation.NEEDS_STEP_KEYS
            following = keys.index(key) + 1
            if following < len(keys) and not preparation.needs_step_status(
                    row.answers, keys[following]) == preparation.COMPLETED:
                return redirect(url_for("prepare.practical_needs_step", step=keys[following]))
            return redirect(url_for("prepare.practical_needs"))
    else:
        _show_again(form, participant, row.answers if row else None, fields)
    invited = bool(row and row.answers.get("supporter_participant_id"))
    return _page("practical_needs_step.html", participant, conference, form=form, step=key,
                 invited=invited, number=preparation.NEEDS_STEP_KEYS.index(key) + 1,
                 total=len(preparation.NEEDS_STEPS), title=title)


def _invite_supporter(parent, row):
    """Invite the supporter a parent named, once: a second press sends nothing more.
    True when the invitation was sent."""
    from app.services import signin
    from app.staff.routes import make_and_send_invitation

    if row.answers.get("supporter_participant_id"):
        return False
    answers = row.answers
    contact = answers.get("supporter_contact") or ""
    supporter = m.Participant(conference_id=parent.conference_id, role=m.SUPPORTER,
                              name=answers.get("supporter_name") or "", language="en")
    email, mobile = (contact, None) if "@" in contact else (None, contact)
    signin.set_contact_details(supporter, email, mobile, current_app.config["SECRET_KEY"])
    db.session.add(supporter)
    db.session.flush()
    db.session.refresh(supporter)
    _link, sent = make_and_send_invitation(supporter)
    preparation.mark_supporter_invited(row, supporter)
    audit.record("supporter.invited", participant_id=parent.id,
                 conference_id=parent.conference_id, object_type="participant",
                 object_id=supporter.id)
    db.session.commit()
    return sent


@bp.route("/prepare/safety", methods=["GET", "POST"])
@signed_in_participant
@keeps_typing
def safety():
    participant, conference = _parent(access.can_write_safety_request)
    item = preparation.own(participant, preparation.SAFETY_REQUEST)
    form = SafetyRequestForm()
    if form.is_submitted():
        if form.validate():
            _item, is_new = preparation.send_safety_request(
                participant, form.answers(), utcnow())
            if is_new:
                messages.tell_staff_something_new(conference, (m.SOCIAL_WORKER, m.CHAIR),
                                                  purpose="safety-request")
                db.session.commit()
            flash(_("Sent. Only the chair and your social worker can see it."))
            return redirect(url_for("prepare.worksheet"))
    else:
        _show_again(form, participant, item.answers if item else None,
                    preparation.SAFETY_FIELDS)
    return _page("safety.html", participant, conference, form=form, item=item,
                 title=_l("Keeping you safe"))


# --- staying signed in ----------------------------------------------------------------


@bp.route("/session/keep-alive", methods=["POST"])
@signed_in
def keep_alive():
    """"Stay signed in" in the timeout warning: the session's idle clock starts again."""
    current_user.user_session.last_seen_at = utcnow()
    db.session.commit()
    return "", 204


# --- staff: worksheets, their history, the family's needs and safety requests ----------


def _staff_item(conference_id, contribution_id, kind):
    viewer, conference = current_viewer(conference_id)
    item = access.get_contribution(viewer, contribution_id)
    if item is None or item.conference_id != conference.id or item.kind != kind:
        not_found(object_type="contribution", object_id=contribution_id[:64])
    history = [v for v in preparation.versions(item)
               if access.can_read_contribution_version(viewer, item, v)]
    if not history:
        not_found(object_type="contribution", object_id=contribution_id[:64])
    return viewer, conference, item, history


@bp.route("/staff/conferences/<conference_id>/worksheets/<contribution_id>")
@staff_required
def staff_worksheet(conference_id, contribution_id):
    viewer, conference, item, history = _staff_item(conference_id, contribution_id,
                                                    preparation.WORKSHEET)
    audit.record("worksheet.viewed", staff_user_id=current_user.staff_user.id,
                 conference_id=conference.id, object_type="contribution", object_id=item.id,
                 commit=True)
    return render_template("prepare/staff_worksheet.html", conference=conference, item=item,
                           history=history, sections=preparation.sections_for(conference),
                           form=FlaskForm(),
                           title=_l("Parent's worksheet"))


@bp.route("/staff/conferences/<conference_id>/worksheets/<contribution_id>/pdf",
          methods=["POST"])
@staff_required
def staff_worksheet_pdf(conference_id, contribution_id):
    viewer, conference, item, history = _staff_item(conference_id, contribution_id,
                                                    preparation.WORKSHEET)
    if not FlaskForm().validate_on_submit():
        abort(400)
    latest = history[0]
    pdf = _worksheet_pdf(item.author, latest.answers, item, current_user.staff_user.name,
                         version=latest)
    audit.record("worksheet.downloaded", staff_user_id=current_user.staff_user.id,
                 conference_id=conference.id, object_type="contribution", object_id=item.id,
                 detail=f"version {latest.version}", commit=True)
    return _pdf_response(pdf, "parent-worksheet.pdf")


@bp.route("/staff/conferences/<conference_id>/safety-requests/<contribution_id>")
@staff_required
def staff_safety_request(conference_id, contribution_id):
    viewer, conference, item, history = _staff_item(conference_id, contribution_id,
                                                    preparation.SAFETY_REQUEST)
    audit.record("safety_request.viewed", staff_user_id=current_user.staff_user.id,
                 conference_id=conference.id, object_type="contribution", object_id=item.id,
                 commit=True)
    return render_template("prepare/staff_safety.html", conference=conference, item=item,
                           history=history, title=_l("Private safety request"))


@bp.route("/staff/conferences/<conference_id>/family-needs")
@staff_required
def staff_family_needs(conference_id):
    viewer, conference = current_viewer(conference_id)
    if not access.can_see_family_needs(viewer, conference.id):
        not_found()
    context = family_needs_context(viewer, conference)
    audit.record("practical_needs.viewed", staff_user_id=current_user.staff_user.id,
                 conference_id=conference.id, commit=True)
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
