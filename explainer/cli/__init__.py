"""The `explainer` command line. One module per command group; the one error boundary lives here."""

from __future__ import annotations

import signal
import sys

import click
import typer

# recent typer vendors its own click and has its own Exit/Abort: catch those and the real click's
_EXIT = tuple({click.exceptions.Exit, getattr(typer, "Exit", click.exceptions.Exit)})
_ABORT = tuple({click.exceptions.Abort, getattr(typer, "Abort", click.exceptions.Abort)})
try:
    from typer._click.exceptions import ClickException as _TyperClickException
except ImportError:  # pragma: no cover - typer without a vendored click
    _TyperClickException = click.ClickException
_CLICK_ERROR = tuple({click.ClickException, _TyperClickException})

from .. import errors

app = typer.Typer(
    name="explainer",
    help="What an AI model's license lets you do, in plain language, with the deciding clauses quoted.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

from . import (  # noqa: E402,F401  (register commands)
    ask_cmd, chat_cmd, corpus_cmds, eval_cmd, explain_cmd, identify_cmd, index_cmds, keys_cmd, mcp_cmd,
    outputs_cmd, scan_cmd)
from . import output  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; domain errors become one line on stderr and a documented exit code."""
    # A shell starts background jobs with SIGINT ignored and Python then never raises KeyboardInterrupt; the chat's
    # "Ctrl-C stops the answer" and the 130 exit need it, so take Ctrl-C back when the terminal sends it.
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    if debug:
        args.remove("--debug")
    try:
        code = app(args=args, prog_name="explainer", standalone_mode=False)
        if code == errors.INTERRUPTED:  # typer turns Ctrl-C into a silent Exit(130)
            _fail("error: interrupted", errors.INTERRUPTED)
        if isinstance(code, int) and code:  # typer.Exit(n) comes back as a return value without standalone mode
            sys.exit(code)
    except errors.ExplainerError as exc:
        if debug:
            raise
        _fail(f"error: {exc.one_line()}", exc.exit_code)
    except _EXIT as exc:
        if exc.exit_code == errors.INTERRUPTED:
            _fail("error: interrupted", errors.INTERRUPTED)
        sys.exit(exc.exit_code)
    except _ABORT:
        _fail("error: interrupted", errors.INTERRUPTED)
    except KeyboardInterrupt:
        _fail("error: interrupted", errors.INTERRUPTED)
    except _CLICK_ERROR as exc:
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
    output.settle()  # a model still loading would swallow the message
    sys.stdout.flush()
    if code == errors.INTERRUPTED and sys.stderr.isatty():
        print(file=sys.stderr)  # the answer may have stopped mid-line
    print(message, file=sys.stderr)
    sys.exit(code)
