"""The routes of a child's views (the blueprint and what it is for: __init__.py).

Routes stay thin: who may act is the access policy's (app/rules/access.py); the pages in
order and the words for each choice are app/rules/journey.py; saving, sending, alerts and
the photo are app/services/child_views.py.
"""

import base64
from functools import wraps

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
from flask_login import current_user

from app.child_views.forms import ButtonForm, ChoiceForm, DrawingForm, HelperForm, TextForm
from app.data import models as m
from app.extensions import db
from app.rules import access, journey
from app.services import child_views as views
from app.services import documents
from app.web.guards import (
    acting_participant,
    current_viewer,
    for_conference,
    form_text_kept,
    keeps_typing,
    kept_form_data,
    not_found,
    signed_in,
    signed_in_participant,
    staff_required,
)
from app.web.translation import gettext as _
from app.web.translation import lazy_gettext as _l

from . import bp

# --- who is putting in a child's views -------------------------------------------------

# The child a social worker is helping: ids only, in the signed session cookie.
HELPING = "helping_child"


def _writer():
    """The conference and the person putting in a child's views: a child, young person
    or advocate in their own conference, or a social worker acting for the child they
    chose to help (named in the session). Anyone else gets 404."""
    if not current_user.staff_user:
        viewer, conference = current_viewer()
        if not access.can_write_views(viewer):
            not_found()
        return conference, acting_participant(viewer)
    helping = session.get(HELPING) or {}
    conference = db.session.get(m.Conference, helping.get("conference_id") or "")
    viewer = access.viewer_for_staff(current_user.staff_user, conference) if conference else None
    child = db.session.get(m.Child, helping.get("child_id") or "")
    acting = views.helping(viewer, viewer and acting_participant(viewer), conference, child)
    if acting is None:
        not_found()
    return conference, acting


