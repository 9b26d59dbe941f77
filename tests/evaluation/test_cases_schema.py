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
