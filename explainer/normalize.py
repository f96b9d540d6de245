"""Text normalization for identification. The rules are data (corpus/normalization.yaml); this module applies
them and keeps, for every normalized word, its span in the original text, so differences can be quoted verbatim.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass

import yaml

from . import config


@dataclass(frozen=True)
class Rules:
    token: re.Pattern
    drops: tuple[re.Pattern, ...]
    varietal: dict[str, tuple[str, ...]]
    lowercase: bool
    digest: str


@functools.cache
def rules() -> Rules:
    raw = (config.corpus_dir() / "normalization.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(raw)
    return Rules(
        token=re.compile(data["token"]),
        drops=tuple(re.compile(p, re.I | re.M) for p in data["drop"].values()),
        varietal={k: tuple(str(v).split()) for k, v in data["varietal"].items()},
        lowercase=bool(data.get("lowercase", True)),
        digest=hashlib.sha256(raw.encode("utf-8")).hexdigest()[:12],
    )


@dataclass(frozen=True)
class Tokens:
    words: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]  # span of each word in the original text

    @property
    def text(self) -> str:
        return " ".join(self.words)


def tokenize(text: str) -> Tokens:
    r = rules()
    dropped = _dropped_regions(text, r)
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    region = 0
    for match in r.token.finditer(text):
        start, end = match.span()
        while region < len(dropped) and dropped[region][1] <= start:
            region += 1
        if region < len(dropped) and dropped[region][0] <= start < dropped[region][1]:
            continue
        word = match.group()
        if r.lowercase:
            # lower-casing can add a character the token pattern does not take ("İ" -> "i" + combining dot):
            # keep what it takes, so that normalizing twice gives the same text
            lowered = word.lower()
            word = lowered if r.token.fullmatch(lowered) else "".join(r.token.findall(lowered))
            if not word:
                continue
        for form in r.varietal.get(word, (word,)):
            words.append(form)
            spans.append((start, end))
    return Tokens(tuple(words), tuple(spans))


def _dropped_regions(text: str, r: Rules) -> list[tuple[int, int]]:
    regions = sorted(m.span() for pattern in r.drops for m in pattern.finditer(text) if m.end() > m.start())
    merged: list[tuple[int, int]] = []
    for start, end in regions:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def normalize(text: str) -> str:
    """The normalized form: words only, separated by single spaces."""
    return tokenize(text).text


def text_hash(normalized: str) -> str:
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()
