"""Languages: which the portal offers, which read right to left, and how one is chosen."""

from flask import request, session
from flask_login import current_user

# The portal's languages and their names in that language, for the switcher.
LANGUAGES = {
    "en": "English",
    "cy": "Cymraeg",
    "ur": "اردو",
}
RIGHT_TO_LEFT = {"ar", "ur", "fa", "ps", "he"}


def text_direction(locale: str) -> str:
    return "rtl" if str(locale).split("_")[0] in RIGHT_TO_LEFT else "ltr"


# English is British English: dates like 2 December 2026 and times like 10:30.
_LOCALE_FOR = {"en": "en_GB"}


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
