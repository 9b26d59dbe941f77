"""Chat-model factory: ``extractive`` (no LLM) | ``local`` | ``openai`` | ``ollama``."""

from __future__ import annotations

from briefbot.compose import ChatComposer, Composer, ExtractiveComposer
from briefbot.config import BACKENDS, ConfigError, Settings


def make_composer(backend: str, settings: Settings) -> Composer:
    """The composer for ``backend``; LLM backends wrap a LangChain chat model."""
    if backend not in BACKENDS:
        raise ConfigError(f"backend {backend!r} is not one of {', '.join(BACKENDS)}")
    if backend == "extractive":
        return ExtractiveComposer()
    return ChatComposer(make_chat_model(backend, settings), backend)


def make_chat_model(backend: str, settings: Settings):  # noqa: ANN201
    raise ConfigError(f"backend {backend!r} is not available yet")
