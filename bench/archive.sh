#!/bin/sh
# archive: a large generated corpus as an index archive plus one night.
# All lines but the last NIGHT are added to WORKDIR/db in chunks of CHUNK
# documents (skipped when WORKDIR/db is already built), then the last NIGHT
# documents are added as tonight's batch: seconds, peak RSS (and its
# anonymous and file-backed parts, bench/peak.py), the index's
# bytes on disk per document, and the time of index check. The built
# archive is kept as WORKDIR/db.archive so that the night can be rerun on a
# copy of it. By hand only.
#   python3 bench/datagen.py --docs 1000000 --seed 1 --reuse splice \
#       --out /tmp/g1m.jsonl --truth /tmp/g1m.truth.tsv
#   [ARGS=--no-reuse] bench/archive.sh /tmp/g1m.jsonl /tmp/archive [NIGHT [CHUNK]]
# The generated corpus reuses its ~33k pool articles ~30 times at 1M
# documents, so passage-reuse pairs grow with the square of the archive
# (2.6M for the second 100k chunk); ARGS=--no-reuse measures the index.
set -eu
WT=${WT:-build/wiretrace}
ARGS=${ARGS:-} # more options of every add, e.g. --no-reuse
IN=$1
W=$2
NIGHT=${3:-30000}
CHUNK=${4:-100000}
mkdir -p "$W"
total=$(wc -l <"$IN")
keep=$((total - NIGHT))
[ "$keep" -gt 0 ] || { echo "archive: $IN has only $total lines" >&2; exit 2; }

run() { # label file: one add, timed
	python3 "$(dirname "$0")/peak.py" -o "$W/time" -- "$WT" index add -q --db "$W/db" $ARGS \
		--format json -o "$W/report.json" "$2" 2>"$W/err" ||
		{ cat "$W/err" >&2; exit 1; }
	set -- "$1" "$(wc -l <"$2")" $(cat "$W/time")
	"$WT" index stats --db "$W/db" --format json >"$W/stats.json"
	python3 - "$W/stats.json" "$W/report.json" "$@" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
pairs = len(json.load(open(sys.argv[2])).get("pairs", []))
label, docs, secs, peak, anon, filed = sys.argv[3:9]
print("%-10s %7s %8s %9.0f %9.0f %9.0f %9d %10d %10.0f" % (label, docs, secs,
      int(peak) / 1024, int(anon) / 1024, int(filed) / 1024, pairs,
      s["documents"], s["bytes_per_document"]), flush=True)
PY
}

printf '%-10s %7s %8s %9s %9s %9s %9s %10s %10s\n' batch docs seconds peak_MiB \
	anon_MiB file_MiB pairs indexed bytes/doc
if [ ! -e "$W/db.archive" ]; then
	rm -rf "$W/db" "$W/chunks"
	mkdir -p "$W/chunks"
	head -n "$keep" "$IN" | split -l "$CHUNK" -d -a 3 --additional-suffix=.jsonl - "$W/chunks/"
	for f in "$W"/chunks/*.jsonl; do
		run "$(basename "$f" .jsonl)" "$f"
		rm -f "$f"
	done
	mv "$W/db" "$W/db.archive"
fi
rm -rf "$W/db"
cp -r "$W/db.archive" "$W/db"
tail -n "$NIGHT" "$IN" >"$W/night.jsonl"
run night "$W/night.jsonl"
/usr/bin/time -f 'index check: %e s, peak %M KiB' "$WT" index check --db "$W/db"
