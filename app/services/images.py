"""Checking a photo of a drawing or a written page, and keeping only its pixels.

An upload is judged by its bytes, never its name or the browser's content type. A
JPEG or PNG is decoded and re-encoded from its pixels alone, so nothing else in the
file (EXIF, GPS, camera details, comments, a ZIP or a page appended after the image)
can reach the database or anyone who later opens the picture.
"""

from __future__ import annotations

import io
import math
import re
import threading
import warnings
from contextlib import contextmanager
from dataclasses import dataclass

from PIL import Image, ImageOps

EMPTY = "empty"
TOO_LARGE = "too-large"
NOT_IMAGE = "not-image"
TOO_MANY_PIXELS = "too-many-pixels"
HIDDEN_CONTENT = "hidden-content"
UNREADABLE = "unreadable"
BUSY = "busy"

# What is kept: plenty to read a drawing or handwriting, and a bounded size to store.
MAX_SIDE = 3000
# The largest photo a phone takes in its usual setting is about 24.5 million pixels
# (5712 x 4284); most take 12. What is kept is at most 3000 pixels a side (9 million),
# so nothing a drawing needs is lost above that. Larger is a full-sensor mode (48 to
# 200 million) or a crafted file: a 186 KB PNG of 7999 x 7999 took 8 s and 860 MB to
# decode. The size is read from the file's header and refused before any decoding.
MAX_PIXELS = 26_000_000
# Photos decoded at once in one app process (each may take a few hundred MB for a
# moment); more wait their turn, for at most BUSY_WAIT_SECONDS, so that a few uploads
# at once cannot slow every page for everyone.
MAX_CONCURRENT = 2
BUSY_WAIT_SECONDS = 20
_slots = threading.BoundedSemaphore(MAX_CONCURRENT)

_SIGNATURES = {
    b"\xff\xd8\xff": "JPEG",
    b"\x89PNG\r\n\x1a\n": "PNG",
}
_CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png"}

# Signs of a second file hidden in the image (a polyglot): markup a browser would run,
# or the end record every ZIP carries within its last 64 KB.
_MARKUP = re.compile(rb"<\s*(script|html|svg|iframe|\?php)|javascript:", re.IGNORECASE)
_ZIP_END = b"PK\x05\x06"
_ZIP_END_WINDOW = 65_557
_PNG_END = b"IEND\xaeB`\x82"


class ImageRejected(Exception):
    """An upload failed a check; ``reason`` is one of the module's reason constants."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    content_type: str
    width: int
    height: int


def sniff(data: bytes) -> str | None:
    """The image format the bytes start with ("JPEG" or "PNG"), or None."""
    for signature, name in _SIGNATURES.items():
        if data.startswith(signature):
            return name
    return None


def has_hidden_content(data: bytes, kind: str) -> bool:
    """True when something other than the picture rides along in the file."""
    if _MARKUP.search(data) or _ZIP_END in data[-_ZIP_END_WINDOW:]:
        return True
    if kind == "PNG":
        end = data.rfind(_PNG_END)
        return end == -1 or data[end + len(_PNG_END):].strip(b"\x00") != b""
    return False


def clean_image(data: bytes, max_bytes: int, max_pixels: int = MAX_PIXELS,
                busy_wait: float = BUSY_WAIT_SECONDS) -> CleanImage:
    """Check an upload and return it re-encoded from its pixels, or raise ImageRejected."""
    if not data:
        raise ImageRejected(EMPTY)
    if len(data) > max_bytes:
        raise ImageRejected(TOO_LARGE)
    kind = sniff(data)
    if kind is None:
        raise ImageRejected(NOT_IMAGE)
    if has_hidden_content(data, kind):
        raise ImageRejected(HIDDEN_CONTENT)
    picture = _open(data, kind, max_pixels)
    with _decoding_slot(busy_wait):
        _load(picture)
        return _reencode(picture, kind)


@contextmanager
def _decoding_slot(wait: float):
    if not _slots.acquire(timeout=wait):
        raise ImageRejected(BUSY)
    try:
        yield
    finally:
        _slots.release()


def _open(data: bytes, kind: str, max_pixels: int) -> Image.Image:
    """Read the header only, and refuse a picture with too many pixels before decoding."""
    with warnings.catch_warnings():
        # Pillow only warns about a large image; here it is a refusal.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            picture = Image.open(io.BytesIO(data), formats=[kind])
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageRejected(TOO_MANY_PIXELS) from None
        except Exception:  # Pillow raises many kinds of error for a broken file
            raise ImageRejected(UNREADABLE) from None
    if picture.width * picture.height > max_pixels:
        raise ImageRejected(TOO_MANY_PIXELS)
    return picture


def _kept_size(width: int, height: int) -> tuple[int, int]:
    scale = min(1.0, MAX_SIDE / max(width, height, 1))
    return max(1, math.ceil(width * scale)), max(1, math.ceil(height * scale))


def _load(picture: Image.Image) -> None:
    if picture.format == "JPEG":
        # A JPEG can be decoded at 1/2, 1/4 or 1/8 of its size: take the smallest
        # that is still at least as large as what is kept.
        picture.draft(picture.mode, _kept_size(picture.width, picture.height))
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            picture.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageRejected(TOO_MANY_PIXELS) from None
        except Exception:
            raise ImageRejected(UNREADABLE) from None
    if getattr(picture, "n_frames", 1) > 1:
        raise ImageRejected(UNREADABLE)  # an animated PNG is not a photo of a page


def _decode(data: bytes, kind: str, max_pixels: int) -> Image.Image:
    picture = _open(data, kind, max_pixels)
    _load(picture)
    return picture


def _reencode(picture: Image.Image, kind: str) -> CleanImage:
    # Turn the picture the way the camera meant, before its orientation tag is dropped.
    picture = ImageOps.exif_transpose(picture)
    if kind == "JPEG":
        mode = "RGB"
    else:
        mode = "RGBA" if picture.mode in ("RGBA", "LA", "P", "PA") else "RGB"
    if picture.mode == "L" and kind == "JPEG":
        mode = "L"
    picture = picture.convert(mode)
    picture.thumbnail((MAX_SIDE, MAX_SIDE))
    # A new image made from the raw pixels carries no info, profile or metadata at all.
    pixels_only = Image.frombytes(mode, picture.size, picture.tobytes())
    out = io.BytesIO()
    if kind == "JPEG":
        pixels_only.save(out, "JPEG", quality=85, optimize=True)
    else:
        pixels_only.save(out, "PNG", optimize=True)
    return CleanImage(out.getvalue(), _CONTENT_TYPES[kind], pixels_only.width,
                      pixels_only.height)
