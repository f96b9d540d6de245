"""Model lineage: which model a file or a derivative is built on, the chain of its ancestors and their licenses,
which of their restrictions it inherits, and license drift (a derivative that declares a more permissive license
than its base allows).

A base is found from the registry (`base_model` in corpus/models.yaml), a model card's `base_model`, GGUF
`general.base_model.*` keys, a CivitAI `baseModel` label (corpus/civitai.yaml) or a file name (`patterns:`).

"More permissive" is read from the license cards, never from a per-license table: for each right of
`COMPARED` the card's verdict is ranked (`PERMISSION_RANK` for rights that say what you may do, `RESTRICTION_RANK`
for rights that say what limits you), and a declared license drifts when it ranks higher than the base on any
right the base's restrictions carry to derivatives (`restrictions_flow_down`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import yaml

from . import cards, yamlio
from .corpus import Corpus, ModelEntry, compact

# rights compared for drift, and how to read each one's verdict. Narrower rights (training on outputs, naming,
# redistribution formalities) are left out: they differ between compatible licenses without widening what a
# derivative's users may do.
COMPARED = {
    "outputs_commercial": "permission",
    "model_commercial_use": "permission",
    "hosted_service_or_api": "permission",
    "non_commercial_only": "restriction",  # yes = limited to non-commercial use
    "use_restrictions": "restriction",  # conditional/yes = a list of forbidden uses applies
    "user_or_revenue_threshold": "restriction",  # yes/conditional = a cap applies
}
# higher = more permissive; None = the verdict says nothing comparable (skip the right)
PERMISSION_RANK = {"yes": 2, "conditional": 1, "no": 0, "not_addressed": None}
RESTRICTION_RANK = {"no": 2, "not_addressed": 2, "conditional": 1, "yes": 0}
FLOW_DOWN = ("yes", "conditional")  # restrictions_flow_down verdicts under which a derivative inherits them
MAX_DEPTH = 12
HF_URL = re.compile(r"^https?://(www\.)?huggingface\.co/", re.I)


@dataclass(frozen=True)
class Link:
    """One model in a chain: the model itself first, then its base, its base's base, ..."""

    model_id: str
    name: str
    license_keys: tuple[str, ...]  # LicenseDB keys (empty when the model's license has no LicenseDB text)
    license_name: str  # the license's name, also for one without a LicenseDB text
    via: str  # how this link was reached: start | registry | model card | gguf | civitai | file name
    card: bool  # a license card exists for its license
    flows_down: bool | None  # its restrictions pass to derivatives (None: no card to say)
    note: str = ""
    relicensed: bool = False  # released under its own license by its base's licensor: nothing above it is inherited
    reaches: bool = True  # False above a relicensed link: its terms do not reach the chain's first model
    terms_url: str = ""  # where to read a license that has no LicenseDB text

    def to_dict(self) -> dict:
        return {"model": self.model_id, "name": self.name, "licenses": list(self.license_keys),
                "license_name": self.license_name, "via": self.via, "card": self.card,
                "flows_down": self.flows_down, "relicensed": self.relicensed, "reaches": self.reaches,
                "terms_url": self.terms_url, "note": self.note}


@dataclass(frozen=True)
class Drift:
    """A declared license more permissive than an ancestor whose restrictions flow down."""

    declared: str  # the declared license key
    base_model: str  # the ancestor whose license is stricter
    base_license: str  # that ancestor's license key
    rights: tuple[str, ...]  # the rights on which the declared license allows more
    message: str = ""
    details: tuple[str, ...] = field(default=(), compare=False)  # per right: "declared yes vs base no"

    def to_dict(self) -> dict:
        return {"declared": self.declared, "base_model": self.base_model, "base_license": self.base_license,
                "rights": list(self.rights), "message": self.message, "details": list(self.details)}


# -- finding models ---------------------------------------------------------------------------------------------
def all_models(corpus: Corpus) -> dict[str, ModelEntry]:
    """Every registry model: those with a LicenseDB license and those whose license has no LicenseDB text."""
    return {**corpus.models, **getattr(corpus, "unlisted_models", {})}


