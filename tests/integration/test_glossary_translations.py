"""Key terms read the same everywhere: the glossary is the reference for every catalog.

Wherever a glossary term is written out in an English message, the translation of that
message uses the glossary's translation of the term. Grammar may change a word's ending,
and Welsh may mutate its first letter, so each word of the term is matched by its stem.
"""

import math
import re

import pytest
from babel.messages.pofile import read_po

from app.data import glossary
from app.web import i18n

LANGUAGES = sorted(code for code in i18n.LANGUAGES if code != "en")
# A word that is not the term in some messages: "30 minutes" is a time, not the record.
NOT_THE_TERM = {"minutes": re.compile(r"(\d|%\(\w+\)[ds]|%\{\w+\}|\bfew|\bmany)\s+minutes", re.I)}


def term_ids():
    return [term.name._args[0] for term in glossary.TERMS]


def catalog(lang):
    with open(f"app/translations/{lang}/LC_MESSAGES/messages.po", "rb") as handle:
        return read_po(handle, locale=lang)


def stems(word):
    """The part of a word that survives endings and (in Welsh) an initial mutation."""
    size = max(3, math.ceil(len(word) * 0.6))
    return {word[start:start + size] for start in range(0, 3) if len(word) >= start + size}


# A word, with the combining marks Python's \w leaves out: the vowel signs of the Indic
# scripts (Bengali, Gujarati, Gurmukhi) and the Arabic-script diacritics would otherwise
# cut a word into pieces too short to check.
WORD = re.compile(r"[\w\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
                  r"\u0900-\u0dff]+")


def uses_term(translation, term_translation):
    text = translation.casefold()
    words = [w for w in WORD.findall(term_translation.casefold()) if len(w) >= 4]
    return all(any(stem in text for stem in stems(word)) for word in words)


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%\{\w+\}")


def plain_text(message):
    return message.id if isinstance(message.id, str) else message.id[0]


def written_out(source):
    """The message without its placeholders: a term put in through one is the term itself."""
    return PLACEHOLDER.sub(" ", source)


def strings(message):
    return message.string if isinstance(message.string, tuple) else (message.string,)


def test_every_glossary_term_has_a_message_of_its_own():
    english = {plain_text(m) for m in catalog("cy") if m.id}
    assert set(term_ids()) <= english


@pytest.mark.parametrize("lang", LANGUAGES)
def test_glossary_terms_are_translated_the_same_way_everywhere(lang):
    messages = catalog(lang)
    inconsistent = []
    for term_id in term_ids():
        term_translation = messages.get(term_id).string
        pattern = re.compile(rf"\b{re.escape(term_id)}\b", re.IGNORECASE)
        for message in messages:
            source = plain_text(message) if message.id else ""
            if not source or source == term_id or not pattern.search(written_out(source)):
                continue
            if term_id in NOT_THE_TERM and NOT_THE_TERM[term_id].search(source):
                continue
            for translation in strings(message):
                if translation and not uses_term(translation, term_translation):
                    inconsistent.append(f"{term_id!r} -> {term_translation!r} not in "
                                        f"{translation!r} ({source[:60]!r})")
    assert not inconsistent, f"{len(inconsistent)} in {lang}:\n" + "\n".join(inconsistent[:15])


def test_words_in_indic_scripts_are_whole_words():
    assert WORD.findall("ਸੋਸ਼ਲ ਵਰਕਰ") == ["ਸੋਸ਼ਲ", "ਵਰਕਰ"]
    assert uses_term("আপনার সমাজকর্মী আসবেন", "সমাজকর্মী")
    assert not uses_term("আপনার শিক্ষক আসবেন", "সমাজকর্মী")


def test_the_stem_match_allows_endings_and_mutations_but_not_another_word():
    assert uses_term("Siaradwch â'r gadeirydd", "cadeirydd")  # Welsh soft mutation
    assert uses_term("przewodniczącego spotkania", "przewodniczący")  # Polish case ending
    assert not uses_term("Siaradwch â'r gweithiwr", "cadeirydd")
