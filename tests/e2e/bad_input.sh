#!/usr/bin/env bash
# bad_input: wiretrace scan on hostile or broken input and bad options. Each
# case checks the exit status and what the message says (which file, which
# line, which option). Run from the repository root with WT=build/wiretrace.
# shellcheck source=tests/e2e/lib/assert.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/assert.sh"

SEEDS=(corpus/seeds/*.txt)
S0=${SEEDS[0]} S1=${SEEDS[1]} S2=${SEEDS[2]}
expect_eq "corpus has 5 seed articles" "${#SEEDS[@]}" 5

# a JSONL line {"id": ID, "text": <file>} (UTF-8 kept as is)
jsonl_doc() {
	python3 -c 'import json,sys
t = open(sys.argv[2], encoding="utf-8").read()
print(json.dumps({"id": sys.argv[1], "text": t}, ensure_ascii=False))' "$1" "$2"
}

########################################################################
# invalid UTF-8
########################################################################
mkdir "$T/utf8"
cp "$S0" "$T/utf8/orig.txt"
# a real copy with 3 invalid sequences: 0xFF in the middle (between words),
# and 0xFF 0xFE at the end
python3 - "$S0" "$T/utf8/bad.txt" <<'EOF'
import sys
b = open(sys.argv[1], "rb").read()
i = b.index(b" ", len(b) // 2)
b = b[:i] + b" \xff " + b[i + 1:] + b"\n\xff\xfe\n"
open(sys.argv[2], "wb").write(b)
EOF
wt scan -q --format json "$T/utf8"
expect_rc "utf8/txt: exit 0" 0
cp "$T/out" "$T/utf8.json"
jcheck "utf8/txt: stats.invalid_utf8 counts the 3 sequences" "$T/utf8.json" '
assert d["stats"]["invalid_utf8"] == 3, d["stats"]'
jcheck "utf8/txt: both files are documents" "$T/utf8.json" '
assert d["stats"]["documents"] == 2, d["stats"]'
jcheck "utf8/txt: copy with invalid bytes paired with the original" "$T/utf8.json" '
assert pairs() == [("bad.txt", "orig.txt")], pairs()
assert d["pairs"][0]["jaccard"] >= 0.95, d["pairs"][0]'
wt scan -q "$T/utf8"
expect_rc "utf8/txt text format: exit 0" 0
expect_out "utf8/txt text format: header counts the invalid sequences" \
	'3 invalid UTF-8 sequences replaced'

# the same in a JSONL text field: raw invalid bytes inside the JSON string
python3 - "$S1" "$T/utf8.jsonl" <<'EOF'
import json, sys
t = open(sys.argv[1], encoding="utf-8").read()
clean = json.dumps({"id": "clean", "text": t}, ensure_ascii=False).encode()
dirty = json.dumps({"id": "dirty", "text": t}, ensure_ascii=False).encode()
i = dirty.index(b" ", len(dirty) // 2)
dirty = dirty[:i] + b" \xfe\xff \x80 " + dirty[i + 1:]
other = b'{"id":"short","text":"\xc3 x"}'
open(sys.argv[2], "wb").write(clean + b"\n" + dirty + b"\n" + other + b"\n")
EOF
wt scan -q --format json "$T/utf8.jsonl"
expect_rc "utf8/jsonl: exit 0" 0
cp "$T/out" "$T/utf8j.json"
jcheck "utf8/jsonl: stats.invalid_utf8 counts the 4 sequences" "$T/utf8j.json" '
assert d["stats"]["invalid_utf8"] == 4, d["stats"]
assert d["stats"]["documents"] == 3, d["stats"]'
jcheck "utf8/jsonl: dirty copy paired with the clean one" "$T/utf8j.json" '
assert pairs() == [("clean", "dirty")], pairs()'
jcheck "utf8/jsonl: the report stays valid UTF-8 (U+FFFD in place)" "$T/utf8j.json" '
assert d["stats"]["too_short_ids"] == ["short"], d["stats"]'

# JSON escapes that are not Unicode scalar values (lone surrogates) and a
# byte order mark cost a U+FFFD or nothing, not the record
printf '{"id":"s","text":"one two \\ud800 three \\udc00\\ud83d four five six"}\n' >"$T/sur.jsonl"
check "utf8/the file holds lone surrogate escapes" grep -q 'ud800' "$T/sur.jsonl"
wt scan -q --format json "$T/sur.jsonl"
expect_rc "utf8/lone surrogate escapes: exit 0" 0
jcheck "utf8/lone surrogate escapes: each of the 3 counted as invalid, the document read" "$T/out" '
s = d["stats"]
assert s["documents"] == 1 and s["skipped"] == 0 and s["invalid_utf8"] == 3, s'
mkdir "$T/bom"
printf '\xef\xbb\xbf{"id":"a","text":"one two three four five six"}\n{"id":"b","text":"one two three four five six"}\n' >"$T/bom/bom.jsonl"
printf '\xef\xbb\xbfseven eight nine ten eleven twelve' >"$T/bom/bom.txt"
printf 'seven eight nine ten eleven twelve' >"$T/bom/nobom.txt"
wt scan -q --format json "$T/bom"
expect_rc "utf8/byte order marks: exit 0" 0
jcheck "utf8/byte order marks: ignored in JSONL and .txt" "$T/out" '
assert d["stats"]["documents"] == 4 and d["stats"]["skipped"] == 0, d["stats"]
assert pairs() == [("a", "b"), ("bom.txt", "nobom.txt")], pairs()'

########################################################################
# NUL bytes and binary files
########################################################################
python3 - "$S1" "$T/nul.jsonl" <<'EOF'
import json, sys
t = open(sys.argv[1], encoding="utf-8").read()
w = t.split(" ")
with open(sys.argv[2], "w") as f:
    f.write(json.dumps({"id": "plain", "text": t}) + "\n")
    # \u0000 between two words and glued inside a third
    f.write(json.dumps({"id": "nul", "text": " ".join(w[:40]) + "\u0000"
                        + " ".join(w[40:]) + " x\u0000y",
                        "title": "T\u0000itle\u001b[2J"}) + "\n")
EOF
check "nul/jsonl: the file holds \\u0000 escapes" grep -q 'u0000' "$T/nul.jsonl"
wt scan -q --format json "$T/nul.jsonl"
expect_rc "nul/jsonl: exit 0" 0
cp "$T/out" "$T/nul.json"
jcheck "nul/jsonl: both documents read, and paired" "$T/nul.json" '
assert d["stats"]["documents"] == 2, d["stats"]
assert pairs() == [("nul", "plain")], pairs()'
jcheck "nul/jsonl: the title keeps its NUL, escaped, in JSON" "$T/nul.json" '
t = [x for x in d["documents"] if x["id"] == "nul"][0]["title"]
assert t == "T\x00itle\x1b[2J", repr(t)'
wt scan -q "$T/nul.jsonl"
expect_rc "nul/jsonl text format: exit 0" 0
check "nul/jsonl text format: no control bytes reach the terminal" \
	python3 -c 'import sys
b = open(sys.argv[1], "rb").read()
bad = [c for c in b if (c < 0x20 and c != 10) or c == 0x7f]
assert not bad, bad' "$T/out"

mkdir "$T/bin"
cp "$S0" "$S1" "$T/bin/"
gzip -n -c "$S2" >"$T/bin/zipped.txt"
wt scan -q --format json "$T/bin"
expect_rc "binary/gzip named .txt: exit 0" 0
expect_err "binary/gzip named .txt: warning names the file" \
	'warning: .*bin/zipped\.txt.*not a text file'
jcheck "binary/gzip named .txt: stats.binary 1, the 2 others read" "$T/out" '
assert d["stats"]["binary"] == 1, d["stats"]
assert d["stats"]["documents"] == 2, d["stats"]
assert d["stats"]["skipped"] == 0, d["stats"]'
rm "$T/bin/zipped.txt"
# 4096 pseudo-random bytes (fixed seed: the test stays deterministic)
python3 -c 'import random, sys
open(sys.argv[1], "wb").write(random.Random(7).randbytes(4096))' "$T/bin/noise.txt"
wt scan -q --format json "$T/bin"
expect_rc "binary/random bytes named .txt: exit 0" 0
expect_err "binary/random bytes named .txt: warning names the file" \
	'warning: .*bin/noise\.txt'
jcheck "binary/random bytes named .txt: stats.binary 1" "$T/out" '
assert d["stats"]["binary"] == 1 and d["stats"]["documents"] == 2, d["stats"]'
wt scan -q --format json "$T/bin/noise.txt"
expect_rc "binary/a single binary .txt path: exit 0" 0
expect_err "binary/a single binary .txt path: warning names it" 'noise\.txt'
jcheck "binary/a single binary .txt path: binary 1, no document" "$T/out" '
assert d["stats"]["binary"] == 1 and d["stats"]["documents"] == 0, d["stats"]'

########################################################################
# empty input
########################################################################
mkdir "$T/empty"
cp "$S0" "$T/empty/a.txt"
: >"$T/empty/empty.txt"
wt scan -q --format json "$T/empty"
expect_rc "empty/.txt of 0 bytes: exit 0" 0
jcheck "empty/.txt of 0 bytes: too_short, id in too_short_ids" "$T/out" '
s = d["stats"]
assert s["documents"] == 2 and s["too_short"] == 1, s
assert s["too_short_ids"] == ["empty.txt"], s'
wt scan -q "$T/empty"
expect_rc "empty/text format: exit 0" 0
expect_out "empty/text format lists it as too short" '^  empty\.txt'
wt scan -q --format json "$T/empty/empty.txt"
expect_rc "empty/a single empty .txt path: exit 0" 0
jcheck "empty/a single empty .txt path: too short" "$T/out" '
assert d["stats"]["too_short_ids"] == ["empty.txt"], d["stats"]'
: >"$T/empty.jsonl"
wt scan -q --format json "$T/empty.jsonl"
expect_rc "empty/JSONL of 0 bytes: exit 0" 0
jcheck "empty/JSONL of 0 bytes: no documents, no pairs" "$T/out" '
assert d["stats"]["documents"] == 0 and d["pairs"] == [] and d["clusters"] == [], d'
printf '\n  \n\t\n' >"$T/blank.jsonl"
wt scan -q --format json "$T/blank.jsonl"
expect_rc "empty/JSONL of blank lines: exit 0" 0
jcheck "empty/JSONL of blank lines: no documents" "$T/out" '
assert d["stats"]["documents"] == 0 and d["stats"]["skipped"] == 0, d["stats"]'
wt scan -q --format csv - </dev/null
expect_rc "empty/empty stdin: exit 0" 0
expect_eq "empty/empty stdin: CSV is the header alone" "$(cat "$T/out")" \
	"a,b,kind,jaccard,containment_a,containment_b,shared,aligned_a,aligned_b,passages"
printf '{"id":"e","text":""}\n{"id":"f","text":"one two"}\n' >"$T/emptytext.jsonl"
wt scan -q --format json "$T/emptytext.jsonl"
expect_rc "empty/JSONL empty text: exit 0" 0
jcheck "empty/JSONL empty and short texts are too_short" "$T/out" '
assert d["stats"]["too_short_ids"] == ["e", "f"], d["stats"]'

########################################################################
# document size cap
########################################################################
size=$(wc -c <"$S0")
wt scan -q --format json --max-doc-size "$size" "$S0"
expect_rc "cap/a file of exactly --max-doc-size bytes is accepted" 0
wt scan -q --max-doc-size $((size - 1)) "$S0"
expect_rc "cap/one byte over --max-doc-size: exit 2" 2
expect_err "cap/one byte over: message names the file and the option" \
	"${S0##*/}.*--max-doc-size"
