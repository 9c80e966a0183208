"""The baseline the portal is measured against: bare Flask serving one 3 KB Jinja page."""

from flask import Flask, render_template_string

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main>
<h1>{{ title }}</h1>
{% for paragraph in paragraphs %}<p>{{ paragraph }}</p>
{% endfor %}
</main></body></html>"""

app = Flask(__name__)
PARAGRAPHS = ["A short paragraph of plain words about what happens next, and who can help."
              for _ in range(36)]


@app.route("/")
def page():
    return render_template_string(PAGE, title="Baseline", paragraphs=PARAGRAPHS)
