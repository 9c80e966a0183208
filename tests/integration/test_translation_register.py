"""A child is spoken to as a child: each message a child reads is marked in the catalogs, and
in Spanish, Portuguese, Turkish and Bengali it never uses the formal forms the register rule
(app/translations/REGISTER.md) lists. Words that mislead ("seat" for chair, "lawyer" for
advocate) are used nowhere. Every message with a count has its plural forms."""

import glob
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app.web import child_messages

RULE = Path("app/translations/REGISTER.md")
TEMPLATE = "app/translations/messages.pot"
CHECKED_REGISTER = ("es", "pt", "tr", "bn")
# A number that labels something rather than counts it takes no plural.
LABEL_NUMBERS = {"version", "number", "total", "expected", "received", "shared", "on_time"}
NUMBER = re.compile(r"%\((\w+)\)d|%\{(\w+)\}")


def _catalog(path):
    with open(path, "rb") as handle:
        return read_po(handle)


def _strings(message):
    return message.string if isinstance(message.string, tuple) else (message.string,)


def _msgid(message):
    return message.id if isinstance(message.id, str) else message.id[0]


def _is_child(message):
    return any(comment.startswith(child_messages.TAG) for comment in message.auto_comments)


def rule_items(language, label):
    """The backticked items of one language's "Formal forms" or "Never" line in the rule."""
    sections = re.split(r"^## ", RULE.read_text(encoding="utf-8"), flags=re.MULTILINE)
    section = next(s for s in sections if s.split("\n", 1)[0].endswith(f"({language})"))
    match = re.search(rf"^- {label}:(.*?)(?=^- |\Z)", section, flags=re.MULTILINE | re.DOTALL)
    return re.findall(r"`([^`]+)`", match.group(1)) if match else []


# Letters, and the vowel signs and other marks of Indic and Arabic scripts, which \w leaves out.
LETTER = r"[\w\u0900-\u0DFF\u064B-\u065F\u0670]"


def uses(patterns, text):
    """The first of the patterns found in the text as a whole word, or None."""
    for pattern in patterns:
        if re.search(rf"(?<!{LETTER})(?:{pattern})(?!{LETTER})", text or "",
                     flags=re.IGNORECASE):
            return pattern
    return None


def test_a_childs_pages_are_marked_and_a_parents_are_not():
    messages = {_msgid(m): m for m in _catalog(TEMPLATE) if m.id}
    for child in ("Do you feel safe where you live?", "You have not done anything wrong.",
                  "Who can read what you have said?", "Only the chair",
                  "Tell the meeting what you think", "Having your say"):
        assert _is_child(messages[child]), child
    for adult in ("Write down what you want to say", "How to complain",
                  "I am helping %(child)s to share their views"):
        assert not _is_child(messages[adult]), adult
    marked = sum(_is_child(m) for m in messages.values())
    assert marked > 150


def test_the_rule_lists_formal_forms_for_each_checked_language():
    for language in CHECKED_REGISTER:
        assert len(rule_items(language, "Formal forms")) >= 5, language
    assert "usted" in rule_items("es", "Formal forms")
    assert "ایڈووکیٹ" in rule_items("ur", "Never")


def test_the_check_finds_a_formal_form():
    formal = rule_items("es", "Formal forms")
    assert uses(formal, "¿Se siente a salvo donde vive? Sus padres lo leen.")
    assert not uses(formal, "¿Te sientes a salvo donde vives? Tus padres lo leen.")
    assert uses(rule_items("tr", "Formal forms"), "Siz yanlış bir şey yapmadınız.")
    assert not uses(rule_items("tr", "Formal forms"), "Sen yanlış bir şey yapmadın.")
    assert uses(rule_items("bn", "Formal forms"), "আপনি কোনো ভুল করেননি।")
    assert uses(rule_items("pt", "Formal forms"), "Os seus pais só veem o que escreve.")
    assert uses(rule_items("ur", "Never"), "صرف چیئر")
    assert not uses(rule_items("ur", "Never"), "صرف چیئرپرسن")


@pytest.mark.parametrize("language", CHECKED_REGISTER)
def test_a_child_is_never_spoken_to_formally(language):
    formal = rule_items(language, "Formal forms")
    catalog = _catalog(f"app/translations/{language}/LC_MESSAGES/messages.po")
    found = [(_msgid(m), word) for m in catalog if m.id and _is_child(m)
             for word in [uses(formal, " ".join(_strings(m)))] if word]
    assert not found, f"{len(found)} formal in {language}: {found[:5]}"


@pytest.mark.parametrize("path", sorted(glob.glob("app/translations/*/LC_MESSAGES/messages.po")))
def test_no_word_that_misleads(path):
    language = path.split("/")[2]
    never = rule_items(language, "Never")
    found = [(_msgid(m), word) for m in _catalog(path) if m.id
             for word in [uses(never, " ".join(_strings(m)))] if word]
    assert not found, f"{len(found)} in {language}: {found[:5]}"


def test_every_count_has_plural_forms():
    single = []
    for message in _catalog(TEMPLATE):
        if not message.id or isinstance(message.id, tuple):
            continue
        names = {a or b for a, b in NUMBER.findall(message.id)}
        if names - LABEL_NUMBERS:
            single.append(message.id)
    assert not single, single


SIGN_IN = ("Your sign-in code is %(code)s. It works for %(num)d minute. Do not share it with "
           "anyone.", "Your sign-in code is %(code)s. It works for %(num)d minutes. Do not "
           "share it with anyone.")
TIMEOUT = ("You have not done anything for a while. To keep your information safe, we will sign "
           "you out in %(num)d minute.", "You have not done anything for a while. To keep your "
           "information safe, we will sign you out in %(num)d minutes.")


def test_counts_read_right_in_languages_with_many_plural_forms(sqlite_app):
    from flask_babel import force_locale, ngettext

    from app.web.template_helpers import plural_forms

    with sqlite_app.test_request_context():
        with force_locale("ar"):
            assert "10 دقائق" in ngettext(*SIGN_IN, 10, code="123456")
            assert "11 دقيقة" in ngettext(*SIGN_IN, 11, code="123456")
            remaining = plural_forms("You have %{count} character remaining",
                                     "You have %{count} characters remaining")
            assert set(remaining) == {"zero", "one", "two", "few", "many", "other"}
            assert "أحرف" in remaining["few"]
        with force_locale("cy"):
            assert "2 funud" in ngettext(*TIMEOUT, 2)
            assert "3 munud" in ngettext(*TIMEOUT, 3)
        with force_locale("pl"):
            assert "5 minut." in ngettext(*SIGN_IN, 5, code="123456")
            assert "2 minuty" in ngettext(*SIGN_IN, 2, code="123456")