wt scan -q --max-doc-size 1K --on-error skip --format json "$S0"
expect_rc "cap/K suffix, --on-error skip: exit 0" 0
jcheck "cap/K suffix, --on-error skip: skipped 1" "$T/out" '
assert d["stats"]["skipped"] == 1 and d["stats"]["documents"] == 0, d["stats"]'
printf '{"id":"t","text":"%s"}\n' "$(head -c 1000 /dev/zero | tr '\0' a)" >"$T/cap.jsonl"
wt scan -q --format json --max-doc-size 1000 "$T/cap.jsonl"
expect_rc "cap/JSONL text of exactly the cap is accepted" 0
wt scan -q --max-doc-size 999 "$T/cap.jsonl"
expect_rc "cap/JSONL text one byte over the cap: exit 2" 2
expect_err "cap/JSONL text over the cap: names file:line and the option" \
	'cap\.jsonl:1:.*--max-doc-size'
# A text under the cap must not be refused because its JSON line is longer
# than the text: json.dumps escapes every Arabic letter as \uXXXX (6 bytes
# for 2 bytes of UTF-8), so a 180,000-byte Arabic text is a 500,000-byte
# line. With --max-doc-size 200K the document is under the cap.
python3 - "$T" <<'EOF'
import json, sys
t = "\u0643\u062a\u0627\u0628 " * 20000
assert len(t.encode()) == 180000
with open(sys.argv[1] + "/ar-ascii.jsonl", "w") as f:
    f.write(json.dumps({"id": "ar", "text": t}) + "\n")
