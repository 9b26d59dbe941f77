"""One claim said twice (:mod:`briefbot.truth.status.same_claim`): invented sentences, the real parse and
the real MiniLM embedder."""

from __future__ import annotations

import numpy as np
from helpers.sentence import sentence

from briefbot.language.question import analyse_question
from briefbot.store.embeddings import encode
from briefbot.truth.evidence import Evidence
from briefbot.truth.status.same_claim import (
    asserts_less,
    member_words,
    other_tense,
    same_claim,
    same_date,
    same_figure,
    same_member,
    same_name,
    same_place,
    same_stance,
    shared_name,
    values_agree,
)


def ev(text: str, article: str) -> Evidence:
    vector = np.asarray(encode([text])[0], dtype=np.float32)
    return sentence(text, article, vector=vector)


def test_two_written_figures_agree_when_they_state_one_value() -> None:
    assert values_agree(10, None, 10, None)
    assert values_agree(80, "about", 78, None)  # "about 80" meets "78"
    assert values_agree(6000, "lower", 6000, "lower")  # "more than 6,000" / "over 6,000"
    assert not values_agree(9, "lower", 10, None)  # "at least nine" is not "ten"
    assert not values_agree(9, None, 10, None)


def test_the_same_count_in_other_words_is_the_same_claim() -> None:
    """"ten workers" / "10 people": the count's noun differs, the act it is counted in does not (the old
    corroboration compared only counts of the question's own word, "staff")."""
    frame = analyse_question("how many staff did acme sack over the video")
    lead = "Acme says it has fired ten workers who can be seen in the video."
    assert same_figure(frame, lead, "The firm said it fired 10 people who were members of the crew in the video.")
    assert not same_figure(frame, lead, "The firm said it fired nine people who were members of the crew.")
    assert not same_figure(frame, lead, "Acme runs ten plants in the valley.")  # ten of another thing
    assert not same_figure(frame, "Acme says it has fired ten workers.", "Acme fired at least nine workers.")


def test_an_approximate_amount_meets_the_exact_one() -> None:
    frame = analyse_question("how much does the golf club owe the water board")
    assert same_figure(frame, "The Carrow golf club owes the water board about $440,000.",
                       "The club owes the board $437,000, the board said.")
    assert not same_figure(frame, "The Carrow golf club owes the water board $440,000.",
                           "The club owes the board $70,000, the board said.")


def test_a_month_and_year_match_only_when_neither_gives_a_day() -> None:
    assert same_date("The bridge closed in June 2019.", "It was shut in June 2019, officials said.")
    assert not same_date("The bridge closed on June 3, 2019.", "It was shut in June 2019.")
    assert not same_date("The bridge closed in June 2019.", "It was shut in July 2019.")
    assert same_date("The bridge closed on Monday.", "Officials shut the bridge on Monday.")


def test_an_expected_date_is_not_the_day_it_happened() -> None:
    frame = analyse_question("when did the norvale council vote on the bridge")
    lead = ev("The Norvale council may vote on the bridge as soon as Monday.", "a")
    assert other_tense(lead.text, "The Norvale council voted on the bridge on Monday.")
    assert not same_claim(frame, lead, ev("The Norvale council voted on the bridge on Monday.", "b"))


def test_the_same_person_in_the_asked_role_by_surname() -> None:
    frame = analyse_question("who replaced ada holm as norvale harbour master")
    lead = "Bram Koval replaced Ada Holm as harbour master in May."
    assert same_name(frame, lead, "Holm was succeeded by Koval, a former ferry pilot, the council said.")
    assert not same_name(frame, lead, "The harbour master's office in Carrow reopened in May, officials said.")


def test_a_place_or_the_source_is_no_who_filler() -> None:
    frame = analyse_question("who replaced ada holm as norvale harbour master")
    lead = "Bram Koval replaced Ada Holm as harbour master in Carrow, Tam Rusk said."
    assert not same_name(frame, lead, "Carrow has had three harbour masters since 2010, Tam Rusk said.")


def test_an_organisation_and_its_initials_are_one_name() -> None:
    frame = analyse_question("which office opened the inquiry")
    assert shared_name(frame, "The Federal Aviation Office opened an inquiry.", "The FAO said it would report in May.")


def test_the_same_member_of_the_asked_class() -> None:
    frame = analyse_question("which firm ran the rescue")
    lead = "The rescue was run by the security firm Osk Guard."
    assert same_member(frame, lead, "Osk Guard flew the family out of the town, Hale said.")
    assert not same_member(frame, lead, "Hale's family flew out of the town on Monday.")


def test_the_same_place_or_a_country_by_its_adjective() -> None:
    frame = analyse_question("where did the ferry sink")
    assert same_place(frame, "The ferry sank near Carrow, the coast guard said.",
                      "The vessel went down outside Carrow on Friday.")
    assert not same_place(frame, "The ferry sank near Carrow.", "The vessel went down near Dunmore.")
    assert same_place(frame, "The ferry sank in Norway on Friday.", "The Norwegian coast guard found the ferry.")


