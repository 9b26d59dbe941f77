"""Metric definitions on hand-made answers (no index needed; the embedding model is used)."""

from __future__ import annotations

from briefbot.evaluation import metrics as M
from briefbot.evaluation.runner import Report, apply_thresholds, load_thresholds, multihop_metrics, rgb_metrics
from briefbot.schema import Answer, Citation

QUOTE = "KTZ has spent 79 million tenge on new workwear following complaints from its employees in Mangystau."


def cite(i: int, quote: str = QUOTE, article: str = "ktz") -> Citation:
    return Citation(id=i, article_id=article, title="KTZ workwear", source="Caspian Ledger", url=None,
                    published=None, chunk_id=f"{article}:0", quote=quote, start=0, end=len(quote))


def answer(text: str, citations: list[Citation], status: str = "answered") -> Answer:
    return Answer(question="How much did KTZ spend on workwear?", status=status, answer=text,  # type: ignore[arg-type]
                  uncertainty=None, confidence=0.9, citations=citations, backend="extractive")


def test_normalize_and_phrases() -> None:
    assert M.contains_phrase("A tariff of no less than 500% on goods", "500%")
    assert M.contains_phrase("Lavrov–Rubio talks", "Lavrov-Rubio")
    assert M.contains_phrase("One of the network’s sources", "one of the network's sources")
    assert not M.contains_phrase("October 200", "October 20")
    assert M.contains_phrase("costs 1,000 crowns", "1000 crowns")


def test_answer_sentences_take_following_markers() -> None:
    got = M.answer_sentences("First claim. [1] Second one [2][3]. Third, uncited.")
    assert [(s.text, s.marks) for s in got] == [
        ("First claim.", [1]), ("Second one.", [2, 3]), ("Third, uncited.", [])
    ]
    got = M.answer_sentences("A one. B two. [1] C three. [2]")
    assert [(s.text, s.marks) for s in got] == [("A one.", []), ("B two.", [1]), ("C three.", [2])]


def test_citation_support_and_precision() -> None:
    good = M.score_citations(answer(QUOTE + " [1]", [cite(1)]))
    assert (good.sentences, good.supported, good.support, good.precision) == (1, 1, 1.0, 1.0)
    # an invented number is not supported by the quote
    bad = M.score_citations(answer("KTZ spent 97 million tenge on new workwear. [1]", [cite(1)]))
    assert bad.support == 0.0 and bad.precision == 0.0
    # uncited sentence counts as unsupported
    uncited = M.score_citations(answer(QUOTE, [cite(1)]))
    assert uncited.support == 0.0
    # a redundant second citation (irrelevant quote) is not needed
    other = "Kcell has been granted a certification for information security."
    extra = M.score_citations(answer(QUOTE + " [1][2]", [cite(1), cite(2, other, "kcell")]))
    assert extra.support == 1.0 and extra.precision == 0.5
    # abstentions have no sentences to score
    assert M.score_citations(answer("x", [], status="insufficient_evidence")).support is None


def test_expected_answers() -> None:
    assert M.matches_expected("Yes, both reports agree.", "Yes", "yes_no")
    assert not M.matches_expected("The reports say no such thing.", "no", "yes_no")  # must open the answer
    assert M.matches_expected("It was Sam Bankman-Fried [1].", "Sam Bankman-Fried", "short_span")
    assert M.alias_groups_match("played in Tampa, Florida", [["Tampa, Florida", "Tampa"]])
    assert not M.alias_groups_match("played in Tampa", [["Tampa"], ["2021"]])


def test_retrieval_metrics() -> None:
    ranked = M.ranked_articles(["a", "a", "b", "c", "d", "e"], 4)
    assert ranked == ["a", "b", "c", "d"]
    assert M.hits_at(ranked, {"b", "z"}, 4) == 0.5
    assert M.mrr_at(ranked, {"c"}, 10) == 1 / 3
    assert M.hits_at(ranked, set(), 4) is None


def test_aggregates_and_gates(tmp_path) -> None:
    rows = [
        {"expected_behavior": "answer", "question_type": "inference_query", "answer_format": "short_span",
         "hits_at_4": 1.0, "hits_at_10": 1.0, "mrr_at_10": 1.0, "map_at_10": 1.0, "answer_correct": True,
         "abstained": False, "citation_support": 1.0, "citation_precision": 1.0, "latency_ms": 10.0},
        {"expected_behavior": "abstain", "question_type": "null_query", "answer_format": "insufficient_information",
         "hits_at_4": None, "hits_at_10": None, "mrr_at_10": None, "map_at_10": None, "answer_correct": None,
         "abstained": False, "citation_support": 0.5, "citation_precision": 1.0, "latency_ms": 30.0},
    ]
    m = multihop_metrics(rows)
    assert m["hits_at_10"] == 1.0 and m["null_abstention_rate"] == 0.0 and m["false_abstention_rate"] == 0.0
    rgb = rgb_metrics([
        {"condition": "negative_rejection", "excluded_from_rejection": True, "abstained": False,
         "contains_answer": False, "contains_fake_answer": False, "status": "answered", "citation_support": None,
         "latency_ms": 1.0, "ingest_ms": 1.0},
        {"condition": "negative_rejection", "excluded_from_rejection": False, "abstained": True,
         "contains_answer": False, "contains_fake_answer": False, "status": "insufficient_evidence",
         "citation_support": None, "latency_ms": 1.0, "ingest_ms": 1.0},
    ])
    assert rgb["rejection_rate"] == 1.0 and rgb["rejection_rate_incl_loose"] == 0.5
    assert rgb["rejection_honest_rate"] == 1.0
    said = {"condition": "negative_rejection", "excluded_from_rejection": False, "abstained": False,
            "contains_answer": False, "contains_fake_answer": False, "status": "uncertain", "citation_support": 1.0,
            "latency_ms": 1.0, "ingest_ms": 1.0, "summary": "The reports cover the Orvel Cup but none says who won it."}
    topical = {**said, "summary": None, "status": "answered"}
    both = rgb_metrics([said, topical])
    # the uncertain answer that says none gives it is a rejection; RGB's own rate counts neither
    assert both["rejection_honest_rate"] == 0.5 and both["rejection_rate"] == 0.0
    toml = tmp_path / "t.toml"
    toml.write_text('[rgb]\nrejection_rate = {min = 0.9}\nlatency_p50_ms = {max = 0.5}\nmissing = 0.1\n')
    report = apply_thresholds(Report("rgb", rgb, []), load_thresholds(toml))
    verdicts = {g.metric: g.passed for g in report.gates}
    assert verdicts == {"rejection_rate": True, "latency_p50_ms": False, "missing": None}
    assert not report.passed


