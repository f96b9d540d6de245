"""Identify a pasted license and show how it differs from the known text.

A chain of matcher objects, most certain first (licensee/askalono style; `matchers.py`):
  1. ExactMatcher        "exact"        hash of the normalized text equals a known text's
  2. DiceMatcher         "similarity"   Sørensen–Dice over normalized word bigrams >= CONFIDENCE_THRESHOLD
  3. ContainmentMatcher  "containment"  the input holds (nearly) all of a known text plus more: an addendum, a
                         "edited"       notice, a card; or it is made of the known text's word pairs, parts missing
  4. ReferenceMatcher    front matter (`license:`, `license_name:`), a "licensed under X" sentence, or a bare id
The first that answers wins (`chain.py`). Below that: "unknown", with the 3 closest texts and their scores.
A text match is cross-checked against the references the paste makes (`references.py`): another license named
there is a conflict. The differences from the known text (additions, removals, changes, with offsets into the
input) are `diff.py`.

Candidates come from an inverted index of bigrams over all 2,615 LicenseDB texts plus the user corpus, cached
on disk (numpy arrays, `known.py`), so a query touches only the postings of its own bigrams.
"""

from __future__ import annotations

from .chain import CANDIDATES, Matcher, identify, identify_text, matcher
from .diff import Differences, differences
from .known import CACHE_FORMAT, KnownTexts, _cache_path, licensedb_texts
from .matchers import (
    CONFIDENCE_THRESHOLD,
    CONTAINMENT_THRESHOLD,
    EDITED_MIN_COVERAGE,
    EDITED_PRECISION,
    MIN_BIGRAMS_FOR_CONTAINMENT,
    ContainmentMatcher,
    Context,
    DiceMatcher,
    ExactMatcher,
    ReferenceMatcher,
    default_chain,
)
from .references import MAX_NAME_WORDS, NOTICE, references_in
from .result import Identification, Passage

__all__ = [
    "CACHE_FORMAT",
    "CANDIDATES",
    "CONFIDENCE_THRESHOLD",
    "CONTAINMENT_THRESHOLD",
    "EDITED_MIN_COVERAGE",
    "EDITED_PRECISION",
    "MAX_NAME_WORDS",
    "MIN_BIGRAMS_FOR_CONTAINMENT",
    "NOTICE",
    "ContainmentMatcher",
    "Context",
    "DiceMatcher",
    "Differences",
    "ExactMatcher",
    "Identification",
    "KnownTexts",
    "Matcher",
    "Passage",
    "ReferenceMatcher",
    "_cache_path",  # bench/identify.py times the index's cold build and its cached load
    "default_chain",
    "differences",
    "identify",
    "identify_text",
    "licensedb_texts",
    "matcher",
    "references_in",
]
