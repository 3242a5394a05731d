#!/usr/bin/env bash
# Run every test of wiretrace: unit binaries, end-to-end scripts, fuzz
# corpus replay, quality checks against the exact oracle. A test passes
# with exit 0, is skipped with exit 77 (e.g. ../shared is absent), and fails
# otherwise. The last line is "N passed, N failed, N skipped".
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
export BUILD WT=$BUILD/wiretrace SHARED=${SHARED:-../shared}
LOG=$(mktemp -d)
trap 'rm -rf "$LOG"' EXIT
pass=0 fail=0 skip=0

run() {
	local name=$1
	shift
	local t0=$SECONDS
	"$@" >"$LOG/out" 2>&1
	local rc=$?
	if [ $rc = 0 ]; then
		pass=$((pass + 1))
		printf 'ok      %s (%ss)\n' "$name" $((SECONDS - t0))
	elif [ $rc = 77 ]; then
		skip=$((skip + 1))
		printf 'skipped %s: %s\n' "$name" "$(tail -n 1 "$LOG/out")"
	else
		fail=$((fail + 1))
		printf 'FAILED  %s (exit %s)\n' "$name" $rc
		tail -n 40 "$LOG/out" | sed 's/^/        /'
	fi
}

for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	run "unit/${t##*/}" "$t"
done
for t in "$BUILD"/tests/fuzz_*; do
	[ -x "$t" ] || continue
	name=${t##*/fuzz_}
	run "fuzz-replay/$name" "$t" tests/fuzz/corpus/"$name"
done
for t in tests/e2e/*.sh tests/quality/*.sh; do
	[ -f "$t" ] || continue
	run "${t#tests/}" bash "$t"
done
echo "$pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
