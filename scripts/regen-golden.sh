#!/usr/bin/env bash
# regen-golden: rewrite the expected outputs of tests/e2e/golden.sh
# (tests/e2e/golden/corpus.{txt,json,csv}) from the current binary, like
# zstd's --set-exact-output, then print what changed.
#
#   scripts/regen-golden.sh [-q | -v]
#     -q  only the one-line summary per file
#     -v  the whole diff of each changed file (default: its first 60 lines)
#
# WT names the binary (default: build it with `make`, use build/wiretrace).
# The golden checks still run on the new files: a nonzero exit means the
# new output breaks one of them (e.g. two seed articles are now paired);
# look before committing. Review the diff: a changed golden file is a
# changed output contract.
set -u
cd "$(dirname "$0")/.." || exit 1
mode=short
case "${1:-}" in
-q) mode=quiet ;;
-v) mode=full ;;
"") ;;
*)
	echo "usage: scripts/regen-golden.sh [-q | -v]" >&2
	exit 2
	;;
esac
if [ -z "${WT:-}" ]; then
	make -s >&2 || exit 1
	WT=build/wiretrace
fi
export WT SHARED=${SHARED:-../shared}
G=tests/e2e/golden
old=$(mktemp -d)
trap 'rm -rf "$old"' EXIT
[ -d "$G" ] && cp -p "$G"/corpus.* "$old"/ 2>/dev/null

WT_GOLDEN_REGEN=1 bash tests/e2e/golden.sh >"$old/log" 2>&1
rc=$?
grep -v '^wrote ' "$old/log" | grep -v '^all .* checks passed$'

changed=0
for ext in txt json csv; do
	f=$G/corpus.$ext
	if [ ! -f "$f" ]; then
		echo "$f: not written"
		changed=1
	elif [ ! -f "$old/corpus.$ext" ]; then
		echo "$f: new ($(wc -l <"$f") lines)"
		changed=1
	elif cmp -s "$old/corpus.$ext" "$f"; then
		echo "$f: unchanged"
	else
		changed=1
		diff -u "$old/corpus.$ext" "$f" >"$old/diff"
		add=$(tail -n +3 "$old/diff" | grep -c '^+')
		del=$(tail -n +3 "$old/diff" | grep -c '^-')
		echo "$f: changed, +$add -$del lines"
		case $mode in
		short) head -n 60 "$old/diff" | sed 's/^/    /' ;;
		full) sed 's/^/    /' "$old/diff" ;;
		esac
	fi
done
if [ $rc != 0 ]; then
	echo "the golden checks fail on the new output (exit $rc): see above"
	exit 1
fi
[ $changed = 0 ] && echo "golden files up to date" || echo "golden files rewritten: review the diff"
exit 0