with open(sys.argv[1] + "/ar-utf8.jsonl", "w") as f:
    f.write(json.dumps({"id": "ar", "text": t}, ensure_ascii=False) + "\n")
EOF
wt scan -q --format json --max-doc-size 200K "$T/ar-utf8.jsonl"
expect_rc "cap/180 KB Arabic text, raw UTF-8 JSON, cap 200K: accepted" 0
wt scan -q --format json --max-doc-size 200K "$T/ar-ascii.jsonl"
expect_rc "cap/180 KB Arabic text, \\u-escaped JSON, cap 200K: accepted" 0
rm -f "$T"/ar-*.jsonl
# A long string of \u escapes is read in one pass: each escape once sent
# the search for the closing quote over the rest of the line again, and
# this 12 MB line (2M escapes) took hours. A minute is ample either way.
python3 - "$T/esc.jsonl" <<'EOF'
import json, sys
text = " ".join(["كلمة عربية طويلة"] * 160000)
with open(sys.argv[1], "w") as f:
    f.write(json.dumps({"id": "e1", "text": text}) + "\n")
    f.write(json.dumps({"id": "e2", "text": text}) + "\n")
EOF
LAST="timeout 60 wiretrace scan -q --format json $T/esc.jsonl"
timeout 60 "$WT" scan -q --format json "$T/esc.jsonl" >"$T/out" 2>"$T/err"
RC=$?
expect_rc "escapes/a 12 MB line of \\u escapes is read in time" 0
jcheck "escapes/its two documents are an exact pair" "$T/out" '
assert pairs() == [("e1", "e2")] and d["pairs"][0]["kind"] == "exact", pairs()'
rm -f "$T/esc.jsonl"

