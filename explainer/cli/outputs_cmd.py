"""`explainer outputs`: which of my images may I sell? An audit of generated images from their metadata."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from .. import REMINDER
from .. import corpus as corpus_module
from ..errors import InputError
from ..outputs import DEFAULT_RIGHT, VERDICTS, audit
from ..outputs.audit import PERMISSION_RIGHTS
from ..outputs.report import render, to_csv
from . import app
from .output import err, out, print_json

PROGRESS_FROM = 100  # images: below this no progress bar is worth drawing


def _verdicts(values: list[str] | None, option: str) -> list[str]:
    found = [v.strip().lower() for item in (values or []) for v in item.split(",") if v.strip()]
    bad = [v for v in found if v not in VERDICTS]
    if bad:
        raise InputError(f"unknown {option} value {bad[0]!r}", hint=f"use {', '.join(VERDICTS)}")
    return found


class _Progress:
    """A progress bar on stderr, only in a terminal and only for large folders (and while hashing models)."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.bar = None
        self.task = None
        self.hash_task = None

    def _start(self):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TimeRemainingColumn(), console=err, transient=True)
        self.bar.start()

    def images(self, done: int, total: int) -> None:
        if not self.enabled or total < PROGRESS_FROM:
            return
        if self.bar is None:
            self._start()
        if self.task is None:
            self.task = self.bar.add_task("reading image metadata", total=total)
        self.bar.update(self.task, completed=done)

    def hashing(self, path: str, read: int, size: int) -> None:
        if not self.enabled or size < 64 * 1024 * 1024:
            return
        if self.bar is None:
            self._start()
        name = Path(path).name
        if self.hash_task is None or self.bar.tasks[self.hash_task].fields.get("file") != name:
            if self.hash_task is not None:
                self.bar.remove_task(self.hash_task)
            self.hash_task = self.bar.add_task(f"hashing {name} (once; cached)", total=size, file=name)
        self.bar.advance(self.hash_task, read)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


@app.command("outputs")
def outputs_command(
    paths: Annotated[list[Path], typer.Argument(help="Folders (walked recursively) or image files.")],
    models: Annotated[list[Path] | None, typer.Option(
        "--models", help="A models folder whose files identify models by name, hash and CivitAI sidecar "
                         "(repeatable).")] = None,
    right: Annotated[str, typer.Option("--right", help=f"The right to check: {', '.join(PERMISSION_RIGHTS)}.")]
    = DEFAULT_RIGHT,
    as_json: Annotated[bool, typer.Option("--json", help="Print the audit as JSON.")] = False,
    csv_file: Annotated[Path | None, typer.Option("--csv", help="Write one row per image to FILE ('-': stdout).")]
    = None,
    list_only: Annotated[list[str] | None, typer.Option(
        "--list", help="Print only the paths of images with this verdict: yes, no, conditional, unknown "
                       "(comma-separate for several).")] = None,
    fail_on: Annotated[list[str] | None, typer.Option(
        "--fail-on", help="Exit 1 when an image's verdict is one of these (e.g. no,unknown).")] = None,
) -> None:
    """Which of these images may be sold? Reads what the generators wrote (ComfyUI, A1111/Forge/SD.Next,
    InvokeAI, Fooocus, NovelAI, Easy Diffusion) without decoding pixels, identifies every model and LoRA, and
    gives each image the most restrictive verdict of its models, with the deciding clause."""
    listed = _verdicts(list_only, "--list")
    failing_on = _verdicts(fail_on, "--fail-on")
    progress = _Progress(err.is_terminal and not as_json and not listed)
    try:
        result = audit(paths, corpus_module.load(), right, models or [], progress.images, progress.hashing)
    finally:
        progress.stop()
    if csv_file is not None:
        text = to_csv(result)
        if str(csv_file) == "-":
            sys.stdout.write(text)
        else:
            try:
                csv_file.write_text(text, encoding="utf-8")
            except OSError as exc:
                raise InputError(f"cannot write {csv_file}: {exc.strerror or exc}") from exc
    if listed:
        for image in result.matching(listed):
            sys.stdout.write(image.path + "\n")
        sys.stdout.flush()
        sys.stderr.write(REMINDER + "\n")
    elif as_json:
        print_json(result.to_dict())
    elif csv_file is None or str(csv_file) != "-":
        render(result, out)
    failing = result.matching(failing_on)
    if failing:
        if not as_json and not listed:
            out.print(Text(f"--fail-on: {len(failing)} image(s) match ({failing[0].path}"
                           f"{', ...' if len(failing) > 1 else ''})", style="bold red"))
        raise typer.Exit(1)