def test_the_same_stance_on_the_asked_predicate() -> None:
    frame = analyse_question("did acme fire the workers")
    lead = "Acme fired the ten workers on Monday."
    assert same_stance(frame, lead, "The ten workers were fired by Acme on Monday, the union said.")
    assert not same_stance(frame, lead, "Acme has not fired the ten workers, it said on Monday.")


def test_an_open_claim_said_again_in_other_words() -> None:
    frame = analyse_question("why did the norvale council close the bridge")
    lead = ev("The council closed the bridge because engineers found deep cracks in its main span.", "a")
    again = ev("Engineers found deep cracks in the bridge's main span, so the council closed it.", "b")
    other = ev("The council closed the bridge because the ferry company asked it to.", "c")
    assert same_claim(frame, lead, again)
    assert not same_claim(frame, lead, other)


def test_a_hedge_or_a_denial_does_not_repeat_a_claim() -> None:
    assert asserts_less("Acme fired ten workers.", "Acme reportedly fired ten workers.")
    assert asserts_less("Acme fired ten workers.", "Acme did not fire ten workers.")
    assert not asserts_less("Acme reportedly fired ten workers.", "Acme fired ten workers, the paper said.")
    frame = analyse_question("how many workers did acme fire")
    assert not same_claim(frame, ev("Acme fired ten workers.", "a"), ev("Acme reportedly fired ten workers.", "b"))


def test_a_rounded_figure_states_the_exact_one() -> None:
    assert values_agree(437_714, None, 437_000, None)
    assert values_agree(437_714, None, 438_000, None)
    assert not values_agree(437_714, None, 436_000, None)
    assert not values_agree(12, None, 10, None)  # too few places to be a rounding


def test_a_distinctive_figure_is_the_claim_when_the_lead_counts_no_asked_word() -> None:
    """"a delinquent balance of $512,839" for "how much does it owe": the lead's figure counts no asked
    word, so the old test found no asked figure and joined nothing; the same specific value (or it
    rounded) in another report of the story is the claim."""
    frame = analyse_question("how much does the golf club owe the water board")
    lead = "Carrow Links tops the list, with a delinquent account balance of $512,839."
    assert same_figure(frame, lead, "The board is chasing a golf club that owes $512,000 while cutting off homes.")
    assert not same_figure(frame, lead, "The board is chasing a golf club that owes $70,000.")
    assert not same_figure(frame, "Carrow Links tops the list with ten accounts in arrears.",
                           "The board is chasing ten golf clubs.")  # "ten" is no specific value


def test_a_year_relative_to_the_article_date_is_that_year() -> None:
    """"three years ago" in a report of 2019 and "in 2016" in another are one year (old: no year read)."""
    assert same_date("On a May day three years ago, Ilse Varn got a letter from her student.",
                     "Ilse Varn got a letter from her student in 2016.", "2019-06-02", "2019-05-30")
    assert not same_date("On a May day three years ago, Ilse Varn got a letter from her student.",
                         "Ilse Varn got a letter from her student in 2015.", "2019-06-02", "2019-05-30")


def test_the_place_the_lead_puts_the_asked_act_in() -> None:
    """The lead puts living in Carrow; a place it names for something else ("born in Velland") is not
    its answer, though another report shares it (old: any shared place joined)."""
    frame = analyse_question("where did orvan tesk live")
    lead = "Orvan Tesk, who was born in Velland and lived in Carrow for 40 years, has died."
    assert not same_place(frame, lead, "Tesk served in Velland during the war.")
    assert same_place(frame, lead, "Tesk kept bees for years in Carrow, his neighbours said.")


def test_a_name_written_in_capitals_in_both_is_one_name() -> None:
    """The parse tags "KX" neither an entity nor a proper noun here (old: no shared name)."""
    frame = analyse_question("what poison killed the envoy")
    assert shared_name(frame, "The banned chemical weapon KX nerve agent was used to kill the envoy, police said.",
                       "Toxicology reports indicate he was attacked using KX nerve agent, which is banned.")
    assert not shared_name(frame, "The nerve agent QZ was used to kill the envoy.", "Police tested the RK samples.")


def test_a_shared_name_of_the_setting_is_not_the_same_member() -> None:
    """Both reports name the duchess the DJs called; only one names the DJs (realnews dev half 3)."""
    frame = analyse_question("which djs pulled the prank on the hospital")
    lead = ("The DJs, Mel Greig and Michael Christian, who were impersonating Queen Elizabeth and Prince Charles, "
            "called the hospital Tuesday and gained some information about the condition of Catherine, Duchess "
            "of Cambridge -- which they subsequently played on air.")
    assert member_words(frame, lead) >= {"greig", "christian"}
    assert not same_member(frame, lead, "The two DJs at the centre of a prank call to the hospital where the "
                                        "Duchess of Cambridge was staying have spoken for the first time.")
    assert same_member(frame, lead, "Greig and Christian, the DJs, apologised to the Duchess of Cambridge.")


def test_the_member_s_own_words_are_shared() -> None:
    frame = analyse_question("what weapon did the warehouse shooter use")
    lead = "The gun used in the shooting, a 9 mm Orlik handgun, was registered to Moseley, he said."
    assert same_member(frame, lead, "The suspect used a 9 mm Orlik pistol, Gahler said.")
