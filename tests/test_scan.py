"""explainer scan over a generated models folder: evidence from every source, conflicts, bad files, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explainer import licensedb
from explainer.corpus import load
from explainer.scan import parse_commercial_use, scan
from tests.conftest import run_cli
from tests.scan_fixtures import build_models_folder


@pytest.fixture
def models(tmp_path) -> Path:
    return build_models_folder(tmp_path / "models", licensedb.load("mit").body)


def by_name(result, name):
    return next(m for m in result.models if Path(m.path).name == name)


def test_every_source_of_evidence(models):
    result = scan(models, load())
    jugg = by_name(result, "juggernautXL_v9Rdphoto2Lightning.safetensors")
    assert jugg.license_key == "bigscience-open-rail-m2" and jugg.addenda == ["rundiffusion-juggernaut"]
    assert jugg.rights["hosted_service_or_api"]["verdict"] == "no"  # the addendum
    assert jugg.rights["outputs_commercial"]["verdict"] == "yes"
    mix = by_name(result, "my_sdxl_mix.safetensors")
    assert mix.license_key == "bigscience-open-rail-m2"
    assert any(e.source == "safetensors" and e.field == "modelspec.license" for e in mix.evidence)
    qwen = by_name(result, "qwen2.5-72b-q4.gguf")
    assert qwen.license_key == "qwen-2024"
    pipe = by_name(result, "sdxl-pipeline")
    assert pipe.kind == "diffusers" and pipe.license_key == "bigscience-open-rail-m2"
    own = by_name(result, "tiny.safetensors")
    assert own.license_key == "mit" and own.additions  # the LICENSE file was identified, its addition reported


def test_conflicts_between_sources(models):
    result = scan(models, load())
    flux = by_name(result, "fluxStyle.safetensors")
    assert flux.license_key == "flux-1-nc"
    assert flux.civitai["allowCommercialUse"] == ["Image", "RentCivit", "Rent", "Sell"]
    assert any("allows 'Sell'" in c for c in flux.conflicts)
    assert any("allows 'Rent'" in c for c in flux.conflicts)
    llama = by_name(result, "llama-3.1-8b-instruct-q4.gguf")
    assert llama.license_key == "llama-3.1-license-2024"  # the model card beats the GGUF header
    assert any("apache-2.0" in c and "llama-3.1-license-2024" in c for c in llama.conflicts)
    sd15 = by_name(result, "sd15_portrait.safetensors")
    assert sd15.non_commercial and any("stricter" in c for c in sd15.conflicts)


def test_bad_files_are_reported_and_the_scan_goes_on(models):
    result = scan(models, load())
    assert any("corrupt" in m.path and m.unreadable for m in result.models)
    assert any("truncated" in m.path and m.unreadable for m in result.models)
    assert any("broken_sidecar" in m.path and any("invalid sidecar" in u for u in m.unreadable) for m in result.models)
    assert any(path.endswith("gone.safetensors") and "broken symlink" in why for path, why in result.problems)
    mystery = by_name(result, "mystery.ckpt")
    assert mystery.license_key is None and not mystery.unreadable


@pytest.mark.parametrize("value, expected", [
    ("{Image,RentCivit,Rent}", ["Image", "RentCivit", "Rent"]),
    (["Image", "Sell"], ["Image", "Sell"]),
    ("Sell", ["Sell"]),
    ("None", ["None"]),
    ("{}", []),
    (None, []),
])
def test_civitai_commercial_use_formats(value, expected):
    assert parse_commercial_use(value) == expected


def test_cli_json_and_fail_on(models):
    done = run_cli("scan", str(models), "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["summary"]["models"] == len(data["models"]) >= 10
    assert data["reminder"] and data["unreadable"]
    for condition in ("non-commercial", "unknown", "conflict"):
        failed = run_cli("scan", str(models), "--fail-on", condition)
        assert failed.returncode == 1, condition
    clean = models.parent / "clean"
    (clean / "ckpt").mkdir(parents=True)
    (clean / "ckpt" / "README.md").write_text("no models here")
    assert run_cli("scan", str(clean), "--fail-on", "unknown,conflict").returncode == 0
    assert run_cli("scan", str(models.parent / "nope")).returncode == 2
    bad = run_cli("scan", str(models), "--fail-on", "everything")
    assert bad.returncode == 2 and "unknown --fail-on value" in bad.stderr


def test_unreadable_folder(models, monkeypatch):
    """A folder the scan may not list is reported and the scan goes on. The PermissionError is simulated, so the
    test also runs as root (who reads every folder)."""
    import os

    locked = models / "locked"
    locked.mkdir()
    listing = os.scandir

    def scandir(path="."):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return listing(path)

    monkeypatch.setattr(os, "scandir", scandir)
    everything = scan(models, load())
    assert (str(locked), "unreadable: Permission denied") in everything.problems
    monkeypatch.setattr(os, "scandir", listing)
    assert len(everything.models) == len(scan(models, load()).models) > 0  # nothing else was lost


def test_diff_between_two_scans(tmp_path):
    from explainer.scan import diff
    from tests.scan_fixtures import write_safetensors

    root = tmp_path / "models"
    write_safetensors(root / "a.safetensors", {"modelspec.license": "apache-2.0"})
    write_safetensors(root / "b.safetensors", {"modelspec.license": "mit"})
    old = scan(root, load()).to_dict()
    write_safetensors(root / "a.safetensors", {"modelspec.license": "cc-by-nc-4.0"})
    (root / "b.safetensors").unlink()
    write_safetensors(root / "c.safetensors", {"modelspec.license": "mit"})
    new = scan(root, load()).to_dict()
    changes = diff(old, new)
    assert changes["summary"] == {"changed": 1, "added": 1, "removed": 1, "unchanged": 0}
    [changed] = changes["changed"]
    whats = {c["what"]: (c["old"], c["new"]) for c in changed["changes"]}
    assert whats["license"] == ("apache-2.0", "cc-by-nc-4.0")
    assert whats["non_commercial_only"] == ("no", "yes")
    assert changes["added"][0]["path"].endswith("c.safetensors")
    assert changes["removed"][0]["path"].endswith("b.safetensors")
    assert diff(new, new)["summary"]["changed"] == 0
    # a report written before the store fields existed is still read (models keyed by path)
    legacy = {"models": [{k: v for k, v in m.items() if k not in ("ref", "store")} for m in old["models"]]}
    assert diff(legacy, new)["summary"]["changed"] == 1
    with pytest.raises(Exception, match="not an `explainer scan --json` report"):
        diff({"nope": 1}, new)


def test_cli_diff(tmp_path):
    from tests.scan_fixtures import write_safetensors

    root = tmp_path / "models"
    write_safetensors(root / "a.safetensors", {"modelspec.license": "apache-2.0"})
    first = run_cli("scan", str(root), "--json")
    (tmp_path / "old.json").write_text(first.stdout)
    write_safetensors(root / "a.safetensors", {"modelspec.license": "cc-by-nc-4.0"})
    (tmp_path / "new.json").write_text(run_cli("scan", str(root), "--json").stdout)
    done = run_cli("scan", "--diff", str(tmp_path / "old.json"), str(tmp_path / "new.json"), env={"COLUMNS": "200"})
    assert done.returncode == 0, done.stderr
    assert "1 changed" in done.stdout and "cc-by-nc-4.0" in done.stdout and "not legal advice" in done.stdout
    as_json = run_cli("scan", "--diff", str(tmp_path / "old.json"), str(tmp_path / "new.json"), "--json")
    assert json.loads(as_json.stdout)["changed"][0]["changes"][0]["what"] == "license"
    (tmp_path / "junk.json").write_text("{not json")
    bad = run_cli("scan", "--diff", str(tmp_path / "junk.json"), str(tmp_path / "new.json"))
    assert bad.returncode == 2 and "cannot read" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
    missing = run_cli("scan", "--diff", str(tmp_path / "none.json"), str(tmp_path / "new.json"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
