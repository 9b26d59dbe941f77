"""Case files: schema validation with errors naming file, case and field; the shipped suites load."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefbot.evaluation.cases import CaseError, group_by_extras, load_case_file, load_cases

EVALS = Path(__file__).resolve().parents[2] / "evals"
CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_suites_load_and_cover_every_kind() -> None:
    cases = load_cases([EVALS])
    assert len(cases) >= 40
    tags = {t for c in cases for t in c.tags}
    assert {"answerable", "hedged", "unanswerable", "follow-up", "conflict", "injection"} <= tags
    assert any(c.history for c in cases)
    assert any(c.uncertain for c in cases)
    assert any(not c.answerable for c in cases)
    assert any(c.corpus_extra for c in cases)


def test_shipped_citations_name_real_articles() -> None:
    corpus_ids = {p.stem for p in CORPUS.glob("*.md") if p.name.lower() != "readme.md"}
    cases = load_cases([EVALS])
    for case in cases:
        fixture_ids = set()
        for path in case.corpus_extra:
            text = path.read_text(encoding="utf-8")
            fixture_ids |= {line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("id:")}
        unknown = set(case.citations) - corpus_ids - fixture_ids
        assert not unknown, f"{case.id}: unknown article ids {unknown}"


def test_shipped_facts_occur_in_the_cited_articles() -> None:
    """Every fact has a phrasing that the cited articles (or fixtures) really contain."""
    from briefbot.evaluation.metrics import any_phrase

    texts = {p.stem: p.read_text(encoding="utf-8") for p in CORPUS.glob("*.md")}
    for case in load_cases([EVALS]):
        pool = " ".join(texts.get(a, "") for a in case.citations)
        pool += " ".join(p.read_text(encoding="utf-8") for p in case.corpus_extra)
        for fact in case.facts:
            assert any_phrase(pool, fact), f"{case.id}: no cited article says any of {fact}"


def test_jsonl_cases_and_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, "c.jsonl", '{"id": "a", "question": "Q?"}\n\n{"id": "b", "question": "R?", '
                 '"answerable": false}\n')
    cases = load_case_file(path)
    assert [c.id for c in cases] == ["a", "b"]
    assert cases[0].answerable and not cases[0].uncertain and cases[0].facts == ()
    assert cases[1].file.endswith("c.jsonl:3")


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("- id: x\n  question: Q?\n  answerable: maybe\n", "field 'answerable'"),
        ("- id: x\n", "field 'question'"),
        ("- question: Q?\n", "field 'id'"),
        ("- id: x\n  question: Q?\n  facts: [[]]\n", "field 'facts'"),
        ("- id: x\n  question: Q?\n  answerable: false\n  facts: [[a]]\n", "field 'facts'"),
        ("- id: x\n  question: Q?\n  colour: red\n", "field 'colour'"),
        ("- id: x\n  question: Q?\n  history: [{role: bot, content: hi}]\n", "field 'history'"),
        ("- id: x\n  question: Q?\n  corpus_extra: [nope]\n", "field 'corpus_extra'"),
        ("id: x\n", "YAML list"),
        ("- id: x\n  question: [unclosed\n", "invalid YAML"),
    ],
)
def test_errors_name_file_case_and_field(tmp_path: Path, text: str, needle: str) -> None:
    path = write(tmp_path, "bad.yaml", text)
    with pytest.raises(CaseError) as info:
        load_case_file(path)
    message = str(info.value)
    assert str(path) in message and needle in message
    if "field" in needle and "'id'" not in needle:
        assert "case 'x'" in message


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", "- id: same\n  question: Q?\n")
    b = write(tmp_path, "b.yaml", "- id: same\n  question: R?\n")
    with pytest.raises(CaseError, match="duplicate id"):
        load_cases([a, b])


def test_bad_jsonl_line_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "c.jsonl", '{"id": "a", "question": "Q?"}\n{oops\n')
    with pytest.raises(CaseError, match=r"c\.jsonl:2"):
        load_case_file(path)


def test_fixtures_resolve_and_group(tmp_path: Path) -> None:
    (tmp_path / "fixtures").mkdir()
    (tmp_path / "fixtures" / "extra-one.md").write_text("---\nid: extra-one\ntitle: T\n---\nBody.\n")
    path = write(tmp_path, "c.yaml", "- id: a\n  question: Q?\n- id: b\n  question: R?\n  corpus_extra: [extra-one]\n")
    cases = load_case_file(path)
    assert cases[1].corpus_extra[0].name == "extra-one.md"
    groups = group_by_extras(cases)
    assert [len(g) for _, g in groups] == [1, 1] and groups[0][0] == ()


# ---------------------------------------------------------------------- robustness dataset
def _robustness_cases():
    from briefbot.evaluation.robustness import robustness_cases

    return robustness_cases(EVALS)


def test_robustness_files_are_not_part_of_the_corpus_suite() -> None:
    assert not any(c.file.split(":")[0].split("/")[-1].startswith("robustness_") for c in load_cases([EVALS]))


def test_robustness_suite_size_and_labels() -> None:
    cases = _robustness_cases()
    originals = [c for c in cases if c.variant == "original" and c.file.split("/")[-1].startswith("corpus_")]
    paraphrases = [c for c in cases if c.variant == "paraphrase"]
    fixture_cases = [c for c in cases if c.file.endswith("robustness_fixtures.yaml")]
    assert len(originals) >= 40
    for case in originals:
        assert sum(1 for c in cases if c.group_id == case.id and c.variant not in ("original", "paraphrase")) >= 4
    sources = {c.id for c in cases if c.variant == "original"}
    assert len(paraphrases) >= 40 and {p.group for p in paraphrases} <= sources
    assert sum(1 for p in paraphrases if p.group in {c.id for c in originals}) >= 40
    assert any(c.conflict for c in fixture_cases) and any(c.conflict is False for c in fixture_cases)
    assert any(c.attribution for c in fixture_cases) and any(c.outlets for c in fixture_cases)
    fixtures = {p for c in fixture_cases for p in c.corpus_extra}
    assert len(fixtures) >= 15
    tags = {t for c in fixture_cases for t in c.tags}
    assert {"same-event", "different-event", "denial", "recommendation", "attribution", "planted",
            "injection"} <= tags


def test_robustness_labels_occur_in_the_cited_articles() -> None:
    """Facts, attributions and credited outlets are really in the articles a case names."""
    from briefbot.evaluation.metrics import any_phrase, contains_phrase

    texts = {p.stem: p.read_text(encoding="utf-8") for p in CORPUS.glob("*.md")}
    for case in _robustness_cases():
        if case.variant != "original" or not case.file.endswith("robustness_fixtures.yaml"):
            continue
        pool = " ".join(texts.get(a, "") for a in case.citations)
        pool += " ".join(p.read_text(encoding="utf-8") for p in case.corpus_extra)
        for item in case.facts + case.attribution:
            assert any_phrase(pool, item), f"{case.id}: no named article says any of {item}"
        for outlet in case.outlets:
            assert contains_phrase(pool, outlet), f"{case.id}: no named article is from {outlet}"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("- id: x\n  question: Q?\n  conflict: maybe\n  uncertain: true\n", "field 'conflict'"),
        ("- id: x\n  question: Q?\n  conflict: true\n", "field 'conflict'"),
        ("- id: x\n  question: Q?\n  attribution: [[]]\n", "field 'attribution'"),
        ("- id: x\n  question: Q?\n  outlets: [1]\n", "field 'outlets'"),
        ("- id: x\n  question: Q?\n  group: ''\n", "field 'group'"),
    ],
)
def test_robustness_fields_are_validated(tmp_path: Path, text: str, needle: str) -> None:
    path = write(tmp_path, "bad.yaml", text)
    with pytest.raises(CaseError) as info:
        load_case_file(path)
    assert needle in str(info.value) and "case 'x'" in str(info.value)


def test_paraphrases_inherit_and_reject_own_expectations(tmp_path: Path) -> None:
    from briefbot.evaluation.cases import Case, load_paraphrases

    source = Case(id="src", question="Why was it postponed?", uncertain=True, facts=(("unclear",),),
                  history=(("user", "earlier"),))
    ok = write(tmp_path, "p.yaml", "- id: p1\n  group: src\n  question: Why was it put off?\n")
    (para,) = load_paraphrases(ok, [source])
    assert (para.id, para.group_id, para.variant, para.uncertain, para.facts, para.history) == (
        "p1", "src", "paraphrase", True, (("unclear",),), (("user", "earlier"),))
    bad = write(tmp_path, "q.yaml", "- id: p2\n  group: src\n  question: Q?\n  facts: [[x]]\n")
    with pytest.raises(CaseError, match="field 'facts' is not allowed in a paraphrase"):
        load_paraphrases(bad, [source])
    unknown = write(tmp_path, "r.yaml", "- id: p3\n  group: nope\n  question: Q?\n")
    with pytest.raises(CaseError, match="field 'group'"):
        load_paraphrases(unknown, [source])


def test_robustness_limit_keeps_whole_groups() -> None:
    from briefbot.evaluation.robustness import select

    cases = _robustness_cases()
    chosen = select(cases, 3)
    groups = list(dict.fromkeys(c.group_id for c in chosen))
    assert len(groups) == 3
    assert chosen == [c for c in cases if c.group_id in groups]  # every member, order kept
    assert select(cases, None) == cases
