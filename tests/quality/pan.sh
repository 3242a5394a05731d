#!/usr/bin/env bash
# pan: passage-level quality of scan on AraPlagDet (PAN external plagiarism
# detection, Arabic) with the PAN measures of scripts/pan.py: the first
# PAN_SUBSET suspicious documents and the sources they use, scanned, scored,
# and the "none" (verbatim copy) cases held to the floors below. The scorer's
# selftest runs first and needs no corpus; the rest needs ../shared.
set -eu
PAN_MIN_NONE_P=${PAN_MIN_NONE_P:-0.95}
PAN_MIN_NONE_R=${PAN_MIN_NONE_R:-0.95}
PAN_SUBSET=${PAN_SUBSET:-100}
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
WT=${WT:-$BUILD/wiretrace}
SHARED=${SHARED:-$(dirname "$PWD")/shared}
TAR=$SHARED/corpus/araplagdet_epd_subset/araplagdet_epd_subset.tar.gz

python3 scripts/pan.py selftest >/dev/null || { python3 scripts/pan.py selftest; exit 1; }
echo "pan.py selftest ok"
[ -d "$SHARED/corpus" ] || { echo "skipped: ../shared absent"; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 scripts/pan.py prep "$TAR" "$tmp/in.jsonl" --subset "$PAN_SUBSET"
"$WT" scan -q --format json -o "$tmp/r.json" "$tmp/in.jsonl"
# the table goes to stderr (shown), the figures as JSON to the file
python3 scripts/pan.py score "$TAR" "$tmp/r.json" --subset "$PAN_SUBSET" --json >"$tmp/s.json"
python3 - "$tmp/s.json" "$PAN_MIN_NONE_P" "$PAN_MIN_NONE_R" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
none = m["types"]["none"]
fails = []
if none["precision"] is None or none["precision"] < float(sys.argv[2]):
    fails.append(f"none precision {none['precision']} < PAN_MIN_NONE_P {sys.argv[2]}")
if none["recall"] < float(sys.argv[3]):
    fails.append(f"none recall {none['recall']} < PAN_MIN_NONE_R {sys.argv[3]}")
if m["bad_offsets"] or m["duplicate_passages"]:  # the JSON contract, not a tuning matter
    fails.append(f"{m['bad_offsets']} bad passage offsets, {m['duplicate_passages']} duplicate passages")
for f in fails:
    print("FAIL", f)
print(f"none: precision {none['precision']:.4f} recall {none['recall']:.4f}; "
      f"all: plagdet {m['plagdet']:.4f}")
sys.exit(1 if fails else 0)
PY