@lru_cache(maxsize=4)
def _index(corpus: Corpus):
    """compact(name) -> model id over both model lists; compiled file-name patterns."""
    names: dict[str, str] = {}
    patterns: list[tuple[re.Pattern, str]] = []
    models = all_models(corpus)
    for model in models.values():
        names.setdefault(compact(model.id), model.id)
    for model in models.values():
        for alias in (model.name, *model.aliases):
            names.setdefault(compact(alias), model.id)
        patterns += [(re.compile(p, re.I), model.id) for p in model.patterns]
    return names, patterns


def find_model(corpus: Corpus, name: str) -> ModelEntry | None:
    """A registry model by id, name, alias, Hugging Face repo id or URL (`black-forest-labs/FLUX.1-dev`)."""
    if not name or not str(name).strip():
        return None
    value = HF_URL.sub("", str(name).strip()).strip("/")
    names, _ = _index(corpus)
    models = all_models(corpus)
    candidates = [value]
    if "/" in value:  # an HF repo id or URL path: try the whole id, then the repo name
        parts = value.split("/")
        candidates += ["/".join(parts[:2]), parts[1]]
    for candidate in candidates:
        hit = names.get(compact(candidate))
        if hit:
            return models[hit]
    # a descriptive name (GGUF `general.base_model.0.name`: "Meta Llama 3.1 8B Instruct"): the file-name patterns,
    # then ever shorter word prefixes ("Llama 3.1 8B"), never a single word
    for candidate in candidates:
        by_pattern = model_for_file(corpus, re.sub(r"\s+", "-", candidate.strip()))
        if by_pattern:
            return by_pattern
    words = [w for w in re.split(r"[\s_]+", value) if w]
    for size in range(len(words) - 1, 1, -1):
        hit = names.get(compact(" ".join(words[:size])))
        if hit:
            return models[hit]
    return None


def model_for_file(corpus: Corpus, file_name: str) -> ModelEntry | None:
    """The model a file name points to, by the registry's `patterns:` (the longest match wins)."""
    stem = file_name.rsplit("/", 1)[-1]
    _, patterns = _index(corpus)
    best: tuple[int, str] | None = None
    for pattern, model_id in patterns:
        match = pattern.search(stem)
        if match and (best is None or len(match.group(0)) > best[0]):
            best = (len(match.group(0)), model_id)
    return all_models(corpus)[best[1]] if best else None


