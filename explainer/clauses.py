"""Split a license body into clauses along its own structure, with exact offsets.

LicenseDB texts keep paragraphs, list items and headings but often drop the numbering, so structure comes
from layout: blank lines end a block; a list marker ("- ", "a. ", "(iii) ", "4. ") starts one; a short
title-like block (e.g. "Section III: CONDITIONS OF USAGE", "License Grant.") is a heading that joins the
block after it. Over-long blocks are split at sentence ends by langchain-text-splitters, with a small overlap.
Every clause satisfies `body[start:end] == text`, and together the clauses cover every non-blank character.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from functools import lru_cache

MAX_CLAUSE_CHARS = 1600  # a block longer than this is split
CHUNK_CHARS = 1100
CHUNK_OVERLAP = 120
MAX_HEADING_CHARS = 100

LIST_MARKER = re.compile(
    r"^[ \t]*(?:[-*•‣◦·]|\(?(?:[0-9]{1,3}|[a-zA-Z]|[ivxlcIVXLC]{1,5})[.)])[ \t]+\S"
)
ENUMERATOR = re.compile(r"^\s*(?:[-*•‣◦·]\s*)?(\(?(?:[0-9]{1,3}(?:\.[0-9]{1,3})*|[a-zA-Z]|[ivxlcIVXLC]{1,5})[.)]?)\s")
SECTION_WORD = re.compile(r"^\s*#*\s*(section|article|attachment|part|schedule|exhibit|appendix|annex)\b", re.I)
INLINE_TITLE = re.compile(
    r"^\s*(?:[-*•]\s*)?(?:\(?[0-9a-zA-Z]{1,4}[.)]\s+)?([A-Z][\w’'&/-]*(?:[ \t]+[\w’'&/-]+){0,7})[.:][ \t]+[A-Z“\"(]"
)
MIN_CLAUSES = 5  # a short text (MIT, BSD) is split into sentences so each condition stands alone
# Sentence ends, and the provisos that turn a grant into a condition ("..., subject to the following conditions:")
SENTENCE_END = re.compile(r"(?<=[.;:])\s+(?=[A-Z(“\"])|(?<=,)\s+(?=(?:subject to|provided that|provided, however)\b)")
SENTENCE_SEPARATORS = [r"(?<=[.;:!?])\s+", r"(?<=,)\s+", r"\s+"]


@dataclass(frozen=True)
class Clause:
    license_key: str
    id: str
    ordinal: int
    heading: str
    section: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class _Block:
    start: int
    end: int


def _blocks(body: str) -> list[_Block]:
    """Paragraphs and list items, as (start, end) spans without surrounding blank space."""
    blocks: list[_Block] = []
    current: _Block | None = None
    offset = 0
    for line in body.splitlines(keepends=True):
        stripped = line.strip()
        line_start = offset + (len(line) - len(line.lstrip()))
        line_end = offset + len(line.rstrip())
        offset += len(line)
        if not stripped:
            current = None
            continue
        if current is not None and not LIST_MARKER.match(line):
            current.end = line_end
            continue
        current = _Block(line_start, line_end)
        blocks.append(current)
    return blocks


def _is_heading(text: str) -> bool:
    if "\n" in text or len(text) > MAX_HEADING_CHARS:
        return False
    words = text.split()
    if SECTION_WORD.match(text) and len(words) <= 12:
        return True
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8 and len(words) <= 14:
        return True
    if text.rstrip().endswith((";", ",", ":")):
        return False
    if text.rstrip().endswith(".") and len(words) > 6:
        return False
    starts_like_title = text[:1].isupper() or text.startswith("#") or bool(ENUMERATOR.match(text + " "))
    return len(words) <= 10 and starts_like_title


def _heading_text(text: str) -> str:
    return re.sub(r"^[#\s]+", "", text).strip().rstrip(".:")


def _inline_title(text: str) -> str:
    match = INLINE_TITLE.match(text)
    return match.group(1).strip() if match else ""


def _enumerator(text: str) -> str:
    match = ENUMERATOR.match(text)
    return match.group(1).strip("().") if match else ""


@lru_cache(maxsize=1)
def _splitter():
    """langchain-text-splitters, imported the first time a long block is split (its import costs ~0.3-0.8 s,
    which an answer decided from cached clauses never pays)."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    return RecursiveCharacterTextSplitter(
        separators=SENTENCE_SEPARATORS,
        is_separator_regex=True,
        keep_separator="end",
        chunk_size=CHUNK_CHARS,
        chunk_overlap=CHUNK_OVERLAP,
        strip_whitespace=True,
    )


