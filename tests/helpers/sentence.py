"""One evidence sentence made by hand, for the truth layer's unit tests.

The truth rules read an :class:`Evidence`'s text, article, offsets and (for the story and
same-claim rules) its vector; the title, outlet, URL and date they leave alone, so a test
states only what its rule reads.
"""

from __future__ import annotations

import numpy as np

from briefbot.truth.evidence import Evidence


def sentence(text: str, article: str = "a1", *, start: int = 0, score: float = 0.0,
             vector: np.ndarray | None = None) -> Evidence:
    """``text`` as the evidence sentence of ``article`` at ``start`` (its chunk ``article::x::0``)."""
    return Evidence(article_id=article, chunk_id=f"{article}::x::0", title="", source="", url=None,
                    published=None, text=text, start=start, end=start + len(text), score=score, vector=vector)


def axis(i: int, dims: int = 4) -> np.ndarray:
    """A unit vector along axis ``i``: two sentences on one axis are one event (cosine 1)."""
    v = np.zeros(dims, dtype=np.float32)
    v[i] = 1.0
    return v
