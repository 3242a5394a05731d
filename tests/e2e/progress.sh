#!/usr/bin/env bash
# The progress line: shown on a terminal (documents, MB, MB/s, ETA when the
# input size is known), silenced by --quiet, absent when stderr is not a
# terminal (then only warnings and errors go there).
set -u
cd "$(dirname "$0")/../.."
WT=${WT:-build/wiretrace}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { if eval "$2"; then :; else echo "FAILED: $1"; fail=1; fi; }

# an input big enough to run well past the first progress tick (0.2 s)
# however fast the scan gets (150 copies, 140 MB: about a second)
for i in $(seq 150); do
	sed "s/\"id\": \"/\"id\": \"r$i-/" corpus/saudinewsnet-sample.jsonl
done >"$tmp/big.jsonl"

"$WT" scan -o "$tmp/out.txt" "$tmp/big.jsonl" 2>"$tmp/err"
check "no progress when stderr is a file" '[ ! -s "$tmp/err" ]'

command -v script >/dev/null || { echo "skipped: no 'script' to make a terminal"; exit 77; }
script -qec "$WT scan -o $tmp/out.txt $tmp/big.jsonl" /dev/null >"$tmp/tty" 2>&1
check "progress on a terminal" 'grep -q "docs .* MB/s .*ETA" "$tmp/tty"'
script -qec "$WT scan -q -o $tmp/out.txt $tmp/big.jsonl" /dev/null >"$tmp/tty" 2>&1
check "--quiet silences it" '! grep -q "MB/s" "$tmp/tty"'
exit $fail
