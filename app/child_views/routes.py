"""The routes of the views pages (the blueprint and what it is for: __init__.py).

Routes stay thin: who may act is the access policy's (app/rules/access.py); what
changes records is in app/services.
"""

import base64

from flask import (
    Response,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from app.child_views import journey
from app.child_views.forms import ButtonForm, ChoiceForm, DrawingForm, HelperForm, TextForm
from app.data import models as m
from app.extensions import db
from app.rules import access
from app.services import audit, documents, images, messages
from app.web.guards import (
    acting_participant,
    current_viewer,
    form_text_kept,
    keeps_typing,
    kept_form_data,
    not_found,
    signed_in,
    signed_in_participant,
    signed_in_to_act,
    staff_required,
)

from . import bp

# child-messages: start
# Words for each choice page: (heading for a young person, for a younger child, hint).
CHOICE_PAGES = {
    "safe": ("safe", _l("Do you feel safe where you live?"),
             _l("Do you feel safe at home, where you live?"), None),
    "feelings": ("feeling", _l("How do you feel at the moment?"),
                 _l("How do you feel today?"), _l("Choose the word closest to how you feel.")),
    "taking-part": ("taking_part", _l("How do you want to take part in the meeting?"),
                    _l("How do you want to take part in the meeting?"), None),
    "who-can-read": ("audience", _l("Who can read what you have said?"),
                     _l("Who can read what you have said?"),
                     _l("Whoever you choose, if you say you are not safe we will tell your "
                        "social worker so they can help you.")),
}
CHOICE_WORDS = {
    "safe": {"yes": _l("Yes"), "not_sure": _l("I'm not sure"), "no": _l("No")},
    "feeling": {"happy": _l("Happy"), "ok": _l("OK"), "sad": _l("Sad"),
                "worried": _l("Worried"), "scared": _l("Scared")},
    "taking_part": {
        "come_to_part": _l("Come to part of the meeting"),
        "talk_to_chair": _l("Talk to the chair before the meeting"),
        "advocate_speaks": _l("Have an advocate speak for me"),
        "just_send": _l("Just send this"),
    },
    "audience": {
        m.AUDIENCE_CHAIR_ONLY: _l("Only the chair"),
        m.AUDIENCE_CHAIR_AND_SOCIAL_WORKER: _l("The chair and my social worker"),
        m.AUDIENCE_EVERYONE: _l("Everyone at the meeting, my parents too"),
    },
}
# Hints under the choices: (for a young person, for a younger child).
CHOICE_HINTS = {
    "taking_part": {
        "come_to_part": (_l("You can come in for part of it, with someone to support you."),
                         _l("You can come in for a little while, with a grown-up you trust.")),
        "talk_to_chair": (_l("The chair can meet you or call you before the meeting."),
                          _l("The person in charge of the meeting can talk to you first.")),
        "advocate_speaks": (_l("An advocate is someone on your side who says what you want."),
                            _l("A grown-up on your side tells the meeting what you said.")),
        "just_send": (_l("The meeting reads what you send here."),
                      _l("The meeting reads what you send here.")),
    },
    "audience": {
        m.AUDIENCE_CHAIR_ONLY: (
            _l("The chair runs the meeting. They use what you say to guide it."),
            _l("Only the person in charge of the meeting reads it.")),
        m.AUDIENCE_CHAIR_AND_SOCIAL_WORKER: (
            _l("The chair and your social worker read it. Your social worker works with "
               "your family."),
            _l("The person in charge of the meeting and your social worker read it.")),
        m.AUDIENCE_EVERYONE: (
            _l("Your parents or carers and the professionals at the meeting, such as teachers, "
               "can read it."),
            _l("Your mum, dad or carers and everyone at the meeting can read it.")),
    },
}
IMAGE_MESSAGES = {
    images.EMPTY: _l("Choose a photo to add"),
    images.NOT_IMAGE: _l("The file must be a photo saved as a JPEG or PNG"),
    images.TOO_MANY_PIXELS: _l("The photo has too many pixels. Take a new photo with your "
                               "camera's usual setting and try again"),
    images.HIDDEN_CONTENT: _l("The file has something else hidden inside it. Take a new "
                              "photo and try again"),
    images.UNREADABLE: _l("The photo cannot be opened. Take a new photo and try again"),
    images.BUSY: _l("Lots of photos are being added right now. Wait a minute and try again"),
}
# child-messages: end


# --- who is acting, and their views ---------------------------------------------------


# The child a social worker is helping: ids only, in the signed session cookie.
HELPING = "helping_child"


class ActingFor:
    """A social worker's own participant row, acting for one child: the views they put
    in are that child's, recorded as made with or for the child by them."""

    def __init__(self, participant, child):
        self._participant = participant
        self.child = child
        self.child_id = child.id

    def __getattr__(self, name):
        return getattr(self._participant, name)


def _acting():
    if current_user.staff_user:
        return _social_worker_helping()
    viewer, conference = current_viewer()
    if not access.can_write_views(viewer):
        not_found()
    return viewer, conference, acting_participant(viewer)


def _social_worker_helping():
    helping = session.get(HELPING) or {}
    conference = db.session.get(m.Conference, helping.get("conference_id") or "")
    child = db.session.get(m.Child, helping.get("child_id") or "")
    viewer = access.viewer_for_staff(current_user.staff_user, conference) if conference else None
    if (viewer is None or child is None or child.conference_id != conference.id
            or not access.may_help_child_with_views(viewer, child)):
        not_found()
    return viewer, conference, ActingFor(acting_participant(viewer), child)


@bp.app_template_global()
def children_to_help_with_views(viewer, conference):
    """The children of a conference this member of staff may help to share their views."""
    return [child for child in conference.children
            if access.may_help_child_with_views(viewer, child)]


@bp.route("/staff/conferences/<conference_id>/children/<child_id>/views", methods=["POST"])
@staff_required
def start_helping(conference_id, child_id):
    viewer, conference = current_viewer(conference_id)
    child = db.session.get(m.Child, child_id)
    if (child is None or child.conference_id != conference.id
            or not access.may_help_child_with_views(viewer, child)
            or not ButtonForm().validate_on_submit()):
        not_found()
    session[HELPING] = {"conference_id": conference.id, "child_id": child.id}
    audit.record("views.helping", staff_user_id=current_user.staff_user.id,
                 conference_id=conference.id, object_type="child", object_id=child.id,
                 commit=True)
    return redirect(url_for("child_views.my_views"))


def own_views(participant):
    """The views of this child that this person writes: one record, shared by the child
    and the advocate they had when it was begun. Nobody invited later for the same child
    (nor a social worker helping them) is handed what was written before."""
    query = db.select(m.Contribution).filter_by(
        conference_id=participant.conference_id, kind="views")
    if participant.child_id:
        query = query.filter_by(child_id=participant.child_id).where(db.or_(
            m.Contribution.author_id == participant.id,
            m.Contribution.child_advocate_id == participant.id))
    else:
        query = query.filter_by(author_id=participant.id)
    viewer = access.viewer_for_participant(participant)
    return next((item for item in db.session.scalars(query.order_by(m.Contribution.updated_at))
                 if access.reads_as_the_child(viewer, item)), None)


def _draft(participant):
    item = own_views(participant)
    if item is None:
        item = m.Contribution(
            conference_id=participant.conference_id, author_id=participant.id, kind="views",
            child_id=participant.child_id, answers={},
            child_advocate_id=access.current_advocate_id(participant.conference_id,
                                                         participant.child_id),
            audience=m.AUDIENCE_CHAIR_AND_SOCIAL_WORKER, updated_at=m.utcnow())
        db.session.add(item)
        db.session.flush()
    return item


def _save(participant, conference, changes, audience=None):
    """Keep the answers; after sending, every change counts as a new version at once."""
    item = _draft(participant)
    before = dict(item.answers or {})
    after = dict(before, **changes)
    # Recorded as made by the child, or with or for the child by this advocate.
    after["made_by"] = participant.role
    after["made_by_id"] = participant.id
    item.answers = after
    if audience:
        item.audience = audience
    item.updated_at = m.utcnow()
    if item.sent_at is not None:
        item.version = (item.version or 0) + 1
    db.session.flush()
    audit.record("views.changed" if item.sent_at else "views.saved",
                 participant_id=participant.id, conference_id=conference.id,
                 object_type="contribution", object_id=item.id)
    raised = _raise_alerts(item, participant, conference, before, after)
    # What the child said, and the alert, are saved before anyone is emailed: a mail
    # outage must not lose either.
    db.session.commit()
    _tell_staff_of(raised, conference)
    return item, raised


def _raise_alerts(item, participant, conference, before, after):
    raised = journey.new_concerns(before, after) - _alerted(item)
    for answer in sorted(raised):
        alert = m.SafetyAlert(conference_id=conference.id, contribution_id=item.id,
                              child_id=item.child_id, raised_by_id=participant.id,
                              answer=answer)
        db.session.add(alert)
        db.session.flush()
        audit.record("views.safety_alert", participant_id=participant.id,
                     conference_id=conference.id, object_type="safety_alert",
                     object_id=alert.id)
    return raised


def _tell_staff_of(raised, conference):
    """Email the social workers and the duty contact of alerts already saved."""
    if raised:
        link = current_app.config["PORTAL_BASE_URL"] + url_for("auth.staff_sign_in")
        messages.send_safety_alert(conference, link)
        db.session.commit()


def _alerted(item):
    """The answers these views have already raised an alert for: each alerts once."""
    if item.id is None:
        return set()
    return set(db.session.scalars(
        db.select(m.SafetyAlert.answer).filter_by(contribution_id=item.id)))


@form_text_kept.connect
def _alert_on_a_kept_answer(_app, participant_id, path, fields):
    """A child who says they are not safe just as their session ends is still heard: the
    alert goes at once, though the answer itself waits until they sign in and send it."""
    step = path.removeprefix("/views/") if path.startswith("/views/") else None
    if step not in CHOICE_PAGES:
        return
    key = CHOICE_PAGES[step][0]
    answer = fields.get("answer")
    if not journey.concerns({key: answer}):
        return
    participant = db.session.get(m.Participant, participant_id)
    if participant is None or not access.can_write_views(
            access.viewer_for_participant(participant)):
        return
    conference = participant.conference
    item = _draft(participant)
    before = dict(item.answers or {})
    raised = _raise_alerts(item, participant, conference, before, dict(before, **{key: answer}))
    db.session.commit()
    _tell_staff_of(raised, conference)


# child-messages: start
def _closed_redirect(conference):
    """After the cut-off nothing changes: say so and show what was sent."""
    if journey.is_open(conference, m.utcnow()):
        return None
    flash(_("The meeting has started, so you can no longer change this."))
    return redirect(url_for("child_views.check"))
# child-messages: end


def _helper_needed(participant, item):
    """A helper says first that they are helping, and how, before any answer."""
    return journey.is_helper(participant) and not (item and item.answers.get("made_with"))


def _context(participant, conference, **extra):
    child = participant.child
    return dict(younger=journey.is_younger(participant), child=child,
                first_step=journey.STEPS[0],
                child_name=child.first_name if child else "", participant=participant,
                is_open=journey.is_open(conference, m.utcnow()), **extra)


# --- the child's pages ----------------------------------------------------------------


@bp.route("/views", methods=["GET", "POST"])
@signed_in_to_act
def my_views():
    _viewer, conference, participant = _acting()
    item = own_views(participant)
    form = HelperForm() if journey.is_helper(participant) else None
    if form is not None:
        child_name = participant.child.first_name if participant.child else ""
        form.confirm.label.text = _("I am helping %(child)s to share their views",
                                    child=child_name)
        if item is not None and not form.is_submitted():
            form.made_with.data = item.answers.get("made_with")
            form.confirm.data = bool(item.answers.get("made_with"))
        if form.validate_on_submit():
            closed = _closed_redirect(conference)
            if closed:
                return closed
            _save(participant, conference, {"made_with": form.made_with.data})
            return redirect(url_for("child_views.step", step=journey.STEPS[0]))
    return render_template("child_views/start.html", form=form, item=item,
                           # child: the title of the first page of a child's views
                           title=_l("Tell the meeting what you think"),
                           **_context(participant, conference))


# child-messages: start
@bp.route("/views/<step>", methods=["GET", "POST"])
@signed_in_to_act
@keeps_typing
def step(step):
    _viewer, conference, participant = _acting()
    if step not in journey.STEPS or step == "drawing":
        not_found()
    item = own_views(participant)
    if _helper_needed(participant, item):
        return redirect(url_for("child_views.my_views"))
    younger = journey.is_younger(participant)
    answers = item.answers if item else {}
    if step in journey.TEXT_STEPS:
        key, young_words, younger_words = journey.TEXT_QUESTIONS[step]
        form = TextForm()
        form.answer.label.text = younger_words if younger else young_words
        form.answer.description = journey.TEXT_HINTS[step][1 if younger else 0]
    else:
        key, young_words, younger_words, hint = CHOICE_PAGES[step]
        form = ChoiceForm()
        form.answer.label.text = younger_words if younger else young_words
        form.answer.description = hint or ""
        form.answer.choices = list(CHOICE_WORDS[key].items())
    if not form.is_submitted() and (kept := kept_form_data(participant)) is not None:
        form.process(kept)  # typed before the session ended or the page expired
    elif not form.is_submitted():
        # Who reads it is never chosen for the child: nothing is ticked until they choose.
        chosen = item is not None and answers.get("audience_chosen")
        form.answer.data = (item.audience if chosen else None) if key == "audience" \
            else answers.get(key)
    elif form.validate():
        closed = _closed_redirect(conference)
        if closed:
            return closed
        if key == "audience":
            item, raised = _save(participant, conference, {"audience_chosen": True},
                                 audience=form.answer.data)
        else:
            item, raised = _save(participant, conference, {key: form.answer.data or ""})
        following = journey.next_step(step, item.answers)
        if raised:
            return redirect(url_for("child_views.help", then=following))
        return redirect(_step_url(following))
    hints = CHOICE_HINTS.get(key)
    items = ([{"hint": {"text": hints[value][1 if younger else 0]}}
              for value, _words in form.answer.choices] if hints else None)
    back = journey.previous_step(step)
    return render_template(
        "child_views/step.html", form=form, step=step, key=key, items=items,
        house=step if step in journey.HOUSES else None,
        is_text=step in journey.TEXT_STEPS, limit=journey.LIMIT,
        back_url=_step_url(back) if back else url_for("child_views.my_views"),
        title=str(form.answer.label.text), **_context(participant, conference))


def _step_url(step):
    if step == "check":
        return url_for("child_views.check")
    if step == "drawing":
        return url_for("child_views.drawing")
    return url_for("child_views.step", step=step)


@bp.route("/views/drawing", methods=["GET", "POST"])
@signed_in_to_act
def drawing():
    _viewer, conference, participant = _acting()
    item = own_views(participant)
    if _helper_needed(participant, item):
        return redirect(url_for("child_views.my_views"))
    form = DrawingForm()
    current = _drawing_of(item)
    if form.validate_on_submit():
        closed = _closed_redirect(conference)
        if closed:
            return closed
        upload = form.photo.data
        data = upload.read() if upload else b""
        max_mb = current_app.config["VIEWS_IMAGE_MAX_MB"]
        try:
            clean = images.clean_image(data, max_mb * 1024 * 1024)
        except images.ImageRejected as rejected:
            message = (ngettext("The photo must be smaller than %(num)d MB",
                                "The photo must be smaller than %(num)d MB", max_mb)
                       if rejected.reason == images.TOO_LARGE else IMAGE_MESSAGES[rejected.reason])
            form.photo.errors.append(message)
            audit.record("views.drawing_refused", participant_id=participant.id,
                         conference_id=conference.id, outcome="refused",
                         detail=rejected.reason, commit=True)
        else:
            item, _raised = _save(participant, conference, {"has_drawing": True})
            _store_drawing(item, clean)
            flash(_("Your photo has been added."))
            return redirect(_step_url(journey.next_step("drawing", item.answers)))
    return render_template(
        "child_views/drawing.html", form=form, item=item, drawing=current, skip_form=ButtonForm(),
        max_mb=current_app.config["VIEWS_IMAGE_MAX_MB"],
        next_url=_step_url(journey.next_step("drawing", item.answers if item else {})),
        back_url=_step_url(journey.previous_step("drawing")),
        title=_l("Add a photo of a drawing or something you wrote"),
        **_context(participant, conference))


def _drawing_of(item):
    if item is None:
        return None
    return db.session.scalar(db.select(m.ViewsDrawing).filter_by(contribution_id=item.id))


def _store_drawing(item, clean):
    drawing = _drawing_of(item)
    if drawing is None:
        drawing = m.ViewsDrawing(contribution_id=item.id)
        db.session.add(drawing)
    drawing.content = clean.content
    drawing.content_type = clean.content_type
    drawing.size = len(clean.content)
    drawing.width, drawing.height = clean.width, clean.height
    drawing.created_at = m.utcnow()
    db.session.commit()


@bp.route("/views/drawing/remove", methods=["POST"])
@signed_in_to_act
def remove_drawing():
    _viewer, conference, participant = _acting()
    item = own_views(participant)
    if not ButtonForm().validate_on_submit() or _drawing_of(item) is None:
        return redirect(url_for("child_views.drawing"))
    closed = _closed_redirect(conference)
    if closed:
        return closed
    db.session.delete(_drawing_of(item))
    _save(participant, conference, {"has_drawing": False})
    flash(_("Your photo has been removed."))
    return redirect(url_for("child_views.drawing"))


@bp.route("/views/help", endpoint="help")
@signed_in_to_act
def help_now():
    _viewer, conference, participant = _acting()
    then = request.args.get("then", "")
    next_url = (_step_url(then) if then in (*journey.STEPS, "check")
                else url_for("child_views.check"))
    social_workers = [p for p in conference.participants if p.role == m.SOCIAL_WORKER]
    return render_template("child_views/help.html", next_url=next_url,
                           social_workers=social_workers, title=_l("Who can help you now"),
                           **_context(participant, conference))


@bp.route("/views/check", methods=["GET", "POST"])
@signed_in_to_act
def check():
    _viewer, conference, participant = _acting()
    item = own_views(participant)
    if item is None:
        return redirect(url_for("child_views.my_views"))
    form = ButtonForm()
    error = None
    if not item.answers.get("checked") and journey.is_open(conference, m.utcnow()):
        item.answers = dict(item.answers, checked=True)
        db.session.commit()
    if form.validate_on_submit():
        closed = _closed_redirect(conference)
        if closed:
            return closed
        if not item.answers.get("safe"):
            error = (_("Answer whether you feel safe where you live"),
                     url_for("child_views.step", step="safe"))
        elif journey.is_empty(item.answers):
            error = (_("Write something in at least one house, choose how you feel, or add a "
                       "photo before you send"), url_for("child_views.step", step="worries"))
        elif item.sent_at is None:
            item.sent_at = m.utcnow()
            item.version = (item.version or 0) + 1
            audit.record("views.sent", participant_id=participant.id,
                         conference_id=conference.id, object_type="contribution",
                         object_id=item.id)
            db.session.commit()
            return redirect(url_for("child_views.sent"))
    return render_template(
        "child_views/check.html", item=item, form=form, error=error, drawing=_drawing_of(item),
        words=CHOICE_WORDS, questions=journey.TEXT_QUESTIONS, text_steps=journey.TEXT_STEPS,
        title=_l("Check what you are sending"), **_context(participant, conference))


@bp.route("/views/sent")
@signed_in_to_act
def sent():
    _viewer, conference, participant = _acting()
    item = own_views(participant)
    if item is None or item.sent_at is None:
        return redirect(url_for("child_views.my_views"))
    return render_template("child_views/sent.html", item=item, words=CHOICE_WORDS,
                           title=_l("You have sent your views"),
                           **_context(participant, conference))
# child-messages: end


# --- reading a child's views, through the access policy --------------------------------


def _readable(contribution_id):
    """The views and the viewer, if this person may read them; otherwise 404."""
    conference_id = None
    if current_user.staff_user:
        item = db.session.get(m.Contribution, contribution_id)
        conference_id = item.conference_id if item else "-"
    viewer, conference = current_viewer(conference_id)
    item = access.get_contribution(viewer, contribution_id)
    if item is None or item.kind != "views":
        not_found(object_type="contribution", object_id=contribution_id[:64])
    return viewer, conference, item


@bp.route("/views/<contribution_id>/drawing")
@signed_in
def drawing_file(contribution_id):
    viewer, conference, item = _readable(contribution_id)
    picture = access.get_views_drawing(viewer, item.id)
    if picture is None:
        not_found(object_type="views_drawing", object_id=contribution_id[:64])
    audit.record("views.drawing_viewed", participant_id=viewer.participant_id,
                 staff_user_id=current_user.staff_user.id if current_user.staff_user else None,
                 conference_id=conference.id, object_type="views_drawing",
                 object_id=picture.id, commit=True)
    response = Response(picture.content, mimetype=picture.content_type)
    extension = "png" if picture.content_type == "image/png" else "jpg"
    response.headers["Content-Disposition"] = documents.content_disposition(
        f"drawing.{extension}", inline=True)
    response.headers["Cache-Control"] = "no-store"
    response.headers.update(documents.SAFE_DOCUMENT_HEADERS)
    return response


@bp.route("/views/shared")
@signed_in_participant
def shared():
    """Children's views shared with this person. Nothing shared: the page does not exist,
    so a parent cannot even learn that a child has said anything."""
    viewer, conference = current_viewer()
    items = access.shared_views(viewer, conference.id)
    if not items:
        not_found()
    child_names = {child.id: child.first_name for child in conference.children}
    return render_template("child_views/shared.html", items=items, child_names=child_names,
                           title=_l("What the children said"))


@bp.route("/views/shared/<contribution_id>")
@signed_in_participant
def read(contribution_id):
    viewer, conference, item = _readable(contribution_id)
    if item not in access.shared_views(viewer, conference.id):
        not_found(object_type="contribution", object_id=contribution_id[:64])
    audit.record("contribution.viewed", participant_id=viewer.participant_id,
                 conference_id=conference.id, object_type="contribution", object_id=item.id,
                 commit=True)
    return render_template("child_views/read.html", item=item, drawing=_drawing_of(item),
                           words=CHOICE_WORDS, title=_l("What a child said"))


# --- staff: the safety flag -------------------------------------------------------------


def _helper_of(item):
    """The adult who last put these views in with or for the child, if one did."""
    answers = item.answers or {}
    if answers.get("made_by") not in journey.HELPER_ROLES:
        return None
    person = db.session.get(m.Participant, answers.get("made_by_id") or "")
    return person if person is not None and person.conference_id == item.conference_id else None


@bp.app_context_processor
def _staff_alerts():
    def open_safety_alerts():
        if not getattr(current_user, "is_authenticated", False) or not current_user.staff_user:
            return []
        # The dashboard shows them twice (the banner and "Needs you"): loaded once.
        if "open_safety_alerts" not in g:
            g.open_safety_alerts = access.safety_alerts_for_staff(current_user.staff_user)
        return g.open_safety_alerts

    def shows_safety(item):
        if current_user.staff_user:
            viewer = access.viewer_for_staff(
                current_user.staff_user, db.session.get(m.Conference, item.conference_id))
        else:
            viewer = access.viewer_for_participant(current_user.participant)
        return viewer is not None and access.can_see_safety_answers(viewer, item)

    return {"open_safety_alerts": open_safety_alerts, "views_shows_safety": shows_safety,
            "views_answer_words": CHOICE_WORDS, "views_drawing_of": _drawing_of,
            "views_helper": _helper_of,
            "views_text_questions": journey.TEXT_QUESTIONS,
            "views_text_steps": journey.TEXT_STEPS}


@bp.route("/staff/safety-alerts/<alert_id>/seen", methods=["POST"])
@staff_required
def alert_seen(alert_id):
    alert = db.session.get(m.SafetyAlert, alert_id)
    viewer = access.viewer_for_staff(current_user.staff_user, alert.conference if alert else None)
    if viewer is None or not access.can_see_safety_alert(viewer, alert):
        not_found(object_type="safety_alert", object_id=alert_id[:64])
    staff_user_id = current_user.staff_user.id
    if ButtonForm().validate_on_submit() and not alert.seen_by(staff_user_id):
        alert.seen.append(m.SafetyAlertSeen(staff_user_id=staff_user_id))
        audit.record("views.safety_alert_seen", staff_user_id=current_user.staff_user.id,
                     conference_id=alert.conference_id, object_type="safety_alert",
                     object_id=alert.id, commit=True)
        flash(_("Marked as seen."))
    return redirect(url_for("staff.dashboard"))


# --- staff: a printout, through the same policy ------------------------------------------


@bp.route("/staff/conferences/<conference_id>/views/<contribution_id>/printout.pdf")
@staff_required
def printout(conference_id, contribution_id):
    viewer, conference = current_viewer(conference_id)
    item = access.get_contribution(viewer, contribution_id)
    if item is None or item.kind != "views" or item.conference_id != conference.id:
        not_found(object_type="contribution", object_id=contribution_id[:64])
    picture = access.get_views_drawing(viewer, item.id)
    picture_url = None
    if picture is not None:
        picture_url = (f"data:{picture.content_type};base64,"
                       + base64.b64encode(picture.content).decode("ascii"))
    title = _("What a child said")
    html = render_template("child_views/printout.html", item=item, picture=picture,
                           picture_url=picture_url, conference=conference, title=title)
    pdf = documents.render_pdf(html, title=title, lang="en")
    audit.record("views.printed", staff_user_id=current_user.staff_user.id,
                 conference_id=conference.id, object_type="contribution", object_id=item.id,
                 commit=True)
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = documents.content_disposition(
        "views.pdf", inline=False)
    response.headers["Cache-Control"] = "no-store"
    response.headers.update(documents.SAFE_DOCUMENT_HEADERS)
    return response
