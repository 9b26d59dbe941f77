"""Article records and the loaders that turn files, URLs and feeds into them.

Every loader yields :class:`Article` objects or :class:`LoadFailure` records; a bad
input never stops the others.  URLs and feeds are downloaded only through the safe
fetcher (:mod:`briefbot.sources.fetch`): no private addresses unless allowed, a deadline and
a size cap.  Ids are stable: front-matter ``id``, else the file
name without extension; ``id``/``doc_id`` in JSON; a slug plus a short hash for URLs
and feed entries.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from briefbot.config import Settings
from briefbot.sources.datelines import find_dateline, strip_line
from briefbot.sources.fetch import FetchError, fetch, without_credentials

TEXT_SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".txt": "text", ".text": "text"}
HTML_SUFFIXES = {".html", ".htm"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
SUPPORTED_SUFFIXES = (
    set(TEXT_SUFFIXES) | HTML_SUFFIXES | JSON_SUFFIXES | FEED_SUFFIXES
)
SKIPPED_NAMES = {"readme.md", "readme.txt", "readme", "license", "license.md", "license.txt"}

_ID_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
_HEADING = re.compile(r"\s*+#\s++(.+)\n")
"""A Markdown title line ("# Title").  The possessive ``\\s++`` never hands spaces back to
the title, so a heading of 40,000 spaces is read once, not once per space (issue 21, N14)."""
log = logging.getLogger("briefbot.sources.articles")


class ArticleError(ValueError):
    """Why one input could not become an article (the message says what to do)."""


@dataclass(frozen=True)
class Article:
    """One news article as briefbot stores it. ``text`` is what offsets point into."""

    id: str
    title: str
    text: str
    source: str = ""
    published: str | None = None
    url: str | None = None
    author: str | None = None
    origin: str = ""
    """Where it was loaded from (file path, URL or feed URL); used by ``--prune``."""

    @property
    def content_hash(self) -> str:
        """sha256 over everything that is stored, so any edit re-indexes the article."""
        payload = json.dumps(
            [self.title, self.text, self.source, self.published, self.url, self.author],
            ensure_ascii=False,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class LoadFailure:
    """An input that was reported and skipped."""

    source: str
    """Where: a path, ``path:line`` for JSON Lines, ``path[i]`` for JSON arrays, or a URL."""
    error: str
    origin: str = ""
    """The file or URL the failure belongs to (defaults to ``source``)."""

    @property
    def file(self) -> str:
        return self.origin or self.source

    def to_dict(self) -> dict[str, str]:
        return {"source": self.source, "error": self.error}


LoadItem = Article | LoadFailure


# --------------------------------------------------------------------------- field caps
@dataclass(frozen=True)
class FieldCaps:
    """Longest ``title``, ``author`` and ``source`` kept (the ``max_*_chars`` settings).

    These fields come from untrusted front matter, feeds and JSON, and are repeated in every
    citation, chunk and ``/api/articles`` row; the text itself is bounded by ``max_file_mb``."""

    title: int = 300
    author: int = 200
    source: int = 200

    @classmethod
    def of(cls, settings: Settings) -> FieldCaps:
        return cls(settings.max_title_chars, settings.max_author_chars, settings.max_source_chars)


def clip_field(value: str, cap: int) -> str:
    """``value`` if at most ``cap`` characters; else cut at the last space in its first ``cap - 1``
    characters (right there when that would lose more than half) and closed with "…", so the
    result is at most ``cap`` characters and says it was cut."""
    if len(value) <= cap:
        return value
    cut = value.rfind(" ", 0, cap - 1)
    if cut < (cap - 1) // 2:
        cut = cap - 1
    return value[:cut].rstrip() + "…"


def cap_fields(article: Article, caps: FieldCaps) -> Article:
    """``article`` with ``title``, ``author`` and ``source`` clipped by :func:`clip_field`."""
    title = clip_field(article.title, caps.title)
    source = clip_field(article.source, caps.source)
    author = clip_field(article.author, caps.author) if article.author else article.author
    if (title, source, author) == (article.title, article.source, article.author):
        return article
    return replace(article, title=title, source=source, author=author)


class _NoAliasLoader(yaml.SafeLoader):
    """YAML's safe loader without aliases: ``*name`` (and merge keys built on them) is refused
    while composing, before anything is expanded, so a few hundred bytes of nested aliases
    cannot become a title of hundreds of megabytes (issue 21, N4).  Front matter is a flat
    list of fields; no article needs an alias."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in front matter: write the value out",
                event.start_mark,
            )
        return super().compose_node(parent, index)


