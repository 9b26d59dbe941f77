"""Answer latency per backend, and briefbot's prompt vs. a naive "stuff the top-4 chunks" chain.

Prints p50/p95 end-to-end latency of ``BriefBot.ask`` for each backend over a fixed
question set (on ``corpus/`` ingested into a temporary index), and for ``local``
the time to first token and the prompt size in tokens, next to a plain LangChain
chain that stuffs the top-4 retrieved chunks into one prompt for the same model.

    python benchmarks/answer.py                       # extractive only
    python benchmarks/answer.py --backends extractive local --repeat 3

Targets: extractive p50 <= 300 ms; local time to first token <= 8 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUESTIONS = [
    "Why was the Lavrov–Rubio meeting postponed?",
    "What did Lavrov say at the Budapest summit?",
    "How many senators support the Sanctioning Russia Act?",
    "When did Lavrov and Rubio speak by phone?",
    "What would the Sanctioning Russia Act do if enacted?",
    "What did the Senate do about the sanctions bill?",
    "Is Rubio likely to recommend holding the Putin–Trump meeting next week?",
    "Who won the 2022 FIFA World Cup?",
]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    idx = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[idx]


def bench_backend(bot, backend: str, repeat: int) -> dict[str, float]:
    latencies: list[float] = []
    ttfts: list[float] = []
    statuses: dict[str, int] = {}
    bot.ask(QUESTIONS[0], backend=backend)  # warm-up: model loads are not latency
    for _ in range(repeat):
        for q in QUESTIONS:
            t0 = time.perf_counter()
            first = None
            answer = None
            for piece in bot.ask_stream(q, backend=backend):
                if first is None:
                    first = time.perf_counter() - t0
                if not isinstance(piece, str):
                    answer = piece
            latencies.append((time.perf_counter() - t0) * 1000)
            if answer is not None and answer.status != "insufficient_evidence":
                ttfts.append((first or 0.0) * 1000)
            statuses[answer.status] = statuses.get(answer.status, 0) + 1
    return {
        "n": len(latencies),
        "p50_ms": statistics.median(latencies),
        "p95_ms": pct(latencies, 0.95),
        "ttft_p50_ms": statistics.median(ttfts) if ttfts else float("nan"),
        "statuses": statuses,
    }


def prompt_sizes(bot) -> None:
    """Prompt tokens: briefbot's selected-evidence prompt vs. the naive top-4-chunk prompt."""
    from langchain_core.output_parsers import StrOutputParser
    from langchain_core.prompts import ChatPromptTemplate

    from briefbot.writing.answer import Turn
    from briefbot.writing.compose import answer_messages
    from briefbot.writing.llm import load_llama, qwen_model_path

    llama = load_llama(qwen_model_path())

    def count(text: str) -> int:
        return len(llama.tokenize(text.encode("utf-8")))

    naive_prompt = ChatPromptTemplate.from_messages([
        ("system", "Answer the question using the context."),
        ("human", "Context:\n{context}\n\nQuestion: {question}"),
    ])
    chat = bot.chain("local").composer.model
    naive_chain = naive_prompt | chat | StrOutputParser()
    ours_tokens, naive_tokens, ours_ttft, naive_ttft = [], [], [], []
    chain = bot.chain("local")
    for q in QUESTIONS:
        turn = chain.prepare.invoke(Turn(q, [], chain.retriever.filters))
        if turn.assessment.status == "insufficient_evidence":
            continue
        msgs = answer_messages(q, turn.assessment.selected, turn.assessment.status)
        ours_tokens.append(count("\n".join(str(m.content) for m in msgs)))
        top4 = bot.index.chunks.query(query_texts=[q], n_results=4, include=["documents"])["documents"][0]
        context = "\n\n".join(top4)
        naive_tokens.append(count("Answer the question using the context.\n" + context + q))
        t0 = time.perf_counter()
        for _ in chat.stream(msgs):
            ours_ttft.append(time.perf_counter() - t0)
            break
        t0 = time.perf_counter()
        for _ in naive_chain.stream({"context": context, "question": q}):
            naive_ttft.append(time.perf_counter() - t0)
            break
    print("\nprompt size (tokens), local model, per answerable question:")
    print(f"  briefbot selected evidence : median {statistics.median(ours_tokens):.0f}")
    print(f"  naive stuff top-4 chunks   : median {statistics.median(naive_tokens):.0f}")
    print(f"  ratio naive/briefbot       : {statistics.median(naive_tokens) / statistics.median(ours_tokens):.2f}x")
    print("time to first token (s), same model:")
    print(f"  briefbot : median {statistics.median(ours_ttft):.2f}")
    print(f"  naive    : median {statistics.median(naive_ttft):.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backends", nargs="+", default=["extractive"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--local-repeat", type=int, default=1)
    args = parser.parse_args()

    from briefbot.config import Settings
    from briefbot.core import BriefBot

    with tempfile.TemporaryDirectory() as tmp:
        bot = BriefBot(Settings.load(index_dir=Path(tmp) / "idx"))
        bot.ingest([ROOT / "corpus"])
        print(f"{'backend':<11} {'n':>4} {'p50 ms':>9} {'p95 ms':>9} {'ttft p50 ms':>12}  statuses")
        for backend in args.backends:
            repeat = args.local_repeat if backend != "extractive" else args.repeat
            r = bench_backend(bot, backend, repeat)
            print(f"{backend:<11} {r['n']:>4} {r['p50_ms']:>9.0f} {r['p95_ms']:>9.0f} {r['ttft_p50_ms']:>12.0f}  "
                  f"{r['statuses']}")
            if backend == "extractive":
                print(f"  target p50 <= 300 ms: {'met' if r['p50_ms'] <= 300 else 'NOT met'}")
            if backend == "local":
                print(f"  target ttft <= 8000 ms: {'met' if r['ttft_p50_ms'] <= 8000 else 'NOT met'}")
        if "local" in args.backends:
            prompt_sizes(bot)
    return 0


if __name__ == "__main__":
    sys.exit(main())
