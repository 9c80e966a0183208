"""The rules of a child's views, apart from requests: the pages in order, which answers
mean a child may not be safe, which words suit the child's age, and the cut-off."""

from flask_babel import lazy_gettext as _l

from app.data import models as m

# Below this age a child takes part through an adult, and the pages use simpler words.
YOUNG_PERSON_AGE = 11

# The pages, one question each, in the order a child meets them: a gentle question about
# how they feel comes before whether they feel safe.
STEPS = (
    "feelings", "safe", "worries", "good-things", "dreams", "meeting-to-know",
    "what-should-happen", "drawing", "taking-part", "who-can-read",
)
TEXT_STEPS = ("worries", "good-things", "dreams", "meeting-to-know", "what-should-happen")
# The three houses (worries, good things, dreams), each drawn on its page.
HOUSES = ("worries", "good-things", "dreams")
LIMIT = 3000

SAFE_CHOICES = ("yes", "not_sure", "no")
FEELINGS = ("happy", "ok", "sad", "worried", "scared")
TAKING_PART = ("come_to_part", "talk_to_chair", "advocate_speaks", "just_send")
AUDIENCES = (m.AUDIENCE_CHAIR_ONLY, m.AUDIENCE_CHAIR_AND_SOCIAL_WORKER, m.AUDIENCE_EVERYONE)

# What each text page asks: (answer key, words for a young person, for a younger child).
TEXT_QUESTIONS = {
    "worries": ("worries", _l("The house of worries"), _l("The house of worries")),
    "good-things": ("good_things", _l("The house of good things"),
                    _l("The house of good things")),
    "dreams": ("dreams", _l("The house of dreams"), _l("The house of dreams")),
    "meeting-to-know": ("meeting_to_know", _l("What I want the meeting to know"),
                        _l("What I want the grown-ups at the meeting to know")),
    "what-should-happen": ("would_like", _l("What I would like to happen"),
                           _l("What I would like to happen")),
}
TEXT_HINTS = {
    "worries": (_l("What worries you, at home, at school or anywhere else?"),
                _l("What makes you feel worried or upset?")),
    "good-things": (_l("What is good in your life? Who helps you?"),
                    _l("What makes you happy? Who is kind to you?")),
    "dreams": (_l("What would make things better for you?"),
               _l("If you could wish for anything, what would it be?")),
    "meeting-to-know": (_l("Anything you want the people at the meeting to hear from you."),
                        _l("You can tell them anything you like.")),
    "what-should-happen": (_l("What should happen next for you and your family?"),
                           _l("What would you like to happen next?")),
}

# The safety answers that reach the social worker and the duty contact straight away.
CONCERNS = {("safe", "no"), ("safe", "not_sure"), ("feeling", "scared")}


# Adults who put a child's views in with or for the child.
HELPER_ROLES = (m.ADVOCATE, m.SOCIAL_WORKER)


def is_helper(participant) -> bool:
    return participant.role in HELPER_ROLES


def is_younger(participant) -> bool:
    """Words for a younger child: a child signing in as "child", anyone helping a child
    (an advocate or a social worker), or a child whose age we know is under 11."""
    if participant.role == m.CHILD or is_helper(participant):
        return True
    child = participant.child
    return bool(child and child.age is not None and child.age < YOUNG_PERSON_AGE)


def concerns(answers: dict) -> set[str]:
    """The safety answers given, as "question:answer" codes such as "safe:no"."""
    return {f"{key}:{value}" for key, value in CONCERNS if answers.get(key) == value}


def new_concerns(before: dict, after: dict) -> set[str]:
    """Concerns the latest answer raised that were not there before (each alerts once)."""
    return concerns(after) - concerns(before)


def is_open(conference, now) -> bool:
    """A child can change their views, and who reads them, until the conference starts."""
    return now < conference.starts_at


def next_step(step: str, answers: dict) -> str:
    """The page after this one; once a child has seen the check page they go back to it."""
    if answers.get("checked") or step == STEPS[-1]:
        return "check"
    return STEPS[STEPS.index(step) + 1]


def previous_step(step: str) -> str | None:
    index = STEPS.index(step)
    return STEPS[index - 1] if index else None


def is_empty(answers: dict) -> bool:
    """Nothing said yet: no house, no message, no feeling and no drawing."""
    said = [answers.get(TEXT_QUESTIONS[s][0], "").strip() for s in TEXT_STEPS]
    return not any(said) and not answers.get("feeling") and not answers.get("has_drawing")