def load_front_matter(text: str) -> Any:
    """Parse front-matter YAML with :class:`_NoAliasLoader` (raises ``yaml.YAMLError``)."""
    loader = _NoAliasLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


# --------------------------------------------------------------------------- helpers
def slugify(value: str, max_len: int = 60) -> str:
    slug = _ID_SAFE.sub("-", value.strip()).strip("-._").lower()
    return slug[:max_len].rstrip("-._") or "article"


def normalize_date(value: Any) -> str | None:
    """Return ``YYYY-MM-DD`` for dates, datetimes and common date strings, else None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
    if match:
        try:
            return date(*map(int, match.groups())).isoformat()
        except ValueError:
            return None
    for fmt in ("%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%d %b %Y", "%Y/%m/%d"):
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _clean_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _str_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def decode_bytes(data: bytes, where: str) -> str:
    """Decode UTF-8 text, rejecting empty, binary and undecodable input with a reason."""
    if not data.strip():
        raise ArticleError("empty file: nothing to ingest")
    if b"\x00" in data[:8192]:
        raise ArticleError("binary file (NUL bytes): not a text article")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(
            f"not valid UTF-8 at byte {exc.start} ({exc.reason}); re-save {_shown_name(where)} as UTF-8"
        ) from exc


def _shown_name(where: str) -> str:
    """A file's name (never the server folder it sits in) or a URL without credentials.

    Error messages reach network clients, and an upload's folder is the server's business
    (issue 21, N13); the failure already names the input it belongs to.
    """
    if is_url(where):
        return without_credentials(where)
    return Path(where).name or where


def build_article(
    *,
    id: str | None,
    title: str | None,
    text: str | None,
    origin: str,
    fallback_id: str,
    source: Any = None,
    published: Any = None,
    url: Any = None,
    author: Any = None,
) -> Article:
    """Validate fields and make an :class:`Article`; raise :class:`ArticleError` if unusable."""
    body = _clean_text(text or "")
    if not body:
        raise ArticleError("article has no text (empty body)")
    article_id = _str_or_none(id) or fallback_id
    if "\n" in article_id or len(article_id) > 200:
        raise ArticleError(f"invalid id {article_id[:40]!r}: one line, at most 200 characters")
    if isinstance(author, list):
        author = ", ".join(str(a) for a in author)
    title_text = _str_or_none(title) or body.split("\n", 1)[0][:120]
    return Article(
        id=article_id,
        title=title_text,
        text=body,
        source=_str_or_none(source) or "",
        published=normalize_date(published),
        url=_str_or_none(url),
        author=_str_or_none(author),
        origin=origin,
    )


# --------------------------------------------------------------------------- formats
def parse_markdown(raw: str, origin: str, fallback_id: str) -> Article:
    """Markdown, optionally with YAML front matter (``id, title, source, published, url, author``)."""
    meta: dict[str, Any] = {}
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")  # Windows/old-Mac line ends
    body = raw
    if raw.startswith("---"):
        match = re.match(r"---[ \t]*\n(?:(.*?)\n)??---[ \t]*(?:\n|$)", raw, re.S)
        if not match:
            raise ArticleError("front matter opened with '---' but never closed with '---'")
        try:
            loaded = load_front_matter(match.group(1) or "")
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f" at line {mark.line + 2}" if mark is not None else ""
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise ArticleError(f"front matter is not valid YAML{line}: {problem}") from exc
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            raise ArticleError("front matter must be a YAML mapping of field: value")
        meta = loaded
        body = raw[match.end():]
    title = meta.get("title")
    if title is None:
        heading = _HEADING.match(body)
        if heading:
            title = heading.group(1).strip()
            body = body[heading.end():]
    return build_article(
        id=meta.get("id"),
        title=title,
        text=body,
        origin=origin,
        fallback_id=fallback_id,
        source=meta.get("source"),
        published=meta.get("published") or meta.get("date") or meta.get("published_at"),
        url=meta.get("url"),
        author=meta.get("author"),
    )


def parse_text(raw: str, origin: str, fallback_id: str) -> Article:
    """Plain text: a short first line followed by more text is taken as the title; a dateline
    near the top gives the outlet and date (:mod:`briefbot.sources.datelines`)."""
    cleaned = _clean_text(raw)
    dateline = find_dateline(cleaned)
    if dateline.line is not None:
        cleaned = strip_line(cleaned, dateline.line).strip()
    first, _, rest = cleaned.partition("\n")
    if rest.strip() and len(first) <= 200:
        return build_article(
            id=None, title=first, text=rest, origin=origin, fallback_id=fallback_id,
            source=dateline.source, published=dateline.published,
        )
    return build_article(id=None, title=None, text=cleaned, origin=origin, fallback_id=fallback_id,
                         source=dateline.source, published=dateline.published)


def parse_html(raw: str, origin: str, fallback_id: str, url: str | None = None) -> Article:
    """Main text, title, date, author and site name via trafilatura."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        raw, url=url, with_metadata=True, include_comments=False, favor_precision=True
    )
    if doc is None:
        raise ArticleError("no article text found in the HTML page")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    return build_article(
        id=None,
        title=data.get("title"),
        text=data.get("text"),
        origin=origin,
        fallback_id=fallback_id,
        source=data.get("sitename") or data.get("hostname"),
        published=data.get("date"),
        url=url or data.get("url"),
        author=data.get("author"),
    )


