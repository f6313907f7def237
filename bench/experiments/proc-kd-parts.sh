#!/usr/bin/env bash
# ProC-KD on `parts` (32 px): a teacher (`global`, 4 classes = head colour × tail shape, 600 images)
# teaches students of another label space — tail shape alone — from few labels (200 images of new
# draws: 140 labelled training images). Students: `global` from scratch, `proc-kd` with plain logit
# distillation, and `proc-kd` with prototypes; test accuracy and AUC per seed (one teacher for all).
# Usage: bench/experiments/proc-kd-parts.sh [WORKDIR] [EPOCHS] [SEEDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
W="${1:-bench/results/proc-kd-parts}"
E="${2:-20}"
SEEDS="${3:-1 2 3}"
mkdir -p "$W"
S="sqlite:$W/store.db"
id() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['runId'])" "$W/$1.json"; }
[ -f "$W/teacher-data/manifest.json" ] || npx protoscope data generate parts --out "$W/teacher-data" --n 600 --seed 31 --size 32
[ -f "$W/student-data/manifest.json" ] || npx protoscope data generate parts --out "$W/student-data" --n 200 --seed 32 --size 32 --label-space tail
[ -s "$W/teacher.json" ] || nice -n 10 npx protoscope train --method global --data "$W/teacher-data" --store "$S" --seed 1 --batch-size 32 --epochs "$E" --json --name teacher | tail -n 1 > "$W/teacher.json"
[ -s "$W/eval-teacher.json" ] || npx protoscope evaluate --run "$(id teacher)" --store "$S" --images split:test --suite classification --json | tail -n 1 > "$W/eval-teacher.json"
TEACHER="$(id teacher)"
for seed in $SEEDS; do
  for variant in scratch logit prototype; do
    name="$variant-s$seed"
    if [ "$variant" = scratch ]; then method=global; config='{}'; else method=proc-kd; config="{\"teacher\":\"$TEACHER\",\"distillation\":\"$variant\"}"; fi
    [ -s "$W/$name.json" ] || nice -n 10 npx protoscope train --method "$method" --data "$W/student-data" --store "$S" --seed "$seed" --batch-size 32 --epochs "$E" --config "$config" --json --name "$name" | tail -n 1 > "$W/$name.json"
    [ -s "$W/eval-$name.json" ] || npx protoscope evaluate --run "$(id "$name")" --store "$S" --images split:test --suite classification --json | tail -n 1 > "$W/eval-$name.json"
  done
done
T=bench/experiments/seed-table.mjs
node $T "teacher test accuracy (4 classes)=accuracy" "$W/eval-teacher.json"
for variant in scratch logit prototype; do
  files() { for s in $SEEDS; do echo "$W/eval-$variant-s$s.json"; done; }
  # shellcheck disable=SC2046
  node $T "student $variant test accuracy=accuracy" $(files) -- "student $variant test AUC=auc" $(files)
done
