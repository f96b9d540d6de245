"""Scan the places models live and report, for every model, the license evidence found (GGUF and safetensors
headers, model cards, LICENSE files, Ollama license layers, Hugging Face and InvokeAI metadata, CivitAI sidecars,
names), the license the files declare, the license that applies after lineage and addenda (concluded), the key
rights from its card, and conflicts between sources.

Stores (stores.py): a plain folder (ComfyUI, Automatic1111, Easy Diffusion, llama.cpp), Ollama, the Hugging Face
hub cache, LM Studio, InvokeAI's model database, and the folders ComfyUI's extra_model_paths.yaml adds.
Only headers are read: a 7 GB file costs a header read."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from . import REMINDER, decide
from .corpus import Corpus
from .errors import InputError
from .reader import from_text, split_front_matter
from .resolve import Resolved, from_pasted
from .stores import MODEL_SUFFIXES, Item, Location, default_locations, find_models, locations_for, READERS

SIDECAR_SUFFIXES = (".civitai.info", ".cm-info.json", ".metadata.json", ".info", ".json")
LICENSE_NAMES = ("license", "license.md", "license.txt", "licence", "licence.md", "licence.txt", "copying")
CARD_NAMES = ("readme.md", "model_card.md")
MAX_TEXT_BYTES = 2_000_000
KEY_RIGHTS = ("outputs_commercial", "hosted_service_or_api", "attribution_or_naming", "non_commercial_only")
# which evidence wins when sources disagree on the license: the most explicit first
PRIORITY = ("license file", "model card", "store metadata", "gguf", "safetensors", "civitai", "model name",
            "civitai base model", "file name")
# sources that declare a license (the others name a model or a base, from which a license is concluded)
DECLARING = {("license file", None), ("model card", "license"), ("model card", "license_name"),
             ("model card", "license_link"), ("store metadata", None), ("gguf", "general.license"),
             ("gguf", "general.license.name"), ("gguf", "general.license.link"),
             ("safetensors", "modelspec.license"), ("civitai", "license")}
GGUF_KEYS = ("general.license", "general.license.name", "general.license.link", "general.name",
             "general.basename", "general.base_model.0.name", "general.base_model.0.repo_url")
FAIL_ON = ("non-commercial", "unknown", "conflict")
# Automatic1111's user metadata (`sd version`, written beside a LoRA by the UI and Civitai Helper)
A1111_SD_VERSION = {"SD1": "SD 1.5", "SD2": "SD 2.1", "SDXL": "SDXL 1.0"}


@dataclass
class Evidence:
    source: str  # license file | model card | store metadata | gguf | safetensors | civitai | model name | ...
    field: str
    value: str
    key: str | None = None  # the license key it points to, if any
    file: str = ""

    @property
    def declares(self) -> bool:
        return (self.source, None) in DECLARING or (self.source, self.field) in DECLARING

    def to_dict(self) -> dict:
        return {"source": self.source, "field": self.field, "value": self.value, "license_key": self.key,
                "file": self.file}


@dataclass
class ModelReport:
    path: str
    kind: str  # gguf | safetensors | checkpoint | diffusers | repo
    size: int | None = None
    license_key: str | None = None
    license_name: str | None = None
    model: str | None = None
    addenda: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    rights: dict = field(default_factory=dict)
    civitai: dict = field(default_factory=dict)
    additions: list[dict] = field(default_factory=list)
    license_files: list = field(default_factory=list, repr=False)  # LICENSE files read as `ask --file` reads them
    conflicts: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    store: str = "folder"
    name: str = ""
    version: str = ""
    ref: str = ""
    hashes: dict[str, str] = field(default_factory=dict)
    info: dict = field(default_factory=dict)
    declared: dict | None = None
    concluded: dict | None = None

    @property
    def non_commercial(self) -> bool:
        verdicts = {r: v["verdict"] for r, v in self.rights.items()}
        civitai_none = self.civitai.get("allowCommercialUse") == ["None"]
        return verdicts.get("non_commercial_only") == "yes" or civitai_none

    @property
    def label(self) -> str:
        """What to call it in a table: the store's name (with its tag or short revision) or the path."""
        if not self.name:
            return self.path
        if self.store == "ollama":
            return f"{self.name}:{self.version}"
        if self.store == "hf-cache":
            return f"{self.name}@{self.version[:8]}"
        return self.name if self.store != "lmstudio" else f"{self.name}/{Path(self.path).name}"

    def to_dict(self) -> dict:
        return {
            "path": self.path, "kind": self.kind, "size": self.size,
            "license": {"key": self.license_key, "name": self.license_name} if self.license_key else None,
            "model": self.model, "addenda": self.addenda,
            "evidence": [e.to_dict() for e in self.evidence],
            "rights": self.rights, "civitai": self.civitai, "additions": self.additions,
            "conflicts": self.conflicts, "unreadable": self.unreadable or None,
            "store": self.store, "name": self.name or None, "version": self.version or None, "label": self.label,
            "ref": self.ref or f"{self.store}:{self.path}", "hashes": self.hashes, "store_info": self.info,
            "declared": self.declared, "concluded": self.concluded,
        }


