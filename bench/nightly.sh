#!/bin/sh
# nightly: SaudiNewsNet as nightly batches (one per `date` day) added to an
# index one after another: per night the seconds, peak RSS (anonymous and
# file-backed, bench/peak.py), documents and the index's bytes on disk per
# document. By hand, never in make test.
#   bench/nightly.sh [SNN.jsonl.gz] [WORKDIR]
set -eu
WT=${WT:-build/wiretrace}
SNN=${1:-../shared/corpus/saudinewsnet/saudinewsnet.jsonl.gz}
W=${2:-$(mktemp -d)}
mkdir -p "$W/nights"
python3 - "$SNN" "$W/nights" <<'PY'
import gzip, json, sys, os
out = {}
for line in gzip.open(sys.argv[1], "rt", encoding="utf-8"):
    day = (json.loads(line).get("date") or "none")[:10]
    out.setdefault(day, []).append(line)
for day, lines in out.items():
    with open(os.path.join(sys.argv[2], day + ".jsonl"), "w", encoding="utf-8") as f:
        f.writelines(lines)
PY
rm -rf "$W/db"
printf '%-12s %6s %8s %9s %9s %9s %10s %12s\n' night docs seconds peak_MiB \
	anon_MiB file_MiB indexed bytes/doc
for f in "$W"/nights/*.jsonl; do
	n=$(wc -l <"$f")
	python3 "$(dirname "$0")/peak.py" -o "$W/time" -- "$WT" index add -q \
		--db "$W/db" --format json -o /dev/null "$f" 2>/dev/null
	set -- $(cat "$W/time")
	"$WT" index stats --db "$W/db" --format json >"$W/stats.json"
	python3 - "$W/stats.json" "$(basename "$f" .jsonl)" "$n" "$@" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
night, docs, secs, peak, anon, filed = sys.argv[2:8]
print("%-12s %6s %8s %9.0f %9.0f %9.0f %10d %12.0f" % (night, docs, secs,
      int(peak) / 1024, int(anon) / 1024, int(filed) / 1024, s["documents"],
      s["bytes_per_document"]))
PY
done
"$WT" index check --db "$W/db"
