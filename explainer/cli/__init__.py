"""The `explainer` command line. One module per command group; the one error boundary lives here."""

from __future__ import annotations

import sys

import click
import typer

from .. import errors

app = typer.Typer(
    name="explainer",
    help="What an AI model's license lets you do, in plain language, with the deciding clauses quoted.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

from . import (  # noqa: E402,F401  (register commands)
    ask_cmd, chat_cmd, corpus_cmds, eval_cmd, explain_cmd, identify_cmd, index_cmds, keys_cmd, scan_cmd)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; domain errors become one line on stderr and a documented exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    if debug:
        args.remove("--debug")
    try:
        code = app(args=args, prog_name="explainer", standalone_mode=False)
        if isinstance(code, int) and code:  # typer.Exit(n) comes back as a return value without standalone mode
            sys.exit(code)
    except errors.ExplainerError as exc:
        if debug:
            raise
        _fail(f"error: {exc.one_line()}", exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        _fail("error: interrupted", errors.INTERRUPTED)
    except KeyboardInterrupt:
        _fail("error: interrupted", errors.INTERRUPTED)
    except click.ClickException as exc:
        if debug:
            raise
        _fail(f"error: {' '.join(exc.format_message().split())}", errors.USAGE)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:  # an unexpected bug: still one line, the traceback with --debug
        if debug:
            raise
        _fail(f"error: internal error: {type(exc).__name__}: {' '.join(str(exc).split())[:300]} "
              "(run again with --debug for details)", 1)


def _fail(message: str, code: int) -> None:
    sys.stdout.flush()
    print(message, file=sys.stderr)
    sys.exit(code)
