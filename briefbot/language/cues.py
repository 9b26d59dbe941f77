"""Cue words and forms in a sentence: hedges ("it remains unclear", "reportedly", "a
source said") and years that belong to a name ("the Act of 2025", "Euro 2024").

Pure functions over text, read by the sentence features, the status rules and the
verifier alike (one table of hedges: each row one labelled pattern).
"""

from __future__ import annotations

import re

from briefbot.language.text import MONTHS, QUESTION_WORDS, STOPWORDS, TOKEN_CAP, normalize

HEDGE_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\b(?:it\s+)?(?:remains|is|was|remained)\s+(?:still\s+)?(?:unclear|not\s+clear|uncertain|unknown)\b", "unclear"),
    (r"\bunclear\b", "unclear"),
    (r"\bnot\s+(?:yet\s+)?known\b|\bstill\s+open\b|\bopen\s+questions?\b", "unknown"),
    (r"\breportedly\b", "reportedly"),
    (r"\ballegedly\b|\ballege[sd]?\b|\balleging\b|\ballegations?\b", "allegedly"),
    (r"\b(?:apparently|purportedly|supposedly|seemingly|ostensibly)\b", "apparently"),
    (r"\b(?:a|one|two|several|some)\s+(?:of\s+\w+'?s?\s+)?sources?\b", "anonymous source"),
    (r"\bsources?\s+(?:said|say|says|noted|told|familiar)\b", "anonymous source"),
    (r"\b(?:people|persons?|someone|those)\s+(?:familiar\s+with|with\s+(?:direct\s+)?knowledge\s+of)\b",
     "anonymous source"),
    (r"\bofficials?\s+who\s+(?:were|was)\s+not\s+named\b", "unnamed officials"),
    (r"\bunnamed\b", "unnamed officials"),
    (r"\bnot\s+(?:yet\s+)?(?:been\s+)?confirmed\b|\bunconfirmed\b", "unconfirmed"),
    (r"\bdid\s+not\s+(?:say|give|present|explain|specify|disclose)\b", "not stated"),
    (r"\bgave\s+no\b|\bno\s+(?:new\s+)?(?:date|details|reason)\b", "not stated"),
    (r"\b(?:is|are|was|were)\s+unlikely\b|\bmay\s+(?:have|be|speak|not|end\s+up)\b"
     r"|\bcould\s+(?:be|end)\b", "possibility"),
    (r"\bstill\s+being\s+(?:assessed|investigated|determined|evaluated|counted|examined|reviewed)\b"
     r"|\b(?:has|have)\s+yet\s+to\s+be\b|\bno\s+estimate\b"
     r"|\bnot\s+yet\s+(?:been\s+)?(?:determined|decided|assessed|scheduled|set)\b", "pending"),
)
_HEDGE_RES = tuple((re.compile(p, re.I), label) for p, label in HEDGE_PATTERNS)


def hedges(sentence: str) -> list[str]:
    """Labels of the hedge cues in ``sentence`` ("unclear", "reportedly", ...)."""
    labels: list[str] = []
    sentence = normalize(sentence)
    for regex, label in _HEDGE_RES:
        if regex.search(sentence) and label not in labels:
            labels.append(label)
    return labels


_YEAR = r"(?:1[89]|20)\d\d"
_NAMED_YEAR = re.compile(rf"\b([A-Z][\w'’\-]{{0,{TOKEN_CAP}}})\s+(?:of\s+)?({_YEAR})\b")


def name_bound_years(text: str) -> set[str]:
    """Years that are part of a name, not a date: "the Fishing Quotas Act of 2025", "Euro 2024"."""
    out = set()
    for m in _NAMED_YEAR.finditer(text):
        word = m.group(1).lower()
        if word not in STOPWORDS and word not in MONTHS and word not in QUESTION_WORDS:
            out.add(m.group(2))
    return out


def without_named_years(text: str) -> str:
    """``text`` with name-bound years blanked, so they are not read as dates."""
    named = name_bound_years(text)
    if not named:
        return text
    return re.sub(rf"\b(?:{'|'.join(sorted(named))})\b", " ", text)


def free_years(text: str) -> set[str]:
    """Years used as dates ("in 2019"), not those inside names."""
    return set(re.findall(rf"\b{_YEAR}\b", text)) - name_bound_years(text)
