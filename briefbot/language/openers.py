"""A report's filing line at the head of its first sentence: a wire dateline or an outlet's credit.

"NORVALE, MI -- Police arrested …" and "(Acme Wire) Talks resumed …" open with where and by whom
the report was filed, not with what it is about.  The writer cuts them from a quoted sentence
(:func:`briefbot.writing.writer.drop_dateline`) and a "the reports cover …" note never names them as
a topic (:func:`briefbot.truth.status.slot.covered_topic`): both read :func:`body`.
"""

from __future__ import annotations

import re

DATELINE = re.compile(r"^[A-Z][A-Z.'’-]{2,}(?:,?\s+[A-Z][\w.'’-]*){0,4}\s*(?:\([A-Z][\w&.' -]{1,40}\))?\s*"
                      r"(?:\s(?:—|–|--)\s+|(?:—|–)\s*)(?=[A-Z\"“])")
"""A wire dateline opening a report's first sentence: a place in capitals, maybe its region and
the outlet in brackets, then a dash ("NORVALE, MI -- ", "CARROW CITY, Acmeland (AP) — "), or an
em/en dash with no space ("VELMAR—The council …", a dateline many papers print).  It
says where the report was filed, not what the question asked."""

CREDIT = re.compile(r"^\([A-Z][\w&.'’ -]{1,30}\)\s+(?=[A-Z\"“])")
"""An outlet's credit line opening a report's first sentence with no place before it ("(CNN) A
woman killed …", "(Acme Wire) Talks resumed …"): it says who filed the report, which the citation
already names, not what the question asked."""

MIN_BODY_WORDS = 5
"""Words that must follow a filing line for it to be one (a short line in capitals is a heading)."""


def body(text: str) -> str:
    """``text`` without its opening dateline (:data:`DATELINE`) or credit line (:data:`CREDIT`) when
    :data:`MIN_BODY_WORDS` words or more follow it: an exact span of ``text``."""
    m = DATELINE.match(text) or CREDIT.match(text)
    return text[m.end():] if m and len(text[m.end():].split()) >= MIN_BODY_WORDS else text
