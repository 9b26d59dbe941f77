"""Generated question variants for the robustness suite: how real users type the same question.

Each transformation is a small pure function ``str -> str`` that keeps the question's
meaning, so a variant inherits every expectation of its case (status, facts, citations,
forbidden phrases).  They are general — none knows a story, a name or a case:

* ``lower_case``      — everything in lower case ("hale–moreno meeting"), names included;
* ``ascii_punctuation`` — en/em dashes and minus signs become "-", curly quotes straight;
* ``no_question_mark`` — the trailing "?" dropped, as typed into a search box;
* ``names_reordered`` — two names joined by a dash, slash or "and" swapped
  ("Hale–Moreno meeting" → "Moreno–Hale meeting", "Hale and Moreno" → "Moreno and Hale");
* ``do_we_know``      — the question framed as "Do we know …?";
* ``casual``          — lower case, ASCII punctuation and no question mark at once.

:func:`variants_of` applies them all and keeps those that change the question (a
question without curly quotes or dashes has no ``ascii_punctuation`` variant; one
without joined names has no ``names_reordered`` one); four kinds always apply.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from briefbot.evaluation.cases import Case

_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_QUOTES = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
           "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"'}
_NAME = r"[A-Z][\w'’.]*(?:\s+[A-Z][\w'’.]*)?"
"""A capitalised name of one or two words ("Hale", "Ana Moreno", "U.S.")."""
_JOINED = re.compile(
    rf"(?<![\w-])(?P<a>{_NAME})(?P<join>\s*[\u2010-\u2015\u2212/-]\s*|\s+and\s+)(?P<b>{_NAME})(?![\w-])"
)
_LEADING_CONJUNCTION = re.compile(r"^(?:and|but|so)\s+", re.IGNORECASE)
_WH = ("what", "when", "where", "who", "whom", "whose", "which", "why", "how")


def lower_case(question: str) -> str:
    """The question in lower case, names included."""
    return question.lower()


def ascii_punctuation(question: str) -> str:
    """En/em dashes and minus signs as "-", curly quotes as straight quotes."""
    text = _DASHES.sub("-", question)
    return "".join(_QUOTES.get(ch, ch) for ch in text)


def no_question_mark(question: str) -> str:
    """The question without its trailing question mark(s)."""
    return question.rstrip().rstrip("?").rstrip()


def names_reordered(question: str) -> str:
    """The first pair of capitalised names joined by a dash, slash or "and", swapped.

    "Why was the Hale–Moreno meeting postponed?" → "Why was the Moreno–Hale meeting
    postponed?"; "Did Hale and Moreno speak?" → "Did Moreno and Hale speak?".  The first
    word of the question is not a name (it is capitalised as the sentence start).
    """
    for match in _JOINED.finditer(question):
        if match.start() == 0 or match.group("a").lower() in _WH:
            continue
        a, b = match.group("a"), match.group("b")
        return question[:match.start()] + b + match.group("join") + a + question[match.end():]
    return question


def do_we_know(question: str) -> str:
    """The question framed as "Do we know …?" ("Why was X postponed?" → "Do we know why was X postponed?")."""
    body = _LEADING_CONJUNCTION.sub("", no_question_mark(question))
    first, _, rest = body.partition(" ")
    if first and not _is_name(first, rest):
        first = first[0].lower() + first[1:]
    return f"Do we know {first} {rest}?".replace("  ", " ").replace(" ?", "?")


def casual(question: str) -> str:
    """Lower case, ASCII punctuation and no question mark, as typed quickly."""
    return no_question_mark(ascii_punctuation(lower_case(question)))


def _is_name(word: str, rest: str) -> bool:
    """A first word that stays capitalised: an acronym ("UNESCO") or one capitalised again later."""
    core = word.strip("'’\".,")
    return len(core) > 1 and (core.isupper() or core in rest.split())


Transformation = Callable[[str], str]
VARIANT_KINDS: dict[str, Transformation] = {
    "lower_case": lower_case,
    "ascii_punctuation": ascii_punctuation,
    "no_question_mark": no_question_mark,
    "names_reordered": names_reordered,
    "do_we_know": do_we_know,
    "casual": casual,
}
"""Every generated variant kind, in report order."""


def variant_questions(question: str) -> list[tuple[str, str]]:
    """``(kind, question)`` for every transformation that changes ``question`` into a new text."""
    seen = {question}
    out: list[tuple[str, str]] = []
    for kind, transform in VARIANT_KINDS.items():
        text = transform(question)
        if text and text not in seen:
            seen.add(text)
            out.append((kind, text))
    return out


def variants_of(case: Case) -> list[Case]:
    """Generated variants of ``case``: same expectations, new question, ``group`` = the case id."""
    return [replace(case, id=f"{case.id}~{kind}", question=text, group=case.group_id, variant=kind)
            for kind, text in variant_questions(case.question)]


def expand_with_variants(cases: Sequence[Case]) -> list[Case]:
    """Each case followed by its generated variants."""
    out: list[Case] = []
    for case in cases:
        out.append(case)
        out.extend(variants_of(case))
    return out


__all__ = ["VARIANT_KINDS", "ascii_punctuation", "casual", "do_we_know", "expand_with_variants", "lower_case",
           "names_reordered", "no_question_mark", "variant_questions", "variants_of"]
