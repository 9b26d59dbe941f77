"""Each side's stance as a short exact span of its own sentence (invented sentences, the real parser)."""

from __future__ import annotations

from briefbot.writing.stance import STANCE_WORDS, fits, in_line, opens_plainly, short_span, stance, stance_clause


def test_a_long_sentence_is_cut_at_a_phrase_boundary_within_the_limit() -> None:
    text = "Velmar charged Ado Renk with fraud this month in connection with the 2019 harbour sale of two ferries."
    span = short_span(text)
    assert span is not None and span in text and len(span.split()) <= STANCE_WORDS
    assert span.startswith("Velmar charged Ado Renk with fraud")


def test_a_span_never_ends_on_a_negation_an_auxiliary_or_inside_an_insertion() -> None:
    assert not fits("the ferry deal was not")
    assert not fits("the ferry deal has")
    assert not fits("the ferry deal was off, in fact")
    assert fits("the ferry deal was off, in fact", cut=False)  # a whole sentence was not cut in half
    assert fits("the ferry deal was called off")


def test_a_short_sentence_keeps_its_closing_quotation() -> None:
    text = "Mara Holt insisted that the “reshuffle” was not, in fact, “a purge.”"
    found = stance(text)
    assert found is not None and found.who == "Mara Holt"
    assert found.text == "the “reshuffle” was not, in fact, “a purge.”" and found.text in text


def test_a_reported_claim_gives_its_speaker_and_an_outlet_reports_the_rest() -> None:
    said = "Port officials said the ferry company called the harbour five times to discuss the plan before noon."
    assert stance_clause(said, [2], "Acme Wire") == \
        "Port officials say the ferry company called the harbour five times [2]"
    plain = "A number of councillors favour selling the ferry, which they believe could cut the deficit."
    assert stance_clause(plain, [1], "Acme Wire") == \
        "Acme Wire reports a number of councillors favour selling the ferry [1]"
    assert stance_clause(plain, [1], "one report").startswith("one report says a number of")


def test_no_stance_from_a_sentence_without_its_verb_or_leaning_on_another() -> None:
    # a span ending before the main verb ("has died") names someone and states nothing
    assert short_span("Convicted smuggler Ado Renk, a retired harbour clerk who lived in Brask for forty years, "
                      "has died.", at_least=96) is None
    assert stance("He was upset with how the papers were describing the reshuffle of the ferry board.") is None
    assert not opens_plainly("As the timing was his, I find it hard to justify")
    assert opens_plainly("it was clearly an accident", claim=True)  # a named speaker's claim may say "it"


def test_only_a_determiner_opening_is_written_in_lower_case() -> None:
    assert in_line("The council said no") == "the council said no"
    assert in_line("Tarn worked his farm") == "Tarn worked his farm"  # may be a name


def test_a_sentence_opening_on_a_pointer_states_its_side_in_a_later_clause() -> None:
    text = ("The statement by the harbour chief came a day after Brask denied any part in the ferry fire, "
            "accusing Velmar of inventing evidence.")
    assert stance_clause(text, [2], "one report") == "one report says Brask denied any part in the ferry fire [2]"
    apposed = ("Convicted smuggler Ado Renk, a retired harbour clerk who lived in Brask for forty years, has died "
               "just as Velmar was preparing a case against him in an effort to shame Brask.")
    found = stance(apposed)  # not the verb-first "has died just as …": the clause with its own subject
    assert found is not None and found.text.startswith("Velmar was preparing a case against him")


def test_a_clause_without_a_verb_of_its_own_states_no_side() -> None:
    text = "This is too common a problem for the ferry firm to be brushing aside as a few careless crews or bad luck."
    assert stance(text) is None  # not "a few careless crews or bad luck"


def test_a_span_does_not_end_on_a_phrase_cut_from_its_complement() -> None:
    text = "Velmar charged Ado Renk with fraud this month in connection with the 2019 harbour sale of two ferries."
    assert short_span(text) == "Velmar charged Ado Renk with fraud this month"  # not "… in connection"
    text = "Velmar was preparing a case against him in an effort to shame Brask before the vote."
    assert short_span(text) == "Velmar was preparing a case against him"  # not "… in an effort"
