"""What the page sends in: filter values, uploaded files and where uploads are kept."""


from __future__ import annotations

from pathlib import Path
from typing import Any

from briefbot import _offline  # noqa: F401
from briefbot.app.service import ServedBot
from briefbot.app.ui.html import UPLOAD_SUFFIXES
from briefbot.app.ui.style import MB
from briefbot.store.retrieve import Filters


def filters_of(sources: list[str] | None, date_from: str | None, date_to: str | None) -> dict[str, Any] | None:
    out: dict[str, Any] = {}
    if sources:
        out["sources"] = list(sources)
    if date_from and date_from.strip():
        out["date_from"] = date_from.strip()
    if date_to and date_to.strip():
        out["date_to"] = date_to.strip()
    if out:
        Filters.parse(out)  # raises ValueError with a clear message on bad dates
    return out or None


def check_upload(path: Path, max_mb: float) -> str | None:
    """Why an uploaded file is refused (type or size), or None when it is fine."""
    suffix = path.suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        return f"unsupported file type {suffix or '(none)'}; upload one of {' '.join(UPLOAD_SUFFIXES)}"
    size = path.stat().st_size
    if size > max_mb * MB:
        return f"file is {size / MB:.1f} MB, over the {max_mb:g} MB upload limit (BRIEFBOT_MAX_UPLOAD_MB)"
    return None


def upload_dir(sbot: ServedBot) -> Path:
    path = Path(sbot.settings.index_dir) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path
