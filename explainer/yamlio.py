"""YAML for the corpus data files: libyaml's C loader when PyYAML has it (several times faster on the 100+ cards
and the registry read at every start), the pure-Python safe loader otherwise. Both are safe loaders."""

from __future__ import annotations

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(source):
    """Parse YAML text or an open file."""
    return yaml.load(source, Loader=_LOADER)  # noqa: S506 - a safe loader, C or Python
