"""A scan as a CycloneDX 1.6 ML-BOM (JSON), built with cyclonedx-python-lib.

One `machine-learning-model` component per model. Its licenses carry `acknowledgement`: `declared` (what the
files say) and `concluded` (what applies after lineage and addenda): an SPDX id where the license has one,
otherwise its name and a URL. Hashes come from the stores (Ollama digests, Hugging Face LFS blob names, sidecar
and InvokeAI hashes): weights are never read to hash them. Evidence, rights verdicts, conflicts and the reminder
are `explainer:*` properties."""

from __future__ import annotations

from datetime import datetime, timezone

from cyclonedx.model import ExternalReference, ExternalReferenceType, HashAlgorithm, HashType, Property, XsUri
from cyclonedx.model.bom import Bom, BomMetaData
from cyclonedx.model.component import Component, ComponentType
from cyclonedx.model.license import DisjunctiveLicense, LicenseAcknowledgement
from cyclonedx.output import make_outputter
from cyclonedx.schema import OutputFormat, SchemaVersion
from cyclonedx.spdx import fixup_id
from packageurl import PackageURL

from . import REMINDER, __version__, licensedb
from .corpus import Corpus
from .scan import ModelReport, ScanResult

LICENSEDB_URL = "https://scancode-licensedb.aboutcode.org/{key}.html"
PROPERTY_LIMIT = 2000  # a property value is one line of evidence, not a document


def _prop(name: str, value) -> Property:
    return Property(name=f"explainer:{name}", value=" ".join(str(value).split())[:PROPERTY_LIMIT])


def license_entry(corpus: Corpus, key: str | None, value: str | None,
                  acknowledgement: LicenseAcknowledgement) -> DisjunctiveLicense | None:
    """An SPDX id when the LicenseDB gives one, else the license's name with its LicenseDB (or homepage) URL;
    a declared value we do not know is kept as a name."""
    if key:
        spdx = url = None
        try:
            text = licensedb.load(key)
            spdx = fixup_id(text.spdx) if text.spdx else None
            url = text.homepage_url or LICENSEDB_URL.format(key=key)
        except KeyError:  # an addendum or a user file: not in the LicenseDB
            url = None
        if spdx:
            return DisjunctiveLicense(id=spdx, acknowledgement=acknowledgement)
        return DisjunctiveLicense(name=corpus.license_name(key), url=XsUri(url) if url else None,
                                  acknowledgement=acknowledgement)
    if value and value.strip():
        text = value.strip()
        if text.startswith(("http://", "https://")):
            return DisjunctiveLicense(name=text.rstrip("/").rsplit("/", 1)[-1] or text, url=XsUri(text),
                                      acknowledgement=acknowledgement)
        return DisjunctiveLicense(name=text[:200], acknowledgement=acknowledgement)
    return None


def _licenses(corpus: Corpus, model: ModelReport) -> list[DisjunctiveLicense]:
    found: list[DisjunctiveLicense] = []
    declared = model.declared or {}
    entry = license_entry(corpus, declared.get("key"), declared.get("value"), LicenseAcknowledgement.DECLARED)
    if entry is not None:
        found.append(entry)
    concluded = (model.concluded or {}).get("keys") or ([model.license_key] if model.license_key else [])
    for key in [*concluded, *model.addenda]:
        entry = license_entry(corpus, key, None, LicenseAcknowledgement.CONCLUDED)
        if entry is not None and all(entry != other for other in found):
            found.append(entry)
    return found


def _hashes(model: ModelReport) -> list[HashType]:
    found = []
    for algorithm, digest in sorted(model.hashes.items()):
        try:
            found.append(HashType(alg=HashAlgorithm(algorithm), content=digest))
        except ValueError:
            continue
    return found


def _purl(model: ModelReport) -> PackageURL | None:
    if model.store == "hf-cache" and model.name and "/" in model.name:
        namespace, name = model.name.split("/", 1)
        return PackageURL(type="huggingface", namespace=namespace, name=name, version=model.version or None)
    return None


def component(corpus: Corpus, model: ModelReport) -> Component:
    properties = [_prop("store", model.store), _prop("path", model.path), _prop("kind", model.kind)]
    if model.size is not None:
        properties.append(_prop("size", model.size))
    if model.model:
        properties.append(_prop("registry-model", model.model))
    for evidence in model.evidence:
        text = f"{evidence.source} {evidence.field} = {evidence.value!r}"
        if evidence.key:
            text += f" -> {evidence.key}"
        if evidence.file:
            text += f" ({evidence.file})"
        properties.append(_prop("evidence", text))
    for right, answer in sorted(model.rights.items()):
        properties.append(_prop(f"right:{right}", answer.get("verdict")))
    for link in (model.concluded or {}).get("chain") or []:
        properties.append(_prop("lineage", f"{link.get('name')} ({', '.join(link.get('licenses') or [])})"))
    for conflict in model.conflicts:
        properties.append(_prop("conflict", conflict))
    for problem in model.unreadable:
        properties.append(_prop("unreadable", problem))
    allowed = model.civitai.get("allowCommercialUse")
    if allowed:
        properties.append(_prop("civitai:allowCommercialUse", ",".join(allowed)))
    properties.append(_prop("reminder", REMINDER))
    references = []
    source = next((e.value for e in model.evidence if e.field == "license_link" and e.value.startswith("http")), None)
    if source:
        references.append(ExternalReference(type=ExternalReferenceType.LICENSE, url=XsUri(source)))
    return Component(
        name=model.label if model.name else model.path.rsplit("/", 1)[-1],
        type=ComponentType.MACHINE_LEARNING_MODEL,
        bom_ref=model.ref or f"{model.store}:{model.path}",
        version=model.version or None,
        description=f"{model.kind} model found in {model.store}: {model.path}",
        hashes=_hashes(model),
        licenses=_licenses(corpus, model),
        purl=_purl(model),
        external_references=references,
        properties=properties,
    )


def build(result: ScanResult, corpus: Corpus, timestamp: datetime | None = None) -> Bom:
    bom = Bom(metadata=BomMetaData(
        timestamp=timestamp or datetime.now(timezone.utc),
        properties=[_prop("reminder", REMINDER),
                    _prop("scanned", ", ".join(f"{loc.kind} {loc.path}" for loc in result.locations) or result.root),
                    *[_prop("unreadable", f"{path}: {why}") for path, why in result.problems]]))
    bom.metadata.tools.components.add(Component(name="explainer", type=ComponentType.APPLICATION, version=__version__,
                                                description="what an AI model's license lets you do"))
    for model in result.models:
        bom.components.add(component(corpus, model))
    return bom


def to_json(result: ScanResult, corpus: Corpus, timestamp: datetime | None = None) -> str:
    """The BOM as CycloneDX 1.6 JSON text."""
    outputter = make_outputter(build(result, corpus, timestamp), OutputFormat.JSON, SchemaVersion.V1_6)
    return outputter.output_as_string(indent=2)


def validate(text: str) -> str | None:
    """None when `text` is valid CycloneDX 1.6 JSON (strict schema), else the first error."""
    from cyclonedx.validation.json import JsonStrictValidator

    error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(text)
    return None if error is None else str(error)


__all__ = ["build", "component", "license_entry", "to_json", "validate"]
