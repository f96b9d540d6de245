"""`explainer mcp`: the project's verified answers as a Model Context Protocol server (stdio, or streamable HTTP on
a loopback address), built on the official SDK's `MCPServer`.

Tools return the CLI's `--json` shapes as structured content (declared as output schemas below), each with the
reminder. One process holds one corpus and one clause index; the local model is loaded once, and a lock keeps two
calls from generating with it at the same time. Paths are read only under the folders the user allowed
(`--allow`, default the current directory), after symlinks are resolved. Pasted text is bounded by the reader's
own limit. Errors come back as tool errors (`isError`) whose text is the CLI's one line (`error: …`); resource
errors are MCP protocol errors with the same line.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import sys
import threading
import time
from pathlib import Path
from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import (
    ResourceError,
    ResourceNotFoundError,
    ToolError,
)
from mcp_types import CallToolResult, TextContent, ToolAnnotations
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import REMINDER, __version__, backends, cards, reader, settings
from . import corpus as corpus_module
from .errors import ExplainerError, InputError, NotFoundError

log = logging.getLogger("explainer.mcp")

SERVER_THREADS = 1  # llama.cpp threads for the local model unless configured
WARM_QUESTION = "Can I sell images I made with Juggernaut XL?"
QUIET_BEFORE_SEARCH_S = 2.0  # the clause search loads once no answer has run for this long (it would slow one)
SERVER_NAME = "explainer"
INSTRUCTIONS = (
    "License answers for AI models (Stable Diffusion / SDXL checkpoints, LoRAs, Llama, Gemma, FLUX, Qwen, ...): "
    "verdicts from curated license cards, verbatim quotes with clause ids and character offsets, never invented. "
    "Quote the `quotes` as given and always pass on the `reminder`: this is not legal advice."
)


# -- output schemas: the CLI --json shapes ----------------------------------------------------------------------
class _Shape(BaseModel):
    model_config = ConfigDict(extra="allow")  # a field added to a CLI shape later must not break the server


class LicenseRef(_Shape):
    key: str
    name: str
    source: str = Field(description="explicit | model_name | question | file")
    confidence: float


class QuoteOut(_Shape):
    license_key: str = Field(description="the text quoted; 'pasted' points into the text you gave")
    clause_id: str
    text: str = Field(description="verbatim: body[start:end] of that text")
    start: int
    end: int


class AskResult(_Shape):
    """`explainer ask --json`."""

    question: str
    license: LicenseRef
    addenda: list[dict[str, Any]]
    right: list[str]
    verdict: str = Field(description="yes | no | conditional | not_addressed | unclear")
    conditions: str
    explanation: str
    quotes: list[QuoteOut]
    reminder: str
    backend: str | None
    model: str | None
    prompt_hash: str | None
    timings_ms: dict[str, float]
    kind: str
    routed_by: str
    verdict_source: str
    explanation_source: str
    candidates: list[dict[str, Any]]
    notes: list[str]


class Closest(_Shape):
    key: str
    name: str
    score: float


class PassageOut(_Shape):
    text: str
    start: int
    end: int


class IdentifyResult(_Shape):
    """`explainer identify --json`."""

    key: str | None
    name: str | None
    confidence: float
    coverage: float
    closest: list[Closest]
    evidence: list[str]
    additions: list[PassageOut] = Field(description="text added to the known license, offsets into your text")
    removals: list[dict[str, Any]]
    changes: list[dict[str, Any]]
    references: list[dict[str, Any]]
    conflicts: list[str]
    warnings: list[str]
    reminder: str


class RightRow(_Shape):
    right: str
    label: str
    verdict: str | None
    conditions: str | None
    source: str | None


class ExplainResult(_Shape):
    """`explainer explain --json`."""

    license: LicenseRef
    addenda: list[str]
    summary: str
    rights: list[RightRow]
    additions: list[dict[str, Any]]
    changes: list[dict[str, Any]]
    removals: list[dict[str, Any]]
    explanation: str
    quotes: list[QuoteOut]
    reminder: str
    backend: str | None
    model: str | None
    prompt_hash: str | None
    timings_ms: dict[str, float]
    facts: list[dict[str, Any]]
    explanation_source: str
    notes: list[str]


class ScannedModel(_Shape):
    path: str
    kind: str
    size: int | None
    license: dict[str, Any] | None
    model: str | None
    addenda: list[str]
    evidence: list[dict[str, Any]]
    rights: dict[str, dict[str, Any]]
    civitai: dict[str, Any]
    additions: list[dict[str, Any]]
    conflicts: list[str]
    unreadable: list[str] | None


class Unreadable(_Shape):
    path: str
    why: str


class ScanResult(_Shape):
    """`explainer scan --json`."""

    root: str
    locations: list[dict[str, Any]]
    models: list[ScannedModel]
    unreadable: list[Unreadable]
    summary: dict[str, Any]
    reminder: str


class AuditedImage(_Shape):
    path: str
    generator: str | None
    models: list[dict[str, Any]]
    verdict: str = Field(description="yes | no | conditional | unknown")
    conditions: str
    deciding: dict[str, Any] | None
    quotes: list[dict[str, Any]]
    unreadable: str | None


class AuditResult(_Shape):
    """`explainer outputs --json`."""

    root: str
    images: list[AuditedImage]
    summary: dict[str, Any]
    reminder: str


class LicenseRow(_Shape):
    key: str
    name: str
    category: str | None
    kind: str | None
    aliases: list[str]
    curated: bool
    card: bool


class LicensesResult(_Shape):
    """`explainer licenses --json`, plus the reminder."""

    licenses: list[LicenseRow]
    reminder: str


def _with_warnings(result: dict, resolved) -> dict:
    """What identifying a pasted text warned about (input truncated at 2 MB, front matter in conflict): the CLI
    prints it on stderr, here it travels in the result's notes."""
    ident = resolved.identification
    if ident is not None and (ident.warnings or ident.conflicts):
        result["notes"] = list(dict.fromkeys([*result.get("notes", []), *ident.warnings, *ident.conflicts]))
    return result


