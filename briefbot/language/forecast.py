"""Is a sentence a forecast (what is expected) or a report of what happened?  Read from its parse.

A brief lists what happened as dated events and what is expected under "What comes next";
a forecast listed as an event ("may speak again later this week" dated as if it took place)
is the worst misreading a timeline can give.  The regex cues that decided this before
(:data:`briefbot.language.eventdates.FUTURE_CUE`) fire on words anywhere in the sentence: the
noun "plan" ("its plan to turn off the taps"), "the next morning", "past due on their
accounts", a "will" inside a quotation someone gave in the past.  Here the decision is made on
the sentence's **main clause**, from spaCy's dependency parse (:mod:`briefbot.language.parse`):

* the main verb is the root; when the root is a verb of saying ("NASA told NBC News on
  Wednesday [that] a problem may require a spacewalk"), the clause said is the main clause,
  one level down — what was said in the past about the past stays a report;
* the main clause speaks of the future when its verb carries **will/shall** or a present
  **may/might** (not "may have been": a guess about the past); "would" when it reports a
  stated plan ("said it would cut 300 jobs"), not "would have"; "might" or "could" under a
  verb of saying in the past is the past's own possibility ("suggested in February that they
  might be released": a past suggestion), and "could" otherwise only with a forward time phrase;
* or its verb is a **plan or schedule in the present** ("is expected to", "is scheduled to",
  "is due to", "plans to", "is going to"), not in the past ("was expected to", "had been
  scheduled to": backstory of something that did not happen as planned);
* or its verb is not in a past tense and the sentence points forward in time ("next week",
  "later this month", "tomorrow").

Every rule reads the grammar of the sentence, never its topic.
"""

from __future__ import annotations

import re

from briefbot.language.parse import Parsed, Token, children, parse

SPEECH_LEMMAS = frozenset({
    "say", "tell", "announce", "report", "add", "confirm", "claim", "state", "write", "suggest", "warn",
    "predict", "insist", "note", "explain", "argue", "acknowledge", "indicate", "signal", "caution",
})
"""Verbs of saying: the clause they govern is what the sentence reports."""
PLAN_LEMMAS = frozenset({"expect", "schedule", "set", "slate", "plan", "intend", "poise", "go", "aim", "due",
                         "likely", "vow", "pledge", "promise", "hope", "seek"})
"""Verbs (and "due"/"likely") that, in the present with a following infinitive, announce what is to come."""
FORWARD = re.compile(
    r"\b(?:next|coming|upcoming)\s+(?:week|month|year|days|weeks|months|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|session|round|meeting)\b|\blater\s+(?:this|in\s+the)\s+(?:week|month|year|day)\b|"
    r"\b(?:tomorrow|soon|in\s+the\s+coming\s+\w+|within\s+(?:days|weeks|the\s+next\s+\w+))\b", re.I)
"""A time phrase that points forward from the report."""
PAST_TAGS = frozenset({"VBD", "VBN"})


def main_clause(p: Parsed) -> tuple[int | None, int | None]:
    """(the verb of the main clause, the verb of saying that governs it or None)."""
    root = next((i for i, t in enumerate(p.tokens) if t.dep == "ROOT"), None)
    if root is None:
        return None, None
    if p.tokens[root].lemma in SPEECH_LEMMAS:
        said = [i for i in children(p, root) if p.tokens[i].dep in ("ccomp", "parataxis")]
        if said:
            return said[0], root
    return root, None


def auxiliaries(p: Parsed, verb: int) -> list[Token]:
    return [p.tokens[i] for i in children(p, verb) if p.tokens[i].dep in ("aux", "auxpass")]


def modal_future(p: Parsed, verb: int, speech: int | None, text: str) -> bool:
    """Does the clause's own modal speak of what is to come (see the module docstring)?"""
    aux = auxiliaries(p, verb)
    lemmas = [a.lemma for a in aux]
    past_speech = speech is not None and p.tokens[speech].tag in PAST_TAGS
    if "have" in lemmas:  # "may have been", "would have": about the past
        return False
    for a in aux:
        if a.tag != "MD":
            continue
        word = a.text.lower().strip("'’")
        if word in ("will", "shall", "ll", "wo") or a.lemma in ("will", "shall"):
            return True
        if word == "may" or word == "might" and not past_speech:
            return True
        if word == "would" and speech is not None:
            return True
        if word in ("could", "might", "would") and FORWARD.search(text):
            return True
    return False


def planned(p: Parsed, verb: int) -> bool:
    """A plan or schedule stated in the present ("is expected to", "plans to", "is due to")."""
    t = p.tokens[verb]
    kids = children(p, verb)
    target = verb
    if t.lemma == "be":  # "is due to", "is likely to": the adjective carries the plan
        target = next((i for i in kids if p.tokens[i].dep == "acomp" and p.tokens[i].lemma in PLAN_LEMMAS), verb)
    if p.tokens[target].lemma not in PLAN_LEMMAS:
        return False
    if not any(p.tokens[i].dep == "xcomp" for i in children(p, target)) and not any(
            p.tokens[i].dep == "xcomp" for i in kids):
        return False
    return present(p, verb)


def present(p: Parsed, verb: int) -> bool:
    """Is the clause in a present (or future) tense, judged from its verb and auxiliaries?"""
    forms = [p.tokens[verb]] + auxiliaries(p, verb)
    if any(f.tag == "MD" and f.lemma in ("will", "shall") for f in forms):
        return True
    finite = [f for f in forms if f.tag in ("VBZ", "VBP", "VBD", "MD")]
    return bool(finite) and all(f.tag in ("VBZ", "VBP") for f in finite)


def is_forecast(text: str) -> bool:
    """Does the sentence's main clause speak of what is expected rather than what happened?"""
    text = " ".join(text.split())
    if not text:
        return False
    p = parse(text)
    verb, speech = main_clause(p)
    if verb is None:
        return False
    if modal_future(p, verb, speech, text) or planned(p, verb):
        return True
    return bool(FORWARD.search(text)) and p.tokens[verb].tag not in PAST_TAGS and present(p, verb)


def asks_past(question: str) -> bool:
    """Does the question ask about what has happened ("when did they last speak", "who won",
    "how many were arrested")?  A verb or auxiliary in the past tense and no modal ("when will
    they speak", "who could win" ask about what is to come).  Read from the tags, not the tree:
    the small model often parses a lower-case question's last word as its root noun ("when did
    they last talk")."""
    tags = [t.tag for t in parse(" ".join(question.split())).tokens]
    return "MD" not in tags and "VBD" in tags
