"""References to a license inside a pasted text: model-card front matter (`license:`, `license_name:`,
`license_link:`), "licensed under X" notices, or the whole paste being a bare id or alias."""

from __future__ import annotations

import re

from ..corpus import Corpus
from ..reader import Pasted
from .result import Identification

NOTICE = re.compile(
    r"(?:licen[cs]ed|released|distributed|made available|provided|governed)\s+(?:to\s+you\s+)?(?:under|by)\s+"
    r"(?:the\s+(?:terms\s+of\s+(?:the\s+)?)?)?(?P<name>[^\n;()]{3,90})",
    re.IGNORECASE,
)
MAX_NAME_WORDS = 9


def _reference(corpus: Corpus, value: str, evidence: str, confidence: float) -> dict:
    found = corpus.lookup(value)
    key = found.license_keys[0] if found and found.license_keys else None
    return {"evidence": evidence, "value": value, "key": key, "confidence": confidence if key else 0.0}


def _front_matter_values(front: dict) -> list[str]:
    values = []
    for field_name in ("license_name", "license", "license_link"):
        value = front.get(field_name)
        if isinstance(value, list):
            values += [str(v) for v in value]
        elif value not in (None, ""):
            values.append(str(value))
    return [v for v in values if v.lower() not in ("other", "unknown")]


def _longest_name(corpus: Corpus, phrase: str) -> dict | None:
    """The longest known name the phrase starts with: "Llama 3.1 Community License. You may..." -> Llama 3.1."""
    words = phrase.split()[:MAX_NAME_WORDS]
    for size in range(len(words), 0, -1):
        candidate = " ".join(words[:size]).rstrip(".,:;!?\"'”’")
        ref = _reference(corpus, candidate, "notice", 0.9)
        if ref["key"]:
            return ref
    return None


def references_in(corpus: Corpus, pasted: Pasted) -> list[dict]:
    refs = []
    for value in _front_matter_values(pasted.front_matter):
        ref = _reference(corpus, value.rsplit("/", 1)[-1] if value.startswith("http") else value, "front matter", 1.0)
        if ref["key"] or not value.startswith("http"):
            refs.append(ref)
    head = pasted.text[:20000]
    for match in NOTICE.finditer(head):
        ref = _longest_name(corpus, match.group("name"))
        if ref:
            refs.append(ref)
    stripped = pasted.text.strip()
    if stripped and len(stripped.split()) <= 8 and "\n" not in stripped:
        ref = _reference(corpus, stripped.strip("`'\"“”"), "alias", 0.95)
        if ref["key"]:
            refs.append(ref)
    unique, seen = [], set()
    for ref in refs:
        marker = (ref["evidence"], ref["key"], ref["value"])
        if marker not in seen:
            seen.add(marker)
            unique.append(ref)
    return unique


def cross_check(found: Identification, references: list[dict]) -> None:
    """A license identified from its text, checked against what the paste says it is: a reference to another
    license is a conflict, a reference to the same one is more evidence."""
    if not references:
        return
    ref_keys = {r["key"] for r in references if r["key"]}
    if ref_keys and found.key not in ref_keys:
        found.conflicts.append(
            f"the text is {found.key} but the {references[0]['evidence']} says {', '.join(sorted(ref_keys))}"
        )
    found.evidence += [r["evidence"] for r in references if r["key"] == found.key]
