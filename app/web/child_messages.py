"""Which messages a child or young person reads, for translators and the register test.

Every message in the files below, and in the lines of a Python file between
`# child-messages: start` and `# child-messages: end`, is marked in the catalogs with a
translator comment that starts with "child:". A single message elsewhere can carry the same
comment in the source (`# child: ...` in Python, `{# child: ... #}` in a template), which
`pybabel extract --add-comments=child:` picks up. Translators address these messages to a child in
the informal register of their language; app/translations/REGISTER.md gives the rule.
"""

from fnmatch import fnmatch

from babel.messages.extract import extract_python
from jinja2.ext import babel_extract

TAG = "child:"
COMMENT = "child: a child or young person reads this (see app/translations/REGISTER.md)"

# Pages only a child or young person (or an adult helping them with their views) reads.
CHILD_FILES = (
    "app/guide/templates/guide/children/*.html",
    "app/guide/templates/guide/young_people/*.html",
    "app/rules/journey.py",
    "app/child_views/templates/child_views/_answers.html",
    "app/child_views/templates/child_views/check.html",
    "app/child_views/templates/child_views/drawing.html",
    "app/child_views/templates/child_views/help.html",
    "app/child_views/templates/child_views/sent.html",
    "app/child_views/templates/child_views/start.html",
    "app/child_views/templates/child_views/step.html",
)


def is_child_file(path):
    """Whether a source file (relative or absolute path) is one of a child's pages."""
    return any(fnmatch(str(path), "*" + pattern) for pattern in CHILD_FILES)


START, END = "# child-messages: start", "# child-messages: end"


def child_lines(text):
    """The line numbers (from 1) between the start and end markers of a source file."""
    lines, inside = set(), False
    for lineno, line in enumerate(text.splitlines(), start=1):
        if line.strip() == START:
            inside = True
        elif line.strip() == END:
            inside = False
        elif inside:
            lines.add(lineno)
    return lines


def _marked(results, fileobj, marked_lines=frozenset()):
    child = is_child_file(getattr(fileobj, "name", ""))
    for lineno, funcname, message, comments in results:
        if ((child or lineno in marked_lines)
                and not any(comment.startswith(TAG) for comment in comments)):
            comments = [*comments, COMMENT]
        yield lineno, funcname, message, comments


def extract_child_python(fileobj, keywords, comment_tags, options):
    """Babel's Python extractor, marking each message of a child's page."""
    marked_lines = child_lines(fileobj.read().decode(options.get("encoding", "utf-8")))
    fileobj.seek(0)
    return _marked(extract_python(fileobj, keywords, comment_tags, options), fileobj,
                   marked_lines)


def extract_child_jinja2(fileobj, keywords, comment_tags, options):
    """Jinja's extractor, marking each message of a child's page. Jinja drops the tag from a
    `{# child: ... #}` comment, so it is put back."""
    results = babel_extract(fileobj, keywords, comment_tags, options)
    tagged = ((lineno, funcname, message,
               [c if c.startswith(TAG) else f"{TAG} {c}" for c in comments])
              for lineno, funcname, message, comments in results)
    return _marked(tagged, fileobj)
