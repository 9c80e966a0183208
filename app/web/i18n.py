"""Languages: which the portal offers, which read right to left, and how one is chosen."""

from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import request, session
from flask_babel import force_locale, get_locale
from flask_login import current_user

from app.web import side_by_side, translation

# The portal's languages and their names in that language, for the switcher.
LANGUAGES = {
    "en": "English",
    "cy": "Cymraeg",
    "pl": "Polski",
    "ro": "Română",
    "pa": "ਪੰਜਾਬੀ",
    "ur": "اردو",
    "pt": "Português",
    "es": "Español",
    "ar": "العربية",
    "bn": "বাংলা",
    "gu": "ગુજરાતી",
    "tr": "Türkçe",
    "so": "Soomaali",
}
RIGHT_TO_LEFT = {"ar", "ur", "fa", "ps", "he"}


def text_direction(locale: str) -> str:
    return "rtl" if str(locale).split("_")[0] in RIGHT_TO_LEFT else "ltr"


# Dates, times and numbers follow the locale: English is British English (2 December 2026),
# Portuguese is European Portuguese. Babel finds the "pt" catalog for pt_PT.
_LOCALE_FOR = {"en": "en_GB", "pt": "pt_PT"}


def locale_for(code):
    """The Babel locale for one of the portal's languages ("en" is British English)."""
    return _LOCALE_FOR.get(code, code)


def select_locale():
    """The language chosen on this device, then the person's own, then the browser's."""
    return _LOCALE_FOR.get(_chosen_language(), _chosen_language())


def _chosen_language():
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return chosen
    if getattr(current_user, "is_authenticated", False) and current_user.participant:
        if current_user.participant.language in LANGUAGES:
            return current_user.participant.language
    return request.accept_languages.best_match(list(LANGUAGES)) or "en"


# --- English beside the family's language -------------------------------------------------


def remember_side_by_side_choice(choice):
    """`?side_by_side=on` or `off` turns the view on or off on this device."""
    if choice in ("on", "off"):
        session["side_by_side"] = choice == "on"


def side_by_side_on():
    """Interpreters see English beside the family's language unless they turn it off;
    anyone else can turn it on. There is nothing to put beside an English page."""
    if str(get_locale() or "en").startswith("en"):
        return False
    chosen = session.get("side_by_side")
    if chosen is not None:
        return chosen
    participant = getattr(current_user, "participant", None)
    return bool(participant and participant.role == "interpreter")


def with_english_beside(render_block):
    """The block rendered in the page's language, each part paired with its English."""
    locale = str(get_locale())
    own = render_block()
    with force_locale(_LOCALE_FOR["en"]):
        english = render_block()
    return side_by_side.side_by_side(own, english, locale.replace("_", "-"),
                                     text_direction(locale))


def page_in_language(next_path, code=None, **extra):
    """The page a person came from, in another language (or with another choice such as
    side_by_side="on"); only a path on this site: anything else opens the start page."""
    parts = urlsplit(next_path or "/")
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or "\\" in parts.path:
        parts = urlsplit("/")
    query = [(key, value) for key, value in parse_qsl(parts.query)
             if key not in ("lang", "side_by_side")]
    query += ([("lang", code)] if code else []) + list(extra.items())
    return parts.path + ("?" + urlencode(query) if query else "")


def install_template_gettext(jinja_env):
    """Templates translate through translation.request_translations (after Flask-Babel's init_app,
    which installs its own)."""
    jinja_env.install_gettext_callables(
        gettext=lambda s: translation.request_translations().ugettext(s),
        ngettext=lambda s, p, n: translation.request_translations().ungettext(s, p, n),
        pgettext=lambda c, s: translation.request_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translation.request_translations().unpgettext(c, s, p, n),
        newstyle=True)