def writing_views(view):
    """A page of a child's views: hands the view `conference` and `participant`."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        conference, participant = _writer()
        return view(*args, conference=conference, participant=participant, **kwargs)

    return signed_in(wrapper)


@bp.app_template_global()
def children_to_help_with_views(viewer, conference):
    return views.children_to_help(viewer, conference)


@bp.route("/staff/conferences/<conference_id>/children/<child_id>/views", methods=["POST"])
@for_conference(who=staff_required)
def start_helping(viewer, conference, child_id):
    child = db.session.get(m.Child, child_id)
    if (views.helping(viewer, None, conference, child) is None
            or not ButtonForm().validate_on_submit()):
        not_found()
    session[HELPING] = {"conference_id": conference.id, "child_id": child.id}
    views.start_helping(current_user.staff_user, conference, child)
    return redirect(url_for("child_views.my_views"))


@form_text_kept.connect
def _alert_on_a_kept_answer(_app, participant_id, path, fields):
    """A safety answer kept as a session ended still raises its alert at once."""
    step = path.removeprefix("/views/") if path.startswith("/views/") else None
    if step in journey.CHOICE_PAGES:
        views.alert_on_kept_answer(participant_id, journey.CHOICE_PAGES[step][0],
                                   fields.get("answer"))


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


def _step_url(step):
    if step == "check":
        return url_for("child_views.check")
    if step == "drawing":
        return url_for("child_views.drawing")
    return url_for("child_views.step", step=step)


def _back_url(step):
    back = journey.previous_step(step)
    return _step_url(back) if back else url_for("child_views.my_views")


def _show_answer(form, key, item, participant):
    """Put back what was typed before the session ended or the page expired, or else the
    answer given before. Who reads it is never chosen for the child: nothing is ticked
    until they choose."""
    if (kept := kept_form_data(participant)) is not None:
        form.process(kept)
    elif key == "audience":
        chosen = item is not None and item.answers.get("audience_chosen")
        form.answer.data = item.audience if chosen else None
    else:
        form.answer.data = (item.answers if item else {}).get(key)


# --- the child's pages ----------------------------------------------------------------


@bp.route("/views", methods=["GET", "POST"])
@writing_views
def my_views(conference, participant):
    item = views.own_views(participant)
    form = HelperForm().for_child(participant.child, item) if journey.is_helper(
        participant) else None
    if form is not None and form.validate_on_submit():
        if closed := _closed_redirect(conference):
            return closed
        views.save(participant, conference, {"made_with": form.made_with.data})
        return redirect(url_for("child_views.step", step=journey.STEPS[0]))
    return render_template("child_views/start.html", form=form, item=item,
                           # child: the title of the first page of a child's views
                           title=_l("Tell the meeting what you think"),
                           **_context(participant, conference))


# child-messages: start
@bp.route("/views/<step>", methods=["GET", "POST"])
@writing_views
@keeps_typing
def step(step, conference, participant):
    if step not in journey.STEPS or step == "drawing":
        not_found()
    item = views.own_views(participant)
    if _helper_needed(participant, item):
        return redirect(url_for("child_views.my_views"))
    younger = journey.is_younger(participant)
    form = TextForm() if step in journey.TEXT_STEPS else ChoiceForm()
    key = form.ask(step, younger)
    if not form.is_submitted():
        _show_answer(form, key, item, participant)
    elif form.validate():
        if closed := _closed_redirect(conference):
            return closed
        item, raised = views.save_answer(participant, conference, key, form.answer.data)
        following = journey.next_step(step, item.answers)
        return redirect(url_for("child_views.help", then=following) if raised
                        else _step_url(following))
    return render_template(
        "child_views/step.html", form=form, step=step, key=key,
        items=journey.choice_hints(key, younger),
        house=step if step in journey.HOUSES else None,
        is_text=step in journey.TEXT_STEPS, limit=journey.LIMIT,
        back_url=_back_url(step), title=str(form.answer.label.text),
        **_context(participant, conference))


@bp.route("/views/drawing", methods=["GET", "POST"])
@writing_views
def drawing(conference, participant):
    item = views.own_views(participant)
    if _helper_needed(participant, item):
        return redirect(url_for("child_views.my_views"))
    form, current = DrawingForm(), views.drawing_of(item)
    max_mb = current_app.config["VIEWS_IMAGE_MAX_MB"]
    if form.validate_on_submit():
        if closed := _closed_redirect(conference):
            return closed
        if (clean := form.clean_photo(max_mb)) is None:
            views.drawing_refused(participant, conference, form.refused)
        else:
            item = views.add_drawing(participant, conference, clean)
            flash(_("Your photo has been added."))
            return redirect(_step_url(journey.next_step("drawing", item.answers)))
    return render_template(
        "child_views/drawing.html", form=form, item=item, drawing=current, skip_form=ButtonForm(),
        max_mb=max_mb,
        next_url=_step_url(journey.next_step("drawing", item.answers if item else {})),
        back_url=_step_url(journey.previous_step("drawing")),
        title=_l("Add a photo of a drawing or something you wrote"),
        **_context(participant, conference))


@bp.route("/views/drawing/remove", methods=["POST"])
@writing_views
def remove_drawing(conference, participant):
    item = views.own_views(participant)
    if not ButtonForm().validate_on_submit() or views.drawing_of(item) is None:
        return redirect(url_for("child_views.drawing"))
    if closed := _closed_redirect(conference):
        return closed
    views.remove_drawing(participant, conference, item)
    flash(_("Your photo has been removed."))
    return redirect(url_for("child_views.drawing"))


@bp.route("/views/help", endpoint="help")
@writing_views
def help_now(conference, participant):
    then = request.args.get("then", "")
    next_url = (_step_url(then) if then in (*journey.STEPS, "check")
                else url_for("child_views.check"))
    social_workers = [p for p in conference.participants if p.role == m.SOCIAL_WORKER]
    return render_template("child_views/help.html", next_url=next_url,
                           social_workers=social_workers, title=_l("Who can help you now"),
                           **_context(participant, conference))


@bp.route("/views/check", methods=["GET", "POST"])
@writing_views
def check(conference, participant):
    item = views.own_views(participant)
    if item is None:
        return redirect(url_for("child_views.my_views"))
    form, error = ButtonForm(), None
    views.mark_checked(item, conference, m.utcnow())
    if form.validate_on_submit():
        if closed := _closed_redirect(conference):
            return closed
        result = views.send(participant, conference, item, m.utcnow())
        if result == views.SENT:
            return redirect(url_for("child_views.sent"))
        if result in journey.SEND_PROBLEMS:
            message, page = journey.SEND_PROBLEMS[result]
            error = (str(message), url_for("child_views.step", step=page))
    return render_template(
        "child_views/check.html", item=item, form=form, error=error,
        drawing=views.drawing_of(item), words=journey.CHOICE_WORDS,
        questions=journey.TEXT_QUESTIONS, text_steps=journey.TEXT_STEPS,
        title=_l("Check what you are sending"), **_context(participant, conference))


@bp.route("/views/sent")
@writing_views
def sent(conference, participant):
    item = views.own_views(participant)
    if item is None or item.sent_at is None:
        return redirect(url_for("child_views.my_views"))
    return render_template("child_views/sent.html", item=item, words=journey.CHOICE_WORDS,
                           title=_l("You have sent your views"),
                           **_context(participant, conference))
# child-messages: end


# --- reading a child's views, through the access policy --------------------------------


def _conference_of_contribution(contribution_id):
    item = db.session.get(m.Contribution, contribution_id)
    return item.conference_id if item else None


def _views_or_404(viewer, contribution_id, conference=None):
    """A child's views this person may read (in this conference, if one is named)."""
    item = access.get_contribution(viewer, contribution_id)
    if item is None or item.kind != "views" or (
            conference is not None and item.conference_id != conference.id):
        not_found(object_type="contribution", object_id=contribution_id[:64])
    return item