# 200 MiB documents: a .txt and one JSONL line, beside small documents
big_ok=1
avail_kb=$(df -Pk "$T" | awk 'NR == 2 {print $4}')
if [ "${avail_kb:-0}" -lt $((1024 * 1024)) ]; then
	big_ok=0
	note "sub-check skipped: 200 MB documents (less than 1 GB free in $T)"
fi
if [ $big_ok = 1 ]; then
	python3 - "$T" <<'EOF'
import sys
n = 200 << 20
words = b"alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu "
chunk = words * 8192
def body(f):
    left = n
    while left > 0:
        c = chunk[:left]
        f.write(c)
        left -= len(c)
with open(sys.argv[1] + "/big.txt", "wb") as f:
    body(f)
with open(sys.argv[1] + "/big.jsonl", "wb") as f:
    f.write(b'{"id":"small1","text":"one two three four five six seven eight"}\n')
    f.write(b'{"id":"big","text":"')
    body(f)
    f.write(b'"}\n')
    f.write(b'{"id":"small2","text":"one two three four five six seven nine"}\n')
EOF
	check "big/the .txt is 200 MiB" test "$(wc -c <"$T/big.txt")" -eq $((200 << 20))
	memcheck=0
	if [ -x /usr/bin/time ] && /usr/bin/time -f %M -o "$T/mem" true 2>/dev/null; then
		memcheck=1
	else
		note "sub-check skipped: peak memory (/usr/bin/time is absent)"
	fi
	# twt MAXKB ARGS...: wt under /usr/bin/time when present; checks the
	# peak resident size stays under MAXKB
	twt() {
		local max=$1
		shift
		if [ $memcheck = 1 ]; then
			LAST="wiretrace $*"
			/usr/bin/time -f %M -o "$T/mem" "$WT" "$@" >"$T/out" 2>"$T/err"
			RC=$?
			local kb
			kb=$(tail -n 1 "$T/mem")
			NCHECK=$((NCHECK + 1))
			[ "$kb" -lt "$max" ] 2>/dev/null ||
				fail "big/peak memory of '$*'" "$kb KB, limit $max KB"
		else
			wt "$@"
		fi
	}
	for f in big.txt big.jsonl; do
		where=$f
		[ $f = big.jsonl ] && where='big\.jsonl:2'
		twt $((400 * 1024)) scan -q --format json "$T/$f"
		expect_rc "big/$f over the default 64 MiB cap: exit 2" 2
		expect_err "big/$f refused: message names the file" "$where"
		expect_err "big/$f refused: message mentions --max-doc-size" '--max-doc-size'
		expect_empty "big/$f refused: no report" "$T/out"
		twt $((400 * 1024)) scan -q --on-error skip --format json "$T/$f"
		expect_rc "big/$f, --on-error skip: exit 0" 0
		expect_err "big/$f, --on-error skip: still reported" "$where"
		jcheck "big/$f, --on-error skip: skipped 1" "$T/out" '
assert d["stats"]["skipped"] == 1, d["stats"]'
	done
	jcheck "big/big.jsonl, --on-error skip: the small documents are there" "$T/out" '
assert d["stats"]["documents"] == 2, d["stats"]
assert pairs() == [("small1", "small2")], pairs()'
	rm -f "$T/big.txt"
	# Accepting it costs about 10x its size in memory: only where there is room.
	mem_kb=$(awk '/^MemAvailable:/ {print $2}' /proc/meminfo 2>/dev/null)
	if grep -q __asan_init "$WT" 2>/dev/null; then
		note "sub-check skipped: --max-doc-size 300M (sanitizer build)"
	elif [ "${mem_kb:-0}" -lt $((5 * 1024 * 1024)) ]; then
		note "sub-check skipped: --max-doc-size 300M (less than 5 GB available)"
	else
		wt scan -q --format json --max-doc-size 300M "$T/big.jsonl"
		expect_rc "big/--max-doc-size 300M accepts the 200 MiB document" 0
		jcheck "big/--max-doc-size 300M: 3 documents, 200 MiB of text" "$T/out" '
s = d["stats"]
assert s["documents"] == 3 and s["skipped"] == 0, s
assert s["bytes"] >= 200 << 20, s'
	fi
	rm -f "$T/big.jsonl"
fi

