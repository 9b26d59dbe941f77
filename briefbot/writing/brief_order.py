"""A brief's citations numbered in the order a reader meets them.

A brief's one source list (:class:`~briefbot.writing.citation_book.CitationBook`) numbers each
exact quote as the brief is assembled: the cited points first, then the open questions, the
disagreements, the timeline, and only then the story sections a reader sees first.  In the browser
the brief opened on "Bottom line … [10][11]", and an open question read "[17][18][10][11]".

:func:`in_reading_order` renumbers the whole brief once it is assembled: the story's sections in
their shown order (bottom line, what happened, why, who says what with the disagreements, what
comes next, open questions), then what is new since a date, the plain points and questions, the
timeline, and any quote left.  One id still means one quote everywhere (the source list, each
section, the timeline, the disagreements, the text), and each item's markers read in ascending order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from briefbot.schema import Disagreement, Story, StoryItem, Summary
from briefbot.writing.markers import marker_numbers, renumber


def _story_ids(story: Story, disagreements: list[Disagreement]) -> Iterator[int]:
    for item in [*story.bottom_line, *story.what_happened, *story.why]:
        yield from item.citations
    for view in story.who_says_what:
        for item in view.says:
            yield from item.citations
    yield from _side_ids(disagreements)
    for item in story.what_next:
        yield from item.citations
    for q in story.questions:
        yield from q.citations


def _side_ids(disagreements: list[Disagreement]) -> Iterator[int]:
    for d in disagreements:
        yield from (s.citation for s in d.sides if s.citation is not None)


def reading_order(summary: Summary) -> list[int]:
    """The brief's citation ids in the order a reader meets them (module docstring), each once."""
    def ids() -> Iterator[int]:
        if summary.story is not None:
            yield from _story_ids(summary.story, summary.disagreements)
        for p in summary.new_points:
            yield from p.citations
        for q in summary.answered_open_questions:
            yield from (q.question_citation, q.answer_citation)
        for p in summary.points:
            yield from p.citations
        for text in summary.open_questions:
            yield from marker_numbers(text)
        yield from _side_ids(summary.disagreements)
        if summary.timeline is not None:
            for e in summary.timeline.events:
                yield from (c.id for c in e.citations)
        yield from (c.id for c in summary.citations)
    known = {c.id for c in summary.citations}
    return list(dict.fromkeys(i for i in ids() if i in known))


def _renumbered(ids: Iterable[int], new: dict[int, int]) -> list[int]:
    return sorted(dict.fromkeys(new.get(i, i) for i in ids))


def _items(items: list[StoryItem], new: dict[int, int]) -> list[StoryItem]:
    return [replace(i, citations=_renumbered(i.citations, new)) for i in items]


def _marked(text: str, new: dict[int, int]) -> str:
    return renumber(text, new)


def in_reading_order(summary: Summary) -> Summary:
    """``summary`` with every citation id renumbered by :func:`reading_order` (in place; returned
    for chaining).  Unchanged when it is already in that order."""
    new = {old: n for n, old in enumerate(reading_order(summary), start=1)}
    if all(old == n for old, n in new.items()):
        return summary
    if summary.story is not None:
        s = summary.story
        summary.story = Story(
            bottom_line=_items(s.bottom_line, new), what_happened=_items(s.what_happened, new),
            why=_items(s.why, new),
            who_says_what=[replace(v, says=_items(v.says, new)) for v in s.who_says_what],
            what_next=_items(s.what_next, new),
            questions=[replace(q, citations=_renumbered(q.citations, new)) for q in s.questions])
    summary.new_points = [replace(p, citations=_renumbered(p.citations, new)) for p in summary.new_points]
    summary.answered_open_questions = [
        replace(q, question_citation=new.get(q.question_citation, q.question_citation),
                answer_citation=new.get(q.answer_citation, q.answer_citation))
        for q in summary.answered_open_questions]
    summary.points = [replace(p, citations=_renumbered(p.citations, new)) for p in summary.points]
    summary.text = _marked(summary.text, new)
    summary.open_questions = [_marked(q, new) for q in summary.open_questions]
    summary.disagreements = [
        replace(d, sides=tuple(replace(s, citation=None if s.citation is None else new.get(s.citation, s.citation))
                               for s in d.sides))
        for d in summary.disagreements]
    if summary.timeline is not None:
        for e in summary.timeline.events:
            e.citations = sorted((replace(c, id=new.get(c.id, c.id)) for c in e.citations), key=lambda c: c.id)
    summary.citations = sorted((replace(c, id=new.get(c.id, c.id)) for c in summary.citations), key=lambda c: c.id)
    return summary