def _split_long(body: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence-aligned pieces of body[start:end], as absolute spans (pieces may overlap a little)."""
    text = body[start:end]
    spans: list[tuple[int, int]] = []
    cursor = 0
    for chunk in _splitter().split_text(text):
        # Chunks come in order and overlap the previous one by at most CHUNK_OVERLAP characters; searching
        # from there finds the right occurrence even when a license repeats itself word for word.
        found = text.find(chunk, cursor)
        if found == -1:  # defensive: the splitter only ever returns substrings
            found = text.find(chunk)
        spans.append((start + found, start + found + len(chunk)))
        cursor = max(found + 1, found + len(chunk) - CHUNK_OVERLAP - 8)
    return _close_gaps(body, spans, start, end)


def _close_gaps(body: str, spans: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """Make sure the pieces cover the block: stretch a piece over any non-blank gap left by the splitter."""
    fixed: list[tuple[int, int]] = []
    previous_end = start
    for piece_start, piece_end in spans:
        if body[previous_end:piece_start].strip():
            piece_start = previous_end
        fixed.append((piece_start, piece_end))
        previous_end = max(previous_end, piece_end)
    if fixed and body[previous_end:end].strip():
        fixed[-1] = (fixed[-1][0], end)
    return fixed or [(start, end)]


def _sentences(body: str, blocks: list[_Block]) -> list[_Block]:
    pieces = []
    for block in blocks:
        start = block.start
        for match in SENTENCE_END.finditer(body, block.start, block.end):
            pieces.append(_Block(start, match.start()))
            start = match.end()
        pieces.append(_Block(start, block.end))
    return pieces


def segment(key: str, body: str) -> list[Clause]:
    blocks = _blocks(body)
    found = _segment_blocks(key, body, blocks)
    if len(found) < MIN_CLAUSES:
        found = _segment_blocks(key, body, _sentences(body, blocks))
    return found


def _segment_blocks(key: str, body: str, blocks: list[_Block]) -> list[Clause]:
    clauses: list[Clause] = []
    heading = ""
    pending_heading: _Block | None = None
    for index, block in enumerate(blocks):
        text = body[block.start:block.end]
        is_last = index == len(blocks) - 1
        if _is_heading(text) and not is_last:
            if pending_heading is None:
                pending_heading = block
            heading = _heading_text(text)
            continue
        start = pending_heading.start if pending_heading else block.start
        pending_heading = None
        own_title = _inline_title(text)
        section = _enumerator(text)
        ordinal = len({c.ordinal for c in clauses}) + 1
        pieces = [(start, block.end)] if block.end - start <= MAX_CLAUSE_CHARS else _split_long(body, start, block.end)
        for part, (piece_start, piece_end) in enumerate(pieces, 1):
            clause_id = f"{key}#{ordinal}" if len(pieces) == 1 else f"{key}#{ordinal}.{part}"
            clauses.append(
                Clause(
                    license_key=key,
                    id=clause_id,
                    ordinal=ordinal,
                    heading=own_title or heading,
                    section=section,
                    start=piece_start,
                    end=piece_end,
                    text=body[piece_start:piece_end],
                )
            )
    return clauses
