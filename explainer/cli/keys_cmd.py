"""`explainer keys`: store API keys in $EXPLAINER_HOME/keys.json (mode 0600). Values are never printed."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from .. import keys as keys_module
from ..errors import InputError
from . import app
from .output import out

keys_app = typer.Typer(help="Manage API keys (stored 0600 in $EXPLAINER_HOME/keys.json).", no_args_is_help=True)
app.add_typer(keys_app, name="keys")


@keys_app.command("set")
def set_key(name: Annotated[str, typer.Argument(help="Key name, e.g. openai.")] = "openai") -> None:
    """Store a key, read from a hidden prompt or from stdin."""
    value = typer.prompt(f"{name} key", hide_input=True) if sys.stdin.isatty() else sys.stdin.readline()
    value = value.strip()
    if not value:
        raise InputError("empty key")
    keys_module.set_key(name, value)
    out.print(f"stored key {name!r} in {keys_module.keys_file()}")


@keys_app.command("list")
def list_keys() -> None:
    """Names of the stored keys (never their values)."""
    for name in keys_module.names():
        out.print(name)


@keys_app.command("path")
def path() -> None:
    """Where the keys file lives."""
    out.print(str(keys_module.keys_file()))


@keys_app.command("remove")
def remove(name: Annotated[str, typer.Argument(help="Key name.")]) -> None:
    if not keys_module.remove(name):
        raise InputError(f"no stored key named {name!r}")
    out.print(f"removed key {name!r}")