@lru_cache(maxsize=4)
def _civitai(path: str) -> dict:
    try:
        return yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return {}


def civitai_data(corpus: Corpus) -> dict:
    return _civitai(str(corpus.root / "civitai.yaml"))


# -- reading evidence ------------------------------------------------------------------------------------------
def read_gguf(path: Path) -> dict[str, str]:
    from gguf import GGUFReader

    reader = GGUFReader(str(path), "r")
    values = {}
    for key in GGUF_KEYS:
        field_ = reader.fields.get(key)
        if field_ is not None:
            try:
                values[key] = str(field_.contents())
            except (ValueError, IndexError, UnicodeDecodeError):
                continue
    return values


def read_safetensors(path: Path) -> dict[str, str]:
    from safetensors import safe_open

    with safe_open(str(path), "np") as handle:
        return dict(handle.metadata() or {})


def _read_text(path: Path) -> str:
    with open(path, "rb") as handle:
        return handle.read(MAX_TEXT_BYTES).decode("utf-8", errors="replace")


def parse_commercial_use(value) -> list[str]:
    """CivitAI's allowCommercialUse: a string, a list, or a Postgres array literal such as {Image,RentCivit,Rent}."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        items = [str(v) for v in value]
    else:
        text = str(value).strip()
        if text.startswith("{") and text.endswith("}"):
            text = text[1:-1]
        items = [part.strip().strip('"') for part in text.split(",")]
    items = [item for item in items if item]
    if items and all(item.lower() == "none" for item in items):
        return ["None"]
    known = {"image": "Image", "rentcivit": "RentCivit", "rent": "Rent", "sell": "Sell"}
    return [known.get(item.lower(), item) for item in items if item.lower() != "none"]


def _find_key(data, key: str, depth: int = 0):
    """The first value of `key` in nested JSON (sidecars nest model facts under "model" or "modelVersion")."""
    if depth > 6:
        return None
    if isinstance(data, dict):
        if key in data:
            return data[key]
        for value in data.values():
            found = _find_key(value, key, depth + 1)
            if found is not None:
                return found
    elif isinstance(data, list):
        for value in data[:20]:
            found = _find_key(value, key, depth + 1)
            if found is not None:
                return found
    return None


# the same fact under the spellings of each sidecar format: CivitAI's API and Civitai Helper (camelCase),
# Stability Matrix's .cm-info.json (PascalCase), ComfyUI-Lora-Manager's .metadata.json (snake_case)
SIDECAR_KEYS = {
    "allowCommercialUse": ("allowCommercialUse",), "allowNoCredit": ("allowNoCredit",),
    "allowDerivatives": ("allowDerivatives",), "allowDifferentLicense": ("allowDifferentLicense",),
    "baseModel": ("baseModel", "BaseModel", "base_model"), "license": ("license",),
    "type": ("type", "ModelType", "model_type"), "name": ("name", "ModelName", "model_name"),
    "sha256": ("SHA256", "sha256"),
}


def sidecar_facts(data) -> dict:
    """License-relevant facts from any sidecar's JSON (unknown shapes give an empty dict)."""
    facts = {}
    for key, spellings in SIDECAR_KEYS.items():
        for spelling in spellings:
            value = _find_key(data, spelling)
            if value is not None:
                facts[key] = value
                break
    sd_version = data.get("sd version") if isinstance(data, dict) else None
    if "baseModel" not in facts and isinstance(sd_version, str) and sd_version in A1111_SD_VERSION:
        facts["baseModel"] = A1111_SD_VERSION[sd_version]
    if "allowCommercialUse" in facts:
        facts["allowCommercialUse"] = parse_commercial_use(facts["allowCommercialUse"])
    sha = facts.pop("sha256", None)
    if isinstance(sha, str) and re.fullmatch(r"[0-9a-fA-F]{64}", sha):
        facts["sha256"] = sha.lower()
    return facts


