"""`explainer mcp`: the server started as a subprocess and driven over stdio by the SDK's own client, results
validated against the tools' declared output schemas; the path and text bounds checked in process."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import anyio
import jsonschema
import pytest

from explainer import REMINDER
from explainer.errors import InputError

from .conftest import REPO

TOOLS = {"ask_license", "identify_license", "explain_license", "scan_models", "audit_outputs", "list_licenses"}
QUESTION = "Can I sell images I made with Juggernaut XL?"
ADDENDUM = ("Additional terms: you may not use the Software, or anything generated with it, to train a competing "
            "commercial model without written permission from the author.")


def _mit_with_addendum() -> tuple[str, int]:
    from explainer import licensedb

    base = licensedb.load("mit").body.rstrip()
    text = f"{base}\n\n{ADDENDUM}\n"
    return text, text.index(ADDENDUM)


async def _session(allowed: Path, outside: Path, home: Path, errlog) -> dict:
    from mcp import ClientSession
    from mcp.client.stdio import StdioServerParameters, stdio_client

    params = StdioServerParameters(
        command=sys.executable, args=["-m", "explainer", "mcp", "--allow", str(allowed)],  # warms up meanwhile
        env={"EXPLAINER_HOME": str(home), "ANONYMIZED_TELEMETRY": "False", "PYTHONPATH": str(REPO),
             "HOME": os.environ.get("HOME", "/root")},
        cwd=str(allowed))
    pasted, at = _mit_with_addendum()
    found: dict = {"pasted": pasted, "addendum_at": at}
    async with stdio_client(params, errlog=errlog) as (read, write), \
            ClientSession(read, write, read_timeout_seconds=900) as session:
        await session.initialize()
        found["tools"] = (await session.list_tools()).tools
        found["templates"] = (await session.list_resource_templates()).resource_templates

        async def call(key, name, arguments):
            found[key] = await session.call_tool(name, arguments)

        async with anyio.create_task_group() as group:  # overlapping calls on one server
            group.start_soon(call, "ask", "ask_license", {"question": QUESTION})
            group.start_soon(call, "identify", "identify_license", {"text": pasted})
            group.start_soon(call, "explain", "explain_license", {"key_or_text": "mit"})
            group.start_soon(call, "unknown", "explain_license", {"key_or_text": "juggernot xl"})
            group.start_soon(call, "ask_text", "ask_license",
                             {"question": "Can I use it to train a commercial model?", "text": pasted})
        found["outside"] = await session.call_tool("scan_models", {"path": str(outside)})
        found["link"] = await session.call_tool("scan_models", {"path": str(allowed / "elsewhere")})
        found["scan"] = await session.call_tool("scan_models", {"path": str(allowed)})
        found["license"] = await session.read_resource("license://mit")
        found["card"] = await session.read_resource("card://mit")
        try:
            await session.read_resource("license://no-such-license-here")
        except Exception as exc:  # noqa: BLE001 - the SDK raises its MCPError
            found["missing"] = exc
    return found


@pytest.fixture(scope="module")
def served(built_index, shared_home, tmp_path_factory):
    base = tmp_path_factory.mktemp("mcp")
    allowed, outside = base / "allowed", base / "outside"
    allowed.mkdir()
    outside.mkdir()
    (base / "README.md").write_text("---\nlicense: apache-2.0\n---\nA card above the allowed folder.\n")
    (outside / "model.safetensors").write_bytes(b"\x08\x00\x00\x00\x00\x00\x00\x00{}      ")
    (allowed / "elsewhere").symlink_to(outside, target_is_directory=True)
    (allowed / "linked.safetensors").symlink_to(outside / "model.safetensors")
    (allowed / "juggernautXL_v9.safetensors").write_bytes(b"\x08\x00\x00\x00\x00\x00\x00\x00{}      ")
    log = tmp_path_factory.mktemp("log") / "server.log"
    with open(log, "w") as errlog:
        found = anyio.run(_session, allowed, outside, shared_home, errlog)
    found["log"] = log.read_text()
    return found


def _schema(served, name: str) -> dict:
    return next(t for t in served["tools"] if t.name == name).output_schema


def _ok(served, key: str, tool: str) -> dict:
    result = served[key]
    assert not result.is_error, result.content[0].text
    data = result.structured_content
    jsonschema.validate(data, _schema(served, tool))
    assert json.loads(result.content[0].text) == data  # the text block carries the same JSON for older clients
    assert data["reminder"] == REMINDER
    return data


def test_server_log_is_quiet(served):
    assert "failed" not in served["log"] and "Traceback" not in served["log"], served["log"]


def test_lists_tools_with_schemas_and_resources(served):
    assert {t.name for t in served["tools"]} == TOOLS
    for tool in served["tools"]:
        assert tool.output_schema and tool.output_schema["type"] == "object", tool.name
        assert "reminder" in tool.output_schema["required"], tool.name
        assert tool.annotations.read_only_hint, tool.name
    ask = next(t for t in served["tools"] if t.name == "ask_license")
    assert ask.input_schema["required"] == ["question"]
    assert set(ask.input_schema["properties"]) == {"question", "license", "model_name", "text"}
    assert {t.uri_template for t in served["templates"]} == {"license://{key}", "card://{key}"}


def test_ask_license_juggernaut(served):
    from explainer.corpus import load

    data = _ok(served, "ask", "ask_license")
    assert data["question"] == QUESTION
    assert data["license"]["key"] == "bigscience-open-rail-m2"
    assert [a["key"] for a in data["addenda"]] == ["rundiffusion-juggernaut"]
    assert data["right"] == ["outputs_commercial"]
    assert data["verdict"] == "yes"
    assert data["quotes"], data
    corpus = load()
    for quote in data["quotes"]:
        body = corpus.document(quote["license_key"]).body
        assert body[quote["start"]:quote["end"]] == quote["text"]


def test_ask_license_on_pasted_text(served):
    data = _ok(served, "ask_text", "ask_license")
    assert data["license"]["key"] == "mit" and data["license"]["source"] == "file"
    assert any(a["key"] == "pasted" for a in data["addenda"]), data["addenda"]
    pasted = served["pasted"]
    for quote in data["quotes"]:
        if quote["license_key"] == "pasted":
            assert pasted[quote["start"]:quote["end"]] == quote["text"]


def test_identify_license_finds_the_addendum(served):
    data = _ok(served, "identify", "identify_license")
    assert data["key"] == "mit"
    pasted = served["pasted"]
    assert data["additions"], data
    addition = data["additions"][0]
    assert pasted[addition["start"]:addition["end"]] == addition["text"]
    assert ADDENDUM in addition["text"]
    assert addition["start"] <= served["addendum_at"]


def test_explain_and_cli_errors(served):
    data = _ok(served, "explain", "explain_license")
    assert data["license"]["key"] == "mit"
    assert {row["right"] for row in data["rights"]} and all(row["verdict"] for row in data["rights"])
    result = served["unknown"]
    assert result.is_error
    assert result.content[0].text.startswith("error: unknown license or model 'juggernot xl' (did you mean: "
                                             "juggernaut-xl"), result.content[0].text


def test_paths_outside_allow_are_errors(served):
    for key in ("outside", "link"):  # a folder elsewhere, and a symlink inside the allowed folder pointing out
        result = served[key]
        assert result.is_error
        assert result.structured_content is None
        line = result.content[0].text
        assert line.startswith("error: ") and "is outside the folders this server may read" in line, line
        assert "\n" not in line and "--allow" in line
        assert result.meta["explainer/exit_code"] == 2


def test_scan_inside_allow(served):
    data = _ok(served, "scan", "scan_models")
    names = {Path(m["path"]).name for m in data["models"]}
    assert "juggernautXL_v9.safetensors" in names
    assert "linked.safetensors" not in names and "model.safetensors" not in names  # links out are left out
    assert any(u["path"].endswith("linked.safetensors") and "outside" in u["why"] for u in data["unreadable"])
    jugg = next(m for m in data["models"] if m["path"].endswith("juggernautXL_v9.safetensors"))
    assert all(not e["file"] or "allowed" in e["file"] for e in jugg["evidence"])  # not the README above it
    assert any("README.md: outside the folders" in u for u in jugg["unreadable"])


def test_license_and_card_resources(served):
    content = served["license"].contents[0]
    assert content.mime_type == "application/json"
    data = json.loads(content.text)
    assert data["key"] == "mit" and data["reminder"] == REMINDER
    assert data["clauses"], data
    for clause in data["clauses"]:
        assert 0 <= clause["start"] < clause["end"] <= len(data["text"])
        assert clause["id"].startswith("mit#")
    card = json.loads(served["card"].contents[0].text)
    assert card["key"] == "mit" and "rights" in card and card["reminder"] == REMINDER
    missing = served["missing"]
    assert "unknown license or model 'no-such-license-here'" in str(missing)


def test_streamable_http(built_index, shared_home, tmp_path):
    import subprocess

    from mcp import ClientSession
    from mcp.client.streamable_http import streamable_http_client

    from .conftest import EXPLAINER, free_port

    port = free_port()
    env = {**os.environ, "EXPLAINER_HOME": str(shared_home)}
    with open(tmp_path / "http.log", "wb") as log:
        process = subprocess.Popen([*EXPLAINER, "mcp", "--http", f"127.0.0.1:{port}", "--no-warm", "--allow",
                                    str(tmp_path)], env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)

    async def drive() -> tuple:
        for _ in range(600):  # the import takes a while on a loaded machine
            if process.poll() is not None:
                raise AssertionError((tmp_path / "http.log").read_text())
            try:
                async with streamable_http_client(f"http://127.0.0.1:{port}/mcp") as (read, write), \
                        ClientSession(read, write, read_timeout_seconds=300) as session:
                    await session.initialize()
                    tools = (await session.list_tools()).tools
                    return tools, await session.call_tool("list_licenses", {})
            except OSError:
                await anyio.sleep(0.5)
            except Exception as exc:  # connection refused arrives wrapped by the SDK
                if "onnect" not in repr(exc):
                    raise
                await anyio.sleep(0.5)
        raise AssertionError("the HTTP server did not come up")

    try:
        tools, result = anyio.run(drive)
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert {t.name for t in tools} == TOOLS
    assert not result.is_error
    schema = next(t for t in tools if t.name == "list_licenses").output_schema
    jsonschema.validate(result.structured_content, schema)
    keys = {row["key"] for row in result.structured_content["licenses"]}
    assert {"mit", "bigscience-open-rail-m2"} <= keys
    assert result.structured_content["reminder"] == REMINDER


# -- in process: no model needed ---------------------------------------------------------------------------------
def test_paths_resolve_symlinks_and_stay_inside(tmp_path):
    from explainer.mcp_server import Service

    allowed, outside = tmp_path / "allowed", tmp_path / "outside"
    (allowed / "sub").mkdir(parents=True)
    outside.mkdir()
    (allowed / "out").symlink_to(outside)
    (allowed / "sub" / "in").symlink_to(allowed / "sub")
    service = Service(allow=[allowed])
    assert service.path(str(allowed / "sub")) == (allowed / "sub").resolve()
    assert service.path(str(allowed / "sub" / "in")) == (allowed / "sub").resolve()
    for bad in (str(outside), str(allowed / "out"), str(allowed / ".." / "outside"), "/"):
        with pytest.raises(InputError, match="outside the folders"):
            service.path(bad)
    with pytest.raises(InputError, match="no such file"):
        service.path(str(allowed / "missing"))
    with pytest.raises(InputError, match="not a folder"):
        Service(allow=[tmp_path / "nope"])


def test_pasted_text_is_bounded():
    from explainer.mcp_server import Service
    from explainer.reader import MAX_BYTES

    pasted = Service.pasted("Permission is hereby granted. " * (MAX_BYTES // 20))
    assert pasted.truncated and len(pasted.text.encode()) <= MAX_BYTES
    with pytest.raises(InputError, match="nothing to identify"):
        Service.pasted("   ")


def test_http_address_is_loopback_only():
    from explainer.mcp_server import parse_http

    assert parse_http("127.0.0.1:8765") == ("127.0.0.1", 8765)
    assert parse_http("[::1]:9000") == ("::1", 9000)
    for bad in ("0.0.0.0:8765", "example.com:80", "127.0.0.1", "127.0.0.1:99999", "127.0.0.2:8765"):
        with pytest.raises(InputError):
            parse_http(bad)


def test_audit_outputs_in_allowed_folder_only(built_index, shared_home, tmp_path, monkeypatch):
    from explainer.mcp_server import AuditResult, Service

    from .outputs_fixtures import a1111_parameters, write_a1111_png

    monkeypatch.setenv("EXPLAINER_HOME", str(shared_home))
    images, outside = tmp_path / "images", tmp_path / "outside"
    images.mkdir()
    outside.mkdir()
    write_a1111_png(images / "a.png", a1111_parameters())
    write_a1111_png(outside / "b.png", a1111_parameters())
    (images / "b.png").symlink_to(outside / "b.png")
    service = Service(allow=[images])
    data = service.audit(str(images))
    AuditResult.model_validate(data)
    assert [Path(i["path"]).name for i in data["images"]] == ["a.png"]
    assert data["images"][0]["verdict"] in ("yes", "conditional") and data["reminder"] == REMINDER
    assert any(p["path"].endswith("b.png") for p in data["summary"]["problems"])
    with pytest.raises(InputError, match="outside the folders"):
        service.audit(str(images), models_path=str(outside))


def test_truncation_warning_travels_in_notes():
    from explainer.identify import Identification
    from explainer.mcp_server import _with_warnings
    from explainer.resolve import Resolved

    ident = Identification("mit", "MIT", 1.0, 1.0, [], [], warnings=["input truncated to its first 2 MB"])
    resolved = Resolved("mit", "MIT", "file", 1.0, ("mit",), identification=ident)
    assert _with_warnings({"notes": ["a"]}, resolved)["notes"] == ["a", "input truncated to its first 2 MB"]


def test_argument_errors_are_one_line_in_memory(built_index, shared_home, monkeypatch):
    """The SDK's in-memory client against the same server: arguments off the schema, an empty question."""
    from mcp import Client

    from explainer.mcp_server import Service, build

    monkeypatch.setenv("EXPLAINER_HOME", str(shared_home))

    async def drive():
        async with Client(build(Service())) as client:
            return [await client.call_tool("ask_license", {}),
                    await client.call_tool("ask_license", {"question": 5}),
                    await client.call_tool("ask_license", {"question": "  "}),
                    await client.call_tool("explain_license", {"key_or_text": "bsd"})]

    missing, wrong, empty, no_text = anyio.run(drive)
    assert missing.content[0].text == "error: ask_license: question: field required (see the tool's input schema)"
    assert wrong.content[0].text.startswith("error: ask_license: question: input should be a valid string")
    assert empty.content[0].text == "error: empty question"
    assert no_text.content[0].text.startswith("error: no text in the LicenseDB for 'bsd'"), no_text.content[0].text
    for result in (missing, wrong, empty, no_text):
        assert result.is_error and result.meta["explainer/exit_code"] == 2 and "\n" not in result.content[0].text


def test_names_never_climb_out():
    from explainer.mcp_server import Service

    assert Service.name(" mit ") == "mit" and Service.name("RunDiffusion/Juggernaut-XL-v9") == "RunDiffusion/Juggernaut-XL-v9"
    assert Service.name("") is None
    for bad in ("../../../tmp/x", "/etc/passwd", "~/x", "a/../../b", "..\\\\x"):
        with pytest.raises(InputError, match="unknown license or model"):
            Service.name(bad)
