"""The portal's gettext: what Flask-Babel's gettext functions do, with the request's
catalog looked up once per request and language instead of through several context
look-ups for each of the hundred or so messages a page shows. Python code imports `_`,
`_l`, `ngettext` and `lazy_ngettext` from here; templates use the same look-up
(i18n.install_template_gettext)."""

from flask.globals import _cv_app
from flask_babel import get_translations
from flask_babel.speaklater import LazyString


def request_translations():
    """The current language's catalog. A language forced for a message (force_locale) or
    changed (refresh) is a different locale object, so it gets its own catalog."""
    app_context = _cv_app.get(None)
    babel_state = app_context and app_context.g.__dict__.get("_flask_babel")
    if babel_state is not None:
        cached = getattr(babel_state, "portal_translations", None)
        locale = getattr(babel_state, "babel_locale", None)
        if cached is not None and locale is not None and cached[0] is locale:
            return cached[1]
    translations = get_translations()
    babel_state = app_context and app_context.g.__dict__.get("_flask_babel")
    if babel_state is not None:
        babel_state.portal_translations = (getattr(babel_state, "babel_locale", None),
                                           translations)
    return translations


def gettext(string, **variables):
    text = request_translations().ugettext(string)
    return text % variables if variables else text


def ngettext(singular, plural, num, **variables):
    variables.setdefault("num", num)
    return request_translations().ungettext(singular, plural, num) % variables


def lazy_gettext(string, **variables):
    return LazyString(gettext, string, **variables)


def lazy_ngettext(singular, plural, num, **variables):
    return LazyString(ngettext, singular, plural, num, **variables)
