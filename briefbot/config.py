"""Settings: defaults < ``briefbot.toml`` < ``BRIEFBOT_*`` environment < explicit arguments.

Every field can be set in all three places.  ``briefbot.toml`` is looked up in the
current directory (or the path in ``BRIEFBOT_CONFIG``); keys are the field names.
Environment variables are the upper-cased field names prefixed with ``BRIEFBOT_``,
e.g. ``BRIEFBOT_INDEX_DIR`` or ``BRIEFBOT_CHROMA_URL``.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

ENV_PREFIX = "BRIEFBOT_"


class ConfigError(ValueError):
    """A setting has a value briefbot cannot use; the message names the setting."""


@dataclass(frozen=True)
class Settings:
    """All knobs of briefbot, with the defaults a fresh checkout uses."""

    # --- storage -------------------------------------------------------------------
    index_dir: Path = Path(".briefbot")
    """Where the embedded Chroma database and the BM25 index live."""
    chroma_url: str | None = None
    """``http://host:port`` of a Chroma server; when set, the server replaces the embedded DB."""
    collection: str = "briefbot"
    """Prefix of the Chroma collection names (``<prefix>_chunks``, ``<prefix>_articles``)."""

    # --- ingest --------------------------------------------------------------------
    chunk_words: int = 150
    """Target chunk size in words (all-MiniLM-L6-v2 truncates at 256 word pieces)."""
    chunk_overlap_sentences: int = 1
    """Sentences repeated at the start of the next chunk."""
    max_file_mb: float = 20.0
    """Files or downloads larger than this are reported and skipped."""
    fetch_timeout_s: float = 20.0
    """Timeout for each connect or read while fetching a URL or feed."""
    fetch_deadline_s: float = 60.0
    """Overall wall-clock limit for fetching one URL or feed, redirects included."""
    allow_private_urls: bool = False
    """Let the fetcher reach loopback, private and link-local addresses.  Off by default so
    that URLs sent over the network cannot reach this machine or its network (SSRF)."""
    embed_batch_size: int = 64
    ingest_batch_chunks: int = 1024
    """Chunks embedded and written per ingest step.  Larger steps embed faster (the model
    sorts texts by length within a step, so less padding); a crash loses at most one step."""

    # --- retrieval -----------------------------------------------------------------
    k: int = 6
    """Chunks handed to evidence selection."""
    fetch_k: int = 30
    """Candidates taken from each of dense and BM25 before fusion."""
    mmr_lambda: float = 0.7
    """MMR trade-off: 1.0 = pure relevance, 0.0 = pure diversity."""

    # --- answering -----------------------------------------------------------------
    backend: str = "extractive"
    """extractive | local | openai | ollama"""
    max_evidence: int = 4
    """Evidence sentences handed to the composer."""
    keep_unsupported: bool = False
    """Keep (marked) answer sentences the verifier cannot support instead of dropping them."""
    llm_timeout_s: float = 120.0
    llm_max_tokens: int = 256
    local_model_path: Path | None = None
    """A GGUF file to use instead of the assembled Qwen2.5-Coder-1.5B model."""
    llm_threads: int | None = None
    openai_base_url: str | None = None
    openai_api_key: str | None = None
    openai_model: str = "gpt-4o-mini"
    ollama_url: str = "http://127.0.0.1:11434"
    ollama_model: str = "qwen2.5:1.5b"

    # --- serving -------------------------------------------------------------------
    host: str = "127.0.0.1"
    port: int = 7860
    auth: str | None = None
    """``user:password`` for the web UI."""
    api_token: str | None = None
    """Bearer token required by the HTTP API when set."""
    max_upload_mb: float = 10.0

    @classmethod
    def load(cls, config_file: Path | None = None, **overrides: Any) -> Settings:
        """Build settings from defaults, the TOML file, the environment and ``overrides``."""
        values: dict[str, Any] = {}
        explicit = config_file or os.environ.get(ENV_PREFIX + "CONFIG") or None
        path = Path(explicit or "briefbot.toml")
        if explicit and not path.is_file():
            raise ConfigError(
                f"config file {path} does not exist (given explicitly or as BRIEFBOT_CONFIG)"
            )
        if path.is_file():
            try:
                values.update(tomllib.loads(path.read_text(encoding="utf-8")))
            except tomllib.TOMLDecodeError as exc:
                raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
        names = {f.name for f in fields(cls)}
        for name in names:
            env = os.environ.get(ENV_PREFIX + name.upper())
            if env is not None and env != "":
                values[name] = env
        values.update({k: v for k, v in overrides.items() if v is not None})
        unknown = sorted(set(values) - names)
        if unknown:
            raise ConfigError(f"unknown setting(s) {', '.join(unknown)} (from {path} or overrides)")
        return cls()._with(values)

    def with_overrides(self, **overrides: Any) -> Settings:
        """A copy with the given (non-None) fields replaced and coerced."""
        return self._with({k: v for k, v in overrides.items() if v is not None})

    def _with(self, values: dict[str, Any]) -> Settings:
        coerced: dict[str, Any] = {}
        types = {f.name: f.type for f in fields(self)}
        unknown = sorted(set(values) - set(types))
        if unknown:
            raise ConfigError(f"unknown setting(s) {', '.join(unknown)}")
        for name, value in values.items():
            coerced[name] = _coerce(name, types[name], value)
        settings = replace(self, **coerced)
        if settings.backend not in BACKENDS:
            raise ConfigError(
                f"backend {settings.backend!r} is not one of {', '.join(BACKENDS)}"
            )
        _validate(settings)
        return settings