def article_from_record(record: Any, origin: str, fallback_id: str) -> Article:
    """A JSON object with ``id|doc_id, title, source, published|published_at, url, author, text|body``."""
    if not isinstance(record, dict):
        raise ArticleError(f"expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if text is None:
        text = record.get("body")
    if text is None:
        text = record.get("content")
    if text is not None and not isinstance(text, str):
        raise ArticleError("field 'text' must be a string")
    return build_article(
        id=record.get("id") if record.get("id") is not None else record.get("doc_id"),
        title=record.get("title"),
        text=text,
        origin=origin,
        fallback_id=fallback_id,
        source=record.get("source"),
        published=record.get("published") or record.get("published_at") or record.get("date"),
        url=record.get("url"),
        author=record.get("author"),
    )


def parse_json(raw: str, origin: str, fallback_id: str, jsonl: bool) -> Iterator[LoadItem]:
    """One object, a list of objects, or JSON Lines; each bad record is its own failure."""
    if jsonl:
        for lineno, line in enumerate(raw.splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{origin}:{lineno}"
            try:
                record = json.loads(line)
                yield article_from_record(record, origin, f"{fallback_id}-{lineno}")
            except json.JSONDecodeError as exc:
                yield LoadFailure(where, f"invalid JSON at column {exc.colno}: {exc.msg}", origin)
            except ArticleError as exc:
                yield LoadFailure(where, str(exc), origin)
        return
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ArticleError(f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from exc
    records = data if isinstance(data, list) else [data]
    for index, record in enumerate(records):
        suffix = "" if len(records) == 1 else f"-{index}"
        try:
            yield article_from_record(record, origin, fallback_id + suffix)
        except ArticleError as exc:
            where = origin if len(records) == 1 else f"{origin}[{index}]"
            yield LoadFailure(where, str(exc), origin)


def parse_feed(raw: str | bytes, origin: str) -> Iterator[LoadItem]:
    """RSS/Atom entries via feedparser; each entry's content (or summary) is the text."""
    import feedparser

    feed = feedparser.parse(raw)
    if feed.bozo and not feed.entries:
        raise ArticleError(f"not a readable RSS/Atom feed: {feed.get('bozo_exception')}")
    if not feed.entries:
        raise ArticleError("feed has no entries")
    source = feed.feed.get("title") or ""
    for index, entry in enumerate(feed.entries):
        link = entry.get("link")
        key = entry.get("id") or link or f"{origin}#{index}"
        entry_id = feed_entry_id(origin, key, entry.get("title"))
        html = ""
        if entry.get("content"):
            html = entry.content[0].get("value", "")
        html = html or entry.get("summary", "")
        text = _html_to_text(html)
        published = entry.get("published") or entry.get("updated")
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        if parsed:
            published = date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
        try:
            yield build_article(
                id=entry_id,
                title=entry.get("title"),
                text=text,
                origin=origin,
                fallback_id=entry_id,
                source=source,
                published=published,
                url=link,
                author=entry.get("author"),
            )
        except ArticleError as exc:
            yield LoadFailure(f"{origin}#{link or index}", str(exc), origin)


def feed_entry_id(feed: str, key: str, title: str | None) -> str:
    """A feed entry's article id: its title's slug plus a hash of the feed *and* the entry key.

    The key (GUID or link) is chosen by whoever writes the feed, so another feed may carry
    the same one; hashing the feed in keeps its entries from overwriting ours (issue 21, N9).
    """
    return slugify(title or "entry", 40) + "-" + _short_hash(f"{feed}\n{key}")


def _html_to_text(html: str) -> str:
    if "<" not in html:
        return html
    import trafilatura

    text = trafilatura.extract(f"<html><body><article>{html}</article></body></html>")
    if text:
        return text
    return re.sub(r"<[^>]+>", " ", html)


def _short_hash(value: str) -> str:
    return hashlib.sha1(value.encode("utf-8")).hexdigest()[:10]


# --------------------------------------------------------------------------- sources
def load_file(path: Path, max_bytes: int) -> Iterator[LoadItem]:
    """Load one file by extension; failures are yielded, never raised."""
    origin = str(path)
    fallback_id = path.stem
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ArticleError(
                f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit "
                "(raise max_file_mb to ingest it)"
            )
        if suffix not in SUPPORTED_SUFFIXES:
            raise ArticleError(
                f"unsupported file type {suffix or '(none)'}; use one of "
                + ", ".join(sorted(SUPPORTED_SUFFIXES))
            )
        data = path.read_bytes()
        if suffix in FEED_SUFFIXES:
            decode_bytes(data, origin)
            yield from parse_feed(data, origin)
            return
        raw = decode_bytes(data, origin)
        if suffix in JSON_SUFFIXES:
            yield from parse_json(raw, origin, fallback_id, jsonl=suffix != ".json")
        elif suffix in HTML_SUFFIXES:
            yield parse_html(raw, origin, fallback_id)
        elif TEXT_SUFFIXES[suffix] == "markdown":
            yield parse_markdown(raw, origin, fallback_id)
        else:
            yield parse_text(raw, origin, fallback_id)
    except ArticleError as exc:
        yield LoadFailure(origin, str(exc))
    except OSError as exc:
        yield LoadFailure(origin, f"cannot read file: {exc.strerror or exc}")
    except Exception as exc:  # a parser failing on odd input must not drop the batch
        log.exception("loading %s failed", origin)
        yield LoadFailure(origin, _unexpected(exc))


def _unexpected(exc: Exception) -> str:
    return (
        f"could not be parsed ({type(exc).__name__}: {exc}); check the file or page, "
        "and report it if it looks valid"
    )


OUTSIDE_ROOT = "a symbolic link to a file outside the folder being read: skipped (name the file itself)"


def iter_files(root: Path) -> Iterator[Path]:
    """Files below ``root`` in a stable order, skipping hidden paths and README/LICENSE."""
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if path.is_file() and path.name.lower() not in SKIPPED_NAMES:
            yield path


def stays_inside(path: Path, root: Path) -> bool:
    """Does ``path``, symlinks resolved, lie inside the resolved ``root``?"""
    try:
        resolved, base = path.resolve(), root.resolve()
    except (OSError, RuntimeError, ValueError):
        return False
    return resolved == base or resolved.is_relative_to(base)


def load_folder(root: Path, max_bytes: int) -> Iterator[LoadItem]:
    """Every file of a directory walk, each checked to resolve inside ``root``.

    A folder is a boundary (``ingest_roots`` lists folders a network client may read):
    a symlink inside it that leads out of it is reported and skipped, one that stays
    inside is read (issue 21, N6).
    """
    for path in iter_files(root):
        if stays_inside(path, root):
            yield from load_file(path, max_bytes)
        else:
            yield LoadFailure(str(path), OUTSIDE_ROOT)


def load_url(
    url: str,
    max_bytes: int,
    timeout_s: float,
    *,
    allow_private: bool = False,
    deadline_s: float = 60.0,
) -> Iterator[LoadItem]:
    """Fetch a page or feed with the safe fetcher; HTML pages become one article, feeds many.

    Loopback and private addresses are refused unless ``allow_private`` (the
    ``allow_private_urls`` setting); see :mod:`briefbot.sources.fetch`.  The origin
    recorded (and any failure) names the URL without ``user:password@``.
    """
    shown = without_credentials(url)
    try:
        result = fetch(
            shown,
            allow_private=allow_private,
            timeout_s=timeout_s,
            deadline_s=deadline_s,
            max_bytes=max_bytes,
        )
        yield from _parse_download(shown, result.url, result.content_type, result.body)
    except (ArticleError, FetchError) as exc:
        yield LoadFailure(shown, str(exc))
    except Exception as exc:  # a parser failing on hostile input must not drop the batch
        log.exception("loading %s failed", shown)
        yield LoadFailure(shown, _unexpected(exc))


def _parse_download(url: str, final_url: str, content_type: str, data: bytes) -> Iterator[LoadItem]:
    """Turn a downloaded body into articles: a feed's entries, or one page."""
    text = decode_bytes(data, url)
    head = text.lstrip()[:500].lower()
    is_feed = any(t in content_type for t in ("rss", "atom", "xml")) or head.startswith(
        ("<?xml", "<rss", "<feed")
    )
    if is_feed and ("<rss" in head or "<feed" in head or "<rdf" in head or "xml" in content_type):
        yield from parse_feed(data, url)
        return
    fallback = slugify(final_url.split("://", 1)[-1], 50) + "-" + _short_hash(final_url)
    if "html" in content_type or head.startswith(("<!doctype html", "<html")):
        article = parse_html(text, url, fallback, url=final_url)
    else:
        article = parse_text(text, url, fallback)
    yield Article(**{**article.to_dict(), "id": fallback, "url": article.url or final_url})


def _load_path(text: str, max_bytes: int) -> Iterable[LoadItem]:
    path = Path(text)
    try:
        is_dir, exists = path.is_dir(), path.exists()
    except (OSError, ValueError) as exc:  # e.g. a NUL byte or a name too long
        return [LoadFailure(text, f"not a usable path: {exc}")]
    if is_dir:
        return load_folder(path, max_bytes)
    if exists:
        return load_file(path, max_bytes)
    return [LoadFailure(text, "no such file or directory")]


def is_url(value: str) -> bool:
    return value[:8].lower().startswith(("http://", "https://"))


def load_sources(
    sources: Iterable[str | Path],
    max_bytes: int = 20_000_000,
    timeout_s: float = 20.0,
    *,
    allow_private: bool = False,
    deadline_s: float = 60.0,
) -> Iterator[LoadItem]:
    """Expand paths (files or directories) and URLs into articles and failures.

    Duplicate ids are reported: the first occurrence wins.  URLs go through
    :func:`load_url` (``allow_private`` and ``deadline_s`` are passed on).
    """
    seen: dict[str, str] = {}
    for source in sources:
        text = str(source)
        if is_url(text):
            items: Iterable[LoadItem] = load_url(
                text, max_bytes, timeout_s, allow_private=allow_private, deadline_s=deadline_s
            )
        else:
            items = _load_path(text, max_bytes)
        for item in items:
            if isinstance(item, Article):
                if item.id in seen:
                    yield LoadFailure(
                        item.origin,
                        f"duplicate article id {item.id!r} (already loaded from {seen[item.id]}); "
                        "give one of them a different 'id'",
                    )
                    continue
                seen[item.id] = item.origin
            yield item


@dataclass
class LoadedBatch:
    """Sources read (files) or fetched (URLs) by :func:`load_batch`; nothing written yet.

    Loading is the slow, network-bound half of an ingest; it holds no lock, so a
    server keeps answering while a page downloads.  :func:`write_batch` then takes
    the index lock only to write.
    """

    sources: list[str]
    """The sources as given (paths or URLs), for ``prune``."""
    articles: list[Article] = field(default_factory=list)
    """Loaded articles; file origins are absolute paths."""
    failed: list[LoadFailure] = field(default_factory=list)
    """Inputs that could not be read or fetched (each with its reason)."""
