"""Open questions phrased as questions, from the form of a hedged sentence.

"CNN said it remains unclear why the meeting was pushed back" leaves a question open: *Why
was the meeting pushed back?*  The rules read the sentence's grammar, never its topic:

* an **embedded question** after a hedge ("it remains unclear / not known / did not say"
  + why/when/where/who/what/how/whether + clause) becomes a direct question: the clause's
  auxiliary moves before its subject ("why the meeting was pushed back" → "Why was the
  meeting pushed back?"); "whether" gives a yes/no question;
* **a missing detail** ("gave no new date for the meeting", "no reason for the delay")
  asks for that detail about its noun phrase ("When will the meeting take place?",
  "What is the reason for the delay?");
* **a negated statement** with an auxiliary ("a date has not been set", "the toll has not
  been confirmed") becomes its yes/no question ("Has a date been set?").

A sentence none of the forms fits yields None: it is not turned into a question by guesswork.
"""

from __future__ import annotations

import re

from briefbot.language.parse import parse

AUXILIARIES = ("is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could", "should",
               "shall", "may", "might", "must", "does", "do", "did")
_AUX = "|".join(AUXILIARIES)
_WH = r"(?:why|when|where|who|whom|what|which|how(?:\s+(?:many|much|long|far|soon))?|whether|if)"
_HEDGE_LEAD = (
    r"(?:(?:it\s+)?(?:remains|remained|is|was|are|were)\s+(?:still\s+|also\s+|as\s+yet\s+)?"
    r"(?:unclear|not\s+clear|uncertain|unknown|not\s+(?:yet\s+)?known|an\s+open\s+question)"
    r"|(?:did|do|does|would|could)\s+not\s+(?:say|explain|specify|disclose|confirm|reveal|indicate)"
    r"|(?:declined|refused)\s+to\s+(?:say|explain|specify|disclose|confirm)"
    r"|(?:gave|offered|provided)\s+no\s+indication\s+(?:of\s+)?"
    r"|no\s+word\s+(?:on\s+)?|unclear|uncertain)"
)
EMBEDDED = re.compile(rf"\b{_HEDGE_LEAD}\s*,?\s+({_WH})\s+(.+)$", re.I)
"""A hedge followed by an embedded question (group 1: the wh-word, group 2: the clause)."""
ELLIPTIC = re.compile(rf"\bthat\s+([^;]+?)\s*(?:;|,|—|–)\s*(?:[\w'’ ]+?\s+)?(?:said\s+|says\s+)?{_HEDGE_LEAD}\s*,?\s+"
                      rf"({_WH})$", re.I)
"""A hedge whose wh-word ends the sentence; the elided clause is the reported one before it ("reported
that X; it remains unclear why")."""

_DETAIL = r"(date|time(?:line|table)?|reason|explanation|details?|figures?|estimate|number|cause)"
MISSING = re.compile(
    rf"\b(?:gave|give|gives|offered|provided|set|announced|there\s+(?:is|was))\s+no\s+(?:new\s+|further\s+|firm\s+|"
    rf"specific\s+|official\s+)?{_DETAIL}\s+(?:for|of|on)\s+(.+)$"
    rf"|\bno\s+(?:new\s+|further\s+|firm\s+)?{_DETAIL}\s+(?:has|have)\s+been\s+\w+\s+for\s+(.+)$",
    re.I,
)
"""A detail the sources do not give about a noun phrase."""

UNKNOWN_DETAIL = re.compile(
    rf"\b(?:the\s+)?{_DETAIL}\s+(?:of|for|behind)\s+(.+?)\s+(?:is|was|are|were|remains|remained)\s+(?:still\s+|as\s+yet\s+)?"
    rf"(?:unclear|unknown|not\s+(?:yet\s+)?(?:known|clear)|uncertain)\b", re.I)
"""A detail named as the unknown ("the cause of the fire is still unclear")."""

NEGATED = re.compile(rf"^(?P<subj>(?:[\w'’,-]+\s+){{1,8}}?)(?P<aux>{_AUX})\s+not\s+(?:yet\s+)?(?P<rest>.+)$", re.I)
"""A negated declarative with an auxiliary ("the toll has not been confirmed")."""

_ASK_FOR = {
    "date": "When will {np} take place?", "time": "When will {np} take place?",
    "timeline": "When will {np} take place?", "timetable": "When will {np} take place?",
    "reason": "What is the reason for {np}?", "explanation": "What is the explanation for {np}?",
    "cause": "What is the cause of {np}?", "number": "What is the number of {np}?",
    "estimate": "What is the estimate of {np}?",
}
_SPEECH_VERB = re.compile(r"(?:say|said|comment|explain|elaborate|specify|respond|answer)\b", re.I)
"""A negated speech verb ("did not say") says who was silent, not what is open."""
_TRAIL = re.compile(r"\s*(?:,|;|—|–|\(|\bsaid\b|\baccording\b|\bciting\b).*$", re.I)


