"""API keys stored in `$EXPLAINER_HOME/keys.json`, created with mode 0600. Keys are never printed."""

from __future__ import annotations

import json
import os

from . import config
from .errors import StorageError


def keys_file():
    return config.home() / "keys.json"


def _read() -> dict[str, str]:
    path = keys_file()
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StorageError(f"cannot read the keys file {path}: {type(exc).__name__}") from exc
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def get(name: str) -> str | None:
    return _read().get(name)


def names() -> list[str]:
    return sorted(_read())


def set_key(name: str, value: str) -> None:
    data = _read()
    data[name] = value
    _write(data)


def remove(name: str) -> bool:
    data = _read()
    if name not in data:
        return False
    del data[name]
    _write(data)
    return True


def _write(data: dict[str, str]) -> None:
    path = keys_file()
    tmp = path.with_suffix(".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # created 0600 from the start, never readable by others even for a moment
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError as exc:
        raise StorageError(f"cannot write the keys file {path}: {exc.strerror}") from exc


def redact(text: str, secrets: list[str | None]) -> str:
    """Remove any secret from a message before it is shown or stored."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "[redacted]")
    return text
