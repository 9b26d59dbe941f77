"""Eval cases: the schema of design.md, loaded from YAML lists or JSON Lines, validated.

A case file is a YAML list of mappings (``.yaml``/``.yml``) or one JSON object per line
(``.jsonl``).  Each case::

    - id: why-postponed                 # unique across the files of one run
      question: Why was the Hale–Moreno meeting postponed?
      answerable: true                  # false: status must be insufficient_evidence
      uncertain: true                   # the sources hedge: the answer must say so
      facts:                            # every fact must appear; each lists accepted phrasings
        - ["differing expectations", "different expectations"]
      citations: [hale-moreno-meeting-postponed]   # articles that support the answer (any of)
      forbidden: ["summit was cancelled"]           # claims that must not appear
      history:                          # optional: earlier turns of a conversation
        - {role: user, content: Why was the meeting postponed?}
      corpus_extra: [injection-summit-cancelled]    # optional: fixture articles to add

``corpus_extra`` names fixture files under a ``fixtures/`` folder next to the case
file (by file name, with or without extension); the runner indexes ``corpus/`` plus
those fixtures for the cases that name them, and only for them.

Fields used by the robustness dataset (``briefbot eval --dataset robustness``)::

      group: why-postponed              # the case this one rephrases (consistency is per group)
      conflict: true                    # the sources disagree (true) / must not be shown
                                        # as disagreeing (false); absent: not judged
      attribution:                      # each item: accepted phrasings, one must appear
        - ["according to", "reported"]
      outlets: ["Northgate Herald"]     # outlets the answer must credit (named or cited)

Used by the realnews dataset (``evals/realnews/``)::

      story: tyson-chickens             # the story of stories.yaml the case is about

Case files named ``robustness_*`` belong to that dataset: a folder expands without
them, so ``briefbot eval`` (the corpus suite) never runs them.  ``timeline.yaml`` (the
timeline dataset's labelled events) is skipped the same way.

Every problem is reported as :class:`CaseError` naming the file, the case and the field.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

CASE_SUFFIXES = (".yaml", ".yml", ".jsonl")
FIXTURE_SUFFIXES = (".md", ".markdown", ".txt", ".json", ".jsonl", ".html", ".htm")
_KNOWN = {
    "id", "question", "answerable", "uncertain", "facts", "citations", "forbidden",
    "history", "corpus_extra", "notes", "tags", "group", "conflict", "attribution", "outlets", "story",
}
OTHER_DATASET_PREFIXES = ("robustness_", "timeline.", "followup_pairs.", "followup_pairs_")
"""Files with these name prefixes belong to another dataset (``robustness_*``; ``timeline.yaml``, the
labelled events of ``briefbot eval --dataset timeline``, which is no case list); folders expand without them."""


class CaseError(ValueError):
    """A case file or case is invalid; the message names file, case and field."""


@dataclass(frozen=True)
class Case:
    """One eval case (design.md "Eval case")."""

    id: str
    question: str
    answerable: bool = True
    uncertain: bool = False
    facts: tuple[tuple[str, ...], ...] = ()
    citations: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    history: tuple[tuple[str, str], ...] = ()
    corpus_extra: tuple[Path, ...] = ()
    """Resolved fixture files to index next to ``corpus/`` for this case."""
    tags: tuple[str, ...] = ()
    file: str = ""
    """Where the case was defined (``path`` or ``path:line``)."""
    group: str = ""
    """The case this one rephrases (robustness consistency is measured per group); "" = itself."""
    variant: str = "original"
    """How the question was made: ``original``, a generated variant kind, or ``paraphrase``."""
    conflict: bool | None = None
    """True: the sources disagree and the answer must say so; False: it must not; None: not judged."""
    attribution: tuple[tuple[str, ...], ...] = ()
    """In-text attributions the answer must keep; each item lists accepted phrasings."""
    outlets: tuple[str, ...] = ()
    """Outlets the answer must credit: named in its text or the source of a cited article."""
    story: str = ""
    """The story (news event) the case is about: a key of ``evals/realnews/stories.yaml``; "" elsewhere."""

    @property
    def group_id(self) -> str:
        return self.group or self.id

    @property
    def history_messages(self) -> list[dict[str, str]]:
        return [{"role": r, "content": c} for r, c in self.history]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "question": self.question,
            "answerable": self.answerable,
            "uncertain": self.uncertain,
            "facts": [list(f) for f in self.facts],
            "citations": list(self.citations),
            "forbidden": list(self.forbidden),
            "history": self.history_messages,
            "corpus_extra": [p.stem for p in self.corpus_extra],
            "tags": list(self.tags),
            "group": self.group_id,
            "variant": self.variant,
            "conflict": self.conflict,
            "attribution": [list(a) for a in self.attribution],
            "outlets": list(self.outlets),
            "story": self.story,
        }


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Case files from files and folders (folders: their ``*.yaml|*.yml|*.jsonl``, sorted)."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in CASE_SUFFIXES
                           and not p.name.startswith(OTHER_DATASET_PREFIXES))
            if not found:
                raise CaseError(f"{path}: folder holds no case files (*.yaml, *.yml, *.jsonl)")
            out.extend(found)
        elif path.is_file():
            out.append(path)
        else:
            raise CaseError(f"{path}: no such case file or folder")
    return out


def load_cases(paths: Iterable[str | Path] | str | Path) -> list[Case]:
    """All cases of ``paths`` (files or folders), validated; ids must be unique."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    cases: list[Case] = []
    seen: dict[str, str] = {}
    for path in expand_paths(paths):
        for case in load_case_file(path):
            if case.id in seen:
                raise CaseError(f"{case.file}: case {case.id!r}: duplicate id (first defined at {seen[case.id]})")
            seen[case.id] = case.file
            cases.append(case)
    return cases