# -- the service: one corpus, one index, one backend ------------------------------------------------------------
class Service:
    """Everything the tools do, without the protocol (tests and the bench call it directly too)."""

    def __init__(self, allow: list[str | Path] | None = None, llm: settings.LLMSettings | None = None):
        roots = allow or [Path.cwd()]
        self.allow = [Path(root).expanduser().resolve() for root in roots]
        for root in self.allow:
            if not root.is_dir():
                raise InputError(f"--allow {root}: not a folder")
        llm = llm or settings.resolve()
        if llm.backend == "local" and llm.threads is None:
            # A server shares the machine with the assistant that calls it. llama.cpp's threads spin while they
            # wait, so on busy cores two threads generate ~10x slower than one (bench/mcp.py); EXPLAINER_THREADS
            # or config.yaml `threads` still decide when set.
            llm = dataclasses.replace(llm, threads=SERVER_THREADS)
        self.llm = llm
        self._locks = {name: threading.Lock() for name in ("corpus", "index")}  # lazy set-up, once each
        self._generate = threading.RLock()  # one generation at a time on the local model
        self._ready = threading.Event()  # cleared while warming up: answers wait instead of loading it all twice
        self._ready.set()
        self._calls = 0  # answers running now; the retrieval warm-up waits for none, and a quiet moment
        self._last_call = time.monotonic()
        self._idle = threading.Condition()
        self._warm_prepared = None  # the warm-up's answer, kept to load retrieval once the server is idle
        self._warm_thread: threading.Thread | None = None
        self._closing = False
        self._corpus = None
        self._index = None

    # shared objects, built once
    @property
    def hosted(self) -> bool:
        return self.llm.backend != "local"

    def corpus(self):
        with self._locks["corpus"]:
            if self._corpus is None:
                self._corpus = corpus_module.load()
            return self._corpus

    def index(self):
        corpus = self.corpus()
        with self._locks["index"]:  # a missing index is built here (minutes); identify and scan need not wait
            if self._index is None:
                from .index import ClauseIndex

                index = ClauseIndex(corpus)
                index.progress = False
                index.ensure()  # the manifest (built first when missing); the dense store opens at a first search
                self._index = index
            return self._index

    def backend(self):
        """A backend for one call (its settings, e.g. the token budget explain raises, are its own). The local
        model itself is loaded once per process by the backend module; its generations are serialized here:
        llama.cpp runs one context, so a call streams only while it holds the lock, and the rest of an answer
        (resolve, understand, retrieve, quotes) runs side by side with other calls."""
        backend = backends.create(self.llm)
        if not self.hosted:
            execute = backend.execute

            def serialized(messages, schema=None, prefix=None):
                with self._generate:
                    yield from (execute(messages, schema, prefix=prefix) if prefix is not None
                                else execute(messages, schema))

            backend.execute = serialized
        return backend

    def warm(self) -> float:
        """Load the corpus, the index manifest, the identification texts and (local backend) the model, and run
        the steps of an answer decided by a card up to the first generated token, so that every cache such a call
        needs is filled without spending a whole generation. Never sends anything to a hosted backend."""
        from . import answer as answer_module
        from .identify import matcher
        from .resolve import resolve

        started = time.perf_counter()
        model = None
        if not self.hosted:  # llama.cpp loads in C, mostly outside the GIL: overlap it with the work below
            model = threading.Thread(target=self._warm_model, name="explainer-warm-model", daemon=True)
            model.start()
        corpus = self.corpus()
        self._warm_prepared = answer_module.prepare(WARM_QUESTION, resolve(corpus, WARM_QUESTION), corpus,
                                                    self.index())
        matcher(corpus)
        if model is not None:
            model.join()
        return time.perf_counter() - started

    def warm_retrieval(self) -> float | None:
        """What only some answers need (no card, or a decision without a quote): Chroma, the BM25 index and a
        dense query. Run once no answer has run for QUIET_BEFORE_SEARCH_S, so that it slows no call that does not
        need it (a call that needs it before then loads it itself)."""
        prepared = self._warm_prepared
        if prepared is None:
            return None
        with self._idle:
            while not self._closing:
                quiet = time.monotonic() - self._last_call
                if self._calls == 0 and quiet >= QUIET_BEFORE_SEARCH_S:
                    break
                self._idle.wait(None if self._calls else QUIET_BEFORE_SEARCH_S - quiet)
            if self._closing:
                return None
        started = time.perf_counter()
        prepared.context  # noqa: B018 - opens the dense store and the BM25 index, runs one search
        return time.perf_counter() - started

    @contextlib.contextmanager
    def _answering(self):
        with self._idle:
            self._calls += 1
        try:
            yield
        finally:
            with self._idle:
                self._calls -= 1
                self._last_call = time.monotonic()
                self._idle.notify_all()

    def _warm_model(self) -> None:
        try:
            for _ in self.backend().execute([{"role": "user", "content": WARM_QUESTION}]):
                break  # the model is loaded and has run once; closing the stream stops it
        except Exception as exc:  # noqa: BLE001 - the first answer reports it properly
            log.warning("loading the model failed: %s", " ".join(str(exc).split())[:300])

    def warm_in_background(self) -> None:
        self._ready.clear()

        def run() -> None:
            try:
                log.info("ready in %.1f s (index, model and caches loaded)", self.warm())
            except Exception as exc:  # noqa: BLE001 - the first call reports it properly
                log.warning("warm-up failed: %s", " ".join(str(exc).split())[:300])
                return
            finally:
                self._last_call = time.monotonic()
                self._ready.set()
            try:
                seconds = self.warm_retrieval()
                if seconds is not None:
                    log.info("clause search loaded in %.1f s", seconds)
            except Exception as exc:  # noqa: BLE001 - a search that needs it reports it properly
                log.warning("loading the clause search failed: %s", " ".join(str(exc).split())[:300])

        self._warm_thread = threading.Thread(target=run, name="explainer-warm", daemon=True)
        self._warm_thread.start()

    def close(self, timeout: float = 5.0) -> None:
        """Let a running warm-up finish before the process exits: a thread killed inside onnxruntime's or
        llama.cpp's C++ at exit aborts the process ("terminate called ...")."""
        with self._idle:
            self._closing = True
            self._idle.notify_all()
        if self._warm_thread is not None:
            self._warm_thread.join(timeout)

    # paths and text
    def path(self, raw: str, what: str = "path") -> Path:
        """A path the user allowed: absolute (relative ones are taken from the server's folder), symlinks resolved,
        inside one of the --allow folders."""
        if not raw or not raw.strip():
            raise InputError(f"empty {what}")
        real = Path(raw.strip()).expanduser().resolve()
        if not self.inside(real):
            raise InputError(f"{raw.strip()} is outside the folders this server may read",
                             hint=f"allowed: {', '.join(str(r) for r in self.allow)}; "
                                  "start `explainer mcp` with --allow DIR to add one")
        if not real.exists():
            raise InputError(f"no such file or folder: {raw.strip()}")
        return real

    def inside(self, path: str | Path) -> bool:
        real = Path(os.path.realpath(path))
        return any(real == root or real.is_relative_to(root) for root in self.allow)

    def _leave_out(self, items: list, problems: list) -> list:
        """Files the walk reached through a link that leads outside the allowed folders: left out, and said so."""
        kept = []
        for item in items:
            if self.inside(item.path):
                kept.append(item)
            else:
                problems.append((item.path, "a link leading outside the folders this server may read; left out"))
        return kept

    @staticmethod
    def name(value: str | None) -> str | None:
        """A license key, alias or model name as a caller gave it. LicenseDB keys become file names
        (`<key>.LICENSE`), so nothing that climbs out of a folder or starts at a root gets that far."""
        if value is None or not value.strip():
            return None
        if ".." in value.replace("\\", "/").split("/") or value.strip().startswith(("/", "\\", "~")):
            raise InputError(f"unknown license or model {value.strip()!r}", hint="see list_licenses")
        return value.strip()

    @staticmethod
    def pasted(text: str):
        """The reader's own bound (2 MB, the rest dropped with a warning), HTML reduced, front matter split."""
        if text is None or not text.strip():
            raise InputError("nothing to identify", "the text is empty")
        return reader.from_text(text, origin="paste")

    # tools
    def ask(self, question: str, license: str | None = None, model_name: str | None = None,
            text: str | None = None) -> dict:
        from . import answer as answer_module
        from .resolve import from_pasted, resolve

        if not question or not question.strip():
            raise InputError("empty question")
        self._ready.wait()
        started = time.perf_counter()
        corpus = self.corpus()
        if text is not None and text.strip():
            resolved = from_pasted(corpus, self.pasted(text))
        else:
            resolved = resolve(corpus, question, license=self.name(license), model_name=self.name(model_name))
        resolve_ms = (time.perf_counter() - started) * 1000
        with self._answering():
            response = answer_module.ask(question, resolved, corpus, self.index(), self.backend(),
                                         resolve_ms=resolve_ms)
            return _with_warnings(response.answer().to_dict(), resolved)

    def identify(self, text: str) -> dict:
        from .identify import identify

        return {**identify(self.pasted(text), self.corpus()).to_dict(), "reminder": REMINDER}

    def explain(self, key_or_text: str) -> dict:
        """A license key, alias or model name; anything else is taken as a pasted license text. Never a path."""
        from .explain import explain
        from .resolve import from_name, from_pasted

        if not key_or_text or not key_or_text.strip():
            raise InputError("empty license key or text")
        self._ready.wait()
        corpus = self.corpus()
        name = key_or_text.strip()
        one_line = "\n" not in name and len(name) <= 200
        if one_line and corpus.lookup(self.name(name)) is not None:
            resolved = from_name(corpus, name, "explicit")
        else:
            resolved = from_pasted(corpus, self.pasted(key_or_text))
            if one_line and resolved.adhoc:  # one line that names nothing known: the CLI's error, did you mean
                corpus.resolve(name)
                raise NotFoundError("license or model", name, corpus.suggestions(name))
        with self._answering():
            return _with_warnings(explain(resolved, corpus, self.backend).to_dict(), resolved)

    def scan(self, path: str) -> dict:
        from .scan import scan
        from .stores import locations_for

        root = self.path(path, "folder")
        if not root.is_dir():
            raise InputError(f"not a folder: {path}", hint="pass the folder that holds your models")
        for location in locations_for(root, []):  # ComfyUI's extra_model_paths.yaml may point anywhere
            self.path(str(location.path), "folder")
        result = scan(root, self.corpus())
        result.models = self._leave_out(result.models, result.problems)
        for model in result.models:  # the scan also reads a model folder's parent README/LICENSE: not past --allow
            outside = sorted({f for f in [*(e.file for e in model.evidence), *(a.get("file") for a in model.additions)]
                              if f and not self.inside(f)})
            if outside:
                model.evidence = [e for e in model.evidence if e.file not in outside]
                model.additions = [a for a in model.additions if a.get("file") not in outside]
                model.unreadable += [f"{f}: outside the folders this server may read; left out" for f in outside]
        return result.to_dict()

    def audit(self, path: str, models_path: str | None = None) -> dict:
        from .outputs import audit

        root = self.path(path)
        models = [self.path(models_path, "models folder")] if models_path else []
        result = audit([root], self.corpus(), models=models)
        result.images = self._leave_out(result.images, result.problems)
        return result.to_dict()

    def licenses(self) -> dict:
        """The rows of `explainer licenses --json` (curated licenses)."""
        from . import licensedb

        corpus = self.corpus()
        carded = set(cards.all_cards(corpus))
        rows = []
        for key in sorted(corpus.licenses):
            entry, text = corpus.licenses[key], licensedb.load(key)
            rows.append({"key": key, "name": entry.name, "category": text.category, "kind": entry.kind,
                         "aliases": list(entry.aliases), "curated": True, "card": key in carded})
        return {"licenses": rows, "reminder": REMINDER}

    # resources
    def _key(self, key: str) -> str:
        corpus = self.corpus()
        key = self.name(key) or ""
        if key in corpus.licenses or key in corpus.addenda:
            return key
        return corpus.resolve(key).license_keys[0]  # an alias or a LicenseDB key; unknown: did you mean

    def license_text(self, key: str) -> dict:
        corpus = self.corpus()
        key = self._key(key)
        doc = corpus.document(key)
        clauses = [{"id": c.id, "heading": c.heading, "start": c.start, "end": c.end}
                   for c in corpus.clauses(key)]
        return {"key": key, "name": doc.name, "source": doc.source, "url": doc.origin, "text": doc.body,
                "clauses": clauses, "reminder": REMINDER}

    def card(self, key: str) -> dict:
        corpus = self.corpus()
        found = cards.all_cards(corpus)
        if key not in found:
            resolved = self._key(key)
            if resolved not in found:
                raise InputError(f"no license card for {key!r}",
                                 hint=f"cards exist for: {', '.join(sorted(found)[:12])}, … (list_licenses)")
            key = resolved
        return {**found[key].to_dict(), "reminder": REMINDER}


