"""Brief attribution and disagreement metrics (part of ``briefbot eval --dataset robustness``).

A topic brief is built over the articles of each labelled robustness/conflict fixture
case (its fixture articles plus the articles its answer must cite), with the case's
question as the topic.  Three checks, each from the brief's output alone:

* **attribution** — every credit (a citation id on a point, or an outlet named with a
  citation in an open question) must be right: the citation's quote is the article's
  exact text, and the quote states what it is credited for by the verifier's test
  (:func:`briefbot.truth.verify.check_support` of the point against that one quote, plus
  :func:`briefbot.truth.verify.fidelity` and :func:`lost_stance`, so a point that drops the
  quote's hedge or attribution, or words an outlet's "postponed" as another's "postponed
  indefinitely", does not count as that outlet's; a quote that says more than the point
  — fuller names, more detail — still states it).  Open questions must also be distinct by meaning.
  ``brief_attribution_accuracy`` = right credits / all credits;
  ``brief_open_question_duplicates`` = open questions that repeat an earlier one.
* **disagreements shown** — ``brief_disagreement_recall``: share of the briefs over a
  labelled same-event conflict (``conflict: true``) that report a disagreement whose two
  sides come from different articles of the case and carry the two labelled versions
  (two different ``facts`` alternatives, when the case lists two or more facts);
  ``brief_disagreement_precision``: share of all reported disagreements that are such a
  labelled one (a disagreement in the brief of a ``conflict: false`` case, or one not
  carrying the labelled versions, is false).
* **one citation numbering** — ``brief_citation_numbering_consistent``: share of briefs in
  which every ``[n]`` anywhere (points, text, open questions, story sections, disagreements,
  timeline events, what's new, the per-article ``sources`` list) names a citation of the brief's
  one source list, and every
  place that shows citation n's quote or article (a timeline event's citation, a
  disagreement side, an open question's quote) shows that citation's
  (:func:`numbering_problems`).
* **dangling starts** — ``brief_dangling_start_rate``: share of the briefs' point and story
  sentences that open by pointing at something outside them ("It has been…", "The
  assessment comes after…"; :func:`briefbot.writing.summarize_clean.dangling_start`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from briefbot.language.features import features
from briefbot.language.text import fold, normalize
from briefbot.sources.articles import Article, load_sources
from briefbot.store.embeddings import encode
from briefbot.truth.conflicts import negated_stems
from briefbot.truth.verify import SPEECH, check_support, content_words, fidelity
from briefbot.writing.llm import make_composer
from briefbot.writing.markers import MARK, marker_numbers
from briefbot.writing.summarize_brief import build_brief
from briefbot.writing.summarize_clean import dangling_start

DUPLICATE_QUESTION = 0.6
"""Two open questions this similar (MiniLM cosine of their quotes) ask the same thing; the
same cut the brief uses to deduplicate them (``summarize_sentences.distinct_by_meaning``)."""


def credit_ok(claim: str, quote: str, article_text: str | None, start: int, end: int,
              allowed: Iterable[str] = ()) -> bool:
    """Is a credit of ``claim`` to the citation (``quote`` at ``start:end``) right?"""
    if article_text is None or article_text[start:end] != quote:
        return False
    vectors = encode([claim, quote])
    sim = float(vectors[0] @ vectors[1])
    allowed = list(allowed)
    supported = check_support(claim, [quote], sim, allowed).supported
    return supported and not fidelity(claim, [quote], " ".join(allowed)) and not lost_stance(claim, quote)


def lost_stance(claim: str, quote: str) -> tuple[str, ...]:
    """What the claim says beyond or without the quote's stance: ``"attribution"`` when the
    quote is attributed ("according to sources") and the claim is not, ``"hedge"`` when a
    hedge of the quote is gone, ``"qualifier"`` when the claim adds an adverb the quote
    lacks ("postponed indefinitely" credited to "postponed"), ``"polarity"`` when one of
    them negates or denies what the other asserts (:func:`briefbot.truth.conflicts.negated_stems`)."""
    q, c = features(quote), features(claim)
    out = []
    if q.attribution and not (c.attribution or SPEECH.search(normalize(claim))):
        out.append("attribution")
    if set(q.hedges) - set(c.hedges):
        out.append("hedge")
    shared = content_words(claim) & content_words(quote)
    if (negated_stems(claim) ^ negated_stems(quote)) & shared:
        out.append("polarity")  # "denied it had postponed the vote" is not "has postponed its vote"
    adverbs = {w for w in _ADVERB.findall(fold(claim))} - {w for w in _ADVERB.findall(fold(quote))}
    if adverbs - _NOT_QUALIFIERS:
        out.append("qualifier")
    return tuple(out)


_ADVERB = re.compile(r"\b[a-z]{4,}ly\b")
"""English adverbs of manner and degree ("indefinitely", "temporarily", "reportedly")."""
_NOT_QUALIFIERS = frozenset({"only", "early", "family", "italy", "july", "supply", "reply", "apply", "rally",
                             "daily", "weekly", "monthly", "yearly"})
"""Words ending in -ly that are not adverbs of manner or degree (nouns, adjectives, months)."""


def attribution_credits(summary: Mapping[str, Any], texts: Mapping[str, str]) -> list[dict[str, Any]]:
    """One row per credit of a brief (``summary`` as :meth:`Summary.to_dict`): where, citation, ok."""
    cites = {c["id"]: c for c in summary.get("citations", [])}
    rows: list[dict[str, Any]] = []
    for point in summary.get("points", []):
        for cid in point["citations"]:
            c = cites.get(cid)
            ok = c is not None and credit_ok(point["text"], c["quote"], texts.get(c["article_id"]), c["start"],
                                             c["end"], [c["source"], c["title"]])
            rows.append({"in": "point", "text": point["text"], "citation": cid, "ok": ok})
    for q in summary.get("open_questions", []):
        if q.startswith("Sources disagree"):
            continue  # disagreements are scored by the disagreement metrics
        for outlet, cid in _open_question_credits(q):
            c = cites.get(cid)
            ok = (c is not None and c["source"] == outlet
                  and texts.get(c["article_id"], "")[c["start"]:c["end"]] == c["quote"])
            rows.append({"in": "open_question", "text": q, "citation": cid, "ok": ok})
    return rows


def _open_question_credits(question: str) -> list[tuple[str, int]]:
    """(outlet, citation id) pairs of an open question "Outlet: “quote” [n]; also reported by X [m][k]"."""
    out: list[tuple[str, int]] = []
    head = re.match(r"^(.+?): “.*?” \[(\d+)\]", question, re.S)
    if head:
        out.append((head.group(1), int(head.group(2))))
    tail = question.split("; also reported by ", 1)
    if len(tail) == 2:
        for m in re.finditer(rf"([^,\[\]]+?) ((?:{MARK})+)(?:, |$)", tail[1]):
            out += [(m.group(1).strip(), i) for i in marker_numbers(m.group(2))]
    return out


def duplicate_open_questions(summary: Mapping[str, Any]) -> int:
    """Open questions whose quoted sentence means the same as an earlier one's."""
    cites = {c["id"]: c for c in summary.get("citations", [])}
    quotes = [cites[cid]["quote"] for q in summary.get("open_questions", []) if not q.startswith("Sources disagree")
              for _, cid in _open_question_credits(q)[:1] if cid in cites]
    if len(quotes) < 2:
        return 0
    vecs = encode(quotes)
    sims = vecs @ vecs.T
    return sum(1 for i in range(1, len(quotes)) if np.max(sims[i, :i]) >= DUPLICATE_QUESTION)


