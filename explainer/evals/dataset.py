"""The dataset: typed eval cases read from JSONL suites, and the license text each case describes.

A malformed line is reported with its line number and skipped; an unknown field is a warning; a known field with
a value outside its vocabulary (an answer, a kind, a label source) makes the line malformed."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path

from .. import licensedb, rights
from ..corpus import Corpus
from ..errors import InputError
from ..reader import from_text
from ..resolve import Resolved, from_name, from_pasted

SOURCES = ("license_key", "license_file", "license_text", "model_name")
KINDS = ("permission", "obligation", "fact", "threshold")  # how the question reads (corpus/CARDS.md)
LABEL_SOURCES = ("card", "text")  # was the gold label written from a license card or from the license text?


@dataclass
class Case:
    """One labelled case. A case with `expected_key` is an identify case, every other one a question (QA) case."""

    id: str
    line: int = 0
    license_key: str | None = None
    license_file: str | None = None
    license_text: str | None = None
    model_name: str | None = None
    question: str = ""
    answer: str | None = None  # yes | no | conditional | not_addressed, literal (see evals/README.md)
    conditions: str = ""
    evidence: list[str] = field(default_factory=list)
    rationale: str = ""
    right: str | None = None
    topic: str | None = None
    kind: str | None = None  # permission | obligation | fact | threshold
    trap: bool = False
    addendum: str | None = None
    edit: dict | list | None = None
    expected_key: str | None = None
    label_source: str | None = None  # card | text
    note: str | None = None

    @property
    def task(self) -> str:
        """`identify` or `qa`: what the runner does with the case."""
        return "identify" if self.expected_key is not None else "qa"

    @property
    def subject(self) -> str:
        return self.license_key or self.model_name or ("file" if self.license_file else "text")

    @classmethod
    def from_dict(cls, data: dict, line: int = 0) -> Case:
        values = {k: data[k] for k in KNOWN_FIELDS if k in data and data[k] is not None}
        values["id"] = str(data["id"])
        values["trap"] = bool(data.get("trap"))
        values["evidence"] = list(data.get("evidence") or [])
        for name in ("question", "conditions", "rationale"):
            values[name] = str(values.get(name) or "")
        return cls(line=line, **values)


KNOWN_FIELDS = {f.name for f in dataclasses.fields(Case)} - {"line"}


@dataclass
class Suite:
    path: Path
    cases: list[Case]
    problems: list[str] = field(default_factory=list)  # malformed lines: reported, skipped
    warnings: list[str] = field(default_factory=list)


def load_suite(path: str | Path) -> Suite:
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read suite {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"suite {path} is not UTF-8 text") from exc
    suite = Suite(path, [])
    seen: set[str] = set()
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        where = f"{path.name}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            suite.problems.append(f"{where}: not valid JSON ({exc.msg})")
            continue
        problem = check_case(data)
        if problem:
            suite.problems.append(f"{where}: {problem}")
            continue
        unknown = sorted(set(data) - KNOWN_FIELDS)
        if unknown:
            suite.warnings.append(f"{where}: unknown field(s) {', '.join(unknown)} ignored")
        case = Case.from_dict(data, number)
        if case.id in seen:
            suite.problems.append(f"{where}: duplicate id {case.id!r}")
            continue
        seen.add(case.id)
        suite.cases.append(case)
    return suite


def check_case(data) -> str | None:
    """Why a parsed line is not a valid case, or None."""
    if not isinstance(data, dict):
        return "a case must be a JSON object"
    if not data.get("id"):
        return "missing id"
    if not any(data.get(s) for s in SOURCES):
        return f"needs one of {', '.join(SOURCES)}"
    if data.get("kind") is not None and data["kind"] not in KINDS:
        return f"kind must be one of {', '.join(KINDS)}"
    if data.get("label_source") is not None and data["label_source"] not in LABEL_SOURCES:
        return f"label_source must be one of {', '.join(LABEL_SOURCES)}"
    if not isinstance(data.get("evidence") or [], list):
        return "evidence must be a list of quotes"
    if data.get("expected_key") is not None:
        return None
    if not str(data.get("question") or "").strip():
        return "missing question"
    if data.get("answer") not in rights.VERDICTS:
        return f"answer must be one of {', '.join(rights.VERDICTS)}"
    return None


# -- the dataset's license sources -------------------------------------------------------------------------------
def case_text(case: Case, base_dir: Path) -> str | None:
    """The license text a case describes, built at run time (LicenseDB text + addendum / edit); None when the
    case points at a known license by key or model name without changes."""
    if case.license_text:
        return case.license_text
    if case.license_file:
        file = (base_dir / case.license_file) if not Path(case.license_file).is_absolute() else Path(case.license_file)
        return file.read_text(encoding="utf-8")
    if case.license_key and (case.addendum or case.edit):
        if not licensedb.exists(case.license_key):
            raise InputError(f"unknown license key {case.license_key!r}")
        body = licensedb.load(case.license_key).body
        for edit in _edits(case.edit):
            if edit["find"] not in body:
                raise InputError(f"edit text not found in {case.license_key}: {edit['find'][:60]!r}")
            body = body.replace(edit["find"], edit["replace"], 1)
        if case.addendum:
            body = body.rstrip() + "\n\n" + case.addendum.strip() + "\n"
        return body
    return None


def _edits(edit) -> list[dict]:
    if not edit:
        return []
    return edit if isinstance(edit, list) else [edit]


def resolve_case(case: Case, corpus: Corpus, base_dir: Path, text: str | None = None) -> Resolved:
    text = case_text(case, base_dir) if text is None else text
    if text is not None:
        return from_pasted(corpus, from_text(text, f"case {case.id}"))
    if case.license_key:
        return from_name(corpus, case.license_key, "explicit")
    return from_name(corpus, case.model_name, "model_name")
