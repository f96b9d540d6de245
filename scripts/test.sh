#!/usr/bin/env bash
# The whole suite. pytest exit 5 (no tests collected) is a failure here, as it should be.
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python -m pytest "$@"