STORY_SECTIONS = ("bottom_line", "what_happened", "why", "what_next")


def numbering_problems(summary: Mapping[str, Any]) -> list[str]:
    """Where a brief's ``[n]`` does not refer to the one citation n of its source list (empty: consistent)."""
    cites = {c["id"]: c for c in summary.get("citations", [])}
    problems: list[str] = []

    def need(cid: Any, where: str, quote: str | None = None, article: str | None = None,
             span: tuple[int, int] | None = None) -> None:
        c = cites.get(cid)
        if c is None:
            problems.append(f"{where}: [{cid}] is not in the source list")
        elif quote is not None and " ".join(quote.split()) != " ".join(c["quote"].split()):
            problems.append(f"{where}: [{cid}] shows another quote than the source list's")
        elif article is not None and (article != c["article_id"] or (span and span != (c["start"], c["end"]))):
            problems.append(f"{where}: [{cid}] points at another article or span than the source list's")

    for i in marker_numbers(summary.get("text", "")):
        need(i, "text")
    for key in ("points", "new_points", *STORY_SECTIONS):
        for item in summary.get(key, []) or []:
            for cid in item.get("citations", []):
                need(cid, key)
    for view in summary.get("who_says_what", []) or []:
        for item in view.get("says", []):
            for cid in item.get("citations", []):
                need(cid, "who_says_what")
    for q in summary.get("questions", []) or []:
        for cid in q.get("citations", []):
            need(cid, "questions")
    for q in summary.get("open_questions", []):
        quoted = re.match(r"^.+?: “(.*?)” \[(\d+)\]", q, re.S)
        if quoted:
            need(int(quoted.group(2)), "open_questions", quote=quoted.group(1))
        for i in marker_numbers(q):
            need(i, "open_questions")
    for d in summary.get("disagreements", []):
        for side in d.get("sides", []):
            if side.get("citation") is not None:
                need(side["citation"], "disagreements", quote=side.get("text"))
    for e in (summary.get("timeline") or {}).get("events", []):
        for c in e.get("citations", []):
            need(c.get("id"), "timeline", quote=c.get("quote"), article=c.get("article_id"),
                 span=(c.get("start"), c.get("end")))
    for q in summary.get("answered_open_questions", []) or []:
        for cid in q.get("citations", []):
            need(cid, "answered_open_questions")
    for a in summary.get("sources", []) or []:  # the per-article list: each id names a quote of that article
        for cid in a.get("citations", []):
            need(cid, "sources", article=a.get("article_id"))
    return problems