@lru_cache(maxsize=4)
def _civitai(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as handle:
            return yamlio.load(handle) or {}
    except (OSError, yaml.YAMLError):
        return {}


def civitai_base(corpus: Corpus, label: str) -> tuple[ModelEntry | None, str]:
    """A CivitAI `baseModel` label -> (model, "") or (None, why the base is unknown)."""
    data = _civitai(str(corpus.root / "civitai.yaml"))
    label = str(label).strip()
    mapped = data.get("base_models", {}).get(label)
    if mapped:
        return all_models(corpus).get(mapped), ""
    why = data.get("unknown_base_models", {}).get(label)
    if why:
        return None, " ".join(str(why).split())
    return None, f"CivitAI label {label!r} is not in corpus/civitai.yaml"


def resolve_base(corpus: Corpus, value: str, source: str = "registry") -> ModelEntry | None:
    """A base named by a model card (`base_model`), GGUF (`general.base_model.0.name` / `.repo_url`), a CivitAI
    `baseModel` label or a file name."""
    if source == "civitai":
        return civitai_base(corpus, value)[0]
    if source == "file name":
        return model_for_file(corpus, value) or find_model(corpus, value)
    return find_model(corpus, value)


# -- chains -------------------------------------------------------------------------------------------------------
def _license_name(corpus: Corpus, model: ModelEntry) -> str:
    if model.licenses:
        return corpus.license_name(model.licenses[0])
    no_text = getattr(corpus, "no_text", {}).get(compact(str(model.terms.get("id", ""))))
    return str(model.terms.get("name") or (no_text.name if no_text else "") or "unknown license")


def _card(corpus: Corpus, keys: tuple[str, ...], addenda: tuple[str, ...] = ()):
    if not keys:
        return None
    expanded: list[str] = []
    for key in keys:
        expanded += [k for k in corpus.with_companions(key) if k not in expanded]
    return cards.card_for(tuple(expanded), addenda, corpus)


def flows_down(corpus: Corpus, keys: tuple[str, ...], addenda: tuple[str, ...] = ()) -> bool | None:
    """Whether a license's restrictions pass to derivatives, from its card; None when there is no card."""
    card = _card(corpus, keys, addenda)
    if card is None:
        return None
    answer = card.answer("restrictions_flow_down")
    if answer is None or answer.verdict == "not_addressed":
        return None
    return answer.verdict in FLOW_DOWN


def link(corpus: Corpus, model: ModelEntry, via: str, reaches: bool = True) -> Link:
    card = _card(corpus, model.licenses, model.addenda)
    return Link(model.id, model.name, model.licenses, _license_name(corpus, model), via, card is not None,
                flows_down(corpus, model.licenses, model.addenda), model.note, model.relicensed, reaches,
                str(model.terms.get("url", "")))


def chain(corpus: Corpus, model_or_key: str | ModelEntry, via: str = "start") -> list[Link]:
    """The model and its ancestors, nearest first. `model_or_key`: a model entry, id, name, alias or HF repo id.
    Stops at a model with no base, at an unknown base, or where a base repeats (no cycles)."""
    model = model_or_key if isinstance(model_or_key, ModelEntry) else find_model(corpus, model_or_key)
    if model is None:
        return []
    models = all_models(corpus)
    links = [link(corpus, model, via)]
    seen = {model.id}
    reaches = not model.relicensed
    while model.base_model and len(links) < MAX_DEPTH:
        base = models.get(model.base_model) or find_model(corpus, model.base_model)
        if base is None or base.id in seen:
            break
        seen.add(base.id)
        links.append(link(corpus, base, "registry", reaches))
        reaches = reaches and not base.relicensed
        model = base
    return links


def chain_from(corpus: Corpus, value: str, source: str) -> list[Link]:
    """The chain above a base named by evidence (model card, gguf, civitai, file name); [] when unknown."""
    base = resolve_base(corpus, value, source)
    return chain(corpus, base, via=source) if base else []


def inherits(corpus: Corpus, model_or_chain: str | ModelEntry | list[Link]) -> list[Link]:
    """The ancestors whose restrictions a derivative inherits: every ancestor whose license's restrictions flow
    down (or that has no card to say otherwise). An ancestor that lets derivatives relicense (restrictions do not
    flow down: Apache-2.0, MIT) adds nothing. An ancestor that its own base's licensor relicensed (`relicensed:
    true`, e.g. DeepSeek-R1 on DeepSeek-V3) ends the walk: what lies above it does not reach its derivatives. The
    model itself (the first link of a chain) is not included when a model is passed; a list of links is read as
    ancestors only."""
    ancestors = model_or_chain if isinstance(model_or_chain, list) else chain(corpus, model_or_chain)[1:]
    found = []
    for ancestor in ancestors:
        if not ancestor.reaches:
            break
        if ancestor.flows_down is not False:
            found.append(ancestor)
        if ancestor.relicensed:
            break
    return found


def concluded(corpus: Corpus, declared_key: str | None, base: str | ModelEntry | list[Link]) -> list[str]:
    """The license keys that apply to a derivative: its declared license, then every inherited ancestor's."""
    keys = [declared_key] if declared_key else []
    for ancestor in inherits(corpus, _ancestors(corpus, base)):
        keys += [k for k in ancestor.license_keys if k not in keys]
    return keys


# -- drift --------------------------------------------------------------------------------------------------------
def _rank(right: str, verdict: str | None) -> int | None:
    if verdict is None:
        return None
    table = PERMISSION_RANK if COMPARED[right] == "permission" else RESTRICTION_RANK
    return table.get(verdict)


def more_permissive(corpus: Corpus, declared_key: str, base_keys: tuple[str, ...],
                    base_addenda: tuple[str, ...] = ()) -> list[tuple[str, str, str]]:
    """Rights on which `declared_key` allows more than the base license: [(right, declared verdict, base verdict)].
    Empty when either has no card (nothing can be compared)."""
    declared_card = _card(corpus, (declared_key,))
    base_card = _card(corpus, base_keys, base_addenda)
    if declared_card is None or base_card is None:
        return []
    found = []
    for right in COMPARED:
        mine, theirs = declared_card.answer(right), base_card.answer(right)
        if mine is None or theirs is None:
            continue
        a, b = _rank(right, mine.verdict), _rank(right, theirs.verdict)
        if a is not None and b is not None and a > b:
            found.append((right, mine.verdict, theirs.verdict))
    return found


def _ancestors(corpus: Corpus, base: str | ModelEntry | list[Link]) -> list[Link]:
    """`base` as a list of links: a chain is taken as given; a model (or name) is the first ancestor."""
    if isinstance(base, list):
        return base
    return chain(corpus, base, via="base")


def drift(corpus: Corpus, declared_key: str | None, base: str | ModelEntry | list[Link]) -> Drift | None:
    """License drift: the declared license allows more than an ancestor whose restrictions flow down to it.
    `base` is the derivative's base model (entry, id, name, HF repo id) or its chain of ancestors. None when
    there is no drift, or when it cannot be told (no declared key, unknown base, no cards to compare)."""
    if not declared_key:
        return None
    for ancestor in inherits(corpus, _ancestors(corpus, base)):
        if not ancestor.license_keys or declared_key in ancestor.license_keys:
            continue
        base_model = all_models(corpus).get(ancestor.model_id)
        addenda = base_model.addenda if base_model else ()
        wider = more_permissive(corpus, declared_key, ancestor.license_keys, addenda)
        if not wider:
            continue
        rights = tuple(right for right, _, _ in wider)
        labels = ", ".join(r.replace("_", " ") for r in rights[:3]) + (
            f" and {len(rights) - 3} more" if len(rights) > 3 else "")
        message = (f"license drift: the declared {corpus.license_name(declared_key)} ({declared_key}) allows more "
                   f"than {ancestor.license_name} ({ancestor.license_keys[0]}) of its base {ancestor.name} "
                   f"({labels}); the base's restrictions still apply")
        details = tuple(f"{right}: declared {a} vs base {b}" for right, a, b in wider)
        return Drift(declared_key, ancestor.model_id, ancestor.license_keys[0], rights, message, details)
    return None


def notes(corpus: Corpus, model_or_key: str | ModelEntry, declared_key: str | None = None) -> list[str]:
    """One-line notes for an answer about a model (ask, explain, chat): what it is built on, whose restrictions
    it inherits, license drift (of `declared_key`, else of the model's own license) and, for a license without a
    LicenseDB text, where to read it. [] for an unknown name or a model with no base and a known text."""
    links = chain(corpus, model_or_key)
    if not links:
        return []
    first, ancestors = links[0], links[1:]
    found: list[str] = []
    if not first.license_keys:
        where = f": read {first.terms_url}" if first.terms_url else ""
        found.append(f"{first.name} is under {first.license_name}, which has no LicenseDB text{where}")
    if ancestors:
        path = " <- ".join(f"{a.name} ({a.license_name})" for a in ancestors if a.reaches)
        if path:
            found.append(f"{first.name} is built on {path}")
    inherited = inherits(corpus, ancestors)
    if inherited and not first.relicensed:
        names = ", ".join(dict.fromkeys(a.license_name for a in inherited))
        found.append(f"the restrictions of {names} carry over to {first.name} and to what is made from it")
    declared = declared_key or (first.license_keys[0] if first.license_keys else None)
    found_drift = drift(corpus, declared, ancestors) if ancestors else None
    if found_drift:
        found.append(found_drift.message)
    return found


def drifted_rights(corpus: Corpus, declared_key: str, base_chain: list[Link]) -> list[str]:
    """The rights on which a declared license drifts from a chain of ancestors (empty: no drift)."""
    found = drift(corpus, declared_key, base_chain)
    return list(found.rights) if found else []


__all__ = ["COMPARED", "Drift", "Link", "all_models", "chain", "chain_from", "civitai_base", "concluded", "drift",
           "drifted_rights", "find_model", "flows_down", "inherits", "model_for_file", "more_permissive", "notes",
           "resolve_base"]
