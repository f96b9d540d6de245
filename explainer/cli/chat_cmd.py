"""`explainer chat`: a conversation about a license in the terminal (or, piped, one question per line)."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.live import Live
from rich.markdown import Markdown
from rich.text import Text

from .. import REMINDER, backends, config, settings
from .. import corpus as corpus_module
from ..chat import COMMANDS, Session, parse_command
from ..errors import ExplainerError, InputError
from ..index import ClauseIndex
from ..resolve import from_file, from_name
from . import app, render
from .llm_options import BackendOption, BaseUrlOption, ModelOption
from .output import err, out

PROMPT = "you> "
END_OF_PASTE = "."


@app.command("chat")
def chat(
    license: Annotated[str | None, typer.Option("--license", help="Start with this license (key or alias).")] = None,
    model_name: Annotated[str | None, typer.Option("--model-name", help="Start with this model's license.")] = None,
    file: Annotated[str | None, typer.Option("--file", help="Start with this license file (identified).")] = None,
    backend: BackendOption = None,
    llm_model: ModelOption = None,
    base_url: BaseUrlOption = None,
    blind: Annotated[bool, typer.Option("--blind", help="Ignore the license cards.")] = False,
) -> None:
    """Talk about a license: follow-up questions, /paste, /sources, /card, /json (see /help)."""
    corpus = corpus_module.load()
    options = settings.resolve(backend=backend, llm_model=llm_model, base_url=base_url)
    index = ClauseIndex(corpus)
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    index.progress = interactive  # also for a build started later, by the first search
    index.ensure(progress=interactive)
    session = Session(corpus, index, lambda: backends.create(options), blind=blind)
    if file:
        session.resolved = from_file(corpus, file)
    elif license:
        session.resolved = from_name(corpus, license, "explicit")
    elif model_name:
        session.resolved = from_name(corpus, model_name, "model_name")
    if interactive:
        _Terminal(session).run()
    else:
        _Piped(session).run()


class _Loop:
    """What both front ends share: dispatching a line to a command or a question."""

    console: Console

    def __init__(self, session: Session):
        self.session = session

    def say(self, message: str, style: str = "cyan") -> None:
        self.console.print(Text(message, style=style))

    def fail(self, exc: ExplainerError) -> None:
        self.console.print(Text(f"error: {exc.one_line()}", style="red"))

    def handle(self, line: str) -> bool:
        """Returns False when the chat should end."""
        if not line.strip():
            return True
        try:
            command = parse_command(line)
            if command is None:
                self.question(line.strip())
                return True
            return self.command(*command)
        except ExplainerError as exc:
            self.fail(exc)
            return True

    def command(self, name: str, argument: str) -> bool:
        session = self.session
        if name == "/quit":
            return False
        if name == "/help":
            for text in COMMANDS.values():
                self.console.print(text, highlight=False, markup=False)
        elif name == "/license":
            self.say(session.use_license(argument))
        elif name == "/model":
            self.say(session.use_model(argument))
        elif name == "/reset":
            self.say(session.reset())
        elif name == "/paste":
            self.paste()
        elif name == "/sources":
            self.sources()
        elif name == "/card":
            self.card()
        elif name == "/outputs":
            self.outputs(argument)
        elif name == "/json":
            if session.last is None:
                self.say("No answer yet.", "yellow")
            else:
                self.console.print_json(json.dumps(session.last.to_dict(), ensure_ascii=False))
        return True

    def paste(self) -> None:
        self.say(f"Paste the license; end with a line holding only '{END_OF_PASTE}' (or Ctrl-D).", "dim")
        lines = []
        for line in self.paste_lines():
            if line.strip() == END_OF_PASTE:
                break
            lines.append(line)
        message, resolved = self.session.paste("\n".join(lines))
        self.say(message)
        ident = resolved.identification
        if ident is not None and not ident.known:
            closest = ", ".join(f"{c['key']} ({c['score']:.2f})" for c in ident.closest) or "none"
            self.say(f"Not a license we know; closest: {closest}. Answers will come from its own clauses.", "yellow")
        for passage in resolved.file_passages:
            snippet = " ".join(passage.text.split())
            self.say(f"{passage.kind} (chars {passage.start}-{passage.end}): {snippet[:300]}", "yellow")

    def sources(self) -> None:
        last = self.session.last
        if last is None:
            self.say("No answer yet.", "yellow")
            return
        for quote in last.quotes:
            self.console.print(Text(f"{quote.clause_id}  chars {quote.start}-{quote.end}", style="bold cyan"))
            self.console.print(Text(quote.text))

    def outputs(self, path: str) -> None:
        from ..outputs import audit
        from ..outputs.report import summary_lines

        if not path:
            raise InputError("/outputs needs a folder or an image", hint="/outputs ~/ComfyUI/output")
        for line in summary_lines(audit([path], self.session.corpus)):
            self.console.print(Text(line), highlight=False)
        self.say(REMINDER, "italic")

    def card(self) -> None:
        rows = self.session.card_rows()
        self.print_card(rows)

    def print_card(self, rows: list[dict]) -> None:
        for row in rows:
            self.console.print(Text(f"{row['label']}: {render.VERDICT_WORDS[row['verdict']]} - {row['conditions']}"))

    def question(self, question: str) -> None:
        raise NotImplementedError

    def paste_lines(self):
        raise NotImplementedError


class _Terminal(_Loop):
    def __init__(self, session: Session):
        super().__init__(session)
        from prompt_toolkit import PromptSession

        self.console = out
        self.prompt = PromptSession(history=_history())

    def run(self) -> None:
        self.say("explainer chat: ask about a model's license. /help lists the commands, Ctrl-D quits.", "dim")
        if self.session.resolved is not None:
            self.say(f"License: {self.session.describe()}")
        while True:
            try:
                line = self.prompt.prompt(PROMPT)
            except KeyboardInterrupt:
                continue  # Ctrl-C at the prompt clears the line, as in a shell
            except EOFError:
                break
            if not self.handle(line):
                break
        self.say("Bye.", "dim")

    def paste_lines(self):
        while True:
            try:
                yield self.prompt.prompt("... ")
            except (EOFError, KeyboardInterrupt):
                return

    def print_card(self, rows: list[dict]) -> None:
        key = self.session.resolved.key if self.session.resolved else ""
        self.console.print(render.rights_table(rows, f"Rights under {self.session.describe()}", key))

    def question(self, question: str) -> None:
        notice, response = self.session.ask(question)
        if notice:
            self.say(notice, "bold yellow")
        prepared = response.prepared
        render.header(self.console, prepared)
        self.console.print()
        text = ""
        try:
            with Live(Markdown(""), console=self.console, refresh_per_second=12, transient=False) as live:
                for chunk in response:
                    text += chunk
                    live.update(Markdown(text))
            result = self.session.record(question, response)
        except KeyboardInterrupt:
            self.say("(answer stopped)", "yellow")
            return
        if not text and result.explanation:
            self.console.print(Markdown(result.explanation))
        render.footer(self.console, result, show_verdict=prepared.blind or prepared.verdict is None)


def _history():
    """Line history kept across sessions in $EXPLAINER_HOME; a read-only home keeps it in memory only."""
    from prompt_toolkit.history import FileHistory, InMemoryHistory

    class QuietFileHistory(FileHistory):
        def store_string(self, string: str) -> None:
            try:
                super().store_string(string)
            except OSError:
                pass

    path = config.home() / "chat_history"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return QuietFileHistory(str(path))
    except OSError:
        return InMemoryHistory()


class _Piped(_Loop):
    """No terminal: every line is a question (or a command), answers are plain text."""

    def __init__(self, session: Session):
        super().__init__(session)
        self.console = Console(force_terminal=False, no_color=True, highlight=False, markup=False, width=100_000,
                               soft_wrap=True)
        self.lines = iter(sys.stdin.readline, "")

    def run(self) -> None:
        for line in self.lines:
            if not self.handle(line.rstrip("\n")):
                break

    def paste_lines(self):
        for line in self.lines:
            yield line.rstrip("\n")

    def question(self, question: str) -> None:
        notice, response = self.session.ask(question)
        result = self.session.record(question, response)
        print_plain(self.console, question, result, notice)


def print_plain(console: Console, question: str, result, notice: str | None = None) -> None:
    if notice:
        console.print(notice)
    console.print(f"Q: {question}")
    console.print(f"License: {result.license['name']} ({result.license['key']})")
    console.print(f"Verdict: {render.VERDICT_WORDS.get(result.verdict, result.verdict)}")
    if result.conditions:
        console.print(f"Conditions: {result.conditions}")
    if result.explanation:
        console.print(f"Explanation: {result.explanation}")
    for quote in result.quotes:
        console.print(f"Quote [{quote.clause_id}, chars {quote.start}-{quote.end}]: {' '.join(quote.text.split())}")
    console.print(result.reminder or REMINDER)
    console.print("")


__all__ = ["chat", "err"]