def sidecars(path: Path) -> list[Path]:
    stem = path.name if path.is_dir() else path.stem
    folder = path.parent
    names = [stem + suffix for suffix in SIDECAR_SUFFIXES]
    return [folder / name for name in names if (folder / name).is_file()]


def read_sidecar(path: Path) -> dict:
    return sidecar_facts(json.loads(_read_text(path)))


def _folder_files(folder: Path, names: tuple[str, ...], cache: dict | None = None) -> list[Path]:
    """The files of `folder` named one of `names` (lower case); the folder's listing is kept in `cache`."""
    key = ("dir", str(folder))
    listing = cache.get(key) if cache is not None else None
    if listing is None:
        try:
            listing = sorted(os.listdir(folder))
        except OSError:
            listing = []
        if cache is not None:
            cache[key] = listing
    return [folder / name for name in listing if name.lower() in names and (folder / name).is_file()]


SPLIT_WORDS = re.compile(r"(?<=[a-z])(?=[A-Z])|[_\-.\s]+")
REPO_SUFFIXES = re.compile(r"[-_.](gguf|ggml|awq|gptq|exl2|mlx|fp16|bf16|hf)$", re.I)


def name_candidates(stem: str) -> list[str]:
    """'juggernautXL_v9Rdphoto2Lightning' -> phrases to look up in the model registry."""
    words = [w for w in SPLIT_WORDS.split(stem) if w]
    phrases = [" ".join(words[:n]) for n in range(min(len(words), 4), 0, -1)]
    return [stem, *phrases]


def repo_candidates(value: str) -> list[str]:
    """'lmstudio-community/Meta-Llama-3.1-8B-Instruct-GGUF' -> the id, the repo name without packaging
    suffixes, then its leading words."""
    name = value.rsplit("/", 1)[-1]
    bare = REPO_SUFFIXES.sub("", name)
    found = [value, name, bare]
    if bare.lower().startswith("meta-"):
        found.append(bare[5:])
    return list(dict.fromkeys(found))