########################################################################
# malformed JSON
########################################################################
{
	jsonl_doc a "$S0"
	jsonl_doc b "$S0"
	printf '{"id":"c","text":"broken\n'
	jsonl_doc d "$S1"
	jsonl_doc e "$S1"
} >"$T/x.jsonl"
wt scan -q --format json "$T/x.jsonl"
expect_rc "malformed: exit 2" 2
expect_err "malformed: message names file:line" 'x\.jsonl:3:'
expect_err "malformed: message says malformed JSON" '[Mm]alformed'
expect_err "malformed: message suggests --on-error skip" '--on-error skip'
expect_empty "malformed: no report" "$T/out"
wt scan -q --format json --on-error skip "$T/x.jsonl"
expect_rc "malformed, --on-error skip: exit 0" 0
expect_err "malformed, --on-error skip: still reported with file:line" 'x\.jsonl:3:'
jcheck "malformed, --on-error skip: skipped 1, the 4 others all there" "$T/out" '
s = d["stats"]
assert s["skipped"] == 1 and s["documents"] == 4, s
assert pairs() == [("a", "b"), ("d", "e")], pairs()'
# a failed scan does not create (or truncate) the -o file
wt scan -q -o "$T/report.json" "$T/x.jsonl"
expect_rc "malformed with -o: exit 2" 2
check "malformed with -o: no report file created" test ! -e "$T/report.json"
# 150 bad records: each counted, the messages stop after 100
{
	for i in $(seq 150); do echo "bad$i"; done
	jsonl_doc ok "$S0"
} >"$T/manybad.jsonl"
wt scan -q --on-error skip --format json "$T/manybad.jsonl"
expect_rc "malformed x150, --on-error skip: exit 0" 0
jcheck "malformed x150, --on-error skip: 150 skipped, 1 read" "$T/out" '
assert d["stats"]["skipped"] == 150 and d["stats"]["documents"] == 1, d["stats"]'
expect_err "malformed x150: the 100th message is there" 'manybad\.jsonl:100:'
expect_err "malformed x150: then further messages are suppressed" 'suppressed'
check "malformed x150: at most 101 lines on stderr" test "$(wc -l <"$T/err")" -le 101
# line numbers count blank lines; a JSONL inside a directory is named by path
mkdir "$T/mdir"
printf '{"id":"a","text":"x"}\n\n[1,2]\n' >"$T/mdir/y.jsonl"
wt scan -q "$T/mdir"
expect_rc "malformed/not an object: exit 2" 2
expect_err "malformed/not an object: names dir/file:line (blank lines count)" \
	'mdir/y\.jsonl:3:'
expect_err "malformed/not an object: says so" "object|'\{' expected"
printf '{"id":"a","text":"x"} trailing\n' >"$T/trail.jsonl"
wt scan -q "$T/trail.jsonl"
expect_rc "malformed/trailing garbage: exit 2" 2
expect_err "malformed/trailing garbage: names file:line" 'trail\.jsonl:1:'
gzip -n -c corpus/saudinewsnet-sample.jsonl | head -c 100000 >"$T/trunc.jsonl.gz"
wt scan -q "$T/trunc.jsonl.gz"
expect_rc "malformed/truncated gzip: exit 2" 2
expect_err "malformed/truncated gzip: names the file" 'trunc\.jsonl\.gz'
wt scan -q --on-error skip --format json "$T/trunc.jsonl.gz"
expect_rc "malformed/truncated gzip, --on-error skip: exit 0" 0
jcheck "malformed/truncated gzip, --on-error skip: what came before is read" "$T/out" '
assert d["stats"]["documents"] > 50 and d["stats"]["skipped"] == 1, d["stats"]'

########################################################################
# missing or mistyped fields
########################################################################
mf() { # NAME LINE2 FIELD: line 1 good, line 2 bad
	printf '{"id":"ok","text":"one two three"}\n%s\n' "$2" >"$T/f.jsonl"
	wt scan -q "$T/f.jsonl"
	expect_rc "fields/$1: exit 2" 2
	expect_err "fields/$1: message names file:line" 'f\.jsonl:2:'
	expect_err "fields/$1: message names the field \"$3\"" "\"$3\"|$3 is"
}
mf 'missing "text"' '{"id":"x"}' text
mf 'missing "id"' '{"text":"a b c"}' id
mf 'text is a number' '{"id":"x","text":5}' text
mf 'text is null' '{"id":"x","text":null}' text
mf 'text is an array' '{"id":"x","text":["a b"]}' text
mf 'id is an object' '{"id":{"k":1},"text":"a"}' id
mf 'id is empty' '{"id":"","text":"a"}' id
mf 'id holds a NUL' '{"id":"a\u0000b","text":"a"}' id
printf '{"doc":"x","text":"a"}\n{"doc":"y","body":"a"}\n' >"$T/f.jsonl"
wt scan -q --text-field body --id-field doc "$T/f.jsonl"
expect_rc "fields/--text-field body, missing: exit 2" 2
expect_err "fields/--text-field body, missing: names file:line" 'f\.jsonl:1:'
expect_err "fields/--text-field body, missing: names the field" 'body'
printf '{"id":"a","text":"one two"}\n{"id":"b"}\n{"text":"c"}\n{"id":"d","text":7}\n{"id":"e","text":"x"}\n' >"$T/f.jsonl"
wt scan -q --on-error skip --format json "$T/f.jsonl"
expect_rc "fields/--on-error skip: exit 0" 0
jcheck "fields/--on-error skip: 3 skipped, 2 read" "$T/out" '
s = d["stats"]
assert s["skipped"] == 3 and s["documents"] == 2, s'
printf '{"id":42,"text":"one two three four five six"}\n{"id":"42","text":"one two three four five six"}\n' >"$T/num.jsonl"
wt scan -q "$T/num.jsonl"
expect_rc "fields/numeric id 42 and string id \"42\" are the same id: exit 2" 2
expect_err "fields/numeric id: duplicate reported" 'duplicate id "42"'

