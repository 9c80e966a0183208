"""Odd input stops at the door: no control character reaches the database or the audit trail.

- Every variable part of a URL is matched by a converter that refuses control characters,
  so such a URL answers 404 before any view runs; and every variable naming a record
  (`…_id`) must look like one of our ids, or the page answers 404.
- Every form field, query parameter and uploaded file name has its control characters
  (NUL, escape, bell…) taken out as the request is read (and a field without a readable
  name is dropped); line breaks and tabs stay, and so
  do the invisible marks that right-to-left languages need.
"""

import re

from flask import Request, abort
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import BaseConverter
from werkzeug.utils import cached_property

# C0 controls except tab, line feed and carriage return; DEL; C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Ids are made by models.new_id (URL-safe base64); a little room for longer ones.
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def clean(text):
    """The text without control characters (tabs and line breaks stay)."""
    return _CONTROL.sub("", text) if isinstance(text, str) else text


def _clean_multidict(values):
    # A multipart part whose name cannot be read (a line break in it) comes with no name:
    # such a field is dropped, as nothing could ask for it.
    return ImmutableMultiDict(
        [(clean(key), clean(value)) for key, value in values.items(multi=True)
         if isinstance(key, str)])


class TextConverter(BaseConverter):
    """The default converter, without control characters (a NUL cannot be in a path part)."""

    regex = r"[^/\x00-\x1f\x7f-\x9f]+"


class CleanRequest(Request):
    """A request whose form, query and file names have had control characters taken out."""

    def _load_form_data(self):
        super()._load_form_data()
        self.__dict__["form"] = _clean_multidict(self.__dict__["form"])
        files = self.__dict__["files"]
        for upload in files.values():
            if upload.filename:
                upload.filename = clean(upload.filename)
        if any(not isinstance(key, str) for key in files):
            self.__dict__["files"] = type(files)(
                (key, upload) for key, upload in files.items(multi=True)
                if isinstance(key, str))

    @cached_property
    def args(self):
        return _clean_multidict(super().args)


def looks_like_an_id(value):
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def refuse_malformed_ids(endpoint, values):
    """A URL naming a record by something that cannot be an id answers 404."""
    for name, value in (values or {}).items():
        if (name == "id" or name.endswith("_id")) and not looks_like_an_id(value):
            abort(404)


def register(app):
    """Called by the app factory before any blueprint adds its URLs."""
    app.request_class = CleanRequest
    app.url_map.converters["default"] = TextConverter
    app.url_map.converters["string"] = TextConverter
    app.url_value_preprocessor(refuse_malformed_ids)
