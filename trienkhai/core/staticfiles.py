"""Static files in production: whitenoise's compressed, hashed storage, made safe to start
before ``collectstatic`` has run (issue 16.2).

With the stock storage, a worker that starts before the manifest exists answers 500 on every
page (``{% static %}`` raises for a name missing from the manifest) and stays so until it is
restarted. Here a name missing from the manifest falls back to its plain name, which
whitenoise serves from the apps' static folders (``WHITENOISE_USE_FINDERS``); once
``collectstatic`` has run, a new worker serves the hashed, compressed copies.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


# whitenoise ships no types: its storage is Any to mypy.
class ProjectStaticStorage(CompressedManifestStaticFilesStorage):  # type: ignore[misc]
    manifest_strict = False
    manifest_name: str

    def stored_name(self, name: str) -> str:
        if not self.hashed_files:
            # Started before `collectstatic`: plain names until restarted (the files whitenoise
            # scanned at start are the apps' own, not copies collected since).
            return name
        try:
            return cast(str, super().stored_name(name))
        except ValueError:  # not collected yet: the plain name, served from the apps' folders
            return name


def manifest_path() -> Path:
    return Path(settings.STATIC_ROOT) / ProjectStaticStorage.manifest_name


def sources() -> list[Path]:
    """Every static file the finders know of (the project's and the installed apps')."""
    from django.contrib.staticfiles import finders

    found = []
    for finder in finders.get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            found.append(Path(storage.path(path)))
    return found


def manifest_is_stale() -> str:
    """Why the collected files must be collected again ('' when they are current)."""
    manifest = manifest_path()
    if not manifest.exists():
        return f"{manifest} is missing"
    built = manifest.stat().st_mtime
    newer = [p for p in sources() if p.stat().st_mtime > built]
    if newer:
        return f"{len(newer)} static files are newer than {manifest.name} (e.g. {newer[0].name})"
    return ""
