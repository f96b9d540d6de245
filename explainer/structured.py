"""Structured model output: parse and validate JSON (one repair retry lives in the caller), and pull one string
field out of a JSON stream while it is still arriving, so the explanation can be shown as it is written."""

from __future__ import annotations

import json
import re

_FENCE = re.compile(r"^\s*```(?:json)?\s*|\s*```\s*$", re.I)


class ParseError(ValueError):
    pass


def _first_object(text: str) -> str:
    text = _FENCE.sub("", text.strip())
    start = text.find("{")
    if start < 0:
        raise ParseError("no JSON object in the model output")
    depth, in_string, escaped = 0, False, False
    for i in range(start, len(text)):
        char = text[i]
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return text[start:i + 1]
    raise ParseError("the JSON object in the model output is not closed")


def parse(text: str, schema: dict) -> dict:
    """The first JSON object in `text`, validated against `schema`."""
    try:
        data = json.loads(_first_object(text), strict=False)
    except json.JSONDecodeError as exc:
        raise ParseError(f"invalid JSON: {exc.msg}") from exc
    if not isinstance(data, dict):
        raise ParseError("the model output is not a JSON object")
    import jsonschema  # imported when a model answer is parsed: it costs seconds at start-up otherwise

    try:
        jsonschema.validate(data, schema)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "the answer"
        raise ParseError(f"{where}: {exc.message[:200]}") from exc
    return data


class FieldStream:
    """Feed raw JSON chunks; get back the newly decoded characters of one top-level string field."""

    def __init__(self, field: str):
        self.key = f'"{field}"'
        self.buffer = ""
        self.state = "seek"  # seek -> value -> done
        self.position = 0
        self.escape = ""
        self.high = ""  # a high surrogate from \uD8xx waiting for its low half

    def feed(self, chunk: str) -> str:
        self.buffer += chunk
        out: list[str] = []
        while self.state != "done":
            if self.state == "seek":
                at = self.buffer.find(self.key, self.position)
                if at < 0:
                    return ""
                rest = self.buffer[at + len(self.key):]
                match = re.match(r'\s*:\s*"', rest)
                if not match:
                    if re.match(r"\s*(:\s*)?$", rest):
                        return ""  # the colon or the quote is still to come
                    self.position = at + 1
                    continue
                self.position = at + len(self.key) + match.end()
                self.state = "value"
            if self.position >= len(self.buffer):
                break
            char = self.buffer[self.position]
            self.position += 1
            if self.escape:
                self.escape += char
                decoded = self._decode_escape()
                if decoded is not None:
                    out.append(self._pair(decoded))
                continue
            if char == "\\":
                self.escape = "\\"
            elif char == '"':
                self.state = "done"
            else:
                out.append(self._pair("") + char)
        return "".join(out)

    def _pair(self, decoded: str) -> str:
        """Join a UTF-16 surrogate pair written as two escapes (JSON's way of writing non-BMP characters)."""
        if decoded and "\ud800" <= decoded <= "\udbff":
            held, self.high = self.high, decoded
            return held
        if self.high:
            held, self.high = self.high, ""
            if decoded and "\udc00" <= decoded <= "\udfff":
                return (held + decoded).encode("utf-16", "surrogatepass").decode("utf-16")
            return held + decoded
        return decoded

    def _decode_escape(self) -> str | None:
        sequence = self.escape
        if sequence.startswith("\\u"):
            if len(sequence) < 6:
                return None
            self.escape = ""
            try:
                return chr(int(sequence[2:6], 16))
            except ValueError:
                return ""
        self.escape = ""
        return {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "/": "/", "r": "\r", "b": "\b", "f": "\f"}.get(sequence[1], "")