def brief_sentences(summary: Mapping[str, Any]) -> list[str]:
    """The sentences a reader reads as the brief's points: points and story sections; a claim of
    "who says what" is read as it is shown, after its speaker ("Ada Holm: it will close in May",
    where "it" is read against the speaker's words, not a sentence before)."""
    out = [p["text"] for p in summary.get("points", [])]
    for key in STORY_SECTIONS:
        out += [i["text"] for i in summary.get(key, []) or []]
    out += [f"{v['who']}: {i['text']}" for v in summary.get("who_says_what", []) or [] for i in v.get("says", [])]
    return out


def dangling_starts(summary: Mapping[str, Any]) -> tuple[int, int]:
    """(sentences opening with a dangling reference, sentences) of one brief."""
    sents = brief_sentences(summary)
    return sum(1 for t in sents if dangling_start(t)), len(sents)


@dataclass(frozen=True)
class Labelled:
    """A labelled same-event conflict: its articles, the fixture articles that create it,
    and the conflicting versions (``facts`` alternatives; fewer than two for denials and
    reversals, where the article pair is the label)."""

    articles: frozenset[str]
    fixtures: frozenset[str]
    facts: tuple[tuple[str, ...], ...]


def disagreement_labelled(d: Mapping[str, Any], cites: Mapping[int, Mapping[str, Any]], label: Labelled) -> bool:
    """Does a reported disagreement show the labelled conflict: two sides from two different
    articles of the label, one of them a fixture that creates it, carrying two different
    labelled versions (when labelled)?"""
    sides = list(d.get("sides", []))[:2]
    if len(sides) < 2:
        return False
    ids = [cites.get(s.get("citation"), {}).get("article_id") for s in sides]
    if None in ids or ids[0] == ids[1] or not set(ids) <= label.articles or not set(ids) & label.fixtures:
        return False
    if len(label.facts) < 2:
        return True

    def versions(text: str) -> set[int]:
        low = fold(text)
        return {i for i, alts in enumerate(label.facts) if any(fold(a) in low for a in alts)}

    a, b = versions(sides[0]["text"]), versions(sides[1]["text"])
    return any(i != j for i in a for j in b)