def load_case_file(path: str | Path) -> list[Case]:
    """The cases of one YAML or JSONL file."""
    path = Path(path)
    fixtures_dir = path.parent / "fixtures"
    return [parse_case(rec, where, n, fixtures_dir) for n, (where, rec) in enumerate(read_records(path), start=1)]


def read_records(path: str | Path) -> list[tuple[str, Any]]:
    """``(where, record)`` for every case record of a YAML list or JSONL file, unvalidated."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CaseError(f"{path}: cannot read case file: {exc}") from exc
    records: list[tuple[str, Any]] = []
    if path.suffix.lower() == ".jsonl":
        for lineno, line in enumerate(raw.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                records.append((f"{path}:{lineno}", json.loads(line)))
            except json.JSONDecodeError as exc:
                raise CaseError(f"{path}:{lineno}: invalid JSON at column {exc.colno}: {exc.msg}") from exc
    elif path.suffix.lower() in (".yaml", ".yml"):
        try:
            data = yaml.safe_load(raw)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise CaseError(f"{where}: invalid YAML: {problem}") from exc
        if data is None:
            data = []
        if not isinstance(data, list):
            raise CaseError(f"{path}: a case file must be a YAML list of cases (got {type(data).__name__})")
        records = [(str(path), item) for item in data]
    else:
        raise CaseError(f"{path}: unknown case file type {path.suffix!r} (use .yaml, .yml or .jsonl)")
    return records


def parse_case(record: Any, where: str, number: int = 0, fixtures_dir: Path | None = None) -> Case:
    """Validate one case mapping; ``where`` is the file (or ``file:line``) for messages."""
    label = f"case #{number}" if number else "case"
    if not isinstance(record, dict):
        raise CaseError(f"{where}: {label}: must be a mapping of field: value, got {type(record).__name__}")
    cid = record.get("id")
    if not isinstance(cid, str) or not cid.strip():
        raise CaseError(f"{where}: {label}: field 'id' is required and must be a non-empty string")
    cid = cid.strip()

    def fail(field_name: str, problem: str) -> CaseError:
        return CaseError(f"{where}: case {cid!r}: field {field_name!r} {problem}")

    unknown = sorted(set(record) - _KNOWN)
    if unknown:
        raise fail(unknown[0], f"is not part of the case schema (known: {', '.join(sorted(_KNOWN))})")
    question = record.get("question")
    if not isinstance(question, str) or not question.strip():
        raise fail("question", "is required and must be a non-empty string")
    answerable = _bool(record, "answerable", True, fail)
    uncertain = _bool(record, "uncertain", False, fail)
    facts = _phrasings(record, "facts", fail)
    attribution = _phrasings(record, "attribution", fail)
    conflict_raw = record.get("conflict")
    if conflict_raw is not None and not isinstance(conflict_raw, bool):
        raise fail("conflict", f"must be true or false, got {conflict_raw!r}")
    if conflict_raw and not uncertain:
        raise fail("conflict", "true needs uncertain: true (sources that disagree leave the answer uncertain)")
    citations = _strings(record, "citations", fail)
    forbidden = _strings(record, "forbidden", fail)
    tags = _strings(record, "tags", fail)
    if not answerable and facts:
        raise fail("facts", "must be empty when answerable is false (nothing can be a required fact)")
    if not answerable and uncertain:
        raise fail("uncertain", "cannot be true when answerable is false")
    history_raw = record.get("history") or []
    if not isinstance(history_raw, list):
        raise fail("history", "must be a list of {role, content} turns")
    history: list[tuple[str, str]] = []
    for i, turn in enumerate(history_raw):
        if (
            not isinstance(turn, dict)
            or turn.get("role") not in ("user", "assistant")
            or not isinstance(turn.get("content"), str)
        ):
            raise fail("history", f"item {i} must be {{role: user|assistant, content: text}}")
        history.append((turn["role"], turn["content"]))
    extra_names = _strings(record, "corpus_extra", fail)
    extras: list[Path] = []
    for name in extra_names:
        resolved = resolve_fixture(name, fixtures_dir)
        if resolved is None:
            looked = fixtures_dir if fixtures_dir is not None else "(no fixtures folder)"
            raise fail("corpus_extra", f"names {name!r}, but no such fixture file is in {looked}")
        extras.append(resolved)
    return Case(
        id=cid,
        question=question.strip(),
        answerable=answerable,
        uncertain=uncertain,
        facts=tuple(facts),
        citations=citations,
        forbidden=forbidden,
        history=tuple(history),
        corpus_extra=tuple(extras),
        tags=tags,
        file=where,
        group=_text(record, "group", fail),
        conflict=conflict_raw,
        attribution=attribution,
        outlets=_strings(record, "outlets", fail),
        story=_text(record, "story", fail),
    )


PARAPHRASE_FIELDS = {"id", "question", "group", "history", "tags", "notes"}
"""What a paraphrase may set; everything it is judged by comes from its group's case."""