def test_shipped_thresholds_parse() -> None:
    table = load_thresholds()
    assert {"cases", "rgb", "multihop-rag"} <= set(table)
    assert table["cases"]["abstention_accuracy"][0] == ">="


# ---------------------------------------------------------------------- robustness
def _row(group: str, variant: str, consistent: bool, conflict: bool | None = None, predicted: bool = False,
         attribution_ok: bool | None = None) -> dict:
    return {"group": group, "variant": variant, "consistent": consistent, "status_ok": consistent,
            "fact_recall": 1.0 if consistent else 0.0, "predicted_conflict": predicted,
            "attribution_ok": attribution_ok, "forbidden_hits": [],
            "expected": {"conflict": conflict, "forbidden": []}}


def test_paraphrase_consistency_counts_whole_groups() -> None:
    rows = [_row("a", "original", True), _row("a", "lower_case", True), _row("a", "paraphrase", True),
            _row("b", "original", True), _row("b", "casual", False),
            _row("c", "original", False)]  # a group of one is not counted
    assert M.paraphrase_consistency(rows) == 0.5
    assert M.paraphrase_consistency([_row("c", "original", True)]) is None


def test_conflict_precision_and_recall() -> None:
    rows = [_row("a", "original", True, conflict=True, predicted=True),    # tp
            _row("b", "original", True, conflict=True, predicted=False),   # fn
            _row("c", "original", True, conflict=False, predicted=True),   # fp
            _row("d", "original", True, conflict=False, predicted=False),  # tn
            _row("e", "original", True, conflict=None, predicted=True)]    # unlabelled: ignored
    assert M.conflict_scores(rows) == {"conflict_precision": 0.5, "conflict_recall": 0.5, "n_conflict_labelled": 4}
    assert M.conflict_scores(rows[3:4])["conflict_precision"] is None


def test_predicted_conflict_prefers_the_disagreements_field() -> None:
    note = "Sources disagree (date: may 12 vs may 14): A says …, while B says …."
    assert M.predicts_conflict("uncertain", note, None)          # fallback: uncertain + note
    assert not M.predicts_conflict("answered", note, None)
    assert not M.predicts_conflict("uncertain", "Tidewater Echo hedges (reportedly): …", None)
    assert not M.predicts_conflict("uncertain", note, [])        # the field wins when present
    assert M.predicts_conflict("answered", None, [{"kind": "date", "sides": []}])


def test_outlet_credit_by_name_or_citation() -> None:
    assert M.credits_outlet("Northgate Herald", "Velmark will cut jobs, the Northgate Herald reported.", [])
    assert M.credits_outlet("Valley Post", "It opened on March 5.", ["Valley Post (fictional fixture)"])
    assert not M.credits_outlet("Valley Post", "It opened on March 5.", ["Lakeshore Courier (fictional fixture)"])


def test_variant_breakdown_and_broken_originals() -> None:
    rows = [_row("a", "original", True), _row("a", "lower_case", False), _row("b", "original", False),
            _row("b", "lower_case", False)]
    got = M.variant_breakdown(rows)
    assert got["lower_case"]["n"] == 2 and got["lower_case"]["consistent"] == 0.0
    assert got["lower_case"]["broke_original"] == 1.0  # only group a's original was right


def test_score_robust_case_labels() -> None:
    from briefbot.evaluation.cases import Case

    case = Case(id="ktz", question="How much did KTZ spend?", facts=(("79 million",),), citations=("ktz",),
                conflict=False, attribution=(("according to a regional news report",),),
                outlets=("Caspian Ledger",), group="", variant="original")
    quote = QUOTE.replace(" in Mangystau.", " in Mangystau, according to a regional news report.")
    row = M.score_robust_case(case, answer(quote + " [1]", [cite(1, quote)]), 12.0)
    assert row["consistent"] and row["attribution_ok"] and row["predicted_conflict"] is False
    assert row["group"] == "ktz" and row["passed"], row["failures"]
    bare = M.score_robust_case(case, answer(QUOTE + " [1]", [cite(1)]), 12.0)
    assert bare["attribution_ok"] is False and not bare["passed"]
    assert any("attribution" in f for f in bare["failures"])
