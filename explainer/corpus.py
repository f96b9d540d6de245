"""The curated corpus: license metadata, models, addenda, and the user's own files.

Everything here is our own words (metadata, aliases, paraphrased addenda). License *texts* come from the
LicenseDB at run time; a user may add texts of their own under `$EXPLAINER_HOME/corpus/`.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import clauses as clause_splitter
from . import config, licensedb, yamlio
from .errors import InputError, NotFoundError, StorageError

log = logging.getLogger(__name__)

USER_SUFFIXES = (".txt", ".md")
USER_PREFIX = "user-"  # keys of files in $EXPLAINER_HOME/corpus
MAX_USER_FILE_BYTES = 2_000_000


def compact(name: str) -> str:
    """The form aliases are compared in: case, spaces, dashes, dots and brackets do not matter; '+' does."""
    return re.sub(r"[^a-z0-9+]", "", name.lower())


@dataclass(frozen=True)
class LicenseEntry:
    key: str
    name: str
    kind: str  # model | software | content | policy | terms
    aliases: tuple[str, ...] = ()
    note: str = ""
    companions: tuple[str, ...] = ()  # texts that apply together (e.g. an acceptable use policy)


@dataclass(frozen=True)
class ModelEntry:
    id: str
    name: str
    licenses: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    addenda: tuple[str, ...] = ()
    source: str = ""
    kind: str = ""
    base_model: str = ""
    note: str = ""
    patterns: tuple[str, ...] = ()  # regexes over file names (`ponyDiffusionV6XL_v6StartWithThisOne.safetensors`)
    files: tuple[str, ...] = ()  # file names people download, which the patterns must match
    history: tuple[dict, ...] = field(default=(), compare=False)  # [{from, license, note}] where the license changed
    terms: dict = field(default_factory=dict, compare=False)  # {name, url}: the model's own license, no LicenseDB text
    relicensed: bool = False  # its base's licensor released it under its own license: the base's terms stop here


@dataclass(frozen=True)
class Addendum:
    key: str
    name: str
    author: str
    applies_to: tuple[str, ...]
    source: str
    summary: str
    body: str  # our paraphrase, indexed like a license text
    overrides: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Document:
    """Anything the clause index holds: a LicenseDB text, an addendum paraphrase, a user file."""

    key: str
    name: str
    body: str
    source: str  # licensedb | addendum | user
    origin: str = ""  # a URL or a file path

    @property
    def content_hash(self) -> str:
        return short_hash(self.body)


@dataclass(frozen=True)
class NoText:
    """A license id whose terms have no LicenseDB text, or that names a family of texts (corpus/hf_ids.yaml
    `no_text`): what is known about it and where to read the terms. Resolving it is a one-line error."""

    id: str
    name: str
    known: str
    terms: str  # a URL, or where in the repository to look
    aliases: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()  # for a family id: the keys it may stand for
    nearest: str = ""  # a key with a similar text, never used for verdicts

    def message(self) -> str:
        return f"no text in the LicenseDB for {self.id!r} ({self.name}); read the terms: {self.terms}"

    def hint(self) -> str:
        if self.candidates:
            return f"a family id; it may mean: {', '.join(self.candidates)}"
        return f"closest text with a card: {self.nearest}" if self.nearest else ""


@dataclass(frozen=True)
class Resolution:
    """What a name resolved to: license keys (base first), addenda, and the model if a model was named."""

    kind: str  # license | model | addendum
    name: str
    license_keys: tuple[str, ...]
    addenda: tuple[str, ...] = ()
    model: ModelEntry | None = None
    matched: str = ""  # the alias or key that matched


def _read_yaml(path: Path):
    try:
        return yamlio.load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise StorageError(f"cannot read corpus file {path}: {exc}") from exc


class Corpus:
    def __init__(self, root: Path | None = None, user_dir: Path | None = None):
        self.root = root or config.corpus_dir()
        self.user_dir = user_dir or config.user_corpus_dir()
        self.licenses: dict[str, LicenseEntry] = {}
        self.models: dict[str, ModelEntry] = {}
        self.unlisted_models: dict[str, ModelEntry] = {}  # models whose own license has no LicenseDB text
        self.addenda: dict[str, Addendum] = {}
        self.no_text: dict[str, NoText] = {}  # compact(id or alias) -> entry (corpus/hf_ids.yaml)
        self.hub_keys: dict[str, str] = {}  # id or alias -> LicenseDB key outside licenses.yaml (hf_ids.yaml `keys`)
        self.warnings: list[str] = []
        self._load_licenses()
        self._load_models()
        self._load_addenda()
        self._load_hub_ids()
        self._aliases = self._build_alias_map()

    # -- loading -----------------------------------------------------------------------------------------------
    def _load_licenses(self) -> None:
        for item in _read_yaml(self.root / "licenses.yaml")["licenses"]:
            entry = LicenseEntry(
                key=item["key"],
                name=item["name"],
                kind=item.get("kind", "model"),
                aliases=tuple(item.get("aliases", [])),
                note=item.get("note", ""),
                companions=tuple(item.get("companions", [])),
            )
            self.licenses[entry.key] = entry

    def _load_models(self) -> None:
        for item in _read_yaml(self.root / "models.yaml")["models"]:
            entry = ModelEntry(
                id=item["id"],
                name=item["name"],
                licenses=tuple(item["licenses"]),
                aliases=tuple(item.get("aliases", [])),
                addenda=tuple(item.get("addenda", [])),
                source=item.get("source", ""),
                kind=item.get("kind", ""),
                base_model=item.get("base_model", ""),
                note=item.get("note", ""),
                patterns=tuple(item.get("patterns", [])),
                files=tuple(item.get("files", [])),
                history=tuple(item.get("history", [])),
                terms=item.get("terms", {}) or {},
                relicensed=bool(item.get("relicensed", False)),
            )
            # a model whose license has no LicenseDB text is known (lineage, file names) but resolves to no key
            (self.models if entry.licenses else self.unlisted_models)[entry.id] = entry

    def _load_addenda(self) -> None:
        for path in sorted((self.root / "addenda").glob("*.yaml")):
            item = _read_yaml(path)
            entry = Addendum(
                key=item["key"],
                name=item["name"],
                author=item.get("author", ""),
                applies_to=tuple(item.get("applies_to", [])),
                source=item.get("source", ""),
                summary=item.get("summary", "").strip(),
                body=item["text"].strip(),
                overrides=item.get("overrides", {}) or {},
            )
            self.addenda[entry.key] = entry

    def _load_hub_ids(self) -> None:
        path = self.root / "hf_ids.yaml"
        if not path.is_file():
            return
        data = _read_yaml(path) or {}
        for item in data.get("keys") or []:
            for name in (item["id"], *item.get("aliases", [])):
                self.hub_keys[name] = item["key"]
        for item in data.get("no_text") or []:
            entry = NoText(
                id=item["id"], name=item["name"], known=" ".join(str(item.get("known", "")).split()),
                terms=item["terms"], aliases=tuple(item.get("aliases", [])),
                candidates=tuple(item.get("candidates", [])), nearest=item.get("nearest", ""),
            )
            for name in (entry.id, *entry.aliases):
                self.no_text[compact(name)] = entry

    def no_text_for(self, name: str) -> NoText | None:
        """The no-text entry a name stands for, unless the name resolves to a text."""
        return None if self.lookup(name) else self.no_text.get(compact(name or ""))

    def _build_alias_map(self) -> dict[str, tuple[str, str]]:
        """compact(alias) -> (kind, target). Keys and ids count as aliases of themselves."""
        aliases: dict[str, tuple[str, str]] = {}

        def add(name: str, kind: str, target: str) -> None:
            aliases.setdefault(compact(name), (kind, target))

        for entry in self.licenses.values():
            add(entry.key, "license", entry.key)
        for entry in self.models.values():
            add(entry.id, "model", entry.id)
        for entry in self.addenda.values():
            add(entry.key, "addendum", entry.key)
        for entry in self.licenses.values():
            for alias in (entry.name, *entry.aliases):
                add(alias, "license", entry.key)
        for entry in self.models.values():
            for alias in (entry.name, *entry.aliases):
                add(alias, "model", entry.id)
        for alias, key in self.hub_keys.items():  # Hub ids of short LicenseDB texts outside licenses.yaml
            add(alias, "licensedb", key)
        return aliases

    def alias_conflicts(self) -> list[str]:
        """Aliases that lead to different license texts depending on which entry wrote them (tests keep this
        empty). A model and its own license sharing a name ("Llama 2") is fine: both lead to the same text."""
        seen: dict[str, tuple[tuple[str, ...], str]] = {}
        conflicts = []
        named = [((e.key,), e.key, a) for e in self.licenses.values() for a in (e.key, e.name, *e.aliases)]
        named += [(m.licenses, m.id, a) for m in self.models.values() for a in (m.id, m.name, *m.aliases)]
        for keys, target, alias in named:
            previous = seen.setdefault(compact(alias), (keys, target))
            if previous[0] != keys:
                conflicts.append(f"{alias!r}: {previous[1]} vs {target}")
        return conflicts

    # -- resolution ------------------------------------------------------------------------------------------
    def all_names(self) -> list[str]:
        names = list(self.licenses) + list(self.models) + list(self.addenda)
        names += [a for e in self.licenses.values() for a in e.aliases]
        names += [a for e in self.models.values() for a in e.aliases]
        return names

    def suggestions(self, name: str, n: int = 3) -> list[str]:
        wanted = compact(name)
        by_compact = {}
        for candidate in self.all_names():
            by_compact.setdefault(compact(candidate), candidate)
        close = difflib.get_close_matches(wanted, list(by_compact), n=n, cutoff=0.5)
        if len(close) < n and len(wanted) >= 3:
            close += [c for c in by_compact if wanted in c and c not in close][: n - len(close)]
        return [by_compact[c] for c in close[:n]]

    def lookup(self, name: str) -> Resolution | None:
        """Resolve a key, model id or alias; None when unknown."""
        if not name or not name.strip():
            return None
        hit = self._aliases.get(compact(name))
        if hit is None:
            user_key = self._user_key_for(name)
            if user_key:
                return Resolution("license", name, (user_key,), matched=user_key)
            # any LicenseDB key works, curated or not, unless hf_ids.yaml says the id has no text (`unknown`)
            if licensedb.exists(name.strip()) and compact(name) not in self.no_text:
                return Resolution("license", name, (name.strip(),), matched=name.strip())
            return None
        kind, target = hit
        if kind == "license":
            return Resolution("license", self.licenses[target].name, self.with_companions(target), matched=name)
        if kind == "licensedb":
            return Resolution("license", self.license_name(target), (target,), matched=name)
        if kind == "addendum":
            addendum = self.addenda[target]
            return Resolution("addendum", addendum.name, addendum.applies_to, (target,), matched=name)
        model = self.models[target]
        keys = list(model.licenses)
        for key in model.licenses:
            keys += [c for c in self.with_companions(key) if c not in keys]
        return Resolution("model", model.name, tuple(keys), model.addenda, model, matched=name)

    def with_companions(self, key: str) -> tuple[str, ...]:
        """A license key and the texts that always apply with it (e.g. its acceptable use policy)."""
        entry = self.licenses.get(key)
        return (key, *(entry.companions if entry else ()))

    def policy_parent(self, key: str) -> str | None:
        """The one license a policy text comes with (its `companions`): asked about the policy's key, a person
        means that license (the Llama 4 policy's LicenseDB key is 'llama-4-license-2025')."""
        entry = self.licenses.get(key)
        if entry is None or entry.kind != "policy":
            return None
        parents = [e.key for e in self.licenses.values() if key in e.companions]
        return parents[0] if len(parents) == 1 else None

    def resolve(self, name: str) -> Resolution:
        """Like lookup, but an unknown name is an error that names the closest known names."""
        if not name or not name.strip():
            raise InputError("empty license or model name")
        found = self.lookup(name)
        if found is None:
            missing = self.no_text.get(compact(name))
            if missing is not None:
                raise InputError(missing.message(), missing.hint() or None)
            raise NotFoundError("license or model", name, self.suggestions(name))
        return found

    def find_models_in_text(self, text: str) -> list[Resolution]:
        """Models (or licenses) named in free text, longest mention first: 'Can I sell Juggernaut XL images?'"""
        words = re.findall(r"[A-Za-z0-9.+\[\]-]+", text)
        found: list[tuple[int, int, Resolution]] = []
        taken: set[int] = set()
        for size in range(6, 0, -1):
            for start in range(0, len(words) - size + 1):
                span = set(range(start, start + size))
                if span & taken:
                    continue
                phrase = " ".join(words[start:start + size])
                key = compact(phrase)
                if len(key) < 3 or key not in self._aliases:
                    continue
                resolution = self.lookup(phrase)
                if resolution:
                    taken |= span
                    found.append((start, size, resolution))
        found.sort(key=lambda item: item[0])
        return [r for _, _, r in found]

    # -- documents --------------------------------------------------------------------------------------------
    def license_name(self, key: str) -> str:
        if key in self.licenses:
            return self.licenses[key].name
        if key in self.addenda:
            return self.addenda[key].name
        if licensedb.exists(key):
            return licensedb.load(key).name
        return key

    def documents(self) -> list[Document]:
        """What the clause index holds: curated LicenseDB texts, addenda, and readable user files."""
        docs = []
        for key in self.licenses:
            text = licensedb.load(key)
            docs.append(Document(key, self.licenses[key].name, text.body, "licensedb", text.homepage_url))
        for addendum in self.addenda.values():
            docs.append(Document(addendum.key, addendum.name, addendum.body, "addendum", addendum.source))
        docs.extend(self.user_documents())
        return docs

    def document(self, key: str) -> Document:
        if key in self.addenda:
            a = self.addenda[key]
            return Document(a.key, a.name, a.body, "addendum", a.source)
        if key in self.licenses or not key.startswith(USER_PREFIX):
            # LicenseDB texts first: answering asks for them on every quote, without reading the user folder
            text = licensedb.load(key)
            return Document(key, self.license_name(key), text.body, "licensedb", text.homepage_url)
        for doc in self.user_documents():
            if doc.key == key:
                return doc
        text = licensedb.load(key)  # raises the usual not-found error
        return Document(key, self.license_name(key), text.body, "licensedb", text.homepage_url)

    def clauses(self, key: str) -> list:
        """The clauses of a text, split exactly as the index splits it (ids and offsets), cached per text: the one
        place every consumer (index, cards, quotes, explain, identify) gets clauses from."""
        body = self.document(key).body
        return list(split(key, body))

    def _user_key_for(self, name: str) -> str | None:
        wanted = compact(name)
        for path in self._user_files():
            if compact(user_key(path)) == wanted or compact(path.stem) == wanted:
                return user_key(path)
        return None

    def _user_files(self) -> list[Path]:
        if not self.user_dir.is_dir():
            return []
        return sorted(p for p in self.user_dir.iterdir() if p.suffix.lower() in USER_SUFFIXES)

    def user_documents(self) -> list[Document]:
        docs = []
        for path in self._user_files():
            try:
                if path.stat().st_size > MAX_USER_FILE_BYTES:
                    raise ValueError("larger than 2 MB")
                body = path.read_text(encoding="utf-8").strip()
                if not body:
                    raise ValueError("empty")
            except (OSError, UnicodeDecodeError, ValueError) as exc:
                self._warn(f"skipped user corpus file {path}: {exc}")
                continue
            docs.append(Document(user_key(path), path.stem, body, "user", str(path)))
        return docs

    def _warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)
            log.warning(message)


@functools.lru_cache(maxsize=256)
def split(key: str, body: str) -> tuple:
    """The clauses of a text (ids and exact offsets), cached: the one split the index, the cards' anchors, quotes,
    explain and identify's differences all use."""
    return tuple(clause_splitter.segment(key, body))


def short_hash(text: str) -> str:
    """The content hash that decides whether a document or clause must be indexed again."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def user_key(path: Path) -> str:
    return USER_PREFIX + re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")


@functools.cache
def load() -> Corpus:
    return Corpus()