# -- the protocol ---------------------------------------------------------------------------------------------------
def _error(exc: BaseException) -> CallToolResult:
    if isinstance(exc, ExplainerError):
        line, code = exc.one_line(), exc.exit_code
    else:  # a bug: still one line, as the CLI says it; the traceback goes to the server's stderr
        log.error("tool failed", exc_info=exc)
        line, code = f"internal error: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}", 1
    return CallToolResult(content=[TextContent(type="text", text=f"error: {line}")], is_error=True,
                          meta={"explainer/exit_code": code})


def _result(data: dict) -> CallToolResult:
    return CallToolResult(content=[TextContent(type="text", text=json.dumps(data, ensure_ascii=False))],
                          structured_content=data)


def _call(fn, *args) -> CallToolResult:
    try:
        return _result(fn(*args))
    except Exception as exc:  # noqa: BLE001 - every failure is one line, as in the CLI
        return _error(exc)


Text = Annotated[str, Field(description="pasted text: a license, a model card or a notice (at most 2 MB is read)")]


class _Server(MCPServer):
    async def call_tool(self, name, arguments, context=None):
        """Arguments that do not fit a tool's input schema: one line too, like every other error."""
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as exc:
            if not isinstance(exc.__cause__, ValidationError):
                raise
            problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'arguments'}: {e['msg'].lower()}"
                                 for e in exc.__cause__.errors())
            return _error(InputError(f"{name}: {problems}", hint="see the tool's input schema"))