########################################################################
# duplicate ids
########################################################################
mkdir "$T/dup"
{
	printf '{"id":"k","text":"%s"}\n' "the first copy of k has these words in it"
	printf '{"id":"m","text":"%s"}\n' "the first copy of k has these words in it"
} >"$T/dup/1.jsonl"
{
	printf '{"id":"z","text":"%s"}\n' "something else entirely that stands alone here"
	printf '{"id":"k","text":"%s"}\n' "the second copy of k is another text with other words"
	printf '{"id":"n","text":"%s"}\n' "the second copy of k is another text with other words"
} >"$T/dup/2.jsonl"
wt scan -q --format json "$T/dup"
expect_rc "dupid/two files: exit 2" 2
expect_err "dupid/two files: names the id" 'duplicate id "k"'
expect_err "dupid/two files: names the second place file:line" 'dup/2\.jsonl:2'
expect_err "dupid/two files: names the first place file:line" 'dup/1\.jsonl:1'
expect_empty "dupid/two files: no report" "$T/out"
wt scan -q --format json --on-error skip "$T/dup"
expect_rc "dupid/two files, --on-error skip: exit 0" 0
jcheck "dupid/two files, --on-error skip: the first k kept, the second skipped" "$T/out" '
assert d["stats"]["skipped"] == 1 and d["stats"]["documents"] == 4, d["stats"]
assert pairs() == [("k", "m")], pairs()'
printf '{"id":"k","text":"a"}\n{"id":"q","text":"b"}\n{"id":"k","text":"c"}\n' >"$T/same.jsonl"
wt scan -q "$T/same.jsonl"
expect_rc "dupid/same file: exit 2" 2
expect_err "dupid/same file: names both lines" 'same\.jsonl:3.*same\.jsonl:1|same\.jsonl:1.*same\.jsonl:3'
wt scan -q "$T/utf8.jsonl" "$T/utf8.jsonl"
expect_rc "dupid/the same path twice: exit 2" 2
expect_err "dupid/the same path twice: names the file" 'utf8\.jsonl:1'
wt scan -q "$T/utf8" "$T/utf8"
expect_rc "dupid/the same directory twice: exit 2" 2
expect_err "dupid/the same directory twice: names the .txt file" \
	'duplicate id "bad\.txt".*utf8/bad\.txt'

########################################################################
# missing and unreadable paths
########################################################################
wt scan -q "$T/no-such-dir"
expect_rc "path/missing: exit 2" 2
expect_err "path/missing: names it" "$T/no-such-dir"
expect_err "path/missing: says why" 'No such file'
wt scan -q --format json "$T/utf8" "$T/no-such.jsonl"
expect_rc "path/missing after a good one: exit 2" 2
expect_err "path/missing after a good one: names it" 'no-such\.jsonl'
expect_empty "path/missing after a good one: no report" "$T/out"
mkdir "$T/link"
cp "$S0" "$T/link/a.txt"
ln -s "$T/nowhere" "$T/link/dangling.txt"
wt scan -q "$T/link"
expect_rc "path/dangling symlink in a directory: exit 2" 2
expect_err "path/dangling symlink: names it" 'link/dangling\.txt'
wt scan -q --on-error skip --format json "$T/link"
expect_rc "path/dangling symlink, --on-error skip: exit 0" 0
jcheck "path/dangling symlink, --on-error skip: skipped 1" "$T/out" '
assert d["stats"]["skipped"] == 1 and d["stats"]["documents"] == 1, d["stats"]'

# chmod 000 does not stop root: run as nobody through setpriv when root
mkdir -p "$T/perm/locked"
cp "$S0" "$T/perm/a.txt"
cp "$S1" "$T/perm/secret.txt"
cp "$S1" "$T/perm/locked/b.txt"
chmod 000 "$T/perm/secret.txt"
as_user=()
if [ -r "$T/perm/secret.txt" ]; then
	if command -v setpriv >/dev/null 2>&1 &&
		setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
		as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
		chmod 755 "$T" "$T/perm"
		chmod 644 "$T/perm/a.txt"
	else
		as_user=(none)
		note "sub-check skipped: unreadable files (running as root, no setpriv)"
	fi
