"""What identification returns: the license found (or not), its evidence, and how the pasted text differs."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Passage:
    text: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass
class Identification:
    key: str | None
    name: str | None
    confidence: float
    coverage: float
    evidence: list[str]
    closest: list[dict]
    additions: list[Passage] = field(default_factory=list)
    removals: list[dict] = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)
    references: list[dict] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def known(self) -> bool:
        return self.key is not None

    def to_dict(self) -> dict:
        return {
            "key": self.key,
            "name": self.name,
            "confidence": round(self.confidence, 4),
            "coverage": round(self.coverage, 4),
            "closest": self.closest,
            "evidence": self.evidence,
            "additions": [a.to_dict() for a in self.additions],
            "removals": self.removals,
            "changes": self.changes,
            "references": self.references,
            "conflicts": self.conflicts,
            "warnings": self.warnings,
        }