# -- the scan ----------------------------------------------------------------------------------------------------
class Scanner:
    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self._card_cache: dict = {}

    def _lookup(self, value: str) -> tuple[str | None, str | None, tuple[str, ...]]:
        """(license key, model name, addenda) for a license id, name, link or model name."""
        value = str(value).strip()
        if not value or value.lower() in ("other", "unknown", "none"):
            return None, None, ()
        if value.startswith("http"):
            value = value.rstrip("/").rsplit("/", 1)[-1]
        found = self.corpus.lookup(value)
        if found is None or not found.license_keys:
            return None, None, ()
        return found.license_keys[0], found.model.name if found.model else None, tuple(found.addenda)

    def model(self, path: Path, kind: str, item: Item | None = None) -> ModelReport:
        item = item or Item(path, kind)
        size = item.size
        if size is None:
            try:
                size = path.stat().st_size if path.is_file() else None
            except OSError:
                size = None
        report = ModelReport(str(path), kind, size, store=item.store, name=item.name, version=item.version,
                             ref=item.ref, hashes=dict(item.hashes), info=item.info,
                             unreadable=list(item.problems), civitai=dict(item.civitai))
        if item.header is not None or path.is_file():
            self._headers(item.header or path, kind, report)
        self._store(item, report)
        if item.nearby:
            self._cards_and_licenses(path, report)
            self._sidecars(path, report)
            self._file_name(path, report)
        self._resolve(report)
        self._conclude(report)
        self._rights(report)
        self._conflicts(report)
        return report

    def _headers(self, path: Path, kind: str, report: ModelReport) -> None:
        try:
            if kind == "gguf":
                values = read_gguf(path)
                for key in ("general.license", "general.license.name", "general.license.link"):
                    if key in values:
                        report.evidence.append(Evidence("gguf", key, values[key], self._lookup(values[key])[0]))
                for key in ("general.base_model.0.name", "general.name", "general.basename"):
                    if key in values:
                        license_key, model, _ = self._lookup(values[key])
                        if model:
                            report.evidence.append(Evidence("gguf", key, values[key], license_key))
            elif kind == "safetensors":
                meta = read_safetensors(path)
                if meta.get("modelspec.license"):
                    value = meta["modelspec.license"]
                    report.evidence.append(Evidence("safetensors", "modelspec.license", value, self._lookup(value)[0]))
                for key in ("modelspec.title", "modelspec.author", "ss_base_model_version", "modelspec.architecture"):
                    if meta.get(key):
                        license_key, model, _ = self._lookup(meta[key])
                        report.evidence.append(Evidence("safetensors", key, str(meta[key])[:200],
                                                        license_key if model else None))
        except Exception as exc:  # noqa: BLE001 - any parser failure means: this header cannot be read
            report.unreadable.append(f"{kind} header: {_why(exc)}")

    def _store(self, item: Item, report: ModelReport) -> None:
        """What the store itself says: license texts (Ollama license layers), declared licenses (Hugging Face
        card data kept by InvokeAI), and the store's name for the model (Ollama name, repo id)."""
        for field_name, text_file in item.license_texts:
            self._license_text(text_file, report, field_name)
        for field_name, value in item.licenses:
            report.evidence.append(Evidence("store metadata", field_name, value, self._lookup(value)[0]))
        for field_name, value in item.names:
            for candidate in repo_candidates(value) if "/" in value or "-" in value else [value]:
                license_key, model, _ = self._lookup(candidate)
                if model:
                    report.evidence.append(Evidence("model name", field_name, candidate, license_key))
                    break

    def _license_text(self, license_file: Path, report: ModelReport, field_name: str = "text") -> None:
        cache_key = ("license", str(license_file))  # a shared LICENSE or Ollama license blob is identified once
        if cache_key not in self._card_cache:
            try:  # the same reading `ask --file` makes: identified, with the passages the file adds or changes
                self._card_cache[cache_key] = from_pasted(self.corpus,
                                                          from_text(_read_text(license_file), str(license_file)))
            except Exception as exc:  # noqa: BLE001 - an unreadable LICENSE is reported, the scan goes on
                self._card_cache[cache_key] = exc
        read = self._card_cache[cache_key]
        if isinstance(read, Exception):
            report.unreadable.append(f"{license_file.name}: {_why(read)}")
            return
        found = read.identification
        report.evidence.append(Evidence("license file", field_name, found.name or "unknown license",
                                        found.key, str(license_file)))
        report.additions += [{"file": str(license_file), **a.to_dict()} for a in found.additions]
        if found.known:
            report.license_files.append(read)

    def _cards_and_licenses(self, path: Path, report: ModelReport) -> None:
        folder = path if path.is_dir() else path.parent
        folders = [folder] + ([folder.parent] if folder.parent != folder else [])
        for where in folders:
            for card in _folder_files(where, CARD_NAMES, self._card_cache):
                cache_key = ("card", str(card))  # a README shared by a folder of models is parsed once
                if cache_key not in self._card_cache:
                    try:
                        self._card_cache[cache_key] = split_front_matter(_read_text(card))[0]
                    except (OSError, ValueError) as exc:
                        self._card_cache[cache_key] = exc
                front = self._card_cache[cache_key]
                if isinstance(front, Exception):
                    report.unreadable.append(f"{card.name}: {_why(front)}")
                    continue
                for field_name in ("license_name", "license", "license_link", "base_model"):
                    values = front.get(field_name)
                    for value in values if isinstance(values, list) else [values]:
                        if value in (None, ""):
                            continue
                        key = self._lookup(str(value))[0]
                        if field_name == "base_model" and key is None:
                            continue
                        source = "model card" if field_name != "base_model" else "model card base model"
                        report.evidence.append(Evidence(source, field_name, str(value), key, str(card)))
            for license_file in _folder_files(where, LICENSE_NAMES, self._card_cache):
                self._license_text(license_file, report)
            if report.evidence:
                break  # the nearest folder with evidence wins over its parent

    def _sidecars(self, path: Path, report: ModelReport) -> None:
        for sidecar in sidecars(path):
            try:
                facts = read_sidecar(sidecar)
            except (OSError, ValueError) as exc:
                report.unreadable.append(f"{sidecar.name}: invalid sidecar ({_why(exc)})")
                continue
            sha = facts.pop("sha256", None)
            if sha:
                report.hashes.setdefault("SHA-256", sha)
            for key, value in facts.items():
                report.civitai.setdefault(key, value)
            base = facts.get("baseModel")
            if base:
                model_id = civitai_data(self.corpus).get("base_models", {}).get(str(base))
                license_key, model, addenda = self._lookup(model_id) if model_id else (None, None, ())
                report.evidence.append(Evidence("civitai base model", "baseModel", str(base), license_key,
                                                str(sidecar)))
            if facts.get("license"):
                value = str(facts["license"])
                report.evidence.append(Evidence("civitai", "license", value, self._lookup(value)[0], str(sidecar)))

    def _file_name(self, path: Path, report: ModelReport) -> None:
        stem = path.name if path.is_dir() else path.stem
        for phrase in name_candidates(stem):
            license_key, model, addenda = self._lookup(phrase)
            if model:
                report.evidence.append(Evidence("file name", "name", phrase, license_key))
                return

    def _resolve(self, report: ModelReport) -> None:
        def rank(evidence: Evidence) -> int:
            return PRIORITY.index(evidence.source) if evidence.source in PRIORITY else len(PRIORITY)

        declaring = sorted((e for e in report.evidence if e.declares and
                            str(e.value).strip().lower() not in ("", "other", "unknown", "none")), key=rank)
        if declaring:  # what the files say, even when the license is not one we know
            best = next((e for e in declaring if e.key), declaring[0])
            report.declared = {"key": best.key, "name": self.corpus.license_name(best.key) if best.key else None,
                               "value": best.value, "source": best.source, "field": best.field}
        ranked = sorted((e for e in report.evidence if e.key), key=rank)
        if not ranked:
            return
        best = ranked[0]
        report.license_key = best.key
        report.license_name = self.corpus.license_name(best.key)
        for evidence in report.evidence:  # a named model (Juggernaut) brings its author's addenda
            license_key, model, addenda = self._lookup(evidence.value)
            if model and license_key == best.key:
                report.model = report.model or model
                report.addenda = sorted(set(report.addenda) | set(addenda))

    def _rights(self, report: ModelReport) -> None:
        """The key rights as the decision core decides them for the resolved license, its addenda and what a
        LICENSE file next to the model adds (the same decision `ask --file LICENSE` makes)."""
        if not report.license_key:
            return
        resolved = self._resolved(report)
        inherited = [self._resolved(report, k) for k in (report.concluded or {}).get("keys", [])
                     if k != report.license_key]
        for right in KEY_RIGHTS + ("model_commercial_use",):
            decision = decide.decide_topic(resolved, right, self.corpus)
            for ancestor in inherited:  # the concluded license: a base's restrictions that flow down can only lower it
                base = decide.decide_topic(ancestor, right, self.corpus)
                if base.decided and decide.RANK.get(base.verdict, 2) < decide.RANK.get(decision.verdict, 2) \
                        and right != "non_commercial_only":
                    decision = base
                elif right == "non_commercial_only" and base.verdict == "yes":
                    decision = base
            if decision.decided:
                report.rights[right] = {"verdict": decision.verdict, "conditions": decision.conditions,
                                        "source": decision.origin, "verdict_source": decision.source}

    def _resolved(self, report: ModelReport, key: str | None = None) -> Resolved:
        key = key or report.license_key
        passages = [p for read in report.license_files if read.key == key for p in read.file_passages]
        addenda = tuple(report.addenda) if key == report.license_key else ()  # the author's terms are the model's
        return Resolved(key, self.corpus.license_name(key), "scan", 1.0, self.corpus.with_companions(key), addenda,
                        model=report.model, file_passages=passages)

    def _base(self, report: ModelReport) -> tuple[str, str] | None:
        """(value, lineage source) of the nearest base model the evidence names; the model itself when only its
        name is known (its registry entry then gives the chain)."""
        order = (("model card base model", "model card"), ("gguf", "gguf"), ("civitai base model", "civitai"),
                 ("model name", "registry"), ("file name", "file name"))
        for source, via in order:
            for evidence in report.evidence:
                if evidence.source != source:
                    continue
                if source == "gguf" and not evidence.field.startswith("general.base_model"):
                    continue
                return evidence.value, via
        return None

    def _conclude(self, report: ModelReport) -> None:
        """The concluded license: the declared one plus what the model's ancestors carry down (lineage.py),
        and the author's addenda. Without a declared license it is the license the evidence resolved to."""
        keys = [report.license_key] if report.license_key else []
        links: list = []
        drift = None
        declared_key = (report.declared or {}).get("key")
        base = self._base(report)
        lineage = _lineage()
        if lineage is not None and base is not None:
            value, via = base
            links = lineage.chain_from(self.corpus, value, via)
            if via in ("registry", "file name") and links:  # the model itself: its ancestors are the chain's tail
                links = links[1:] if declared_key else links
            if declared_key:
                keys = lineage.concluded(self.corpus, declared_key, links)
                drift = lineage.drift(self.corpus, declared_key, links)
        if not keys:
            return
        report.concluded = {
            "keys": keys, "names": [self.corpus.license_name(k) for k in keys], "addenda": report.addenda,
            "chain": [link.to_dict() for link in links], "drift": drift.to_dict() if drift else None,
            "lineage": lineage is not None,
        }
        if drift:
            report.conflicts.append(drift.message)

    def _conflicts(self, report: ModelReport) -> None:
        keys = {}
        for evidence in report.evidence:
            if evidence.key and evidence.source != "model card base model":
                keys.setdefault(evidence.key, evidence)
        if len(keys) > 1:
            described = "; ".join(f"{e.source} {e.field} says {e.value!r} ({k})" for k, e in keys.items())
            report.conflicts.append(f"the sources name different licenses: {described}")
        allowed = report.civitai.get("allowCommercialUse")
        if allowed is None or not report.rights:
            return
        meanings = civitai_data(self.corpus).get("commercial_use", {})
        base = f"{report.license_name} ({report.license_key})"
        for value in allowed:
            meaning = meanings.get(value)
            if not meaning:
                continue
            verdict = report.rights.get(meaning["right"], {}).get("verdict")
            if verdict == "no":
                report.conflicts.append(
                    f"the CivitAI page allows '{value}' ({meaning['means']}) but {base} says no; "
                    "the base license wins: a LoRA or merge cannot grant more than its base model")
        if allowed == ["None"] and report.rights.get("outputs_commercial", {}).get("verdict") in ("yes", "conditional"):
            report.conflicts.append(
                f"the CivitAI page forbids commercial use although {base} allows it: "
                "the author's stricter terms apply to this file")


