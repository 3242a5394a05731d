# bench/lib.sh, sourced by the bench scripts: their settings and the
# generated corpora (bench/datagen.py --seed 1 --reuse reword), made once
# into BENCH_DIR (default ${TMPDIR:-/tmp}/wiretrace-bench).
BUILD=${BUILD:-build}
WT=$BUILD/wiretrace
SHARED=${SHARED:-../shared}
RUNS=${RUNS:-3}
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/wiretrace-bench}
[ -x /usr/bin/time ] || { echo "bench: needs /usr/bin/time (Debian package 'time')" >&2; exit 1; }

# N documents -> the corpus's path on stdout (its truth file beside it)
gen_corpus() {
	local f=$BENCH_DIR/gen$1.jsonl
	if [ ! -f "$f" ]; then
		mkdir -p "$BENCH_DIR"
		echo "generating $f (once)..." >&2
		python3 bench/datagen.py --docs "$1" --seed 1 --reuse reword \
			--shared "$SHARED" --out "$f.part" --truth "${f%.jsonl}.truth.tsv" >&2
		mv "$f.part" "$f"
	fi
	echo "$f"
}
