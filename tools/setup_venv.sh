#!/usr/bin/env bash
# Create or refresh .venv/ at the repository root with mmssl and its test
# requirements. Idempotent: reinstalls only when requirements change.
#   MMSSL_TORCH  pip spec for torch when none is installed yet. Default: the
#                CUDA build on machines with nvidia-smi, torch==2.13.0 (the CPU
#                wheel this project's CPU machines provide) elsewhere.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="${PYTHON:-python3}"

[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check)

if ! "$VENV/bin/python" -c 'import torch' 2>/dev/null; then
    if command -v nvidia-smi >/dev/null 2>&1; then
        spec="${MMSSL_TORCH:-torch}"
    else
        spec="${MMSSL_TORCH:-torch==2.13.0}"
    fi
    echo "[setup_venv] installing $spec"
    "${PIP[@]}" install -q "$spec"
fi

stamp="$VENV/.mmssl-requirements"
want="$(cat "$ROOT"/requirements/*.txt "$ROOT/setup.py" | sha1sum | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "[setup_venv] installing mmssl and requirements"
    "${PIP[@]}" install -q -e "$ROOT[tests]" 2>&1 | grep -v '^WARNING: Location' || true
    "$VENV/bin/python" -c 'import mmssl' >/dev/null
    echo "$want" > "$stamp"
fi
