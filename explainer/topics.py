"""Fine-grained license facts beside the 13 rights (`corpus/topics.yaml`): the topics a card answers under
`facts:` and the vocabulary of prohibited uses that cards list under `prohibited_uses:`.

`uses_in(question)` finds the uses a question names (deterministic, regular expressions over the lower-cased
text), longest match first, so "facial recognition" wins over a shorter, vaguer term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from . import config, yamlio
from .errors import StorageError

KINDS = ("obligation", "fact", "value", "permission")
PROHIBITED_USE = "prohibited_use"  # the topic a question about a specific use is routed to; answered per use id


@dataclass(frozen=True)
class Topic:
    name: str
    kind: str  # obligation | fact | value | permission
    label: str
    ask: str
    examples: tuple[str, ...] = ()
    when: tuple[str, ...] = ()  # obligations: the surfaces the duty applies to (copies | service | publish)


@dataclass(frozen=True)
class Use:
    name: str
    label: str
    terms: tuple[re.Pattern, ...]
    leaves: tuple[str, ...] = ()  # uses whose items still bind a case this item's exception lets through


@lru_cache(maxsize=4)
def _load(path: str) -> tuple[dict[str, Topic], dict[str, Use]]:
    try:
        with open(path, encoding="utf-8") as handle:
            data = yamlio.load(handle)
        topics = {}
        for name, item in data["topics"].items():
            if item["kind"] not in KINDS:
                raise ValueError(f"topic {name}: kind {item['kind']!r} is not one of {', '.join(KINDS)}")
            topics[name] = Topic(name, item["kind"], item["label"], item["ask"],
                                 tuple(str(e) for e in item.get("examples") or ()),
                                 tuple(str(w) for w in item.get("when") or ()))
        uses = {}
        for name, item in data["uses"].items():
            terms = tuple(re.compile(rf"\b(?:{term})\b") for term in item["terms"])
            if not terms:
                raise ValueError(f"use {name}: no terms")
            uses[name] = Use(name, item["label"], terms, tuple(str(u) for u in item.get("leaves") or ()))
        return topics, uses
    except (OSError, KeyError, TypeError, AttributeError, ValueError, re.error, yaml.YAMLError) as exc:
        raise StorageError(f"cannot read the topics file {path}: {exc}") from exc


def _path() -> str:
    return str(config.corpus_dir() / "topics.yaml")


def topics() -> dict[str, Topic]:
    return _load(_path())[0]


def uses() -> dict[str, Use]:
    return _load(_path())[1]


def fact_names() -> list[str]:
    """The topics every card answers under `facts:` (all but prohibited_use, which is answered per use)."""
    return [name for name in topics() if name != PROHIBITED_USE]


# a negation right before a use's term: "nothing illegal", "not for surveillance", "no weapons"; not one a few
# words before ("can't be used for surveillance" names the use)
DENIED_BEFORE = re.compile(r"(?:\b(?:no|not|nothing|non|never|without|zero)|n't)[\s-]+"
                           r"(?:(?:for|any|a|an|the|of|in|involving|including|depicting|featuring|showing|about|real|"
                           r"actual|explicit|specific|detailed|working|practical|usable|operational|graphic)"
                           r"\s+){0,2}$")


UNHYPHENATED = re.compile(r"(?<=[a-z])-(?=[a-z])")  # a compound written with a hyphen reads as its two words


def uses_in(text: str, semantic: bool = True) -> list[str]:
    """The use ids whose terms match the lower-cased text, best (longest matched span) first; ties keep the
    order of topics.yaml. When no term matches and `semantic`, the uses the text describes by meaning
    (explainer/uses.py: sentence similarity with descriptions of each use), so a use named in words no term
    lists is still recognised; the terms stay first because they are precise. Last, when the descriptions find
    nothing, the use learned from labelled questions (explainer/learned_uses.py)."""
    folded = " ".join(text.lower().split())
    readings = (folded, UNHYPHENATED.sub(" ", folded)) if "-" in folded else (folded,)  # "a face-recognition lock"
    best: dict[str, int] = {}
    for use in uses().values():
        for pattern in use.terms:
            for said in readings:
                for match in pattern.finditer(said):
                    if DENIED_BEFORE.search(said[max(0, match.start() - 30):match.start()]):
                        continue  # "adult characters only, nothing illegal": a use the question denies is not its use
                    length = match.end() - match.start()
                    if length > best.get(use.name, 0):
                        best[use.name] = length
    order = {name: i for i, name in enumerate(uses())}
    named = sorted(best, key=lambda name: (-best[name], order[name]))
    if named or not semantic:
        return named
    from . import learned_uses, uses as use_meanings  # these load embeddings: only where no term matched

    described = [name for name in use_meanings.semantic_uses(folded) if name in order]
    learned = None if described else learned_uses.learned_use(folded)
    return described or ([learned] if learned in order else [])
