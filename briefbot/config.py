"""Settings: defaults < ``briefbot.toml`` < ``BRIEFBOT_*`` environment < explicit arguments.

Every field can be set in all three places.  ``briefbot.toml`` is looked up in the
current directory (or the path in ``BRIEFBOT_CONFIG``); keys are the field names.
Environment variables are the upper-cased field names prefixed with ``BRIEFBOT_``,
e.g. ``BRIEFBOT_INDEX_DIR`` or ``BRIEFBOT_CHROMA_URL`` (empty means "not set").
List settings take one string in the environment: ``BRIEFBOT_INGEST_ROOTS`` is
``os.pathsep``-separated (``/srv/news:/data/feeds``), ``BRIEFBOT_TRUSTED_HOSTS``
comma-separated (both are tuples, so settings stay hashable).  ``BRIEFBOT_SERVER`` is the short name of ``server_url``.

Types, ranges and environment parsing are declared on the fields and done by
pydantic-settings; this module only layers the sources (:meth:`Settings.load`) and
turns validation errors into one :class:`ConfigError` line that names the setting.
``Settings(...)`` itself is defaults plus the given values: it reads no file and no
environment, so tests and library callers get exactly what they pass.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

ENV_PREFIX = "BRIEFBOT_"
BACKENDS = ("extractive", "local", "openai", "ollama")
ENV_ALIASES = {ENV_PREFIX + "SERVER": "server_url"}
"""Environment names that are not ``BRIEFBOT_<FIELD>`` (kept short because people type them)."""


class ConfigError(ValueError):
    """A setting has a value briefbot cannot use; the message names the setting."""


# ---------------------------------------------------------------------- field types
def _not_bool(value: Any) -> Any:
    """pydantic reads ``true`` as 1 in a number field; a TOML boolean there is a mistake."""
    if isinstance(value, bool):
        raise ValueError("expected a number, not true/false")
    return value


def _split(separator: str) -> Any:
    def split(value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(separator) if part.strip()]
        return value

    return BeforeValidator(split)


def _expand(path: Path) -> Path:
    return path.expanduser()


Count = Annotated[int, BeforeValidator(_not_bool), Field(gt=0)]
Amount = Annotated[float, BeforeValidator(_not_bool), Field(gt=0)]
UserPath = Annotated[Path, AfterValidator(_expand)]


def _http_url(url: str | None) -> str | None:
    if url is not None and not (url.startswith(("http://", "https://")) and url.split("://", 1)[1]):
        raise ValueError("not an http(s)://host:port URL")
    return url


# ---------------------------------------------------------------------- settings
class Settings(BaseSettings):
    """All knobs of briefbot, with the defaults a fresh checkout uses."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_ignore_empty=True,
        extra="forbid",
        frozen=True,
        use_attribute_docstrings=True,
        validate_default=True,
    )

    # --- storage -------------------------------------------------------------------
    index_dir: UserPath = Path(".briefbot")
    """Where the embedded Chroma database and the BM25 index live."""
    chroma_url: str | None = None
    """``http://host:port`` of a Chroma server; when set, the server replaces the embedded DB."""
    collection: str = "briefbot"
    """Prefix of the Chroma collection names (``<prefix>_chunks``, ``<prefix>_articles``)."""

    # --- ingest --------------------------------------------------------------------
    chunk_words: Count = 150
    """Target chunk size in words (all-MiniLM-L6-v2 truncates at 256 word pieces)."""
    chunk_overlap_sentences: Annotated[int, BeforeValidator(_not_bool), Field(ge=0)] = 1
    """Sentences repeated at the start of the next chunk."""
    max_file_mb: Amount = 20.0
    """Files or downloads larger than this are reported and skipped."""
    max_title_chars: Count = 300
    """Longest article title kept; a longer one is cut at the last word boundary within the
    limit and ends with "…" (the cut is in ``Article.title`` only, never in the text quotes
    point into).  Front matter, feeds and JSON records are untrusted: a title must not
    become megabytes in every citation and ``/api/articles`` row."""
    max_author_chars: Count = 200
    """Longest ``author`` kept (several names joined count together); cut like titles."""
    max_source_chars: Count = 200
    """Longest ``source`` (outlet name) kept; cut like titles."""
    fetch_timeout_s: Amount = 20.0
    """Timeout for fetching a URL or feed (one connection or read)."""
    fetch_deadline_s: Amount = 60.0
    """Overall deadline for fetching one URL, redirects and slow bodies included."""
    allow_private_urls: bool = False
    """Let the fetcher reach loopback, private and link-local addresses (tests, intranet feeds).
    Off by default so that URLs sent over the network cannot reach this machine or its
    network (SSRF)."""
    ingest_roots: Annotated[tuple[UserPath, ...], NoDecode, _split(os.pathsep)] = ()
    """Server folders the HTTP API and web UI may ingest from (none: paths are refused)."""
    embed_batch_size: Count = 64
    """Texts per call of the embedding model."""
    ingest_batch_chunks: Count = 1024
    """Chunks embedded and written per ingest step.  Larger steps embed faster (the model
    sorts texts by length within a step, so less padding); a crash loses at most one step."""

    # --- retrieval -----------------------------------------------------------------
    k: Count = 6
    """Chunks handed to evidence selection."""
    fetch_k: Count = 30
    """Candidates taken from each of dense and BM25 before fusion."""
    mmr_lambda: Annotated[float, BeforeValidator(_not_bool), Field(ge=0.0, le=1.0)] = 0.7
    """MMR trade-off: 1.0 = pure relevance, 0.0 = pure diversity."""

    # --- answering -----------------------------------------------------------------
    backend: Literal["extractive", "local", "openai", "ollama"] = "extractive"
    """extractive | local | openai | ollama"""
    max_history_turns: Count = 20
    """Most earlier messages (user questions and assistant answers, each one turn) a question
    may carry as conversation history.  A follow-up reads only the last question and answer;
    more is refused with a clear error (HTTP 422, a message in the web UI)."""
    max_history_turn_chars: Count = 4000
    """Longest single history message, in characters (a question is at most 2,000, an answer
    a few hundred); longer is refused like an over-long question."""
    max_history_chars: Count = 16000
    """Most characters in all history messages together; more is refused."""
    max_evidence: Count = 4
    """Evidence sentences handed to the composer."""
    keep_unsupported: bool = False
    """Keep (marked) answer sentences the verifier cannot support instead of dropping them."""
    llm_timeout_s: Amount = 120.0
    """Seconds a chat model may take for one answer before the extractive answer is used."""
    llm_max_tokens: Count = 256
    """Longest chat-model reply, in tokens."""
    llm_queue_timeout_s: Amount = 600.0
    """How long a request waits for the local model while other requests use it (they run
    one at a time); past this the answer falls back to extractive with a note."""
    local_model_path: UserPath | None = None
    """A GGUF file to use instead of the assembled Qwen2.5-Coder-1.5B model."""
    llm_threads: Count | None = None
    """CPU threads for the local model (default: every core on a quiet machine, one when the
    load average reaches the core count; see writing/llm.py busy_threads)."""
    llm_candidates: Count = 3
    """Answers the local model may write for one question (ALCE "rerank"): the first is
    greedy; more are sampled only when its sentences fail verification, and the one whose
    sentences survive best is kept.  1 turns sampling off."""
    llm_rerank_budget_s: Amount = 40.0
    """Seconds of model work after which no further candidate is started (the first always
    runs; ``llm_timeout_s`` still bounds the whole)."""
    llm_grammar: bool = True
    """Constrain the local model with the answer grammar (sentences ending in existing
    ``[n]`` markers, see writing/grammar.py).  llama.cpp checks the grammar against the
    whole vocabulary at every token, which costs time with a large vocabulary."""
    llm_sample_temperature: Annotated[float, BeforeValidator(_not_bool), Field(gt=0.0, le=2.0)] = 0.7
    """Sampling temperature of the candidates after the first."""
    openai_base_url: str | None = None
    """Base URL of an OpenAI-compatible server (``.../v1``)."""
    openai_api_key: str | None = None
    """API key for the OpenAI-compatible server."""
    openai_model: str = "gpt-4o-mini"
    """Model name sent to the OpenAI-compatible server."""
    ollama_url: str = "http://127.0.0.1:11434"
    """Where Ollama listens."""
    ollama_model: str = "qwen2.5:1.5b"
    """Model name sent to Ollama."""

    # --- serving -------------------------------------------------------------------
    host: str = "127.0.0.1"
    """Address ``briefbot serve`` binds."""
    port: Annotated[int, BeforeValidator(_not_bool), Field(ge=0, le=65535)] = 7860
    """Port ``briefbot serve`` listens on."""
    auth: str | None = None
    """``user:password`` for the web UI."""
    api_token: str | None = None
    """Bearer token required by the HTTP API when set."""
    max_upload_mb: Amount = 10.0
    """Largest file the web UI accepts."""
    max_request_mb: Amount = 25.0
    """Largest request body ``/api/*`` accepts."""
    trusted_hosts: Annotated[tuple[str, ...], NoDecode, _split(",")] = ()
    """Extra ``Host`` header values the server accepts (besides the address it binds)."""
    trusted_proxies: Annotated[tuple[str, ...], NoDecode, _split(",")] = ()
    """Addresses (IPs or CIDRs) of reverse proxies whose ``X-Forwarded-For`` /
    ``X-Forwarded-Proto`` headers are believed.  Empty (the default): forwarded headers are
    ignored and the login throttle counts per connecting address, so a client cannot
    rotate ``X-Forwarded-For`` to escape it."""
    server_url: str | None = None
    """A running ``briefbot serve`` for ``briefbot ask/search`` to use (``BRIEFBOT_SERVER``)."""

    @field_validator("chroma_url", "server_url")
    @classmethod
    def _must_be_http(cls, value: str | None) -> str | None:
        return _http_url(value)

    @classmethod
    def settings_customise_sources(
        cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource, *_: Any, **__: Any
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """``Settings(...)`` takes only its arguments; :meth:`load` layers file and environment."""
        return (init_settings,)

    def __init__(self, **values: Any) -> None:
        try:
            super().__init__(**values)
        except ValidationError as exc:
            raise _config_error(exc) from None

    # ------------------------------------------------------------------ building
    @classmethod
    def load(cls, config_file: Path | None = None, **overrides: Any) -> Settings:
        """Build settings from defaults, the TOML file, the environment and ``overrides``.

        ``None`` overrides are ignored, so CLI flags left unset fall through to the
        environment, the file and the defaults.
        """
        path, file_values = _read_config_file(config_file)
        given = _given(overrides)
        _refuse_unknown(cls, file_values, f"from {path}")
        _refuse_unknown(cls, given, "in overrides")
        return cls(**{**file_values, **_read_env(cls), **given})

    def with_overrides(self, **overrides: Any) -> Settings:
        """A copy with the given (non-None) fields replaced and validated."""
        given = _given(overrides)
        _refuse_unknown(type(self), given, "in overrides")
        return type(self)(**{**self.model_dump(), **given})


# ---------------------------------------------------------------------- sources
def _given(overrides: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in overrides.items() if v is not None}


def _read_config_file(config_file: Path | str | None) -> tuple[Path, dict[str, Any]]:
    """``briefbot.toml`` in the cwd, or ``config_file`` / ``BRIEFBOT_CONFIG`` (which must exist)."""
    explicit = config_file or os.environ.get(ENV_PREFIX + "CONFIG") or None
    path = Path(explicit or "briefbot.toml")
    if explicit and not path.is_file():
        raise ConfigError(f"config file {path} does not exist (given explicitly or as BRIEFBOT_CONFIG)")
    if not path.is_file():
        return path, {}
    try:
        return path, tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc


def _read_env(cls: type[Settings]) -> dict[str, Any]:
    """``BRIEFBOT_*`` values (pydantic-settings' own parsing) plus :data:`ENV_ALIASES`."""
    values: dict[str, Any] = {}
    for env, field in ENV_ALIASES.items():
        if os.environ.get(env):
            values[field] = os.environ[env]
    try:
        values.update(EnvSettingsSource(cls)())
    except Exception as exc:  # pydantic-settings raises SettingsError for undecodable values
        raise ConfigError(f"environment: {exc}") from exc
    return values


def _refuse_unknown(cls: type[Settings], values: dict[str, Any], origin: str) -> None:
    unknown = sorted(set(values) - set(cls.model_fields))
    if unknown:
        raise ConfigError(f"unknown setting(s) {', '.join(unknown)} ({origin})")


def _config_error(exc: ValidationError) -> ConfigError:
    """The first problem as one line: ``setting k: cannot use 'six' (expected a whole number)``."""
    err = exc.errors(include_url=False)[0]
    name = str(err["loc"][0]) if err["loc"] else "?"
    if err["type"] == "extra_forbidden":
        return ConfigError(f"unknown setting(s) {name}")
    reason = str(err["msg"]).removeprefix("Value error, ")
    if err["type"] == "literal_error" and name == "backend":
        reason = f"must be one of {', '.join(BACKENDS)}"
    more = f" (and {len(exc.errors()) - 1} more problem(s))" if len(exc.errors()) > 1 else ""
    return ConfigError(f"setting {name}: cannot use {err['input']!r} ({reason}){more}")