def _lineage():
    """explainer.lineage when it is there (model -> base chain, drift); None keeps declared = concluded."""
    try:
        from . import lineage
    except ImportError:
        return None
    return lineage if hasattr(lineage, "chain_from") and hasattr(lineage, "drift") else None


def _why(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:160]


@dataclass
class ScanResult:
    root: str
    models: list[ModelReport]
    problems: list[tuple[str, str]]
    locations: list[Location] = field(default_factory=list)

    def failing(self, conditions: list[str]) -> list[str]:
        found = []
        for model in self.models:
            if "unknown" in conditions and not model.license_key:
                found.append(f"{model.label}: unknown license")
            if "non-commercial" in conditions and model.non_commercial:
                found.append(f"{model.label}: non-commercial")
            if "conflict" in conditions and model.conflicts:
                found.append(f"{model.label}: conflict")
        return found

    def to_dict(self) -> dict:
        return {
            "root": self.root,
            "locations": [location.to_dict() for location in self.locations],
            "models": [m.to_dict() for m in self.models],
            "unreadable": [{"path": p, "why": why} for p, why in self.problems],
            "summary": {
                "models": len(self.models),
                "unknown": sum(1 for m in self.models if not m.license_key),
                "non_commercial": sum(1 for m in self.models if m.non_commercial),
                "conflicts": sum(1 for m in self.models if m.conflicts),
                "unreadable": len(self.problems) + sum(1 for m in self.models if m.unreadable),
                "stores": sorted({location.kind for location in self.locations}),
            },
            "reminder": REMINDER,
        }


