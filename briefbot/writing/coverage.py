"""A model answer may reword the evidence; it may not drop a value the evidence gives.

A small model asked "when did X open?" over two reports that disagree (March 3, March 5)
often writes one clean sentence with one date: every word verified, and the
disagreement the status rules found is gone.  Asked "what did X say?", it paraphrases
the reporter and leaves out the quoted words.  The status and the evidence were decided
before the model wrote, so the answer must still carry what the extractive writer would
have said:

* a **value** is a figure or date number (``19``, ``500%``, ``12 million``), or a quoted
  span of three words or more (``"pressing the pause button"``);
* each sentence of the extractive answer whose values do not all occur in the model's
  kept sentences is added after them, with its own markers (an exact quote or an exact
  substring of one, so it needs no new verification);
* the extractive answer's **lead** is the sentence that fills the asked slot (the writer
  puts it first): a model that keeps fewer than a third of its content words has answered
  something else ("why was it postponed?" → "it was postponed, CNN reported"), so the lead
  is added too.  The question's own words do not count: every topical sentence has them.
  So is a lead whose hedge ("it remains unclear why", "reportedly") the model's sentences
  do not carry: the answer may not turn "unclear" into a plain statement;
* in an ``uncertain`` answer **every** extractive sentence is a side or a hedge of what is not
  settled ("it remains unclear why" / "a source points to differing expectations"), so the
  same test holds for each of them: a model that says one side and drops the other has
  settled what the sources leave open;
* a model sentence that only **repeats** another of its kept sentences, or an extractive
  sentence added after them (its content words, beyond the question's, all in that other
  sentence), is dropped: one fact, one sentence.

The model is held to what it was **shown**: each extractive sentence is read as the prompt
showed its quote (``view``: :func:`briefbot.writing.model_prompt.compact_quote`, the clauses the
question does not ask dropped, hedges and attributions kept), so a figure in a trailing clause the
prompt left out ("…, even though at least 85 senators support it" for "when was it introduced?")
is not demanded of the model; the sentence added is still the whole extractive one.

For a date or count question in an ``answered`` answer, the **asked value** is what is held
(:func:`asked_numbers`: the dates of "when", the figures counting the asked thing): "85 senators
support the act" answers "how many senators back it?" though its source sentence also says when the
act was introduced, and demanding that date added the source sentence back and dropped the model's.
The lead's substance is then its asked value plus who says it: a lead that reports its source
("…, a regional news report said") needs a report verb in the model's words.  In an ``uncertain``
answer every sentence that reports its source keeps a report verb (a side said bare reads as
settled; a lone report's claim stays the report's).

Tried and measured (corpus, 46 local-model answers): taking the lead's asked value as its
whole substance ("By 2026, X aims to halt the decline" for "by what year …") kept 2 more replies
but dropped what the lead also gives ("by developing new fields", a labelled fact): one
confident wrong answer.  The third-of-the-words test stays.

General: no word list, no story; a sentence without values adds nothing here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from briefbot.language.cues import hedges
from briefbot.language.question import QuestionFrame, analyse_question
from briefbot.language.text import content_words
from briefbot.truth.verify import SPEECH, quantities
from briefbot.writing.writer import VALUE_SPANS

LEAD_KEPT = 1 / 3
"""Share of the extractive lead's content words (stems) a model answer must keep."""
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_QUOTED = re.compile(r"[\"“]([^\"”]{8,}?)[\"”]")
_WORD = re.compile(r"[\w'’-]+")


def _norm_number(n: str) -> str:
    return n.replace(",", "")


def numbers(text: str) -> set[str]:
    """Figures and date numbers in ``text`` ("1,500" and "1500" are one)."""
    return {_norm_number(n) for n in _NUMBER.findall(text)}


def quoted_spans(text: str) -> list[str]:
    """Quoted passages of three words or more, as lower-case word runs."""
    out = []
    for span in _QUOTED.findall(text):
        words = _WORD.findall(span.lower())
        if len(words) >= 3:
            out.append(" ".join(words))
    return out


def _words(text: str) -> str:
    return " " + " ".join(_WORD.findall(text.lower())) + " "


