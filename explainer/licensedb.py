"""Read the ScanCode LicenseDB shipped inside `scancode-toolkit-mini` as data.

`licensedcode.models` cannot be imported on the mini build (libmagic plugin), and we do not need it: each
`*.LICENSE` file is YAML front matter between `---` lines, then the text. The *body* of a license is that text
with surrounding blank space removed; every clause offset in this project points into the body.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path


from .errors import StorageError

_SCALAR_FIELDS = ("key", "short_name", "name", "category", "owner", "spdx_license_key", "homepage_url")
_SCALAR_LINE = re.compile(r"^(%s):\s*(.*)$" % "|".join(_SCALAR_FIELDS))


@dataclass(frozen=True)
class LicenseText:
    key: str
    name: str
    short_name: str
    category: str
    owner: str
    spdx: str
    homepage_url: str
    body: str
    deprecated: bool = False


@functools.cache
def licenses_dir() -> Path:
    spec = importlib.util.find_spec("licensedcode")  # locate without importing it (its plugins need libmagic)
    if spec is None or not spec.submodule_search_locations:
        raise StorageError("the ScanCode LicenseDB is not installed", "run `make setup` (scancode-toolkit-mini)")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "licenses"
    if not path.is_dir():
        raise StorageError(f"no LicenseDB texts under {path}", "reinstall scancode-toolkit-mini==32.5.0")
    return path


@functools.cache
def version() -> str:
    try:
        return metadata.version("scancode-toolkit-mini")
    except metadata.PackageNotFoundError:
        return "unknown"


def split_front_matter(raw: str) -> tuple[str, str]:
    """Return (front matter, body). The body keeps its inner layout; outer blank space is dropped."""
    if raw.startswith("---"):
        end = raw.find("\n---", 3)
        if end != -1:
            after = raw.find("\n", end + 4)
            return raw[3:end], (raw[after + 1:] if after != -1 else "").strip()
    return "", raw.strip()


def _quick_fields(front: str) -> dict[str, str]:
    """Top-level scalar fields by regex: 30x faster than YAML for listing 2,615 files."""
    fields: dict[str, str] = {}
    for line in front.splitlines():
        match = _SCALAR_LINE.match(line)
        if match:
            fields[match.group(1)] = match.group(2).strip().strip("'\"")
    fields["is_deprecated"] = "yes" if re.search(r"^is_deprecated:\s*yes", front, re.M) else "no"
    return fields


def _from_raw(key: str, raw: str) -> LicenseText:
    front, body = split_front_matter(raw)
    fields = _quick_fields(front)
    return LicenseText(
        key=key,
        name=fields.get("name") or key,
        short_name=fields.get("short_name") or fields.get("name") or key,
        category=fields.get("category", ""),
        owner=fields.get("owner", ""),
        spdx=fields.get("spdx_license_key", ""),
        homepage_url=fields.get("homepage_url", ""),
        body=body,
        deprecated=fields["is_deprecated"] == "yes",
    )


def keys() -> list[str]:
    return sorted(p.stem for p in licenses_dir().glob("*.LICENSE"))


KEY = re.compile(r"[a-z0-9][a-z0-9.+_-]{0,199}")  # what a LicenseDB key looks like (anything else is no file name)


def exists(key: str) -> bool:
    return bool(KEY.fullmatch(key)) and (licenses_dir() / f"{key}.LICENSE").is_file()


@functools.lru_cache(maxsize=256)
def load(key: str) -> LicenseText:
    path = licenses_dir() / f"{key}.LICENSE"
    if not KEY.fullmatch(key) or not path.is_file():
        raise KeyError(key)
    return _from_raw(key, path.read_text(encoding="utf-8"))


def load_all() -> list[LicenseText]:
    """Every LicenseDB text (front matter read the quick way)."""
    return [_from_raw(p.stem, p.read_text(encoding="utf-8")) for p in sorted(licenses_dir().glob("*.LICENSE"))]