DEFAULT_ROOT = "default locations"


def scan(root: str | Path | None, corpus: Corpus, env: dict | None = None, home: Path | None = None) -> ScanResult:
    """Scan a folder (its store layout is detected: Ollama, HF cache, InvokeAI, LM Studio, ComfyUI with
    extra_model_paths.yaml, or a plain models folder), or, with root None, every default location that exists."""
    problems: list[tuple[str, str]] = []
    if root is None:
        locations, looked = default_locations(problems, env, home)
        if not locations:
            raise InputError("no model store found in the default locations",
                             hint="looked in " + ", ".join(looked) + "; pass a folder to scan")
        shown = DEFAULT_ROOT
    else:
        path = Path(root).expanduser()
        if not path.exists():
            raise InputError(f"no such folder: {path}")
        if not path.is_dir():
            raise InputError(f"not a folder: {path}", hint="pass the folder that holds your models")
        locations = locations_for(path, problems)
        shown = str(path)
    scanner = Scanner(corpus)
    models: list[ModelReport] = []
    seen: set[str] = set()
    scanned: list[Location] = []
    # stores with their own metadata first, so a file InvokeAI or LM Studio knows is reported with what they know
    for location in sorted(locations, key=lambda loc: loc.kind == "folder"):
        if location.kind == "folder" and not location.path.is_dir():
            continue  # extra_model_paths.yaml often lists folders a setup does not have
        scanned.append(location)
        for item in READERS[location.kind](location.path, problems):
            identity = os.path.realpath(item.path)
            if identity in seen:
                continue
            seen.add(identity)
            models.append(scanner.model(item.path, item.kind, item))
    return ScanResult(shown, models, problems, scanned)