def _document(content, content_type, filename, inline):
    response = Response(content, mimetype=content_type)
    response.headers["Content-Disposition"] = documents.content_disposition(
        filename, inline=inline)
    response.headers["Cache-Control"] = "no-store"
    response.headers.update(documents.SAFE_DOCUMENT_HEADERS)
    return response


@bp.route("/views/<contribution_id>/drawing")
@for_conference(who=signed_in, conference_of=_conference_of_contribution)
def drawing_file(viewer, conference, contribution_id):
    item = _views_or_404(viewer, contribution_id)
    picture = access.get_views_drawing(viewer, item.id)
    if picture is None:
        not_found(object_type="views_drawing", object_id=contribution_id[:64])
    views.drawing_viewed(viewer, current_user.staff_user, conference, picture)
    extension = "png" if picture.content_type == "image/png" else "jpg"
    return _document(picture.content, picture.content_type, f"drawing.{extension}",
                     inline=True)


@bp.route("/views/shared")
@for_conference(who=signed_in_participant)
def shared(viewer, conference):
    """Children's views shared with this person. Nothing shared: the page does not exist,
    so a parent cannot even learn that a child has said anything."""
    items = access.shared_views(viewer, conference.id)
    if not items:
        not_found()
    child_names = {child.id: child.first_name for child in conference.children}
    return render_template("child_views/shared.html", items=items, child_names=child_names,
                           title=_l("What the children said"))


@bp.route("/views/shared/<contribution_id>")
@for_conference(who=signed_in_participant)
def read(viewer, conference, contribution_id):
    item = _views_or_404(viewer, contribution_id)
    if item not in access.shared_views(viewer, conference.id):
        not_found(object_type="contribution", object_id=contribution_id[:64])
    views.read_by(viewer, conference, item)
    return render_template("child_views/read.html", item=item, drawing=views.drawing_of(item),
                           words=journey.CHOICE_WORDS, title=_l("What a child said"))


# --- staff: the safety flag -------------------------------------------------------------


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
            "views_answer_words": journey.CHOICE_WORDS, "views_drawing_of": views.drawing_of,
            "views_helper": views.helper_of,
            "views_text_questions": journey.TEXT_QUESTIONS,
            "views_text_steps": journey.TEXT_STEPS}


@bp.route("/staff/safety-alerts/<alert_id>/seen", methods=["POST"])
@staff_required
def alert_seen(alert_id):
    alert = db.session.get(m.SafetyAlert, alert_id)
    viewer = access.viewer_for_staff(current_user.staff_user, alert.conference if alert else None)
    if viewer is None or not access.can_see_safety_alert(viewer, alert):
        not_found(object_type="safety_alert", object_id=alert_id[:64])
    if ButtonForm().validate_on_submit() and views.mark_alert_seen(
            alert, current_user.staff_user.id):
        flash(_("Marked as seen."))
    return redirect(url_for("staff.dashboard"))


# --- staff: a printout, through the same policy ------------------------------------------


@bp.route("/staff/conferences/<conference_id>/views/<contribution_id>/printout.pdf")
@for_conference(who=staff_required)
def printout(viewer, conference, contribution_id):
    item = _views_or_404(viewer, contribution_id, conference)
    picture = access.get_views_drawing(viewer, item.id)
    picture_url = None
    if picture is not None:
        picture_url = (f"data:{picture.content_type};base64,"
                       + base64.b64encode(picture.content).decode("ascii"))
    title = _("What a child said")
    html = render_template("child_views/printout.html", item=item, picture=picture,
                           picture_url=picture_url, conference=conference, title=title)
    pdf = documents.render_pdf(html, title=title, lang="en")
    views.printed(current_user.staff_user, conference, item)
    return _document(pdf, "application/pdf", "views.pdf", inline=False)
