"""Filters and globals every template can use."""

from functools import lru_cache

from babel import Locale
from flask import current_app, g, request, url_for
from flask_babel import (
    format_date,
    format_decimal,
    format_time,
    get_locale,
    get_timezone,
    get_translations,
)
from flask_login import current_user
from markupsafe import Markup, escape

from app.data import models as m
from app.data.statements import built_once
from app.extensions import db
from app.services import signin
from app.web import guards as web
from app.web import i18n, once
from app.web.translation import gettext as _
from app.web.translation import lazy_gettext as _l


def asset_url(name):
    """The URL of a built CSS or JavaScript file, under its fingerprinted name."""
    built = current_app.config.get("ASSET_MANIFEST", {}).get(name, name)
    return url_for("static", filename=f"dist/{built}")


@built_once
def _first_authority():
    return db.select(m.Authority).order_by(m.Authority.name).limit(1)


def current_authority():
    if "authority" not in g:
        authority = None
        if getattr(current_user, "is_authenticated", False):
            if current_user.participant:
                authority = current_user.participant.conference.authority
            elif current_user.staff_user:
                authority = current_user.staff_user.authority
        if authority is None:
            authority = db.session.scalar(_first_authority())
        g.authority = authority
    return g.authority


# The query arguments the portal itself puts in its links. No others are carried into a
# page: a compressed page never repeats text that someone else put in its address
# (README, "Compression and caching").
CARRIED_ARGS = ("page", "from", "then")


def this_page_with(**changes):
    """This page's address with some query arguments changed, such as ?lang=cy."""
    args = dict(request.view_args or {})
    args.update({key: value for key, value in request.args.items() if key in CARRIED_ARGS})
    args.update(changes)
    try:
        return url_for(request.endpoint, **args)
    except Exception:  # an error page has no endpoint to rebuild
        return "?" + "&".join(f"{key}={value}" for key, value in changes.items()
                              if value is not None)


def language_url(code):
    return this_page_with(lang=code)


# Names of things, translated only when shown (building the whole table each time cost
# several milliseconds a page).
ROLE_NAMES = {
    m.PARENT: _l("Parent or carer"),
    m.YOUNG_PERSON: _l("Young person"),
    m.CHILD: _l("Child"),
    m.ADVOCATE: _l("Advocate"),
    m.SUPPORTER: _l("Supporter"),
    m.INTERPRETER: _l("Interpreter"),
    m.PROFESSIONAL: _l("Professional"),
    m.SOCIAL_WORKER: _l("Social worker"),
    m.CHAIR: _l("Chair"),
    m.COORDINATOR: _l("Coordinator"),
    "admin": _l("Administrator"),
}
CONFERENCE_TYPE_NAMES = {"initial": _l("Initial conference"), "review": _l("Review conference")}
FORMAT_NAMES = {
    "in_person": _l("In person"),
    "online": _l("Online"),
    "hybrid": _l("In person or online (hybrid)"),
}
CATEGORY_NAMES = {
    "emotional_abuse": _l("Emotional abuse"),
    "neglect": _l("Neglect"),
    "physical_abuse": _l("Physical abuse"),
    "sexual_abuse": _l("Sexual abuse"),
}
ANSWER_LABELS = {
    "strengths": _l("What is working well"),
    "worries": _l("Worries"),
    "support": _l("Help and support needed"),
    "questions": _l("Questions for the meeting"),
    "good_things": _l("Good things"),
    "dreams": _l("Dreams"),
}
STATUS_NAMES = {"scheduled": _l("Scheduled"), "held": _l("Held"), "cancelled": _l("Cancelled"),
                "purged": _l("Exported and removed")}


def _name_from(table):
    def name(key):
        return str(table[key]) if key in table else key

    return name


role_name = _name_from(ROLE_NAMES)
conference_type_name = _name_from(CONFERENCE_TYPE_NAMES)
format_name = _name_from(FORMAT_NAMES)
category_name = _name_from(CATEGORY_NAMES)
answer_label = _name_from(ANSWER_LABELS)
status_name = _name_from(STATUS_NAMES)


def plural_forms(singular, plural):
    """A message with a count for GOV.UK Frontend's JavaScript, which picks the browser's
    plural category (zero, one, two, few, many or other) for the number: each category the
    page's language has, in the catalog's plural form for a number of that category."""
    locale = get_locale() or Locale.parse("en")
    translations = get_translations()
    forms = {}
    for number in range(200):
        forms.setdefault(locale.plural_form(number),
                         translations.ungettext(singular, plural, number))
    return forms


def character_count(maxlength, rows=5, label_classes="govuk-label--s"):
    """Parameters for a character count, with GOV.UK Frontend's own messages translated."""
    return {
        "maxlength": maxlength,
        "rows": rows,
        "attributes": {"dir": "auto"},
        "label": {"classes": label_classes},
        "textareaDescriptionText": get_translations().ungettext(
            "You can enter up to %{count} character",
            "You can enter up to %{count} characters", maxlength),
        "charactersUnderLimitText": plural_forms(
            "You have %{count} character remaining", "You have %{count} characters remaining"),
        "charactersAtLimitText": _("You have 0 characters remaining"),
        "charactersOverLimitText": plural_forms(
            "You have %{count} character too many", "You have %{count} characters too many"),
    }


