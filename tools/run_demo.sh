#!/usr/bin/env bash
# The demo: on a fresh machine, set up .venv/, generate the toy dataset,
# pre-train TransRank (R3D-18, slim) on it on the CPU, evaluate the pretext
# accuracy on held-out videos and print where everything is.
#   bash tools/run_demo.sh [extra tools/train.py args]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash tools/setup_venv.sh
PY="$ROOT/.venv/bin/python"
CONFIG=configs/transrank/r3d18_toy.py
WORK_DIR=work_dirs/demo

if [ ! -f data/toy/val.txt ]; then
    "$PY" tools/data/toy/generate_toy_dataset.py --out data/toy
fi
"$PY" tools/train.py "$CONFIG" --work-dir "$WORK_DIR/pretrain" "$@"
CHECKPOINT="$(cat "$WORK_DIR/pretrain/last_checkpoint")"
"$PY" tools/test.py "$CONFIG" "$CHECKPOINT" --work-dir "$WORK_DIR/test"

RESULTS="$(ls -t "$WORK_DIR"/test/*/*.json | head -n 1)"
echo
echo "checkpoint: $CHECKPOINT"
echo "logs:       $(ls -td "$WORK_DIR"/pretrain/*/ | head -n 1)"
echo "results:    $RESULTS"
cat "$RESULTS"
echo
