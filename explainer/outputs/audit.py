"""Audit a folder of generated images: which models made each one, under which license, and whether the right
asked about (by default: selling or commercially using the output) is granted.

Each model an image names is identified by name (a file of the `--models` folders, then the registry and its
aliases, then known components), or by the hash the generator wrote (matched against the `--models` files).
A file found in `--models` is read like `explainer scan` reads it, so its CivitAI sidecar counts: an
`allowCommercialUse` without `Image` (or `Sell`) makes that model's answer for selling outputs `no`.
Per model, the verdict comes from the decision core (`decide.decide_topic`, the one `ask` uses). Per image, the
most restrictive verdict wins, and an unidentified model makes the image `unknown` unless another model already
says `no`.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from .. import REMINDER, rights
from ..corpus import Corpus, compact
from ..decide import decide_topic
from ..errors import InputError
from ..resolve import Resolved
from ..scan import Scanner, civitai_data, name_candidates, sidecars
from .components import COMPONENTS
from .hashes import HashCache, ModelFiles
from .metadata import IMAGE_SUFFIXES, MAX_SIDECAR, ModelRef, read_image, stem

DEFAULT_RIGHT = "outputs_commercial"
# rights where "yes" means allowed, so that the most restrictive verdict can win (not e.g. non_commercial_only)
PERMISSION_RIGHTS = ("outputs_commercial", "model_commercial_use", "hosted_service_or_api", "redistribute_weights",
                     "derivatives_allowed", "train_other_models_on_outputs")
VERDICTS = ("yes", "no", "conditional", "unknown")
RANK = {"no": 0, "unknown": 1, "not_addressed": 1, "unclear": 1, "conditional": 2, "yes": 3}
ROLE_ORDER = ("checkpoint", "diffusion_model", "refiner", "lora", "lycoris", "controlnet", "ip_adapter",
              "t2i_adapter", "style_model", "hypernetwork", "upscaler", "face_restoration", "vae", "text_encoder")
PRIMARY_ROLES = {"checkpoint", "diffusion_model", "refiner", "lora", "lycoris", "controlnet"}
ROLE_WORDS = {"checkpoint": "checkpoint", "diffusion_model": "diffusion model", "refiner": "refiner",
              "lora": "LoRA", "lycoris": "LyCORIS", "controlnet": "ControlNet", "upscaler": "upscaler",
              "vae": "VAE", "text_encoder": "text encoder", "ip_adapter": "IP-Adapter", "t2i_adapter": "T2I-Adapter",
              "face_restoration": "face restoration model", "hypernetwork": "hypernetwork"}
IMAGE_KINDS = {"image", "video", "3d", ""}
CIVITAI_FIELD = "allowCommercialUse"
SHORT_MEANS = {"outputs_commercial": "selling images", "hosted_service_or_api": "running it as a paid service",
               "model_commercial_use": "selling the model"}


# -- identifying a model --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Found:
    """What a model named in an image turned out to be."""

    source: str  # models folder | hash | registry | component | unresolved
    model: str | None = None
    license_key: str | None = None
    license_keys: tuple[str, ...] = ()
    addenda: tuple[str, ...] = ()
    file: str | None = None
    commercial_use: tuple[str, ...] | None = None  # the CivitAI sidecar's allowCommercialUse, parsed
    sidecar: str | None = None
    display: str | None = None  # a CivitAI page's model name, or a component's name


@lru_cache(maxsize=1)
def components() -> tuple[tuple[re.Pattern, dict], ...]:
    return tuple((re.compile(item["match"]), item) for item in COMPONENTS)


class Identifier:
    def __init__(self, corpus: Corpus, files: ModelFiles | None, hash_progress=None):
        self.corpus = corpus
        self.files = files
        self.scanner = Scanner(corpus)
        self.hash_progress = hash_progress
        self._cache: dict[tuple, Found] = {}
        self._file_cache: dict[str, Found] = {}

    def __call__(self, ref: ModelRef) -> Found:
        key = (ref.role, ref.name, ref.hash)
        if key not in self._cache:
            self._cache[key] = self._identify(ref)
        return self._cache[key]

    def _identify(self, ref: ModelRef) -> Found:
        named = not ref.name.startswith("model with hash ")
        file_found = None
        if self.files is not None and named:
            path = self.files.by_name(ref.name)
            if path is not None:
                file_found = self._from_file(path, "models folder")
                if file_found.license_key or file_found.commercial_use:
                    return file_found
        if named:
            found = self._registry(ref)
            if found is not None:
                return found
        if self.files is not None and ref.hash:
            path = self.files.by_hash(ref.hash, ref.role, self.hash_progress)
            if path is not None:
                found = self._from_file(path, "hash")
                if found.license_key or found.commercial_use or file_found is None:
                    return found
        if named:
            found = self._component(ref)
            if found is not None:
                return found
        return file_found or Found("unresolved")

    def _from_file(self, path: Path, source: str) -> Found:
        cached = self._file_cache.get(str(path))
        if cached is None:
            report = self.scanner.model(path, "safetensors" if path.suffix.lower() == ".safetensors" else
                                        "gguf" if path.suffix.lower() == ".gguf" else "checkpoint")
            keys = self.corpus.with_companions(report.license_key) if report.license_key else ()
            allowed = report.civitai.get(CIVITAI_FIELD)
            sidecar = next((str(s) for s in sidecars(path)), None) if allowed is not None else None
            name = report.civitai.get("name")
            cached = Found(source, report.model, report.license_key, keys, tuple(report.addenda), str(path),
                           tuple(allowed) if allowed is not None else None, sidecar,
                           str(name) if isinstance(name, str) else None)
            self._file_cache[str(path)] = cached
        return replace(cached, source=source)

    def _registry(self, ref: ModelRef) -> Found | None:
        base = stem(ref.name)
        # a LoRA or ControlNet is not the model whose name it contains: only its exact name counts
        phrases = name_candidates(base) if ref.role in ("checkpoint", "diffusion_model", "refiner") else [base]
        for phrase in [ref.name, *phrases]:
            if len(compact(phrase)) < 4:
                continue
            found = self.corpus.lookup(phrase)
            if found is None or found.kind != "model" or found.model is None or found.model.kind not in IMAGE_KINDS:
                continue
            return Found("registry", found.model.name, found.license_keys[0], found.license_keys, found.addenda)
        return None

    def _component(self, ref: ModelRef) -> Found | None:
        base = stem(ref.name).lower()
        for pattern, item in components():
            if not pattern.search(base):
                continue
            if item.get("model"):
                found = self.corpus.lookup(item["model"])
                if found is not None and found.license_keys:
                    model = found.model.name if found.model else item["model"]
                    return Found("registry", model, found.license_keys[0], found.license_keys, found.addenda)
            elif item.get("license"):
                key = item["license"]
                return Found("component", None, key, self.corpus.with_companions(key), (), display=item.get("name"))
        return None


# -- judging --------------------------------------------------------------------------------------------------------
@dataclass
class Judged:
    verdict: str  # yes | no | conditional | not_addressed | unclear | unknown
    conditions: str
    quotes: list[dict]
    license_key: str | None
    clause_id: str | None
    why: str  # a few words for the summary


def civitai_allows(commercial_use: tuple[str, ...], right: str, corpus: Corpus) -> tuple[bool, str] | None:
    """Whether a CivitAI page's allowCommercialUse grants the right (None: the flags do not speak to it). Selling
    the model (Sell) includes selling what it makes; without Image or Sell, images may not be sold."""
    meanings = civitai_data(corpus).get("commercial_use", {})
    granting = [value for value, meaning in meanings.items() if meaning.get("right") == right]
    if not granting:
        return None
    means = meanings[granting[0]]["means"]
    if right == "outputs_commercial":
        granting = [*granting, "Sell"]
    return any(value in commercial_use for value in granting), means


@lru_cache(maxsize=256)
def sidecar_field(path: str | None, key: str) -> str | None:
    """The field as the sidecar writes it ('"allowCommercialUse": "{RentCivit}"'), for quoting."""
    if not path:
        return None
    try:
        with open(path, "rb") as handle:
            data = json.loads(handle.read(MAX_SIDECAR).decode("utf-8", errors="replace"))
    except (OSError, ValueError):
        return None
    todo, seen = [data], 0
    while todo and seen < 2000:  # breadth first: the page's own field before nested versions' ones
        item = todo.pop(0)
        seen += 1
        if isinstance(item, dict):
            if key in item:
                return f"{json.dumps(key)}: {json.dumps(item[key], ensure_ascii=False)}"
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item[:50])
    return None


class Judge:
    def __init__(self, corpus: Corpus, right: str):
        self.corpus = corpus
        self.right = right
        self._cache: dict[tuple, Judged] = {}

    def __call__(self, found: Found, label: str) -> Judged:
        key = (found.license_keys, found.addenda, found.commercial_use, found.sidecar, label)
        if key not in self._cache:
            self._cache[key] = self._judge(found, label)
        return self._cache[key]

    def _judge(self, found: Found, label: str) -> Judged:
        base = None
        if found.license_keys:
            name = self.corpus.license_name(found.license_key)
            resolved = Resolved(found.license_key, name, "model_name", 1.0, found.license_keys, found.addenda,
                                model=found.model)
            decision = decide_topic(resolved, self.right, self.corpus)
            quotes = [q.to_dict() for q in decision.quotes]
            verdict = decision.verdict if decision.verdict in RANK else "unclear"
            if not decision.conditions or decision.source == "none":
                conditions = (f"explainer has no reviewed card for {name} on this right; read the license text "
                              f"({found.license_key}) yourself.")
            else:
                conditions = decision.conditions
            words = {"no": f"{name} does not allow it", "conditional": f"{name}: conditions apply",
                     "not_addressed": f"{name}: no card answer", "unclear": f"{name}: no card answer"}
            base = Judged(verdict, conditions, quotes, found.license_key,
                          quotes[0]["clause_id"] if quotes else None, words.get(verdict, ""))
        if found.commercial_use is not None:
            allows = civitai_allows(found.commercial_use, self.right, self.corpus)
            if allows is not None and not allows[0]:
                value = ", ".join(found.commercial_use) or "None"
                text = sidecar_field(found.sidecar, CIVITAI_FIELD) or f"{CIVITAI_FIELD}: {value}"
                quote = {"license_key": None, "clause_id": None, "text": text, "start": None, "end": None,
                         "file": found.sidecar, "field": CIVITAI_FIELD}
                also = f" Its license alone would say: {base.verdict.replace('_', ' ')}." if base else ""
                return Judged("no", f"The CivitAI page of {label} does not allow people to {allows[1]} "
                                    f"({text}); the author's terms apply to what this file makes.{also}",
                              [quote], found.license_key, None,
                              f"the CivitAI page of {label} does not allow "
                              f"{SHORT_MEANS.get(self.right, allows[1])} ({value})")
        if base is not None:
            return base
        if found.file:
            return Judged("unknown", f"{label} is the file {found.file}, but nothing there names its license (no "
                                     "CivitAI sidecar with a base model, no model card, no license in its header).",
                          [], None, None, f"{label}: no license evidence")
        return Judged("unknown", f"{label} could not be identified: no registry name, known component, "
                                 "or file of the --models folders matches it (pass --models with the folder "
                                 "that holds it, so its CivitAI sidecar, header or hash can identify it).",
                      [], None, None, f"{label} not identified")


# -- reports --------------------------------------------------------------------------------------------------------
@dataclass
class ModelUse:
    ref: ModelRef
    found: Found
    judged: Judged
    label: str
    license_name: str | None

    def to_dict(self) -> dict:
        return {"role": self.ref.role, "name": self.ref.name, "hash": self.ref.hash, "weight": self.ref.weight,
                "model": (self.found.display if self.ref.role in ("lora", "lycoris") else None)
                or self.found.model or self.found.display,
                "license": {"key": self.found.license_key, "name": self.license_name}
                if self.found.license_key else None,
                "source": self.found.source, "verdict": self.judged.verdict}


@dataclass
class ImageReport:
    path: str
    generator: str | None
    models: list[ModelUse]
    verdict: str
    conditions: str
    deciding: ModelUse | None
    quotes: list[dict]
    unreadable: str | None = None
    why: str = ""

    @property
    def combination(self) -> str:
        if self.unreadable:
            return "unreadable"
        if self.generator is None:
            return "no metadata"
        if not self.models:
            return f"{self.generator} metadata naming no model"
        shown = [m.label for m in self.models if m.ref.role in PRIMARY_ROLES or m.judged.verdict != "yes"]
        return " + ".join(dict.fromkeys(shown)) or " + ".join(dict.fromkeys(m.label for m in self.models))

    def to_dict(self) -> dict:
        deciding = None
        if self.deciding is not None:
            deciding = {"model": self.deciding.label, "license_key": self.deciding.judged.license_key,
                        "clause_id": self.deciding.judged.clause_id}
        return {"path": self.path, "generator": self.generator, "models": [m.to_dict() for m in self.models],
                "verdict": self.verdict, "conditions": self.conditions, "deciding": deciding,
                "quotes": self.quotes, "unreadable": self.unreadable}


@dataclass
class AuditResult:
    root: str
    right: str
    images: list[ImageReport]
    problems: list[tuple[str, str]]
    skipped: int = 0
    warnings: list[str] = field(default_factory=list)
    hashed_files: int = 0
    models: list[str] = field(default_factory=list)  # the --models folders

    def unidentified(self) -> int:
        return sum(1 for image in self.images for use in image.models if use.found.source == "unresolved")

    def counts(self) -> dict[str, int]:
        found = Counter(image.verdict for image in self.images)
        return {verdict: found.get(verdict, 0) for verdict in VERDICTS}

    def combinations(self) -> list[dict]:
        groups: Counter = Counter((image.combination, image.verdict, image.why) for image in self.images)
        order = sorted(groups.items(), key=lambda item: (-item[1], RANK.get(item[0][1], 1), item[0][0]))
        return [{"models": combo, "verdict": verdict, "why": why, "count": count}
                for (combo, verdict, why), count in order]

    def attention(self) -> list[ImageReport]:
        """The images that are not a plain yes: no first, then unknown, then conditional; by path within each."""
        return sorted((image for image in self.images if image.verdict != "yes"),
                      key=lambda image: (RANK.get(image.verdict, 1), image.path))

    def matching(self, verdicts) -> list[ImageReport]:
        return [image for image in self.images if image.verdict in set(verdicts)]

    def to_dict(self) -> dict:
        return {
            "root": self.root,
            "images": [image.to_dict() for image in self.images],
            "summary": {
                "right": self.right, "label": rights.rights()[self.right].label,
                "images": len(self.images), "verdicts": self.counts(),
                "no_metadata": sum(1 for i in self.images if i.generator is None and not i.unreadable),
                "unreadable": sum(1 for i in self.images if i.unreadable),
                "skipped_files": self.skipped,
                "combinations": self.combinations(),
                "problems": [{"path": p, "why": why} for p, why in self.problems],
                "warnings": self.warnings,
            },
            "reminder": REMINDER,
        }


def _label(ref: ModelRef, found: Found) -> str:
    word = ROLE_WORDS.get(ref.role, ref.role.replace("_", " "))
    if ref.role in ("lora", "lycoris"):
        return f"'{found.display or stem(ref.name)}' {word}"
    if found.model and found.source in ("registry", "models folder", "hash") and ref.role in (
            "checkpoint", "diffusion_model", "refiner"):
        return found.model
    if found.display and found.source == "component":
        return found.display
    if ref.name.startswith("model with hash "):
        return f"{word} with hash {ref.hash}"
    return f"'{stem(ref.name)}' {word}"


class Auditor:
    def __init__(self, corpus: Corpus, right: str = DEFAULT_RIGHT, models: list[Path] | None = None,
                 cache: HashCache | None = None, hash_progress=None):
        if right not in PERMISSION_RIGHTS:
            known = "unknown right" if right not in rights.rights() else "not a permission the audit can check:"
            raise InputError(f"{known} {right!r}", hint=f"use one of: {', '.join(PERMISSION_RIGHTS)}")
        self.corpus = corpus
        self.right = right
        self.files = ModelFiles(list(models), cache) if models else None
        self.identify = Identifier(corpus, self.files, hash_progress)
        self.judge = Judge(corpus, right)

    def image(self, path: Path, shown: str | None = None) -> ImageReport:
        meta = read_image(path)
        shown = shown or str(path)
        if meta.unreadable:
            return ImageReport(shown, meta.generator, [], "unknown", f"unreadable: {meta.unreadable}", None, [],
                               meta.unreadable, "")
        uses = []
        for ref in sorted(meta.models, key=lambda r: ROLE_ORDER.index(r.role) if r.role in ROLE_ORDER else 99):
            found = self.identify(ref)
            label = _label(ref, found)
            license_name = self.corpus.license_name(found.license_key) if found.license_key else None
            uses.append(ModelUse(ref, found, self.judge(found, label), label, license_name))
        if not uses:
            why = "no generator metadata (an upload or an editor may have stripped it)" if meta.generator is None \
                else f"the {meta.generator} metadata names no model"
            return ImageReport(shown, meta.generator, [], "unknown", why, None, [], None, "")
        deciding = min(uses, key=lambda use: RANK.get(use.judged.verdict, 1))
        verdict = deciding.judged.verdict
        verdict = verdict if verdict in VERDICTS else "unknown"
        conditions = deciding.judged.conditions
        if meta.generator == "novelai" and deciding.found.source == "unresolved":
            conditions = ("NovelAI's own models made this image: their use is governed by NovelAI's terms of "
                          "service, which explainer does not hold. Read them yourself.")
        if verdict == "unknown" and deciding.judged.verdict == "unknown":
            others = [u.label for u in uses if u.judged.verdict == "unknown" and u is not deciding]
            if others:
                conditions += f" Also not identified: {', '.join(others)}."
        return ImageReport(shown, meta.generator, uses, verdict, conditions, deciding, deciding.judged.quotes,
                           None, "" if verdict == "yes" else deciding.judged.why)


def find_images(paths: list[Path], problems: list[tuple[str, str]]) -> tuple[list[Path], int, list[Path]]:
    """Image files under the paths (folders walked recursively, symlinked folders not followed, each file once);
    returns (images, non-image files skipped, explicitly named files that are not images)."""
    images: list[Path] = []
    seen: set[str] = set()
    skipped = 0
    not_images: list[Path] = []

    def add(path: Path) -> None:
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            images.append(path)

    for root in paths:
        if root.is_symlink() and not root.exists():
            problems.append((str(root), "broken symlink"))
            continue
        if root.is_file():
            (add if root.suffix.lower() in IMAGE_SUFFIXES else not_images.append)(root)
            continue

        def on_error(exc: OSError) -> None:
            problems.append((str(exc.filename or root), f"unreadable folder: {exc.strerror or exc}"))

        for folder, dirs, files in os.walk(root, onerror=on_error, followlinks=False):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            here = Path(folder)
            for name in sorted(files):
                path = here / name
                if not name.lower().endswith(IMAGE_SUFFIXES):
                    skipped += 1
                    continue
                if path.is_symlink() and not path.exists():
                    problems.append((str(path), "broken symlink"))
                    continue
                add(path)
    return images, skipped, not_images


def audit(paths: list[str | Path], corpus: Corpus, right: str = DEFAULT_RIGHT, models: list[str | Path] = (),
          progress: Callable[[int, int], None] | None = None, hash_progress=None,
          cache: HashCache | None = None) -> AuditResult:
    roots = [Path(p).expanduser() for p in paths]
    if not roots:
        raise InputError("no folder or image given", hint="explainer outputs PATH...")
    for root in roots:
        if not root.exists() and not root.is_symlink():
            raise InputError(f"no such file or folder: {root}")
    auditor = Auditor(corpus, right, [Path(m).expanduser() for m in models], cache, hash_progress)
    problems: list[tuple[str, str]] = []
    images, skipped, not_images = find_images(roots, problems)
    reports = [ImageReport(str(p), None, [], "unknown", f"not an image file ({p.suffix or 'no extension'})", None,
                           [], "not an image file", "") for p in not_images]
    for done, path in enumerate(images, 1):
        reports.append(auditor.image(path))
        if progress is not None:
            progress(done, len(images))
    result = AuditResult(str(roots[0]) if len(roots) == 1 else os.path.commonpath([str(r) for r in roots]) or ".",
                         right, reports, problems, skipped, models=[str(m) for m in models])
    if auditor.files is not None:
        result.problems += auditor.files.problems
        result.warnings += auditor.files.cache.warnings
        result.hashed_files = auditor.files.cache.computed
    return result