fi
if [ "${as_user[0]:-}" != none ]; then
	pwt() {
		LAST="${as_user[*]} wiretrace $*"
		"${as_user[@]}" "$WT" "$@" --tmpdir "$T/ptmp" >"$T/out" 2>"$T/err"
		RC=$?
	}
	mkdir -p "$T/ptmp"
	chmod 1777 "$T/ptmp"
	chmod 755 "$T/perm/locked"
	pwt scan -q "$T/perm"
	expect_rc "perm/unreadable file in a directory: exit 2" 2
	expect_err "perm/unreadable file: names it" 'perm/secret\.txt'
	expect_err "perm/unreadable file: says why" 'Permission denied'
	pwt scan -q --on-error skip --format json "$T/perm"
	expect_rc "perm/unreadable file, --on-error skip: exit 0" 0
	jcheck "perm/unreadable file, --on-error skip: skipped 1, 2 read" "$T/out" '
assert d["stats"]["skipped"] == 1 and d["stats"]["documents"] == 2, d["stats"]'
	pwt scan -q "$T/perm/secret.txt"
	expect_rc "perm/unreadable file as the argument: exit 2" 2
	expect_err "perm/unreadable file as the argument: names it" 'secret\.txt'
	rm -f "$T/perm/secret.txt"
	chmod 000 "$T/perm/locked"
	pwt scan -q "$T/perm"
	expect_rc "perm/unreadable subdirectory: exit 2" 2
	expect_err "perm/unreadable subdirectory: names it" 'perm/locked'
	chmod 755 "$T/perm/locked"
fi

########################################################################
# writing the report fails
########################################################################
if [ -w /dev/full ]; then
	for fmt in text json csv; do
		wt scan -q --format $fmt -o /dev/full "$T/utf8"
		expect_rc "full/-o /dev/full ($fmt): exit 1" 1
		expect_err "full/-o /dev/full ($fmt): names the file" '/dev/full'
		expect_err "full/-o /dev/full ($fmt): says the write failed" \
			'[Ww]rit.*(fail|No space)'
	done
	LAST="wiretrace scan -q $T/utf8 >/dev/full"
	"$WT" scan -q "$T/utf8" >/dev/full 2>"$T/err"
	RC=$?
	expect_rc "full/stdout is /dev/full: exit 1" 1
	expect_err "full/stdout is /dev/full: says the write failed" \
		'standard output.*(fail|No space)'
	LAST="wiretrace scan -q --format json corpus/ >/dev/full"
	"$WT" scan -q --format json corpus/ >/dev/full 2>"$T/err"
	RC=$?
	expect_rc "full/stdout is /dev/full, report larger than a buffer: exit 1" 1
else
	note "sub-check skipped: /dev/full is absent"
fi
wt scan -q -o "$T/no-such-dir/report.txt" "$T/utf8"
expect_rc "output/-o in a missing directory: exit 1" 1
expect_err "output/-o in a missing directory: names the file" 'no-such-dir/report\.txt'
wt scan -q --tmpdir "$T/no-such-tmp" "$T/utf8"
expect_rc "output/--tmpdir missing: exit 1" 1
expect_err "output/--tmpdir missing: message names the directory" 'no-such-tmp'

########################################################################
# bad options: exit 2, a message naming the option, no report
########################################################################
bad() { # NAME PATTERN ARGS...
	local name=$1 pat=$2
	shift 2
	wt scan -q "$@" "$T/utf8"
	expect_rc "options/$name: exit 2" 2
	expect_err "options/$name: message" "$pat"
	expect_empty "options/$name: no report" "$T/out"
}
bad "--threshold 0" "invalid value '0' for --threshold" --threshold 0
bad "--threshold 1.5" "invalid value '1\.5' for --threshold" --threshold 1.5
bad "--threshold -0.5" "--threshold" --threshold -0.5
bad "--threshold abc" "--threshold" --threshold abc
bad "--threshold nan" "--threshold" --threshold nan
bad "--perm 0" "invalid value '0' for --perm" --perm 0
bad "--perm 1025" "--perm" --perm 1025
bad "--format xml" "invalid value 'xml' for --format" --format xml
bad "--bands without --rows" "--bands and --rows" --bands 4
bad "--rows without --bands" "--bands and --rows" --rows 4
bad "--bands x --rows over --perm" "exceeds --perm" --bands 50 --rows 3
bad "--shingle 0" "--shingle" --shingle 0
bad "--shingle 65" "--shingle" --shingle 65
bad "--seed -1" "--seed" --seed -1
bad "--bucket-cap 0" "--bucket-cap" --bucket-cap 0
bad "--on-error ignore" "--on-error" --on-error ignore
bad "--max-doc-size 0" "--max-doc-size" --max-doc-size 0
bad "--max-doc-size 3X" "--max-doc-size" --max-doc-size 3X
bad "--id-field empty" "--id-field" --id-field ''
bad "--min-passage 0" "invalid value '0' for --min-passage" --min-passage 0
bad "--min-passage abc" "--min-passage" --min-passage abc
bad "--min-passage 4294967296" "--min-passage" --min-passage 4294967296
bad "--min-passage below --shingle" "--min-passage \(4\) is shorter than --shingle" \
	--min-passage 4
