"""Which license a question is about: explicit, a model named in the question, or a file (identified)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .corpus import Corpus, Resolution, compact
from .errors import InputError
from .identify import Identification, identify
from .reader import Pasted, read

PASTED_KEY = "pasted"


@dataclass(frozen=True)
class FilePassage:
    """Text a pasted file adds to (or changes in) a known license, with offsets into the pasted text."""

    kind: str  # addition | change
    text: str
    start: int
    end: int
    clause_id: str = ""  # for a change: the base clause it replaces


@dataclass
class Resolved:
    key: str  # the primary license key (or "pasted" for an unidentified text)
    name: str
    source: str  # explicit | model_name | question | file
    confidence: float
    license_keys: tuple[str, ...]
    addenda: tuple[str, ...] = ()
    model: str | None = None
    pasted: Pasted | None = None
    identification: Identification | None = None
    file_passages: list[FilePassage] = field(default_factory=list)

    @property
    def adhoc(self) -> bool:
        """An unidentified pasted text: its own clauses stand in for the index."""
        return self.key == PASTED_KEY

    def license_dict(self) -> dict:
        return {"key": self.key, "name": self.name, "source": self.source, "confidence": round(self.confidence, 4)}


class NoLicenseError(InputError):
    """Nothing in the question or the options names a license."""


def _from_resolution(corpus: Corpus, found: Resolution, source: str) -> Resolved:
    key, keys = found.license_keys[0], found.license_keys
    parent = corpus.policy_parent(key)
    if parent is not None:  # a policy's key: the license it comes with, and the policy (both apply)
        key, keys = parent, corpus.with_companions(parent)
    return Resolved(key, corpus.license_name(key), source, 1.0, keys, found.addenda,
                    model=found.model.name if found.model else None)


def from_name(corpus: Corpus, name: str, source: str) -> Resolved:
    return _from_resolution(corpus, corpus.resolve(name), source)


def from_question(corpus: Corpus, question: str, keep=None) -> Resolved | None:
    """The most specific model or license the question names; `keep(mention)` may leave some mentions out."""
    mentions = [m for m in corpus.find_models_in_text(question) if keep is None or keep(m)]
    if not mentions:
        return None
    # the most specific mention wins: "Built with Llama ... Llama 3.1" is about Llama 3.1
    return _from_resolution(corpus, max(mentions, key=lambda r: len(compact(r.matched))), "question")


def from_file(corpus: Corpus, source: str | Path | None) -> Resolved:
    return from_pasted(corpus, read(source))


def from_pasted(corpus: Corpus, pasted: Pasted) -> Resolved:
    found = identify(pasted, corpus)  # a known text, or a notice / front matter that names one
    if found.known:
        return Resolved(found.key, found.name or found.key, "file", found.confidence,
                        corpus.with_companions(found.key), (), pasted=pasted,
                        identification=found, file_passages=_passages(found, pasted))
    return Resolved(PASTED_KEY, "Unidentified license text", "file", found.confidence, (PASTED_KEY,), (),
                    pasted=pasted, identification=found)


def _passages(found: Identification, pasted: Pasted) -> list[FilePassage]:
    result = [FilePassage("addition", a.text, a.start, a.end) for a in found.additions]
    for change in found.changes:
        wording = change.get("pasted") or ""
        at = pasted.text.find(wording) if wording else -1
        if at >= 0:
            result.append(FilePassage("change", wording, at, at + len(wording), change.get("clause_id", "")))
    return result


def resolve(corpus: Corpus, question: str = "", license: str | None = None, model_name: str | None = None,
            file: str | Path | None = None) -> Resolved:
    if file is not None:
        return from_file(corpus, file)
    if license:
        return from_name(corpus, license, "explicit")
    if model_name:
        return from_name(corpus, model_name, "model_name")
    found = from_question(corpus, question)
    if found is None:
        raise NoLicenseError("no license or model named in the question",
                             hint="name the model (e.g. 'Juggernaut XL') or pass --license, --model-name or --file")
    return found
