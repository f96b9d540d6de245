"""The foundation commands as a user runs them: JSON shapes, tables, and one-line errors."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_cli


@pytest.fixture
def env(built_index, shared_home):
    return {"EXPLAINER_HOME": str(shared_home)}


def test_licenses_json_shape(env):
    result = run_cli("licenses", "--json", env=env)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)["licenses"]
    assert len(rows) >= 40
    flux = next(r for r in rows if r["key"] == "flux-1-nc")
    assert set(flux) == {"key", "name", "category", "kind", "aliases", "curated", "card"}
    assert "flux-1-dev-non-commercial-license" in flux["aliases"]
    assert flux["card"] is True
    assert all(isinstance(r["card"], bool) for r in rows)


def test_licenses_all_lists_every_licensedb_key(env):
    rows = json.loads(run_cli("licenses", "--all", "--json", env=env).stdout)["licenses"]
    assert len(rows) == 2615


def test_show_a_model_lists_base_license_addendum_and_clauses(env):
    result = run_cli("show", "juggernaut-xl", "--json", env=env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["model"]["id"] == "juggernaut-xl"
    keys = [item["key"] for item in data["licenses"]]
    assert keys == ["bigscience-open-rail-m2", "rundiffusion-juggernaut"]
    base, addendum = data["licenses"]
    assert "juggernaut-xl" in base["models"] and "rundiffusion-juggernaut" in base["addenda"]
    assert addendum["paraphrased"] is True
    assert all({"id", "heading", "start", "end"} == set(c) for c in base["clauses"])
    assert run_cli("show", "juggernaut-xl", env=env).stdout.count("bigscience-open-rail-m2#") >= 5


def test_search_json_shape_and_filter(env):
    result = run_cli("search", "Do I have to write Built with Llama?", "--license", "llama3.1", "-k", "3", "--json", env=env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["results"]) == 3
    for row in data["results"]:
        assert {"license_key", "id", "heading", "score", "text", "start", "end"} <= set(row)
        assert row["license_key"] == "llama-3.1-license-2024"
    assert any("Built with Llama" in row["text"] for row in data["results"])


@pytest.mark.parametrize("args", [["show", "juggernaut xxl"], ["search", "x", "--license", "llama9"]])
def test_unknown_names_are_one_line_with_suggestions_and_exit_2(env, args):
    result = run_cli(*args, env=env)
    assert result.returncode == 2
    assert result.stderr.startswith("error: unknown license or model")
    assert "did you mean" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_index_is_incremental(env):
    result = run_cli("index", env=env)
    assert result.returncode == 0, result.stderr
    assert "(0 embedded, 0 removed)" in result.stdout


def test_output_waits_for_a_loader_that_silences_the_process(capfd):
    """llama.cpp points fds 1 and 2 at /dev/null while it loads (verbose=False): a header printed meanwhile from
    the main thread was lost. `settle` waits for the loaders before anything is printed."""
    import os
    import threading
    import time

    from explainer.cli import output

    silenced, release = threading.Event(), threading.Event()

    def silencing_load():
        saved, devnull = os.dup(1), os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        silenced.set()
        release.wait(5)
        time.sleep(0.2)  # still loading after the main thread asks to print
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)

    output.in_background(silencing_load)
    assert silenced.wait(5)
    os.write(1, b"printed while loading\n")
    release.set()
    output.settle()
    os.write(1, b"printed after settle\n")
    shown = capfd.readouterr().out
    assert "printed while loading" not in shown  # the hazard is real
    assert "printed after settle" in shown
