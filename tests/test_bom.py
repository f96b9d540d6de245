"""`scan --format cyclonedx`: a CycloneDX 1.6 ML-BOM that validates against the 1.6 schema (strict)."""

from __future__ import annotations

import json

import pytest

from explainer import REMINDER, licensedb
from explainer.bom import to_json, validate
from explainer.corpus import load
from explainer.scan import scan
from tests.conftest import run_cli
from tests.scan_fixtures import build_hf_cache, build_hf_drift, build_models_folder, build_ollama, build_sidecar_formats


@pytest.fixture(scope="module")
def corpus():
    return load()


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    root = tmp_path_factory.mktemp("bom")
    build_models_folder(root / "models", licensedb.load("mit").body)
    build_sidecar_formats(root / "models" / "sidecars")
    build_ollama(root / "ollama", licensedb.load("llama-3.1-license-2024").body, licensedb.load("mit").body)
    build_hf_cache(root / "hub")
    build_hf_drift(root / "hub")
    return root


def components(text: str) -> dict[str, dict]:
    return {c["bom-ref"]: c for c in json.loads(text)["components"]}


def props(component: dict, name: str) -> list[str]:
    return [p["value"] for p in component.get("properties", []) if p["name"] == f"explainer:{name}"]


@pytest.mark.parametrize("where", ["models", "ollama", "hub"])
def test_bom_validates_against_the_1_6_schema(stores, corpus, where):
    text = to_json(scan(stores / where, corpus), corpus)
    assert validate(text) is None
    data = json.loads(text)
    assert data["specVersion"] == "1.6" and data["bomFormat"] == "CycloneDX"
    assert all(c["type"] == "machine-learning-model" for c in data["components"])
    assert len(data["components"]) == len(scan(stores / where, corpus).models)
    assert {"name": "explainer:reminder", "value": REMINDER} in data["metadata"]["properties"]


def test_licenses_declared_and_concluded(stores, corpus):
    found = components(to_json(scan(stores / "hub", corpus), corpus))
    new = next(c for ref, c in found.items() if ref.startswith("hf-cache:acme/tiny-diffusion@b"))
    assert {"license": {"id": "Apache-2.0", "acknowledgement": "declared"}} in new["licenses"]
    assert new["purl"].startswith("pkg:huggingface/acme/tiny-diffusion@bbbb")
    assert new["hashes"][0]["alg"] == "SHA-256" and len(new["hashes"][0]["content"]) == 64
    flux = next(c for ref, c in found.items() if ref.startswith("hf-cache:black-forest-labs/FLUX.1-dev"))
    [license_] = [entry["license"] for entry in flux["licenses"]]
    assert license_["acknowledgement"] == "concluded" and "id" not in license_  # no SPDX id: name + url
    assert license_["name"] == corpus.license_name("flux-1-nc") and license_["url"].startswith("http")
    assert props(flux, "right:non_commercial_only") == ["yes"]
    drift = next(c for ref, c in found.items() if ref.startswith("hf-cache:someone/flux-finetune"))
    acknowledged = {(e["license"].get("id") or e["license"].get("name"), e["license"]["acknowledgement"])
                    for e in drift["licenses"]}
    assert ("Apache-2.0", "declared") in acknowledged
    if any(p.startswith("FLUX") for p in props(drift, "lineage")):  # with explainer.lineage
        assert (corpus.license_name("flux-1-nc"), "concluded") in acknowledged
        assert any("drift" in c for c in props(drift, "conflict"))


def test_evidence_conflicts_and_unreadable_are_properties(stores, corpus):
    found = components(to_json(scan(stores / "models", corpus), corpus))
    flux = next(c for ref, c in found.items() if ref.endswith("fluxStyle.safetensors"))
    assert any("civitai base model baseModel = 'Flux.1 D'" in p for p in props(flux, "evidence"))
    assert any("allows 'Sell'" in p for p in props(flux, "conflict"))
    assert props(flux, "civitai:allowCommercialUse") == ["Image,RentCivit,Rent,Sell"]
    corrupt = next(c for ref, c in found.items() if ref.endswith("corrupt.gguf"))
    assert props(corrupt, "unreadable")
    sm = next(c for ref, c in found.items() if ref.endswith("sm_lora.safetensors"))
    assert sm["hashes"] == [{"alg": "SHA-256", "content": "ab" * 32}]
    assert all(props(c, "reminder") == [REMINDER] for c in found.values())


def test_cli_cyclonedx(stores):
    done = run_cli("scan", str(stores / "ollama"), "--format", "cyclonedx")
    assert done.returncode == 0, done.stderr
    assert validate(done.stdout) is None
    assert "llama3.1:8b" in {c["name"] for c in json.loads(done.stdout)["components"]}
    bad = run_cli("scan", str(stores / "ollama"), "--format", "spdx")
    assert bad.returncode == 2 and "unknown --format" in bad.stderr
