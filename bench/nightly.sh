#!/bin/sh
# nightly: SaudiNewsNet as nightly batches (one per `date` day) added to an
# index one after another: per night the seconds, peak RSS, documents and
# the index's bytes on disk per document. By hand, never in make test.
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
printf '%-12s %6s %8s %9s %10s %12s\n' night docs seconds peak_MiB indexed bytes/doc
for f in "$W"/nights/*.jsonl; do
	n=$(wc -l <"$f")
	/usr/bin/time -f '%e %M' -o "$W/time" "$WT" index add -q --db "$W/db" \
		--format json -o /dev/null "$f" 2>/dev/null
	set -- $(cat "$W/time")
	"$WT" index stats --db "$W/db" --format json >"$W/stats.json"
	python3 - "$W/stats.json" "$(basename "$f" .jsonl)" "$n" "$1" "$2" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print("%-12s %6s %8s %9.0f %10d %12.0f" % (sys.argv[2], sys.argv[3], sys.argv[4],
      int(sys.argv[5]) / 1024, s["documents"], s["bytes_per_document"]))
PY
done
"$WT" index check --db "$W/db"