# -- comparing two scans ---------------------------------------------------------------------------------------
def _key_of(model: dict) -> str:
    return model.get("ref") or f"{model.get('store', 'folder')}:{model.get('path')}"


def _license_of(model: dict) -> str | None:
    license_ = model.get("license") or {}
    return license_.get("key")


def _changes(a: dict, b: dict) -> list[dict]:
    changes = []
    if a.get("version") != b.get("version") and (a.get("version") or b.get("version")):
        changes.append({"what": "version", "old": a.get("version"), "new": b.get("version")})
    if _license_of(a) != _license_of(b):
        changes.append({"what": "license", "old": _license_of(a), "new": _license_of(b)})
    declared_a = (a.get("declared") or {}).get("key") or (a.get("declared") or {}).get("value")
    declared_b = (b.get("declared") or {}).get("key") or (b.get("declared") or {}).get("value")
    if declared_a != declared_b and ("declared" in a or "declared" in b):
        changes.append({"what": "declared license", "old": declared_a, "new": declared_b})
    if sorted(a.get("addenda") or []) != sorted(b.get("addenda") or []):
        changes.append({"what": "addenda", "old": a.get("addenda") or [], "new": b.get("addenda") or []})
    rights_a, rights_b = a.get("rights") or {}, b.get("rights") or {}
    for right in sorted(set(rights_a) | set(rights_b)):
        va, vb = (rights_a.get(right) or {}).get("verdict"), (rights_b.get(right) or {}).get("verdict")
        if va != vb:
            changes.append({"what": right, "old": va, "new": vb})
    return changes