# --- markup from people's text ---------------------------------------------------------
# The one way templates turn text into markup: each helper escapes what it is given and
# builds the markup with Markup.format or Markup.join, never by joining strings (joining a
# literal tag to escaped text in a template escapes the tag too, and the page shows it).


def preserve_lines(text, empty=""):
    """What a person typed, escaped, its line breaks kept and its direction its own; `empty`
    (plain text) when nothing was typed."""
    text = "" if text is None else str(text)
    if not text.strip():
        return escape(empty)
    return Markup('<span class="portal-preserve-lines" dir="auto">{}</span>').format(text)


def link(href, text, classes="govuk-link"):
    """A link whose text is escaped."""
    return Markup('<a class="{}" href="{}">{}</a>').format(classes, href, text)


def isolate(text):
    """Text in another direction than the page (an English name on an Arabic page, an
    address), kept whole with its punctuation: <bdi>."""
    return Markup("<bdi>{}</bdi>").format(text)


def joined(parts, separator=" "):
    """Text and markup side by side, the text escaped: joined([sentence, link(...)])."""
    return Markup(separator).join(parts)


def lines(parts):
    """Each part on its own line, escaped."""
    return joined(parts, Markup("<br>"))


@lru_cache(maxsize=4096)
def _formatted(kind, value, locale, timezone):
    """A date or time as Babel writes it, remembered: a page shows the same few dates again
    and again, and each costs Babel far more than the look-up. The language and time zone
    in force are part of the key."""
    if kind == "date":
        return format_date(value, "full")
    if locale is not None and locale.language == "en":
        return format_time(value, "h:mma").lower()
    return format_time(value, "short")


def long_date(value):
    """A date in full: "Monday, 7 December 2026"."""
    return _formatted("date", value, get_locale(), get_timezone()) if value else ""


def short_time(value):
    """A time as people say it: "9:48am" in English, the language's own short time
    elsewhere (never seconds)."""
    if not value:
        return ""
    return _formatted("time", value, get_locale(), get_timezone())


def short_datetime(value):
    """A date and time, "7 Dec 2026, 9:48am", joined the way the language joins them."""
    if not value:
        return ""
    locale = get_locale()
    pattern = locale.datetime_formats["medium"] if locale is not None else "{1}, {0}"
    return pattern.format(short_time(value), format_date(value, "medium"))


def html_lang():
    """The page's language tag, for example en-GB, cy or ur."""
    return str(get_locale() or "en").replace("_", "-")


# The GOV.UK Frontend components the templates use, loaded once as globals: importing
# them in every template on every render cost about a quarter of each page's time.
COMPONENTS = (
    "back-link", "button", "error-summary", "exit-this-page", "generic-header", "inset-text",
    "notification-banner", "pagination", "panel", "phase-banner", "service-navigation", "skip-link",
    "summary-list", "table", "tag", "task-list", "warning-text",
)


def _macro_name(component):
    return "govuk" + "".join(part.capitalize() for part in component.split("-"))


def _load_components(env):
    for component in COMPONENTS:
        module = env.get_template(f"govuk_frontend_jinja/components/{component}/macro.html").module
        env.globals[_macro_name(component)] = getattr(module, _macro_name(component))


def per_language(name, caller):
    """`{% call per_language("name") %}...{% endcall %}`: a part of every page that depends
    only on the language (the phase banner, the footer's links), rendered once per
    language and process instead of through the GOV.UK macros on every request. Nothing
    about the person, their session or the page may go inside."""
    locale = get_locale()
    key = (name, str(locale) if locale else "en", request.script_root)
    fragments = current_app.extensions.setdefault("portal_fragments", {})
    found = fragments.get(key)
    if found is None:
        found = fragments[key] = Markup(caller())
    return found


def register(app):
    _load_components(app.jinja_env)
    app.jinja_env.filters.update(
        date=long_date,
        time=short_time,
        datetime=short_datetime,
        role_name=role_name,
        conference_type_name=conference_type_name,
        format_name=format_name,
        category_name=category_name,
        answer_label=answer_label,
        status_name=status_name,
        preserve_lines=preserve_lines,
        lines=lines,
    )
    app.jinja_env.globals.update(
        languages=i18n.LANGUAGES,
        language_url=language_url,
        this_page_with=this_page_with,
        number=format_decimal,
        asset_url=asset_url,
        current_authority=current_authority,
        current_locale=lambda: get_locale().language if get_locale() else "en",
        per_language=per_language,
        html_lang=html_lang,
        character_count=character_count,
        link=link,
        isolate=isolate,
        joined=joined,
        text_direction=lambda: i18n.text_direction(str(get_locale() or "en")),
        side_by_side_on=i18n.side_by_side_on,
        with_english_beside=i18n.with_english_beside,
        kept_for_field=web.kept_for_field,
        once_field=once.once_field,
        last_seen_resolution_seconds=int(signin.LAST_SEEN_RESOLUTION.total_seconds()),
    )