bad "--min-passage below --shingle 8" "--min-passage.*--shingle" --shingle 8 \
	--min-passage 7
bad "--fp-df-cap 1" "invalid value '1' for --fp-df-cap" --fp-df-cap 1
bad "--fp-df-cap -3" "--fp-df-cap" --fp-df-cap -3
bad "unknown option" "unrecognized option|--bogus" --bogus
# Valid values (help: --perm 1..1024, 0 < T <= 1) whose combination leaves
# no LSH shape with P(T) >= 0.99: a usage error (2) with a message naming
# the options, not a failure (1) saying "invalid argument".
bad "--perm 1 (no LSH shape for threshold 0.5)" "--perm|--threshold|--bands" --perm 1
bad "--threshold 0.001 (no LSH shape with 128 slots)" "--perm|--threshold|--bands" \
	--threshold 0.001
wt scan -q
expect_rc "options/no input: exit 2" 2
expect_err "options/no input: message" 'no input'
wt
expect_rc "options/no command: exit 2" 2
expect_err "options/no command: usage on stderr" 'usage: wiretrace'
wt frobnicate
expect_rc "options/unknown command: exit 2" 2
expect_err "options/unknown command: names it" "frobnicate"

########################################################################
# --help
########################################################################
for h in --help -h help; do
	wt $h
	expect_rc "help/wiretrace $h: exit 0" 0
	expect_out "help/wiretrace $h: lists scan" '^  scan '
	expect_empty "help/wiretrace $h: nothing on stderr" "$T/err"
done
wt --version
expect_rc "help/--version: exit 0" 0
version=$(sed -n 's/^wiretrace //p' "$T/out")
jcheck "help/--version matches the JSON report" "$T/utf8.json" "
assert d['wiretrace'] == '$version', (d['wiretrace'], '$version')"
wt scan -h
expect_rc "help/scan -h: exit 0" 0
wt scan --help
expect_rc "help/scan --help: exit 0" 0
expect_empty "help/scan --help: nothing on stderr" "$T/err"
expect_out "help/scan --help: usage line" '^usage: wiretrace scan'
cp "$T/out" "$T/help.txt"
# Every long option of the option table, and for those taking a value the
# default in brackets after it; the defaults shown are those in effect.
check "help/every long option of cmd_scan.c is documented with its default" \
	python3 - "$T/help.txt" src/cli/cmd_scan.c <<'EOF'
import re, sys
help = open(sys.argv[1]).read()
want = {"format": "text", "output": "standard output", "threshold": "0.5",
        "shingle": "5", "perm": "128", "bands": "from threshold",
        "rows": "from threshold", "seed": "0", "bucket-cap": "100",
        "on-error": "fail", "max-doc-size": "64M", "id-field": "id",
        "text-field": "text", "source-field": "source", "url-field": "url",
        "date-field": "date", "title-field": "title", "tmpdir": "TMPDIR", "spool-map": "1G",
        "threads": "online cores", "min-passage": "15", "fp-df-cap": "100",
        "boilerplate-pages": "5", "boilerplate-words": "4",
        "show-boilerplate": None,
        "no-reuse": None, "no-boilerplate": None, "quiet": None, "help": None}
try:
    src = open(sys.argv[2]).read()
    table = re.findall(r'\{"([a-z-]+)",\s*(required_argument|no_argument)', src)
except OSError:
    table = []
# the table is shared with index add/query and dedup, whose own options
# their --help documents (checked in index.sh and dedup.sh)
others = {"db", "replace", "no-text", "dropped", "commit-every"}
opts = {n: (a == "required_argument") for n, a in table if n not in others}
for n, d in want.items():
    opts.setdefault(n, d is not None)
errors = []
for n, arg in sorted(opts.items()):
    # the option's own line (prose may name it earlier), else any mention
    # (--text-field and others share the line of --id-field)
    m = (re.search(r"^ +(?:-\w, )?--" + re.escape(n) + r"\b", help, re.M) or
         re.search(r"--" + re.escape(n) + r"\b", help))
    if not m:
        errors.append("--%s is not in scan --help" % n)
        continue
    if not arg:
        continue
    b = re.compile(r"\[([^\]]*)\]").search(help, m.end())
    if not b:
        errors.append("--%s: no [default]" % n)
    elif n not in want:
        errors.append("--%s: new option, add its default to this test" % n)
    elif want[n] not in b.group(1):
        errors.append("--%s: default [%s], expected %s" % (n, b.group(1), want[n]))
assert not errors, errors
EOF
jcheck "help/the defaults shown are those in effect" "$T/utf8.json" '
p = d["params"]
assert (p["shingle"], p["perm"], p["threshold"], p["seed"]) == (5, 128, 0.5, 0), p
assert (p["bands"], p["rows"]) == (42, 3), p
assert p["min_passage"] == 15, p'

finish
