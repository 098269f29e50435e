#!/usr/bin/env bash
# The demo: on a fresh machine, set up .venv/, generate the toy dataset,
# pre-train TransRank (slim R3D-18, frame-difference input) on it on the CPU,
# evaluate the pretext accuracy on held-out videos, compare nearest-neighbour
# retrieval of the pre-trained backbone with the same backbone randomly
# initialised, and print where everything is. About 4 minutes on 2 cores.
#   bash tools/run_demo.sh [extra tools/train.py args]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash tools/setup_venv.sh
PY="$ROOT/.venv/bin/python"
CONFIG=configs/transrank/r3d18_toy_rgbdiff.py
RETRIEVAL=configs/benchmarks/retrieval/r3d18_toy_rgbdiff.py
WORK_DIR=work_dirs/demo

if [ ! -f data/toy/val.txt ]; then
    "$PY" tools/data/toy/generate_toy_dataset.py --out data/toy
fi
"$PY" tools/train.py "$CONFIG" --work-dir "$WORK_DIR/pretrain" "$@"
CHECKPOINT="$(cat "$WORK_DIR/pretrain/last_checkpoint")"
"$PY" tools/test.py "$CONFIG" "$CHECKPOINT" --work-dir "$WORK_DIR/test"
rm -rf "$WORK_DIR/retrieval_random" "$WORK_DIR/retrieval_pretrained"
"$PY" tools/test.py "$RETRIEVAL" --work-dir "$WORK_DIR/retrieval_random"
"$PY" tools/test.py "$RETRIEVAL" --work-dir "$WORK_DIR/retrieval_pretrained" \
    --cfg-options model.backbone_checkpoint="$CHECKPOINT"

latest_json() { ls -t "$1"/*/*.json | head -n 1; }
echo
echo "checkpoint: $CHECKPOINT"
echo "logs:       $(ls -td "$WORK_DIR"/pretrain/*/ | head -n 1)"
"$PY" - "$(latest_json "$WORK_DIR/test")" \
    "$(latest_json "$WORK_DIR/retrieval_random")" \
    "$(latest_json "$WORK_DIR/retrieval_pretrained")" <<'PYEOF'
import json
import sys

pretext, random_init, pretrained = (json.load(open(p)) for p in sys.argv[1:])
print(f'results:    {sys.argv[1]}')
print('held-out pretext accuracy (chance 25 %): rank_acc '
      f'{pretext["pretext/temporal/rank_acc"]:.1f} %, clip_acc '
      f'{pretext["pretext/temporal/clip_acc"]:.1f} %')
print('toy retrieval (RGBDiff, val queries train):')
for name, metrics in (('random init', random_init),
                      ('TransRank', pretrained)):
    recalls = ', '.join(f'R@{k} {metrics[f"retrieval/rgbdiff/R@{k}"]:.1f}'
                        for k in (1, 5, 10))
    print(f'  {name:<12} {recalls}')
PYEOF