def build(service: Service, warm: bool = False) -> MCPServer:
    """The MCPServer with explainer's tools and resources."""
    server = _Server(SERVER_NAME, title="explainer: AI model licenses, quoted", version=__version__,
                     instructions=INSTRUCTIONS, log_level="WARNING", lifespan=_warm_once(service) if warm else None)
    local = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True,
                            open_world_hint=service.hosted)
    offline = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True,
                              open_world_hint=False)

    @server.tool(annotations=local)
    def ask_license(
        question: Annotated[str, Field(description="the question in your own words, e.g. 'Can I sell images "
                                                   "I made with Juggernaut XL?'")],
        license: Annotated[str | None, Field(description="a license key or alias, e.g. 'llama-3.1' or "
                                                         "'creativeml-openrail++-m'")] = None,
        model_name: Annotated[str | None, Field(description="a model name, e.g. 'Juggernaut XL'")] = None,
        text: Annotated[str | None, Field(description="a license text to answer from (identified; what it adds "
                                                      "to a known license counts)")] = None,
    ) -> Annotated[CallToolResult, AskResult]:
        """Answer a question about what an AI model's license lets you do: a verdict decided from the license
        card (yes, no, conditional, not_addressed, unclear), the conditions, a short explanation and the deciding
        clauses quoted verbatim with their offsets. Without license, model_name or text, the model or license
        named in the question is used."""
        return _call(service.ask, question, license, model_name, text)

    @server.tool(annotations=offline)
    def identify_license(text: Text) -> Annotated[CallToolResult, IdentifyResult]:
        """Which license is this text, and what in it is not the standard text: additions (e.g. an author's
        addendum) verbatim with offsets into your text, removed and changed clauses."""
        return _call(service.identify, text)

    @server.tool(annotations=local)
    def explain_license(
        key_or_text: Annotated[str, Field(description="a license key, alias or model name, or a pasted license "
                                                      "text")],
    ) -> Annotated[CallToolResult, ExplainResult]:
        """The whole license at a glance: every right and fact with its verdict and conditions, additions and
        changes in a pasted text, the deciding clauses quoted."""
        return _call(service.explain, key_or_text)

    @server.tool(annotations=offline)
    def scan_models(
        path: Annotated[str, Field(description="a models folder (ComfyUI, A1111, llama.cpp, an Ollama store, a "
                                               "Hugging Face cache...) inside the allowed folders")],
    ) -> Annotated[CallToolResult, ScanResult]:
        """Each model in a folder: its license (from LICENSE files, model cards, GGUF/safetensors metadata,
        CivitAI sidecars, file names), key rights and conflicts between sources. Headers only; read-only."""
        return _call(service.scan, path)

    @server.tool(annotations=offline)
    def audit_outputs(
        path: Annotated[str, Field(description="a folder of generated images (or one image) inside the allowed "
                                               "folders")],
        models_path: Annotated[str | None, Field(description="a models folder that identifies models by hash "
                                                             "and CivitAI sidecar")] = None,
    ) -> Annotated[CallToolResult, AuditResult]:
        """Which of these generated images may be sold: reads the generators' metadata (ComfyUI, A1111/Forge,
        InvokeAI, Fooocus, NovelAI, Easy Diffusion), identifies every model and LoRA, and gives each image the most
        restrictive verdict of its models with the deciding clause."""
        return _call(service.audit, path, models_path)

    @server.tool(annotations=offline)
    def list_licenses() -> Annotated[CallToolResult, LicensesResult]:
        """The licenses explainer knows: key, name, category, kind, aliases and whether a license card answers
        for it."""
        return _call(service.licenses)

    def _read(fn, key: str) -> str:
        try:
            return json.dumps(fn(key), ensure_ascii=False)
        except NotFoundError as exc:
            raise ResourceNotFoundError(f"error: {exc.one_line()}") from None
        except ExplainerError as exc:
            raise ResourceError(f"error: {exc.one_line()}") from None

    @server.resource("license://{key}", name="license", mime_type="application/json",
                     description="A license text and its clauses (id, heading, start, end: text[start:end]).")
    def license_resource(key: str) -> str:
        return _read(service.license_text, key)

    @server.resource("card://{key}", name="card", mime_type="application/json",
                     description="A license card: per right and fact, the verdict, conditions and anchors.")
    def card_resource(key: str) -> str:
        return _read(service.card, key)

    return server


