"""Scorers. Every scorer has one signature, `scorer(case, result) -> Score(value, explanation)`.

They check the answer against sources of their own, not against the objects the answer path used:
- quote fidelity re-reads the LicenseDB `.LICENSE` file (located through `importlib.resources`, front matter split
  here) or the author-addendum YAML file, never through `Corpus` or `answer.source_text`;
- the reminder is checked for the words it must say, not compared with the default it was filled from;
- the explanation is checked for what a person reads: a sentence, and no contradiction of the verdict.
"""

from __future__ import annotations

import functools
import importlib.resources
import importlib.util
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from .. import cards, config
from ..resolve import PASTED_KEY, Resolved
from .dataset import Case

RECALL_AT = (1, 3, 5)
# What every answer's reminder must say, written here independently of `explainer.REMINDER`.
REMINDER_MUST_SAY = ("not legal advice", "license text")


class Score(NamedTuple):
    value: Any  # a float (1.0 / 0.0), a dict of floats (recall@k), or None when the scorer does not apply
    explanation: str


@dataclass
class SolverResult:
    """What the solver hands the scorers for one question case."""

    answer: dict  # the JSON answer, as `explainer ask --json` prints it
    resolved: Resolved | None = None
    ranked: list = field(default_factory=list)  # clauses considered, deciding first: .license_key .start .end
    case_text: str | None = None  # the text the case pasted (LicenseDB text + addendum / edit), if any
    routed_by: str | None = None
    verdict_source: str | None = None
    explanation_source: str | None = None


# -- independent sources ---------------------------------------------------------------------------------------
@functools.cache
def _licensedb_dir():
    try:
        return importlib.resources.files("licensedcode").joinpath("data", "licenses")
    except Exception:  # noqa: BLE001 - a build whose package cannot be imported: locate it without importing
        spec = importlib.util.find_spec("licensedcode")
        return Path(next(iter(spec.submodule_search_locations))) / "data" / "licenses"


@functools.lru_cache(maxsize=128)
def licensedb_body(key: str) -> str | None:
    """A LicenseDB text read straight from its `.LICENSE` file: YAML front matter between `---` lines, then the
    text, with outer blank space dropped (the offsets' reference). None when there is no such file."""
    path = _licensedb_dir().joinpath(f"{key}.LICENSE")
    if not path.is_file():
        return None
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[0].strip() == "---":
        closing = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if closing is not None:
            lines = lines[closing + 1:]
    return "\n".join(lines).strip()


