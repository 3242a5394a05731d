#!/usr/bin/env bash
# meter: does scan trace UK newspaper stories back to their Press Association
# wire story? METER corpus, scored by scripts/meter.py: of the newspaper
# stories paired with PA at all, the share whose best PA partner (by aligned
# containment) is from the same story folder is held to METER_MIN_TOP1, and
# the share of newspaper stories paired with a PA story of their folder to
# METER_MIN_RECALL. The scorer's selftest runs first and needs no corpus; the
# rest needs ../shared.
set -eu
METER_MIN_TOP1=${METER_MIN_TOP1:-0.95}
METER_MIN_RECALL=${METER_MIN_RECALL:-0}
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
WT=${WT:-$BUILD/wiretrace}
SHARED=${SHARED:-$(dirname "$PWD")/shared}
IN=$SHARED/corpus/meter_rawtexts/meter.jsonl.gz

python3 scripts/meter.py selftest >/dev/null || { python3 scripts/meter.py selftest; exit 1; }
echo "meter.py selftest ok"
[ -d "$SHARED/corpus" ] || { echo "skipped: ../shared absent"; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$WT" scan -q --format json -o "$tmp/r.json" "$IN"
# the table goes to stderr (shown), the figures as JSON to the file
python3 scripts/meter.py score "$IN" "$tmp/r.json" --json >"$tmp/s.json"
python3 - "$tmp/s.json" "$METER_MIN_TOP1" "$METER_MIN_RECALL" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
p, r = m["top1_precision"], m["recall"]
fails = []
if p is None or p < float(sys.argv[2]):
    fails.append(f"top-1 precision {p} < METER_MIN_TOP1 {sys.argv[2]}")
if r is None or r < float(sys.argv[3]):
    fails.append(f"recall {r} < METER_MIN_RECALL {sys.argv[3]}")
for f in fails:
    print("FAIL", f)
print(f"top-1 precision {p:.4f} over {m['paired']} paired, recall {r:.4f} of {m['eligible']} eligible")
sys.exit(1 if fails else 0)
PY
