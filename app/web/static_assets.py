"""Static files under names that change with their content, served compressed.

A phone on prepaid data should download the CSS and JavaScript once and keep them until
they change. So the build copies each file to a name carrying a hash of its content
(`portal.3f2a9c1b0d4e.css`), with gzip and Brotli copies beside it, and writes a manifest
that templates read through `asset_url`. Only those fingerprinted names are cached as
immutable: a deploy changes the names, so no browser keeps an old file.

Run by the build: `python -m app.web.static_assets app/static/dist`.
"""

import gzip
import hashlib
import json
import re
import sys
from pathlib import Path

import brotli

MANIFEST = "manifest.json"
# Built in this order: portal.js imports govuk-frontend.min.js by its fingerprinted name.
SOURCES = ("govuk-frontend.min.js", "portal.js", "portal.css")
FINGERPRINTED = re.compile(r"\.[0-9a-f]{12}\.(?:css|js)$")


def fingerprinted_name(name: str, content: bytes) -> str:
    stem, dot, extension = name.rpartition(".")
    # The stem may itself hold dots (govuk-frontend.min): the hash goes before the extension.
    return f"{stem}.{hashlib.sha256(content).hexdigest()[:12]}{dot}{extension}"


def is_fingerprinted(path: str) -> bool:
    return bool(FINGERPRINTED.search(path))


def build(dist: Path) -> dict:
    """Write fingerprinted, precompressed copies of each source file and the manifest;
    remove copies left by earlier builds."""
    for old in dist.iterdir():
        if is_fingerprinted(old.name.removesuffix(".gz").removesuffix(".br")):
            old.unlink()
    manifest = {}
    for name in SOURCES:
        content = (dist / name).read_bytes()
        if name == "portal.js":
            # Rewrite the import so that a new GOV.UK Frontend gives portal.js a new name too.
            content = content.replace(
                b'"./govuk-frontend.min.js"',
                f'"./{manifest["govuk-frontend.min.js"]}"'.encode())
        target = fingerprinted_name(name, content)
        (dist / target).write_bytes(content)
        (dist / f"{target}.gz").write_bytes(gzip.compress(content, compresslevel=9, mtime=0))
        (dist / f"{target}.br").write_bytes(brotli.compress(content, quality=11))
        manifest[name] = target
    (dist / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def load_manifest(dist: Path) -> dict:
    """The fingerprinted name of each file; empty where the build has not made them."""
    try:
        return json.loads((dist / MANIFEST).read_text())
    except (OSError, ValueError):
        return {}


if __name__ == "__main__":
    for name, target in build(Path(sys.argv[1])).items():
        print(f"{name} -> {target}")