LOOPBACK = ("127.0.0.1", "localhost", "::1")  # the SDK turns on its DNS-rebinding protection for exactly these


def parse_http(value: str) -> tuple[str, int]:
    """HOST:PORT on a loopback address (the server has no authentication)."""
    host, sep, port = value.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise InputError(f"--http {value!r}: expected HOST:PORT", hint="e.g. --http 127.0.0.1:8765")
    if host not in LOOPBACK:
        raise InputError(f"--http {value!r}: the server only listens on a loopback address",
                         hint="use 127.0.0.1, ::1 or localhost")
    return host, int(port)


def serve(service: Service, http: str | None = None, warm: bool = True) -> None:
    """Run until the client goes away (stdio) or Ctrl-C (HTTP). Nothing but the protocol goes to stdout: while
    stdio is served the SDK points fd 1 at stderr, and the warm-up starts only then (from the lifespan)."""
    import anyio

    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="explainer mcp: %(message)s")
    log.setLevel(logging.INFO)  # our own lines ("ready in 4.2 s") reach the assistant's server log
    address = parse_http(http) if http else None
    server = build(service, warm)
    try:
        if address is None:
            anyio.run(server.run_stdio_async)
        else:
            anyio.run(lambda: server.run_streamable_http_async(host=address[0], port=address[1]))
    finally:
        service.close()


def _warm_once(service: Service):
    started = threading.Event()

    @contextlib.asynccontextmanager
    async def lifespan(_server):
        if not started.is_set():  # HTTP enters the lifespan per session; warm once per process
            started.set()
            service.warm_in_background()
        yield {}

    return lifespan