@functools.lru_cache(maxsize=32)
def addendum_body(key: str) -> str | None:
    """An author's addendum (our paraphrase) read straight from `corpus/addenda/*.yaml`."""
    for path in sorted(Path(config.corpus_dir()).glob("addenda/*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if data.get("key") == key:
            return str(data.get("text", "")).strip()
    return None


def independent_text(key: str, case_text: str | None) -> str | None:
    if key == PASTED_KEY:
        return case_text.replace("\r\n", "\n") if case_text is not None else None
    return licensedb_body(key) if licensedb_body(key) is not None else addendum_body(key)


# -- verdict --------------------------------------------------------------------------------------------------
def score_verdict(case: Case, result: SolverResult) -> Score:
    got = result.answer.get("verdict")
    return Score(float(got == case.answer), f"expected {case.answer}, got {got}")


# -- evidence recall@k ----------------------------------------------------------------------------------------
def evidence_spans(case: Case, resolved: Resolved, case_text: str | None = None
                   ) -> tuple[list[tuple[str, int, int]], list[str]]:
    """Where each gold evidence quote sits in the case's sources (license, companions, addenda, pasted text)."""
    keys = [*resolved.license_keys, *resolved.addenda]
    if resolved.pasted is not None and PASTED_KEY not in keys:
        keys.append(PASTED_KEY)
        case_text = case_text if case_text is not None else resolved.pasted.text
    found, missing = [], []
    for quote in case.evidence:
        spot = None
        for key in keys:
            body = independent_text(key, case_text)
            anchor = cards.locate(quote, key, body) if body else None
            if anchor is not None:
                spot = (key, anchor.start, anchor.end)
                break
        if spot:
            found.append(spot)
        else:
            missing.append(quote)
    return found, missing


def score_evidence(case: Case, result: SolverResult) -> Score:
    """recall@k: a gold evidence quote overlaps one of the first k clauses the answer considered."""
    if not case.evidence:
        return Score(None, "no gold evidence")
    spans, missing = evidence_spans(case, result.resolved, result.case_text)
    if not spans:
        return Score({str(k): 0.0 for k in RECALL_AT}, f"gold evidence not found in the text: {missing[0][:60]!r}")
    values = {}
    for k in RECALL_AT:
        top = result.ranked[:k]
        hit = any(q.license_key == key and q.start < end and start < q.end for key, start, end in spans for q in top)
        values[str(k)] = float(hit)
    first = min([k for k in RECALL_AT if values[str(k)]] or [None], key=lambda k: k or 99)
    if first:
        return Score(values, f"gold evidence in the top {first}")
    return Score(values, f"gold evidence not in the top {RECALL_AT[-1]}")


# -- quote fidelity -------------------------------------------------------------------------------------------
def score_fidelity(case: Case, result: SolverResult) -> Score:
    """Every quote shown equals the text at its offsets in a source re-read here; an answer with no quote fails."""
    quotes = result.answer.get("quotes") or []
    if not quotes:
        return Score(0.0, "no quote shown")
    for quote in quotes:
        body = independent_text(quote.get("license_key"), result.case_text)
        if body is None:
            return Score(0.0, f"quote {quote.get('clause_id')}: no source file for {quote.get('license_key')!r}")
        start, end, text = quote.get("start"), quote.get("end"), quote.get("text")
        if not isinstance(start, int) or not isinstance(end, int) or body[start:end] != text:
            where = "elsewhere in" if text and text in body else "nowhere in"
            return Score(0.0, f"quote {quote.get('clause_id')} differs from {quote.get('license_key')} at "
                              f"{start}-{end} (its text is {where} the file)")
    return Score(1.0, f"{len(quotes)} quote(s) equal the re-read source")


# -- reminder -------------------------------------------------------------------------------------------------
def score_reminder(case: Case, result: SolverResult) -> Score:
    reminder = result.answer.get("reminder")
    if not isinstance(reminder, str) or not reminder.strip():
        return Score(0.0, "no reminder in the answer")
    lacking = [words for words in REMINDER_MUST_SAY if words not in " ".join(reminder.lower().split())]
    if lacking:
        return Score(0.0, f"the reminder does not say {lacking[0]!r}")
    return Score(1.0, "reminder present")


# -- explanation ----------------------------------------------------------------------------------------------
MIN_WORDS = 6
WORD = re.compile(r"^[\"'“‘(]*[A-Za-z][A-Za-z'’-]*[.,;:!?\"'”’)]*$")
FRAGMENTS = (
    # braces, a bracket opening a list or a string, "key": pairs, escapes; "FLUX.1 [dev]" is a model's name
    (re.compile(r"[{}]|\[\s*[\"'{\[\]]|\"\s*:\s*|\\[nt\"]"), "JSON fragments"),
    (re.compile(r"</?[a-zA-Z][^>]*>|```|<\|"), "markup"),
    (re.compile(r"\bC\d+\b|\b[a-z0-9.-]+#\d+"), "clause ids"),
)
FILE_SUFFIX = re.compile(r"\.(json|ya?ml|py|gguf|safetensors|ckpt|inbrecores)$", re.I)  # machine artefacts


def _path_like(token: str) -> bool:
    """A file-system path or a machine file name ("/lma.txt", "corpus/cards/mit.yaml", "clauses.json"); a web
    address ("ai.google.dev/gemma/terms"), "and/or" and a notice file a person keeps ("LICENSE.txt") are not."""
    token = token.strip("\"'“”‘’(),;:!?")
    token = token.rstrip(".")
    if token.startswith(("/", "./", "~/", "../")) and len(token) > 1:
        return True
    if FILE_SUFFIX.search(token):
        return True
    head = token.split("/", 1)[0]
    return token.count("/") >= 2 and "." not in head


ENDS_LIKE_A_SENTENCE = re.compile(r"[.!?][\"'”’)]*$")
NEGATION = re.compile(r"\b(not|never|no|cannot|can't|cant|won't|mustn't|shouldn't|isn't|aren't|don't|doesn't|"
                      r"only if|unless|without)\b", re.I)
PERMITS = re.compile(r"\b(you|we|they|it|users?|one)\s+(can|may|are (allowed|free|permitted)|is (allowed|free|"
                     r"permitted))\b|\b(is|are) (allowed|permitted)\b", re.I)
FORBIDS = re.compile(r"\b(you|we|they|users?|one)\s+(cannot|can't|can not|may not|must not|are not (allowed|"
                     r"permitted))\b|\b(is|are) (not (allowed|permitted)|prohibited|forbidden)\b", re.I)


def readable(text: str) -> str | None:
    """Why `text` is not a sentence a person can read, or None."""
    words = text.split()
    if len(words) < MIN_WORDS:
        return f"too short ({len(words)} word{'s' if len(words) != 1 else ''})"
    for pattern, what in FRAGMENTS:
        if pattern.search(text):
            return f"holds {what}"
    if any(_path_like(w) for w in words):
        return "holds a file path"
    share = sum(bool(WORD.match(w)) for w in words) / len(words)
    if share < 0.7:
        return f"mostly non-words ({share:.0%} words)"
    if not ENDS_LIKE_A_SENTENCE.search(text.strip()):
        return "does not end like a sentence"
    return None


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)[0]


def _unnegated(pattern: re.Pattern, sentence: str) -> bool:
    """A match of `pattern` not directly followed by a negation ("you can not", "you may not", "you can't")."""
    negated = re.compile(r"(['’]t\b|\s+(not|never)\b)", re.I)
    return any(not negated.match(sentence[m.end():]) for m in pattern.finditer(sentence))


QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")


def contradiction(text: str, verdict: str | None, kind: str | None = None) -> str | None:
    """Why the explanation's opening says the opposite of the verdict, or None. Quoted license text is left out,
    and only the first sentence is read: later sentences legitimately name exceptions ("Yes ... but you may not
    ..."). "You can" / "you may not" are read only for permission questions (and cases of unknown kind): for an
    obligation or a fact, "yes" may well come with "you may not"."""
    first = _first_sentence(QUOTED.sub('""', text))
    opening = first.lstrip("\"'“ ").lower()
    says_yes, says_no = bool(re.match(r"yes\b", opening)), bool(re.match(r"no\b", opening))
    wording = kind in (None, "permission", "threshold")
    if verdict == "no":
        if says_yes:
            return "opens with 'yes' while the verdict is no"
        if wording and not says_no and _unnegated(PERMITS, first) and not FORBIDS.search(first) \
                and not NEGATION.search(first):
            return "says you can while the verdict is no"
    if verdict == "yes":
        if says_no:
            return "opens with 'no' while the verdict is yes"
        if wording and not says_yes and FORBIDS.search(first) and not _unnegated(PERMITS, first):
            return "says you cannot while the verdict is yes"
    if verdict in ("not_addressed", "unclear") and (says_yes or says_no):
        return f"opens with a yes/no answer while the verdict is {verdict}"
    return None


def score_explanation(case: Case, result: SolverResult) -> Score:
    """1 when the explanation shown is a readable sentence that does not contradict the verdict, else 0."""
    text = " ".join(str(result.answer.get("explanation") or "").split())
    if not text:
        return Score(0.0, "empty explanation")
    why = readable(text) or contradiction(text, result.answer.get("verdict"), case.kind)
    source = f" ({result.explanation_source})" if result.explanation_source else ""
    if why:
        return Score(0.0, f"{why}{source}: {text[:80]!r}")
    return Score(1.0, f"a readable sentence that agrees with the verdict{source}")


SCORERS = {
    "verdict": score_verdict,
    "evidence_recall": score_evidence,
    "quote_fidelity": score_fidelity,
    "reminder": score_reminder,
    "explanation": score_explanation,
}