BACKENDS = ("extractive", "local", "openai", "ollama")
_POSITIVE = (
    "chunk_words", "embed_batch_size", "ingest_batch_chunks", "k", "fetch_k", "max_evidence",
    "llm_max_tokens", "llm_threads", "max_file_mb", "fetch_timeout_s", "fetch_deadline_s", "llm_timeout_s",
    "max_upload_mb",
)
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _validate(settings: Settings) -> None:
    """Range checks; the message names the setting and the value."""
    for name in _POSITIVE:
        value = getattr(settings, name)
        if value is not None and not value > 0:
            raise ConfigError(f"setting {name}: must be greater than 0, got {value!r}")
    if settings.chunk_overlap_sentences < 0:
        raise ConfigError(
            f"setting chunk_overlap_sentences: must be 0 or more, got "
            f"{settings.chunk_overlap_sentences!r}"
        )
    if not 0.0 <= settings.mmr_lambda <= 1.0:
        raise ConfigError(
            f"setting mmr_lambda: must be between 0 and 1, got {settings.mmr_lambda!r}"
        )
    if not 0 <= settings.port <= 65535:
        raise ConfigError(f"setting port: must be between 0 and 65535, got {settings.port!r}")
    url = settings.chroma_url
    if url is not None and not (url.startswith(("http://", "https://")) and url.split("://")[1]):
        raise ConfigError(f"setting chroma_url: {url!r} is not an http(s)://host:port URL")


def _coerce(name: str, type_name: Any, value: Any) -> Any:
    t = str(type_name)
    try:
        if value is None:
            return None
        if "Path" in t:
            return Path(value).expanduser()
        if t.startswith(("int", "float")) and isinstance(value, bool):
            raise ValueError("expected a number, not true/false")
        if t.startswith("int"):
            if isinstance(value, float) and not value.is_integer():
                raise ValueError("expected a whole number")
            return int(value)
        if t.startswith("float"):
            return float(value)
        if t.startswith("bool"):
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text not in _TRUE | _FALSE:
                raise ValueError("expected true or false")
            return text in _TRUE
        if t.startswith("str") and not isinstance(value, str):
            raise TypeError(f"expected a string, got {type(value).__name__}")
        return value
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name}: cannot use {value!r} ({exc})") from exc
