"""What a network client (HTTP API, web UI) may ask the server to ingest.

Why: the CLI and the Python API may read any file the user names, but a request that
arrives over the network must not make the server read its own files (issue 12,
findings 3 and 4).  So the network front ends accept only

* http(s) URLs (fetched by the safe fetcher, which refuses private addresses), and
* uploaded bytes (Gradio stores them in its upload folder; we check the path is there),
* server paths only inside a folder the administrator listed in ``ingest_roots``,
  resolved with symlinks and checked to stay inside, with no hidden part.

A refused path always gets the same message, whether or not it exists, so the error
text never tells a client what is on the server's disk.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from briefbot.sources.articles import LoadFailure
from briefbot.sources.fetch import without_credentials

PATH_REFUSED = (
    "server paths are not accepted over the network: send http(s) URLs or upload the files "
    "(an administrator may list a server folder in the ingest_roots setting)"
)
UPLOAD_REFUSED = "not a file uploaded through this page: upload it again"


@dataclass
class Screened:
    """Sources split into what may be ingested and what is refused (with reasons)."""

    accepted: list[str] = field(default_factory=list)
    refused: list[LoadFailure] = field(default_factory=list)


def is_url(value: str) -> bool:
    return value.strip().lower().startswith(("http://", "https://"))


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be fetched at all (malformed), or None."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises ValueError for a bad port
    except ValueError as exc:
        return f"malformed URL ({exc}): check the brackets, host and port"
    if not parts.hostname:
        return "malformed URL: it has no host name"
    return None


def _inside(path: Path, root: Path) -> bool:
    return path == root or path.is_relative_to(root)


def allowed_server_path(source: str, roots: Sequence[Path]) -> Path | None:
    """The resolved path when ``source`` lies inside one of ``roots`` (and is not hidden)."""
    if not roots or "\x00" in source:
        return None
    try:
        path = Path(source).expanduser()
        if not path.is_absolute():
            return None
        resolved = path.resolve()
    except (OSError, RuntimeError, ValueError):
        return None
    for root in roots:
        try:
            base = Path(root).expanduser().resolve()
        except (OSError, RuntimeError, ValueError):
            continue
        if _inside(resolved, base):
            hidden = any(part.startswith(".") for part in resolved.relative_to(base).parts)
            return None if hidden else resolved
    return None


def screen_sources(sources: Sequence[str], roots: Sequence[Path]) -> Screened:
    """Split a network client's sources into URLs / allowed paths and refusals."""
    out = Screened()
    for source in sources:
        if is_url(source):
            problem = url_problem(source.strip())
            if problem:
                out.refused.append(LoadFailure(source, problem))
            else:
                out.accepted.append(source.strip())
            continue
        path = allowed_server_path(source, roots)
        if path is None:
            out.refused.append(LoadFailure(source, PATH_REFUSED))
        else:
            out.accepted.append(str(path))
    return out


def public_origin(origin: str, roots: Sequence[Path] = ()) -> str:
    """An article's origin as a network client may see it (issue 21, N13).

    A URL without ``user:password@``; a server file as its path inside the
    ``ingest_roots`` folder that holds it (``<root name>/<path inside>``), else its file
    name alone: never the server's absolute paths (its home, index or upload folder).
    """
    if not origin or is_url(origin):
        return without_credentials(origin)
    path = Path(origin)
    for root in roots:
        try:
            base = Path(root).expanduser().resolve()
        except (OSError, RuntimeError, ValueError):
            continue
        if path != base and _inside(path, base):
            return str(Path(base.name) / path.relative_to(base))
    return path.name or origin


def upload_folder() -> Path:
    """Where Gradio stores uploaded files (``GRADIO_TEMP_DIR`` or ``<tmp>/gradio``)."""
    try:
        from gradio.utils import get_upload_folder

        return Path(get_upload_folder()).resolve()
    except ImportError:  # pragma: no cover - gradio is a dependency of the UI
        return (Path(os.environ.get("GRADIO_TEMP_DIR") or Path(tempfile.gettempdir()) / "gradio")).resolve()


def uploaded_file(path: str, folder: Path | None = None) -> Path | None:
    """The resolved path when ``path`` is a regular file inside the upload folder, else None."""
    base = folder or upload_folder()
    try:
        resolved = Path(path).resolve()
    except (OSError, RuntimeError, ValueError):
        return None
    if not _inside(resolved, base) or resolved == base or not resolved.is_file():
        return None
    return resolved