def brief_metrics(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The metrics over per-brief rows (see :func:`score_brief`)."""
    credits = [c for r in rows for c in r["credits"]]
    reported = sum(r["n_disagreements"] for r in rows)
    labelled = [r for r in rows if r["conflict"]]
    dangling, sentences = sum(r.get("dangling_starts", 0) for r in rows), sum(r.get("sentences", 0) for r in rows)
    return {
        "n_briefs": len(rows),
        "brief_attribution_accuracy": round(sum(c["ok"] for c in credits) / len(credits), 3) if credits else None,
        "brief_open_question_duplicates": sum(r["duplicate_open_questions"] for r in rows),
        "brief_disagreement_recall": (round(sum(r["case_conflict_shown"] for r in labelled) / len(labelled), 3)
                                      if labelled else None),
        "brief_disagreement_precision": (round(sum(r["labelled_shown"] for r in rows) / reported, 3)
                                         if reported else None),
        "brief_citation_numbering_consistent": (round(sum(not r.get("numbering_problems") for r in rows) / len(rows), 3)
                                                if rows else None),
        "brief_dangling_start_rate": round(dangling / sentences, 3) if sentences else None,
    }


def score_brief(case: Any, summary: Mapping[str, Any], texts: Mapping[str, str],
                labels: Sequence[Labelled]) -> dict[str, Any]:
    """One brief's row: its credits, duplicate open questions, and its disagreements against
    every labelled conflict of the suite (a brief shows all disagreements of its articles,
    not only the one its question is about)."""
    cites = {c["id"]: c for c in summary.get("citations", [])}
    disagreements = list(summary.get("disagreements", []))
    shown = [any(disagreement_labelled(d, cites, lab) for lab in labels) for d in disagreements]
    own = [lab for lab in labels if lab.fixtures <= set(texts)]
    credits = attribution_credits(summary, texts)
    dangling, sentences = dangling_starts(summary)
    return {
        "id": case.id,
        "topic": summary.get("topic"),
        "conflict": bool(case.conflict),
        "articles": sorted(texts),
        "credits": credits,
        "wrong_credits": [c for c in credits if not c["ok"]],
        "duplicate_open_questions": duplicate_open_questions(summary),
        "numbering_problems": numbering_problems(summary),
        "dangling_starts": dangling,
        "sentences": sentences,
        "n_disagreements": len(disagreements),
        "labelled_shown": sum(shown),
        "case_conflict_shown": bool(case.conflict) and any(
            disagreement_labelled(d, cites, lab) for d in disagreements for lab in own
            if lab.articles == frozenset(case.citations) | lab.fixtures),
        "disagreements": [{"kind": d["kind"], "sides": [(s["outlet"], s["text"]) for s in d["sides"]],
                           "labelled": ok} for d, ok in zip(disagreements, shown, strict=True)],
    }


def run_briefs(bot: Any, cases: Sequence[Any], backend: str | None = None) -> list[dict[str, Any]]:
    """Brief each labelled fixture case over its own articles (fixtures indexed only meanwhile)."""
    composer = make_composer(backend if backend not in (None, "naive") else "extractive", bot.settings)
    chosen = [c for c in cases if c.variant == "original" and c.conflict is not None and c.corpus_extra]
    rows: list[dict[str, Any]] = []
    ingested: list[tuple[Any, list[str], set[str]]] = []
    for case in chosen:  # the fixture ids behind each label, read from the fixture files
        fixture_ids = [a.id for a in load_sources(case.corpus_extra) if isinstance(a, Article)]
        ingested.append((case, fixture_ids, set(case.citations) | set(fixture_ids)))
    labels = [Labelled(frozenset(arts), frozenset(fx), tuple(case.facts)) for case, fx, arts in ingested
              if case.conflict]
    for case, _, articles in ingested:
        rep = bot.ingest(list(case.corpus_extra))
        try:
            summary = build_brief(bot.index, case.question, {"article_ids": sorted(articles)}, composer,
                                  llm_timeout_s=bot.settings.llm_timeout_s).to_dict()
            texts = {i: a.text for i, a in bot.index.get_articles(articles).items()}
            rows.append(score_brief(case, summary, texts, labels))
        finally:
            if rep.added_ids:
                bot.delete(list(rep.added_ids))
    return rows
