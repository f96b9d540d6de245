"""How a pasted text differs from the known text it was identified as: every addition verbatim, every removed
clause and every changed clause (standard wording vs. the pasted one), with offsets into the pasted text."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from ..corpus import split
from ..normalize import Tokens, tokenize
from .result import Identification, Passage


@dataclass
class Differences:
    additions: list[Passage] = field(default_factory=list)
    removals: list[dict] = field(default_factory=list)  # {"clause_id", "base", "pasted": "removed"}
    changes: list[dict] = field(default_factory=list)  # {"clause_id", "base", "pasted"}


def differences(key: str, base_body: str, pasted: Tokens, text: str) -> Differences:
    """Word-level alignment of the known text `base_body` (license `key`) with the pasted `text` (tokenized as
    `pasted`): inserted runs are additions, deleted or replaced words mark the known text's clauses they fall in."""
    found = Differences()
    base = tokenize(base_body)
    matcher = difflib.SequenceMatcher(None, base.words, pasted.words, autojunk=False)
    opcodes = matcher.get_opcodes()
    touched: dict[str, dict] = {}
    base_clauses = split(key, base_body)
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "insert" or (tag == "replace" and (j2 - j1) > 3 * (i2 - i1) + 20):
            found.additions.append(_passage(text, pasted.spans, j1, j2))
        if tag in ("delete", "replace"):
            for clause in _clauses_over(base_clauses, base.spans, i1, i2):
                touched.setdefault(clause.id, {"clause": clause, "deleted": 0, "replaced": False})
                touched[clause.id]["deleted"] += _overlap_words(clause, base.spans, i1, i2)
                touched[clause.id]["replaced"] |= tag == "replace"
    found.additions = _merge_passages(text, found.additions)
    aligned = _alignment(opcodes)
    for info in touched.values():
        clause = info["clause"]
        words = sum(1 for s in base.spans if clause.start <= s[0] < clause.end)
        if not info["replaced"] and info["deleted"] >= 0.8 * max(words, 1):
            found.removals.append({"clause_id": clause.id, "base": clause.text, "pasted": "removed"})
        else:
            found.changes.append({"clause_id": clause.id, "base": clause.text,
                                  "pasted": _pasted_wording(text, pasted, base, clause, aligned)})
    return found


def shift(result: Identification, offset: int) -> None:
    """Move the additions' offsets from the pasted body to the whole input (past its front matter)."""
    for passage in result.additions:
        passage.start += offset
        passage.end += offset


def _passage(text: str, spans, j1: int, j2: int) -> Passage:
    start, end = spans[j1][0], spans[j2 - 1][1]
    return Passage(text[start:end], start, end)


def _merge_passages(text: str, passages: list[Passage]) -> list[Passage]:
    """Join additions separated only by blank space or punctuation, and extend each to the end of its sentence."""
    merged: list[Passage] = []
    for passage in passages:
        if merged and not re.search(r"\w", text[merged[-1].end:passage.start]):
            merged[-1] = Passage(text[merged[-1].start:passage.end], merged[-1].start, passage.end)
        else:
            merged.append(passage)
    out = []
    for p in merged:
        end = p.end
        tail = re.match(r"[^\w\n]*?[.!?;:)\]”\"']+", text[end:end + 5])
        if tail:
            end += tail.end()
        out.append(Passage(text[p.start:end], p.start, end))
    return out


def _clauses_over(base_clauses, spans, i1: int, i2: int):
    if i1 >= i2:
        return []
    start, end = spans[i1][0], spans[i2 - 1][1]
    return [c for c in base_clauses if c.start < end and start < c.end]


def _overlap_words(clause, spans, i1: int, i2: int) -> int:
    return sum(1 for s in spans[i1:i2] if clause.start <= s[0] < clause.end)


def _alignment(opcodes) -> dict[int, int]:
    mapping = {}
    for tag, i1, i2, j1, _ in opcodes:
        if tag == "equal":
            for offset in range(i2 - i1):
                mapping[i1 + offset] = j1 + offset
    return mapping


def _pasted_wording(text: str, pasted: Tokens, base: Tokens, clause, aligned: dict[int, int]) -> str:
    inside = [i for i, s in enumerate(base.spans) if clause.start <= s[0] < clause.end]
    mapped = [aligned[i] for i in inside if i in aligned]
    if not mapped:
        return "removed"
    start, end = pasted.spans[min(mapped)][0], pasted.spans[max(mapped)][1]
    return text[start:end]
