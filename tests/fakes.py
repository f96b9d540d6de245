"""A scripted backend for unit tests: no model, answers from a list (or a function of the messages)."""

from __future__ import annotations

import json
import re

from explainer.backends.base import Backend


class FakeBackend(Backend):
    name = "fake"

    def __init__(self, replies=None, chunk: int = 7):
        super().__init__()
        self.replies = list(replies or [])
        self.calls: list[dict] = []
        self.chunk = chunk

    @property
    def model(self) -> str:
        return "fake-model"

    def execute(self, messages, schema=None):
        self.calls.append({"messages": messages, "schema": schema})
        reply = self.replies.pop(0) if self.replies else self.default(messages, schema)
        if callable(reply):
            reply = reply(messages, schema)
        if isinstance(reply, Exception):
            raise reply
        if not isinstance(reply, str):
            reply = json.dumps(reply)
        for i in range(0, len(reply), self.chunk):
            yield reply[i:i + self.chunk]

    @staticmethod
    def default(messages, schema):
        """A valid answer for whatever is asked: plain prose that starts as the prompt says (for explanations),
        or JSON that follows the schema."""
        if schema is None:
            prompt = messages[-1]["content"]
            match = re.search(r'(?:Start with|that say) "([^"]+)"', prompt)
            opening = match.group(1) if match else "In short"
            reason = re.search(r"(?:because: |Reason: )(.+)", prompt)  # a paraphraser that repeats the reason
            return f"{opening}, because {reason.group(1).strip() if reason else 'the license says so in its terms'}"
        props = (schema or {}).get("properties", {})
        data = {}
        if "verdict" in props:
            data["verdict"] = "conditional"
        if "conditions" in props:
            data["conditions"] = "some conditions"
        if "right" in props:
            data["right"] = props["right"]["enum"][0]
        if "rights" in props:
            names = props["rights"].get("required") or re.findall(r"^- (\w+):", messages[-1]["content"], re.M)
            data["rights"] = {n: {"verdict": "not_addressed", "reason": "r"} for n in names}
        if "explanation" in props:
            data["explanation"] = "A plain explanation."
        if "clause_ids" in props:
            data["clause_ids"] = props["clause_ids"]["items"]["enum"][:1]
        return data
