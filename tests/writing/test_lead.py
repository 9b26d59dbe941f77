"""The first line of an ``uncertain`` answer in a reader's words: who says what, never invented.

Evidence sentences are invented, with real MiniLM vectors (no corpus index needed)."""

from __future__ import annotations

from briefbot.language.question import analyse_question
from briefbot.schema import Citation
from briefbot.store.embeddings import encode
from briefbot.truth.conflicts import Disagreement
from briefbot.truth.evidence import Evidence
from briefbot.truth.status import Assessment
from briefbot.truth.status.alone import ALONE
from briefbot.writing.lead import LEAD_WORDS, merged, not_in_disputes, on_question, summary_line, without_empty_pointers

_N = iter(range(10_000))
JARGON = ("called unclear", "only reported", "only a possibility", "from an unnamed source", "given as",
          "the reports differ", "only alleged", "still pending", "not given")


def ev(text: str, source: str = "Outlet") -> Evidence:
    e = Evidence(f"a{next(_N)}", "c", "title", source, None, None, text, 0, len(text))
    e.vector = encode([text])[0]
    e.hedges = list(e.features.hedges)
    return e


def cite(e: Evidence, cid: int) -> Citation:
    return Citation(cid, e.article_id, e.title, e.source, None, None, e.chunk_id, e.text, e.start, e.end)


def line_for(question: str, items: list[Evidence], conflicts: list | None = None, reasons: list[str] | None = None):
    a = Assessment("uncertain", items, 0.5, reasons or ["the sources hedge"], [], [e for e in items if e.hedges],
                   conflicts or [])
    return summary_line(analyse_question(question), [(e.text, [n]) for n, e in enumerate(items, 1)], a,
                        [cite(e, n) for n, e in enumerate(items, 1)])


def test_a_reason_lead_says_who_says_what_without_hedge_categories() -> None:
    # before: "No confirmed reason: called unclear [1]; only a possibility [2]." named no one
    unclear = ev("Acme Wire, citing a port official, reported that the ferry talks were put off; "
                 "Acme Wire said it remains unclear why.", "Acme Wire")
    rift = ev("One of the wire's sources did point to a possible rift: according to that source, the two "
              "ministers were in a dispute over ferry fees.", "Acme Wire")
    line = line_for("Why were the ferry talks put off?", [unclear, rift])
    # before: "…; one of the wire's sources points to a possible reason [2]." told a reader no reason
    assert line == ("No confirmed reason: Acme Wire says it is unclear why [1]; one of the wire's sources points "
                    "to a dispute over ferry fees [2].")
    assert not any(j in line for j in JARGON)


def test_each_side_of_a_why_lead_gives_its_reason_as_an_exact_span() -> None:
    unclear = ev("Acme Wire said it remains unclear why the ferry talks were put off.", "Acme Wire")
    rift = ev("One of the wire's sources did point to a possible point of friction: according to that source, "
              "the ferry ministers had differing expectations of how the fee dispute could be settled.", "Acme Wire")
    rain = ev("Port officials said the talks were put off due to heavy rain.", "Harbour Gazette")
    line = line_for("Why were the ferry talks put off?", [unclear, rift, rain])
    assert line == ("No confirmed reason: Acme Wire says it is unclear why [1]; one of the wire's sources points to "
                    "differing expectations of how the fee dispute could be settled [2]; Port officials point to "
                    "heavy rain [3].")
    assert len([w for w in line.split() if not w.startswith("[")]) <= LEAD_WORDS + 3
    for e, span in ((rift, "differing expectations of how the fee dispute could be settled"), (rain, "heavy rain")):
        assert span in e.text  # never invented: the reason is the sentence's own words


