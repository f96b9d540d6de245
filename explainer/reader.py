"""Read what a user pastes or points at: bytes -> text (UTF-8, UTF-16 with BOM, Latin-1 fallback), bounded in
size, binary rejected; HTML and Markdown reduced to text; a model card's YAML front matter split off."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import InputError

MAX_BYTES = 2_000_000  # identification reads at most this much; a 50 MB paste is read in bounded chunks


@dataclass
class Pasted:
    text: str
    front_matter: dict = field(default_factory=dict)
    truncated: bool = False
    origin: str = "-"
    body_offset: int = 0  # where `text` starts in the decoded input (after front matter)


def read_bytes(source: str | Path | None) -> tuple[bytes, bool, str]:
    """At most MAX_BYTES from a file or stdin; the rest is drained (never held in memory) and flagged."""
    if source in (None, "-"):
        stream, origin = sys.stdin.buffer, "-"
    else:
        path = Path(source)
        if path.is_dir():
            raise InputError(f"{path} is a directory", "give a license file")
        try:
            stream, origin = path.open("rb"), str(path)
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        data = stream.read(MAX_BYTES + 1)
        truncated = len(data) > MAX_BYTES
        if truncated:
            data = data[:MAX_BYTES]
            while stream.read(1 << 20):
                pass
    finally:
        if origin != "-":
            stream.close()
    return data, truncated, origin


def decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    sample = data[:8192]
    if b"\x00" in sample or _control_ratio(sample) > 0.1:
        raise InputError("not a text file", "paste a license text, a model card or a notice")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _control_ratio(sample: bytes) -> float:
    if not sample:
        return 0.0
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(sample)


def split_front_matter(text: str) -> tuple[dict, str, int]:
    """(front matter, rest, offset of rest). Invalid YAML is treated as text, not an error."""
    match = re.match(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", text, re.S)
    if not match:
        return {}, text, 0
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}, text, 0
    if not isinstance(data, dict):
        return {}, text, 0
    return data, text[match.end():], match.end()


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<body" in head or "<!doctype html" in head or len(re.findall(r"</(p|div|li|h\d)>", head)) >= 2


def html_to_text(text: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    for tag in soup(["script", "style", "head"]):
        tag.decompose()
    return soup.get_text("\n")


def read(source: str | Path | None) -> Pasted:
    data, truncated, origin = read_bytes(source)
    if not data.strip():
        raise InputError("nothing to identify", "the input is empty")
    return from_text(decode(data), origin, truncated)


def from_text(text: str, origin: str = "paste", truncated: bool = False) -> Pasted:
    """A text already in memory (a paste in the chat), prepared like a file."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        text, truncated = text.encode("utf-8", "surrogatepass")[:MAX_BYTES].decode("utf-8", "ignore"), True
    text = text.replace("\r\n", "\n")
    if not text.strip():
        raise InputError("nothing to identify", "the input is empty")
    if looks_like_html(text):
        text = html_to_text(text)
    front, rest, offset = split_front_matter(text)
    return Pasted(text=rest, front_matter=front, truncated=truncated, origin=origin, body_offset=offset)