def asked_numbers(sentence: str, frame: QuestionFrame | None) -> set[str] | None:
    """The numbers of ``sentence`` that are the asked value, when the question asks a date or a
    count: for "when", the numbers inside its dates ("April 1", "2026"); for "how many", the
    figures counting a thing the question names ("at least 85 senators" for "how many senators";
    all its counted figures when none counts an asked word).  None for other questions, and when
    the sentence gives no such number: then every number of the sentence is a value.

    A figure beside the asked one ("introduced on April 1" in the sentence that answers "how many
    senators back it?") is the source sentence's, not the answer's: a model that gives the asked
    count has not dropped a value, and demanding the date added the whole source sentence back
    and dropped the model's (on the corpus, two "how many" answers)."""
    kind = str(frame.kind) if frame is not None else ""
    if frame is None or kind not in ("when", "how_many"):
        return None
    if kind == "when":
        found = {n for m in VALUE_SPANS["when"].finditer(sentence) for n in numbers(m.group(0))}
    else:
        counted = quantities(sentence)
        asked = content_words(frame.text)
        chosen = [v for unit, vs in counted.items() if unit in asked for v in vs] or \
            [v for vs in counted.values() for v in vs]
        found = {n for v in chosen for n in numbers(v)}
    return found or None


def missing_values(sentence: str, said: str, asked: set[str] | None = None) -> bool:
    """Does ``sentence`` give a value that ``said`` (the model's kept text) does not?  ``asked``: the
    numbers that are the asked value (:func:`asked_numbers`; None: every number is one)."""
    if not (numbers(sentence) if asked is None else asked) <= numbers(said):
        return True
    said_words = _words(said)
    return any(f" {q} " not in said_words for q in quoted_spans(sentence))


def hedge_dropped(lead: str, said: str) -> bool:
    """Has ``said`` left out a hedge of ``lead``?  Cue by cue: "one of the paper's sources" is not
    kept by "the paper's sources" (one source made several; tried on the corpus, it turned the
    answer to "who said …?" wrong)."""
    return not set(hedges(lead)) <= set(hedges(said))


def source_dropped(lead: str, said: str) -> bool:
    """Does ``lead`` report who says it ("…, a regional paper said", "according to …") while ``said``
    reports no one?"""
    return bool(SPEECH.search(lead)) and not SPEECH.search(said)


def lead_dropped(lead: str, said: str, question: str = "", asked: set[str] | None = None,
                 every: bool = False) -> bool:
    """Has the model's kept text (``said``) left out the extractive lead's hedge or its substance?
    The substance is the lead's ``asked`` value (:func:`asked_numbers`) and, when the lead reports
    who says it ("…, a regional paper said"), a report verb of its own; without an asked value, a
    third of the lead's content words beyond the question's.  ``every``: the answer is
    ``uncertain`` (often because one report alone gives it), so a sentence that reports who says it
    must keep a report verb whatever else it keeps: a side said bare reads as a settled fact."""
    if hedge_dropped(lead, said) or (every and source_dropped(lead, said)):
        return True
    if asked:
        return not asked <= numbers(said) or source_dropped(lead, said)
    words = content_words(lead) - content_words(question)
    return bool(words) and len(words & content_words(said)) < LEAD_KEPT * len(words)


def repeats(kept: Sequence[str], question: str = "") -> list[int]:
    """Indices of the sentences of ``kept`` that say nothing another one does not: their content
    words beyond the question's are all in one other sentence (of two that say the same, the
    later goes)."""
    words = [content_words(t) - content_words(question) for t in kept]
    out = []
    for i, w in enumerate(words):
        for j, other in enumerate(words):
            if j != i and j not in out and w <= other and (w < other or j < i):
                out.append(i)
                break
    return out


def subsumed(model: Sequence[str], added: Sequence[str], question: str = "") -> list[int]:
    """Indices of the ``model`` sentences that an ``added`` extractive sentence already says
    (their content words beyond the question's are all in it): said once, in the source's words."""
    said = [content_words(t) - content_words(question) for t in added]
    return [i for i, t in enumerate(model) if any((content_words(t) - content_words(question)) <= w for w in said)]


def complete(
    kept: Sequence[tuple[str, list[int]]], extractive: Sequence[tuple[str, list[int]]], question: str = "",
    every: bool = False, view: Callable[[str], str] | None = None,
) -> list[tuple[str, list[int]]]:
    """The extractive sentences to add after the model's ``kept`` ones (in their order);
    ``every``: the answer is ``uncertain``, so each extractive sentence's substance must be
    kept, not only the lead's; ``view``: each extractive sentence as the model was shown it
    (module docstring; default: whole)."""
    said = " ".join(t for t, _ in kept)
    frame = analyse_question(question) if question and not every else None
    out: list[tuple[str, list[int]]] = []
    for i, (text, marks) in enumerate(extractive):
        shown = view(text) if view is not None else text
        asked = asked_numbers(shown, frame)
        if missing_values(shown, said, asked) or ((i == 0 or every)
                                                  and lead_dropped(shown, said, question, asked, every)):
            out.append((text, marks))
            said = f"{said} {text}"
    return out
