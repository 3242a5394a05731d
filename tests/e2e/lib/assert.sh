# shellcheck shell=bash
# tests/e2e/lib/assert.sh: helpers sourced by the end-to-end scripts in
# tests/e2e/*.sh (this file is not a test itself; tests/run.sh only runs
# tests/e2e/*.sh). A script sources it, runs its checks, and ends with
# `finish`: exit 0 when every check passed, 1 otherwise. Each failed check
# prints "FAIL <name>: <why>" with the last wiretrace command and its stderr.
#
#   wt ARGS...          run $WT ARGS; stdout -> $T/out, stderr -> $T/err,
#                       exit status -> $RC (stdin is inherited: use
#                       `wt scan - <file`, not a pipe, so $RC survives)
#   expect_rc NAME N    $RC is N
#   expect_err NAME RE  stderr of the last command matches the ERE RE
#   expect_out NAME RE  stdout of the last command matches the ERE RE
#   expect_empty NAME FILE      FILE is empty
#   expect_eq NAME GOT WANT     strings are equal
#   expect_same NAME F1 F2      files are byte-identical (shows a diff)
#   jcheck NAME FILE PY run the Python statements PY with d = the JSON
#                       document in FILE (strict UTF-8); an exception or a
#                       failed assert fails the check
#   jget FILE EXPR      print the Python expression EXPR over d
#   check NAME CMD...   CMD must exit 0 (its output is shown otherwise)
#   note TEXT           print a line (e.g. a sub-check skipped, and why)
#
# $T is a scratch directory removed on exit. Scripts run from the repository
# root with WT (path of the binary) and SHARED in the environment.
set -u
WT=${WT:-build/wiretrace}
SHARED=${SHARED:-../shared}
NCHECK=0
NFAIL=0
RC=0
LAST=
if ! command -v python3 >/dev/null 2>&1 || ! python3 -c '' 2>/dev/null; then
	echo "skipped: python3 is needed to inspect JSON reports"
	exit 77
fi
# resolve the interpreter once (a pyenv shim costs 0.1 s a call)
PY=$(python3 -c 'import sys; print(sys.executable)')
python3() { "$PY" "$@"; }
if [ ! -x "$WT" ]; then
	echo "FAIL: wiretrace binary '$WT' not found (run make first)"
	exit 1
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/wt-e2e.XXXXXX") || exit 1
_wt_cleanup() {
	chmod -R u+rwX "$T" 2>/dev/null
	rm -rf "$T"
}
trap _wt_cleanup EXIT
trap 'exit 130' INT TERM
: >"$T/out"
: >"$T/err"

wt() {
	LAST="wiretrace $*"
	"$WT" "$@" >"$T/out" 2>"$T/err"
	RC=$?
}

fail() {
	NFAIL=$((NFAIL + 1))
	printf 'FAIL %s: %s\n' "$1" "$2"
	if [ -n "$LAST" ]; then
		printf '    last command: %s (exit %s)\n' "$LAST" "$RC"
		if [ -s "$T/err" ]; then
			head -c 2000 "$T/err" | head -n 12 | sed 's/^/    stderr: /'
		else
			echo "    stderr: (empty)"
		fi
	fi
}

expect_rc() {
	NCHECK=$((NCHECK + 1))
	[ "$RC" = "$2" ] || fail "$1" "exit status $RC, expected $2"
}

expect_err() {
	NCHECK=$((NCHECK + 1))
	grep -Eq -- "$2" "$T/err" || fail "$1" "stderr does not match /$2/"
}

expect_out() {
	NCHECK=$((NCHECK + 1))
	grep -Eq -- "$2" "$T/out" ||
		fail "$1" "stdout does not match /$2/ (stdout: $(head -c 300 "$T/out"))"
}

expect_empty() {
	NCHECK=$((NCHECK + 1))
	[ ! -s "$2" ] || fail "$1" "$2 is not empty: $(head -c 300 "$2")"
}

expect_eq() {
	NCHECK=$((NCHECK + 1))
	[ "$2" = "$3" ] || fail "$1" "got '$2', expected '$3'"
}

expect_same() {
	NCHECK=$((NCHECK + 1))
	if ! cmp -s -- "$2" "$3"; then
		fail "$1" "$2 and $3 differ:"
		diff -u -- "$2" "$3" | head -n 30 | sed 's/^/    /'
	fi
}

check() {
	local name=$1
	shift
	NCHECK=$((NCHECK + 1))
	if ! "$@" >"$T/chk" 2>&1; then
		fail "$name" "'$*' failed: $(tail -n 5 "$T/chk")"
	fi
}

_JPY='
import json, sys
with open(sys.argv[1], encoding="utf-8", errors="strict") as f:
    d = json.load(f)
def pairs(x=None):
    """the (a, b) id pairs of a report"""
    return [(p["a"], p["b"]) for p in (d if x is None else x)["pairs"]]
def load(path):
    with open(path, encoding="utf-8", errors="strict") as f:
        return json.load(f)
exec(sys.argv[2])
'

jcheck() {
	NCHECK=$((NCHECK + 1))
	if ! python3 -c "$_JPY" "$2" "$3" >"$T/chk" 2>&1; then
		fail "$1" "$(tail -n 3 "$T/chk")"
	fi
}

jget() {
	python3 -c "$_JPY" "$1" "print($2)" 2>/dev/null
}

note() {
	echo "note: $*"
}

finish() {
	if [ "$NFAIL" -gt 0 ]; then
		echo "$NFAIL of $NCHECK checks failed"
		exit 1
	fi
	echo "all $NCHECK checks passed"
	exit 0
}
