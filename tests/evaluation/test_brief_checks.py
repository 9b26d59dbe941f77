"""Brief attribution and disagreement checks on hand-built briefs (no index; the credit
check embeds two sentences with the real MiniLM model)."""

from __future__ import annotations

from briefbot.evaluation.brief_checks import (
    Labelled,
    _open_question_credits,
    brief_metrics,
    credit_ok,
    dangling_starts,
    disagreement_labelled,
    lost_stance,
    numbering_problems,
)

QUOTE = "The meeting between the two ministers was postponed, CNN reported."
TEXT = "Intro. " + QUOTE


def test_a_credit_holds_only_for_the_quoted_claim() -> None:
    start = TEXT.index(QUOTE)
    assert credit_ok(QUOTE, QUOTE, TEXT, start, start + len(QUOTE), ["CNN"])
    absorbed = "The meeting between the two ministers was postponed indefinitely, CNN reported."
    assert not credit_ok(absorbed, QUOTE, TEXT, start, start + len(QUOTE), ["CNN"])  # qualifier absorbed
    assert not credit_ok(QUOTE, QUOTE, TEXT, 0, len(QUOTE), ["CNN"])  # not the article's text at those offsets


def test_lost_stance_names_what_the_claim_dropped_or_added() -> None:
    assert lost_stance("The vote was postponed.", "The vote was postponed, according to sources.") == ("attribution",)
    assert lost_stance("The vote was postponed indefinitely.", "The vote was postponed.") == ("qualifier",)
    unclear = "It is unclear why the vote was postponed."
    assert lost_stance("It remains unclear why the vote was postponed.", unclear) == ()
    assert lost_stance("The daily vote was held only once.", "The daily vote was held only once.") == ()
    denied = "The council denied that it had postponed the harbour vote."
    assert lost_stance(denied, "The council has postponed the harbour vote, employees said.") == ("polarity",)


def test_open_question_credits_are_parsed_per_outlet() -> None:
    q = "Steppe Wire: “It remains unclear why.” [3]; also reported by Danube Dispatch [4][5], Capitol Desk [6]"
    assert _open_question_credits(q) == [("Steppe Wire", 3), ("Danube Dispatch", 4), ("Danube Dispatch", 5),
                                         ("Capitol Desk", 6)]


def _d(a: str, b: str) -> dict:
    sides = [{"text": a, "citation": 1, "outlet": "A"}, {"text": b, "citation": 2, "outlet": "B"}]
    return {"kind": "date", "sides": sides}


def test_a_disagreement_is_labelled_only_with_both_versions_from_the_labelled_articles() -> None:
    cites = {1: {"article_id": "fx-a"}, 2: {"article_id": "fx-b"}}
    label = Labelled(frozenset({"fx-a", "fx-b"}), frozenset({"fx-a", "fx-b"}), (("March 3",), ("March 5",)))
    assert disagreement_labelled(_d("opened on March 3", "opened on March 5"), cites, label)
    assert not disagreement_labelled(_d("opened on March 3", "cost 12 million"), cites, label)  # other versions
    corpus_pair = {1: {"article_id": "corpus-a"}, 2: {"article_id": "corpus-b"}}
    denial = Labelled(frozenset({"corpus-a", "corpus-b", "fx-c"}), frozenset({"fx-c"}), (("passed",),))
    assert not disagreement_labelled(_d("x", "y"), corpus_pair, denial)  # the fixture creating it is not a side


def test_brief_metrics_aggregate_credits_and_disagreements() -> None:
    rows = [
        {"credits": [{"ok": True}, {"ok": False}], "duplicate_open_questions": 1, "conflict": True,
         "case_conflict_shown": True, "n_disagreements": 2, "labelled_shown": 1},
        {"credits": [{"ok": True}], "duplicate_open_questions": 0, "conflict": False,
         "case_conflict_shown": False, "n_disagreements": 0, "labelled_shown": 0},
    ]
    m = brief_metrics(rows)
    assert m["brief_attribution_accuracy"] == round(2 / 3, 3)
    assert m["brief_open_question_duplicates"] == 1
    assert m["brief_disagreement_recall"] == 1.0 and m["brief_disagreement_precision"] == 0.5


def _brief() -> dict:
    a = {"id": 1, "article_id": "a", "start": 0, "end": 25, "quote": "The talks were postponed."}
    b = {"id": 2, "article_id": "b", "start": 10, "end": 39, "quote": "The call took place on May 1."}
    return {
        "text": "The talks were postponed. [1]",
        "points": [{"text": "The talks were postponed.", "citations": [1]}],
        "citations": [a, b],
        "open_questions": ["A: “The talks were postponed.” [1]"],
        "bottom_line": [{"text": "The talks were postponed.", "citations": [1]}],
        "what_happened": [{"text": "The call took place on May 1.", "citations": [2]}],
        "who_says_what": [], "questions": [{"question": "Why?", "raised_by": ["A"], "citations": [1]}],
        "disagreements": [{"kind": "date", "sides": [{"text": "The call took place on May 1.", "citation": 2,
                                                       "outlet": "B"}]}],
        "timeline": {"events": [{"date": "2026-05-01", "text": "The call took place on May 1.",
                                 "citations": [dict(b)]}]},
    }


def test_one_numbering_holds_when_every_marker_names_the_source_lists_citation() -> None:
    assert numbering_problems(_brief()) == []


def test_a_timeline_numbering_its_own_citations_is_caught() -> None:
    brief = _brief()
    brief["timeline"]["events"][0]["citations"][0] = {**brief["citations"][0], "id": 2}  # [2] shows article a
    assert numbering_problems(brief) == ["timeline: [2] shows another quote than the source list's"]
    brief = _brief()
    brief["what_happened"][0]["citations"] = [7]
    assert numbering_problems(brief) == ["what_happened: [7] is not in the source list"]
    brief = _brief()
    brief["disagreements"][0]["sides"][0]["citation"] = 1
    assert numbering_problems(brief) == ["disagreements: [1] shows another quote than the source list's"]


def test_dangling_starts_are_counted_over_points_and_sections() -> None:
    brief = _brief()
    brief["points"].append({"text": "It has been stalled since June.", "citations": [1]})
    assert dangling_starts(brief) == (1, 4)
    rows = [{"credits": [], "duplicate_open_questions": 0, "conflict": False, "case_conflict_shown": False,
             "n_disagreements": 0, "labelled_shown": 0, "numbering_problems": [], "dangling_starts": 1,
             "sentences": 4},
            {"credits": [], "duplicate_open_questions": 0, "conflict": False, "case_conflict_shown": False,
             "n_disagreements": 0, "labelled_shown": 0, "numbering_problems": ["timeline: …"],
             "dangling_starts": 0, "sentences": 4}]
    m = brief_metrics(rows)
    assert m["brief_citation_numbering_consistent"] == 0.5
    assert m["brief_dangling_start_rate"] == 0.125
