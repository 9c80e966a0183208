"""The rules of a child's views, apart from requests: the pages in order, which answers
mean a child may not be safe, which words suit the child's age, and the cut-off. Every
list of choices and the words for it are written here once; the pages, the forms and the
printout read them from here."""

from app.data import models as m
from app.web.translation import lazy_gettext as _l

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

# Words for each choice page: (answer key, heading for a young person, for a younger
# child, hint).
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
# Each question's choices, in the order shown, with their words.
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


def choice_hints(key: str, younger: bool):
    """The hint under each choice of this question, in the words for the child's age."""
    hints = CHOICE_HINTS.get(key)
    if not hints:
        return None
    return [{"hint": {"text": hints[value][1 if younger else 0]}} for value in CHOICE_WORDS[key]]


# What stops a child's views being sent, and the page that puts it right.
SEND_PROBLEMS = {
    "safe": (_l("Answer whether you feel safe where you live"), "safe"),
    "empty": (_l("Write something in at least one house, choose how you feel, or add a "
                 "photo before you send"), "worries"),
}