def test_a_reason_for_another_event_in_the_sentence_is_not_given_as_the_answers() -> None:
    # the exodus explains why the borders were closed, not why he went back
    plan = ev("Olm's plan was to go in and bring his family back to Velmar, but when he arrived, most borders "
              "were closed because of a mass exodus of refugees.", "Acme Wire")
    line = line_for("Why did Olm go back to Brask in the first place?", [plan])
    assert line is not None and "exodus" not in line


def test_disputed_values_are_given_with_who_gives_them() -> None:
    a3 = ev("The footbridge opened to the public on March 3, the town council said.", "Valley Post")
    a5 = ev("The footbridge opened to the public on March 5.", "Lakeshore Courier")
    line = line_for("When did the footbridge open?", [a3, a5],
                    [(a3, a5, Disagreement("date", (), "mar 3 vs mar 5"))], ["the sources disagree"])
    # the first from its own attribution, the second from its outlet (it names no one)
    assert line == ("No confirmed date: March 3 according to the town council [1], "
                    "March 5 according to Lakeshore Courier [2].")


def test_a_dispute_gives_its_values_with_their_speakers_or_names_its_two_sides() -> None:
    li = ev("Tarn worked his farm in Olm Vale village when a panda ran onto his land.", "")
    lz = ev("The panda wandered into Brantwick village, the Velmar Evening News reported.", "AFP")
    line = line_for("Which village did the panda attack happen in?", [li, lz],
                    [(li, lz, Disagreement("claim", (), "Olm Vale vs Brantwick"))], ["the sources disagree"])
    assert line == ("No confirmed answer: Olm Vale according to one report [1], Brantwick according to the "
                    "Velmar Evening News [2].")
    # a detail that names no value of its sentences: each side's stance in its own words (issue 18,
    # reader11; before: "one report and the Velmar Evening News disagree [1][2]", which said not about what)
    line = line_for("Which village did the panda attack happen in?", [li, lz],
                    [(li, lz, Disagreement("claim", (), "one report says “village”, another denies it"))],
                    ["the sources disagree"])
    assert line == ("No confirmed answer: one report says Tarn worked his farm in Olm Vale village [1]; "
                    "the Velmar Evening News says the panda wandered into Brantwick village [2].")


def test_a_yes_no_dispute_lead_says_each_sides_stance_from_its_own_sentence() -> None:
    charged = ev("Velmar charged Ado Renk with fraud this month in connection with the 2019 harbour sale.",
                 "Steppe Wire")
    preparing = ev("Prosecutors in Velmar were still preparing a case against Ado Renk when he died last week, "
                   "his lawyer said.", "Lakeshore Courier")
    line = line_for("Had Velmar actually charged Ado Renk before he died?", [charged, preparing],
                    [(charged, preparing, Disagreement("claim", (), "one report says so, another that it was "
                                                                   "only attempted or being prepared"))],
                    ["the sources disagree"])
    assert line is not None and "disagree" not in line
    assert line.startswith("No confirmed answer: Steppe Wire reports Velmar charged Ado Renk with fraud this month")
    assert "Lakeshore Courier reports Prosecutors in Velmar were still preparing a case" in line
    assert "[1]" in line and "[2]" in line
    assert len([w for w in line.split() if not w.startswith("[")]) <= 35


def test_a_yes_no_hedge_and_a_who_question_s_unnamed_source() -> None:
    unlikely = ev("The mayor is unlikely to approve the ferry fee, one of the wire's sources said.", "Acme Wire")
    assert line_for("Will the mayor approve the ferry fee?", [unlikely]) == \
        "No confirmed answer: one of the wire's sources calls it unlikely [1]."
    said = ev("One of the wire's sources said the ministers had differing views on the ferry fee.", "Acme Wire")
    assert line_for("Who said the ministers had differing views on the ferry fee?", [said]) == \
        "No confirmed name: one of the wire's sources says so [1]."
    pending = ev("Velmar says the damage to the ferry is still being assessed.", "Harbour Post")
    assert line_for("How much damage did the storm do to the ferry?", [pending]) == \
        "No confirmed figure: Velmar says it is still being assessed [1]."