def as_question(sentence: str) -> str | None:
    """The question a hedged ``sentence`` leaves open, or None when no form fits."""
    text = " ".join(sentence.split()).rstrip(" .!\"'”’")
    m = EMBEDDED.search(text)
    if m:
        return _direct(m.group(1).lower(), _clause(m.group(2)))
    m = ELLIPTIC.search(text)
    if m:  # "... reported that the talks were delayed; it remains unclear why": the clause is the report's
        return _direct(m.group(2).lower(), _clause(m.group(1)))
    for m in (MISSING.search(text), UNKNOWN_DETAIL.search(text)):
        if m is None:
            continue
        groups = [g for g in m.groups() if g]
        detail, np = groups[0].lower(), _clause(groups[1]) if len(groups) > 1 else ""
        if np:
            template = _ASK_FOR.get(detail, "What are the {detail} of {np}?")
            return template.format(np=np, detail=detail if detail.endswith("s") else detail + "s")
    m = NEGATED.match(text)
    if m and not _reports(m.group("subj")) and len(m.group("rest").split()) >= 2 \
            and not _SPEECH_VERB.match(m.group("rest")):
        subj = m.group("subj").strip(" ,")
        rest = _clause(m.group("rest"))
        if rest and subj:
            return f"{m.group('aux').capitalize()} {_lower_first(_affirm(subj))} {rest}?"
    return None


def _direct(wh: str, clause: str) -> str | None:
    """An embedded wh-clause as a direct question ("why the talks were delayed" → "Why were the talks delayed?")."""
    if not clause:
        return None
    words = clause.split()
    if wh.startswith("how ") and len(words) > 1 and words[0].lower() not in _DETERMINERS \
            and words[1].lower() in AUXILIARIES:  # "how many people were evacuated": the wh-phrase is the subject
        return f"{wh.capitalize()} {clause}?"
    aux_at = next((i for i, w in enumerate(words) if w.lower() in AUXILIARIES and i > 0), None)
    if wh in ("who", "what", "which") and words[0].lower() in AUXILIARIES:
        return f"{wh.capitalize()} {clause}?"  # "who was behind it" is already in question order
    if wh in ("who", "what", "which") and aux_at is None:
        return f"{wh.capitalize()} {clause}?"  # the wh-word is the subject: "who ordered the strike"
    if aux_at is None:
        return None  # no auxiliary to move: forming do-support needs the verb's base form
    subject, aux, rest = " ".join(words[:aux_at]), words[aux_at], " ".join(words[aux_at + 1:])
    aux = "will" if aux.lower() == "would" else aux.lower()  # reported speech: "said when it would" asks "will"
    if wh in ("whether", "if"):
        return f"{aux.capitalize()} {_lower_first(subject)} {rest}?".replace("  ", " ").replace(" ?", "?")
    return f"{wh.capitalize()} {aux} {_lower_first(subject)} {rest}?".replace("  ", " ").replace(" ?", "?")


_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our",
                          "it", "they", "he", "she", "we", "you"})
_APPOSITIVE = re.compile(r",\s+[^,;]{1,90}?,\s+")
"""A phrase set off by two commas ("Anton Hale, Velland's foreign minister, and ...")."""


def _clause(text: str) -> str:
    """The clause without comma-set appositives, up to the first break that starts something else
    (a comma, "said", "according")."""
    prev = None
    while prev != text:
        prev, text = text, _APPOSITIVE.sub(" ", text, count=1)
    return _TRAIL.sub("", text).strip(" ,.;:")


def _reports(subject: str) -> bool:
    """A subject that is a speaker ("CNN did not say") is not what the question is about."""
    return bool(re.search(r"\b(?:said|says|reported|told|according)\b", subject, re.I))


def _affirm(subject: str) -> str:
    """"No date has been set" asks "Has a date been set?": a "no" subject becomes "a"."""
    return re.sub(r"^no\s+", "a ", subject.strip(), flags=re.I)


def _lower_first(text: str) -> str:
    """Lower-case a leading function word; names keep their capitals."""
    first, _, rest = text.partition(" ")
    if first.lower() in {"the", "a", "an", "this", "that", "these", "those", "it", "they", "there", "its", "their",
                         "he", "she", "we", "you", "his", "her", "our", "your", "some", "no", "any", "each"}:
        return (first.lower() + " " + rest).strip()
    return text


_OUTSIDE = frozenset({"it", "this", "that", "these", "those", "they", "them", "he", "she", "him", "her", "his",
                      "their", "its"})


def refers_outside(question: str) -> bool:
    """Does the phrased question lean on a pronoun whose referent stayed in the article ("How will
    the postponement affect it?", "Did she give details?")?  Such a question cannot be read on its
    own in a list of open questions (read from the parse: a pronoun, not a determiner)."""
    return any(t.pos == "PRON" and t.text.lower() in _OUTSIDE for t in parse(question).tokens)
