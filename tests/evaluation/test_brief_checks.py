"""Brief attribution and disagreement checks on hand-built briefs (no index; the credit
check embeds two sentences with the real MiniLM model)."""

from __future__ import annotations

from briefbot.evaluation.brief_checks import (
    Labelled,
    _open_question_credits,
    brief_metrics,
    credit_ok,
    disagreement_labelled,
    lost_stance,
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