def test_the_same_clause_is_said_once_and_another_question_s_doubt_is_left_out() -> None:
    assert merged(["Acme Wire says it is unclear how [1]", "Acme Wire says it is unclear how [3]"]) == \
        ["Acme Wire says it is unclear how [1][3]"]
    how = analyse_question("How will the delay affect the summit?")
    clauses = ["Acme Wire says it is unclear how [1]", "Acme Wire says it is unclear why [2]"]
    assert on_question(clauses, how) == ["Acme Wire says it is unclear how [1]"]
    assert on_question(clauses[1:], how) == clauses[1:]  # all of them rather than nothing


def test_the_line_stays_short() -> None:
    items = [ev(f"The ferry carried {n} passengers on Monday, the {w} port office said.", f"Outlet {w}")
             for n, w in ((120, "north"), (140, "south"), (160, "east"), (180, "west"), (200, "main"))]
    line = line_for("How many passengers did the ferry carry?", items)
    assert line is not None and line.startswith("No confirmed figure: 120 passengers according to the north port")
    assert len([w for w in line.split() if not w.startswith("[")]) <= LEAD_WORDS + 3  # + "No confirmed figure:"


def test_nothing_of_its_own_to_say_gives_no_line_and_an_unfilled_slot_is_said_in_the_truth_layer_s_words() -> None:
    talk = ev("The ministers discussed the ferry.", "Acme Wire")
    assert line_for("When did the ministers meet?", [talk], reasons=["thin support"]) is None
    reason = "the reports cover Acme and the ferry but none says when the ministers met"
    assert line_for("When did the ministers meet?", [talk], reasons=[reason]) == \
        "The reports cover Acme and the ferry but none says when the ministers met."


def test_a_value_the_dispute_clause_gives_is_not_said_again() -> None:
    june = ev("In June, Norvale Air started testing new boarding lanes at two gates.", "Valley Post")
    fall = ev("Norvale Air says it has been testing boarding ideas since last fall.", "Lakeshore Courier")
    line = line_for("When did Norvale Air start testing new boarding?", [june, fall],
                    [(june, fall, Disagreement("date", (), "June vs last fall"))], ["the sources disagree"])
    assert line is not None and line.count("June") == 1, line
    assert "last fall" in line and "[1]" in line and "[2]" in line
    assert not_in_disputes(["June according to one report [1]", "9 according to AFP [3]"],
                           ["June according to one report [1], fall according to the firm [2]"]) == [
        "9 according to AFP [3]"]


def test_a_clause_pointing_to_an_unnamed_reason_goes_when_another_names_one() -> None:
    """Issue 18 (reader11): the seed lead said "…; Steppe Wire points to another [4]" after a named
    reason: five words that give the reader nothing (the answer quotes [4] below)."""
    clauses = ["Acme Wire says it is unclear why [1]", "one of its sources points to a dispute over fees [2]",
               "Harbour Gazette points to another [3]"]
    assert without_empty_pointers(clauses) == clauses[:2]
    alone = ["Acme Wire says it is unclear why [1]", "Harbour Gazette points to a possible reason [3]"]
    assert without_empty_pointers(alone) == alone  # no reason named: the pointer is all there is


def test_an_answer_one_report_alone_gives_reads_as_it_is_with_no_line() -> None:
    # the value is the answer's own first sentence; a line "Only one of … gives the date: March 4 [1]"
    # before it said the value twice, and "No confirmed date" would say the reports lack it
    alone = [f"{ALONE}: 3 other reports on the story do not"]
    dated = ev("The Norvale ferry talks were put off until March 4, the port authority said.", "Acme Wire")
    assert line_for("When will the ferry talks be held?", [dated], reasons=alone) is None
    assert line_for("When will the ferry talks be held?", [dated], reasons=[*alone, "the sources disagree"])