def load_paraphrases(path: str | Path, sources: Sequence[Case]) -> list[Case]:
    """Hand-written paraphrases: each names its source case in ``group`` and inherits that
    case's expectations (status, facts, citations, forbidden, fixtures, history unless given)."""
    from dataclasses import replace

    path = Path(path)
    by_id = {c.id: c for c in sources}
    out: list[Case] = []
    for n, (where, rec) in enumerate(read_records(path), start=1):
        case = parse_case(rec, where, n, path.parent / "fixtures")
        extra = sorted(set(rec) - PARAPHRASE_FIELDS)
        if extra:
            allowed = ", ".join(sorted(PARAPHRASE_FIELDS))
            raise CaseError(f"{where}: case {case.id!r}: field {extra[0]!r} is not allowed in a paraphrase "
                            f"(it inherits its expectations from its group; allowed: {allowed})")
        source = by_id.get(case.group)
        if source is None:
            raise CaseError(f"{where}: case {case.id!r}: field 'group' must name a source case id "
                            f"(got {case.group!r}; known: the ids of evals/corpus_*.yaml)")
        out.append(replace(source, id=case.id, question=case.question, group=source.group_id,
                           variant="paraphrase", history=case.history or source.history,
                           tags=tuple(dict.fromkeys(source.tags + case.tags)), file=where))
    return out


def resolve_fixture(name: str, fixtures_dir: Path | None) -> Path | None:
    """The fixture file called ``name`` (with or without extension) in ``fixtures_dir``."""
    if fixtures_dir is None or not fixtures_dir.is_dir():
        return None
    direct = fixtures_dir / name
    if direct.is_file():
        return direct.resolve()
    for suffix in FIXTURE_SUFFIXES:
        candidate = fixtures_dir / f"{name}{suffix}"
        if candidate.is_file():
            return candidate.resolve()
    return None


def _bool(record: dict, name: str, default: bool, fail: Any) -> bool:
    value = record.get(name, default)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise fail(name, f"must be true or false, got {value!r}")
    return value


def _text(record: dict, name: str, fail: Any) -> str:
    value = record.get(name)
    if value is None:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise fail(name, "must be a non-empty string")
    return value.strip()


def _phrasings(record: dict, name: str, fail: Any) -> tuple[tuple[str, ...], ...]:
    """A list of items, each a list of accepted phrasings (a bare string is a one-phrasing item)."""
    raw = record.get(name) or []
    if not isinstance(raw, list):
        raise fail(name, "must be a list of lists of accepted phrasings")
    out: list[tuple[str, ...]] = []
    for i, item in enumerate(raw):
        if isinstance(item, str):
            item = [item]
        if not isinstance(item, list) or not item or not all(isinstance(p, str) and p.strip() for p in item):
            raise fail(name, f"item {i} must be a non-empty list of non-empty strings")
        out.append(tuple(p.strip() for p in item))
    return tuple(out)


def _strings(record: dict, name: str, fail: Any) -> tuple[str, ...]:
    value = record.get(name) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise fail(name, "must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def group_by_extras(cases: Sequence[Case]) -> list[tuple[tuple[Path, ...], list[Case]]]:
    """Cases grouped by the fixture set they need (no fixtures first), order kept within groups."""
    groups: dict[tuple[Path, ...], list[Case]] = {}
    for case in cases:
        key = tuple(sorted(set(case.corpus_extra)))
        groups.setdefault(key, []).append(case)
    return sorted(groups.items(), key=lambda kv: (len(kv[0]), [str(p) for p in kv[0]]))


__all__ = ["Case", "CaseError", "load_cases", "load_case_file", "load_paraphrases", "parse_case",
           "group_by_extras", "read_records"]