def diff(old: dict, new: dict) -> dict:
    """Models whose license or verdicts changed between two `scan --json` reports; added and removed models.
    Models are matched by `ref`; a model the store names (an HF repo, an Ollama model) that is left with one
    revision on each side is matched by its name, so a new revision of a repo shows as a change."""
    for report, name in ((old, "OLD"), (new, "NEW")):
        if not isinstance(report, dict) or not isinstance(report.get("models"), list):
            raise InputError(f"{name} is not an `explainer scan --json` report", hint="it has no \"models\" list")
    before = {_key_of(m): m for m in old["models"] if isinstance(m, dict)}
    after = {_key_of(m): m for m in new["models"] if isinstance(m, dict)}
    pairs = [(key, key) for key in sorted(before.keys() & after.keys())]
    gone, came = before.keys() - after.keys(), after.keys() - before.keys()
    by_name: dict[tuple, tuple[list, list]] = {}
    for keys, models, side in ((gone, before, 0), (came, after, 1)):
        for key in keys:
            if models[key].get("name"):
                by_name.setdefault((models[key].get("store"), models[key]["name"]), ([], []))[side].append(key)
    for old_keys, new_keys in by_name.values():
        if len(old_keys) == 1 and len(new_keys) == 1:
            pairs.append((old_keys[0], new_keys[0]))
            gone.discard(old_keys[0])
            came.discard(new_keys[0])
    changed = []
    for old_key, new_key in pairs:
        changes = _changes(before[old_key], after[new_key])
        if changes:
            b = after[new_key]
            changed.append({"ref": new_key, "old_ref": old_key, "path": b.get("path"), "name": b.get("name"),
                            "label": b.get("label") or b.get("path"), "changes": changes})
    return {
        "changed": changed,
        "added": [{"ref": k, "path": after[k].get("path"), "label": after[k].get("label") or after[k].get("path"),
                   "license": _license_of(after[k])} for k in sorted(came)],
        "removed": [{"ref": k, "path": before[k].get("path"), "label": before[k].get("label") or before[k].get("path"),
                     "license": _license_of(before[k])} for k in sorted(gone)],
        "summary": {"changed": len(changed), "added": len(came), "removed": len(gone),
                    "unchanged": len(pairs) - len(changed)},
        "reminder": REMINDER,
    }


__all__ = ["FAIL_ON", "MODEL_SUFFIXES", "diff", "find_models", "scan", "parse_commercial_use", "read_sidecar",
           "sidecar_facts"]
