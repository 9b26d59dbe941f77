"""The spaCy parse wrapper: real en_core_web_sm model from its PyPI package (no fakes)."""

from __future__ import annotations

import threading

from briefbot.language import parse as P


def test_model_loads_once_across_threads() -> None:
    seen: list[object] = []
    threads = [threading.Thread(target=lambda: seen.append(P.model())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(m) for m in seen}) == 1


def test_lemmas_join_inflections_the_stemmer_keeps_apart() -> None:
    assert {"say", "send", "letter"} <= P.lemmas("Staff said they sent the letters on Friday.")


def test_agents_are_people_and_organisations_with_their_role() -> None:
    found = dict(P.agents("Acme Steel fired ten workers after John Smith released a video."))
    assert found.get("Acme Steel") is True
    assert found.get("John Smith") is True


def test_question_sentences_are_told_from_statements() -> None:
    assert P.is_question("Who is Jane Roe, the interim head?")
    assert P.is_question("Who is the new interim head of the agency")
    assert not P.is_question("When the vote came, the bill fell short by two votes.")
    assert not P.is_question("Jane Roe was named interim head on Monday.")


def test_parse_is_cached_and_bounded() -> None:
    long = "word " * 5000
    assert len(P.parse(long).tokens) <= P.MAX_CHARS
    before = P.parse.cache_info().hits
    P.parse("Jane Roe was named interim head on Monday.")
    P.parse("Jane Roe was named interim head on Monday.")
    assert P.parse.cache_info().hits > before


def test_subtree_is_the_token_and_everything_under_it_in_sentence_order() -> None:
    p = P.parse("The tall clerk of the council signed the new lease.")
    words = [t.text for t in p.tokens]
    clerk = words.index("clerk")
    assert [words[k] for k in P.subtree(p, clerk)] == ["The", "tall", "clerk", "of", "the", "council"]
    lease = words.index("lease")
    assert [words[k] for k in P.subtree(p, lease)] == ["the", "new", "lease"]


def test_children_are_the_direct_dependents_only() -> None:
    p = P.parse("The tall clerk of the council signed the new lease.")
    words = [t.text for t in p.tokens]
    clerk = words.index("clerk")
    assert [words[k] for k in P.children(p, clerk)] == ["The", "tall", "of"]  # not "council" under "of"
    root = next(i for i, t in enumerate(p.tokens) if t.dep == "ROOT")
    assert root not in P.children(p, root)
