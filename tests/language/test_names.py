"""Name recognition when case carries no information (no model; the shipped English word list).

Sentences and names are our own, written for these tests.
"""

from __future__ import annotations

from briefbot.language.gazetteer import Gazetteer
from briefbot.language.lexicon import is_common_word
from briefbot.language.question import Kind, analyse_question, cased
from briefbot.language.text import question_form

ARTICLE = (
    "Tarnwick council voted on Monday to close the old ferry pier. The vote followed a year of "
    "complaints, and residents who fled the storm last winter asked for repairs. "
    "Orsolan declined to comment on the vote. Mayor Ilse Brandt said the pier was unsafe."
)


def _gaz() -> Gazetteer:
    gaz = Gazetteer()
    gaz.add("a1", "h", ARTICLE)
    return gaz


def test_general_english_tells_common_words_from_names() -> None:
    for word in ("year", "fled", "layoffs", "broadcaster", "delayed", "senators"):
        assert is_common_word(word), word
    for word in ("helsinki", "elon", "european", "Orsolan"):
        assert not is_common_word(word), word


def test_cased_means_a_capital_past_the_first_word() -> None:
    assert cased("What did Brandt say?")
    assert not cased("What did brandt say?")
    assert not cased("what did brandt say")


def test_unseen_rare_word_of_an_uncased_question_is_a_name() -> None:
    gaz = _gaz()
    frame = analyse_question("what did the mayor say about the summit in helsinki", gaz)
    assert "helsinki" in frame.names
    assert "summit" not in frame.names  # a lower-case English word, even though the corpus never uses it


def test_common_words_the_corpus_never_uses_stay_words() -> None:
    frame = analyse_question("how many layoffs were announced last year", _gaz())
    assert not frame.names & {"layoff", "announc", "year"}


def test_capitals_are_trusted_when_the_question_has_them() -> None:
    # with case information, a lower-case word is no name, whatever the dictionary says
    frame = analyse_question("What did Brandt say about the takeaway?", _gaz())
    assert frame.names == {"brandt"}


def test_empty_corpus_marks_nothing_unseen() -> None:
    assert Gazetteer().unseen_names("what about helsinki") == frozenset()


def test_word_written_only_at_sentence_starts_is_a_name_unless_common() -> None:
    gaz = _gaz()
    assert "orsolan" in gaz.names  # only ever sentence-initial, and not an English word
    assert "tarnwick" in gaz.names
    assert "vote" not in gaz.names and "mayor" not in gaz.names  # "The vote", "Mayor" open sentences


def test_lower_case_say_question_needs_every_speaker_word_to_be_a_name() -> None:
    gaz = _gaz()
    assert analyse_question("what did orsolan say about the pier", gaz).kind == Kind.SAY
    # "tarnwick council" is a place and an ordinary word: like "Tarnwick's council" in capitals,
    # not a named speaker
    frame = analyse_question("what did tarnwick's harbour master say about the pier", gaz)
    assert frame.kind != Kind.SAY
    capitalised = analyse_question("What did Tarnwick's harbour master say about the pier?", gaz)
    assert capitalised.kind == frame.kind


def test_one_question_form_for_embedding_and_search() -> None:
    forms = {question_form(q).casefold() for q in (
        "Which paper reported that the Brandt–Orsolan talks were delayed?",
        "Which paper reported that the Brandt-Orsolan talks were delayed",
        "Do we know which paper reported that the Brandt–Orsolan talks were delayed?",
        "which paper reported that the brandt-orsolan talks were delayed",
    )}
    assert forms == {"which paper reported that the brandt-orsolan talks were delayed?"}


def test_do_we_know_frame_adds_no_words() -> None:
    gaz = _gaz()
    framed = analyse_question("Do we know why the pier was closed?", gaz)
    plain = analyse_question("Why was the pier closed?", gaz)
    assert framed.words == plain.words and framed.kind == plain.kind


def test_a_word_is_judged_by_its_own_form_not_its_stem() -> None:
    gaz = Gazetteer()
    gaz.add("a1", "h", "The bill went to the Senate on Monday. Two senators spoke against it in the Senate.")
    assert gaz.resolve("how many senators back it") == frozenset()  # "senators" is written in lower case
    assert gaz.resolve("when will the senate vote") == {"senat"}
    assert gaz.resolve("the senate's vote") == {"senat"}  # another form of a name: by its stem


def test_reaction_questions_are_say_questions() -> None:
    gaz = _gaz()
    for q in ("What was Orsolan's reaction to the vote?", "How did Orsolan react to the vote?",
              "what was orsolan's response to the vote"):
        frame = analyse_question(q, gaz)
        assert frame.kind == Kind.SAY and frame.speaker == "orsolan", q
    assert analyse_question("What was the market's reaction to the vote?", gaz).kind != Kind.SAY
    for q in ("What was Orsolan's view of the vote?", "What is Orsolan's position on the vote?",
              "What was Orsolan's statement on the vote?"):
        frame = analyse_question(q, gaz)
        assert frame.kind == Kind.SAY and frame.speaker, q   # a stated view is a say-question
    assert analyse_question("What was the view from the footbridge?", gaz).kind != Kind.SAY


def test_the_pronoun_i_carries_no_case_information() -> None:
    assert not cased("what should I know about helsinki")
    assert "helsinki" in analyse_question("what should I know about helsinki", _gaz()).names


def test_without_the_word_list_no_word_becomes_a_name_by_it(monkeypatch) -> None:
    import briefbot.language.lexicon as lexicon

    monkeypatch.setattr(lexicon, "_common_stems", lambda: frozenset())  # the package missing (edge fake)
    assert is_common_word("helsinki")
    assert "helsinki" not in analyse_question("what about the summit in helsinki", _gaz()).names


def test_capital_share_tells_a_names_parts_from_headline_words() -> None:
    """Issue 18, real text: "Secret" capitalised in a headline and lower case in the text is no
    name's part; "Varga" always capitalised is; a word the corpus never writes mid-sentence: None."""
    gaz = Gazetteer()
    gaz.add("a", "h", "Varga Fires Workers After Secret Video\nA spokesman for Varga said the secret video "
                      "was shot in May, and Varga said more would be retrained.")
    assert gaz.capital_share("varga") == 1.0 and gaz.capital_share("secret") == 0.5
    assert gaz.capital_share("nowhere") is None
    gaz.remove(["a"])
    assert gaz.capital_share("varga") is None  # recounted after a change
