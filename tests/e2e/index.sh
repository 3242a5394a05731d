#!/usr/bin/env bash
# index: `wiretrace index add|query|stats|expire|check` end to end: creating
# and re-adding (idempotent), the same id with other content (--replace),
# parameters fixed at creation, query storing nothing, expire, check finding
# damage, kill -9 during add (every commit whole, a rerun finishes), queries
# while an add runs, a full disk (file size limit), stats as text.
# shellcheck source=tests/e2e/lib/assert.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/assert.sh"

JSONL=corpus/saudinewsnet-sample.jsonl
S=$T/data
mkdir -p "$S"

# slices and variants of the sample; the counts the checks expect
python3 - "$JSONL" "$S" >"$T/counts" <<'EOF' || { echo "FAIL: cannot prepare the inputs"; exit 1; }
import json, sys
src, out = sys.argv[1], sys.argv[2]
lines = [l for l in open(src, encoding="utf-8") if l.strip()]
docs = [json.loads(l) for l in lines]
def write(name, ds):
    with open(f"{out}/{name}", "w", encoding="utf-8") as f:
        for d in ds:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
write("A.jsonl", docs[:150])            # the first night
write("B.jsonl", docs[150:250])         # the next one
write("AB.jsonl", docs[:250])
write("small.jsonl", docs[250:260])     # ten more
write("H300.jsonl", docs[:300])
write("T10.jsonl", docs[300:310])
# the id of A's first document with other content
c = dict(docs[0])
c["text"] = "نص مختلف تماما عن نص المقال الأصلي في هذه التجربة " * 20
write("C.jsonl", [c])
# a document without a date: expire keeps it
u = dict(docs[-1])
del u["date"]
u["id"] = "undated-1"
u["text"] += " بلا تاريخ"
write("U.jsonl", [u])
# four copies with their own ids and a word more: 4 x 352 distinct
big = []
for k in range(4):
    for d in docs:
        e = dict(d)
        e["id"] = "%s-c%d" % (d["id"], k)
        e["text"] = d["text"] + " نسخة %d" % k
        big.append(e)
write("BIG.jsonl", big)
ids = [d["id"] for d in docs]
assert len(set(ids)) == len(ids)
print(len(docs), len(big), sum(1 for d in docs if d.get("date", "") < "2015-07-25"),
      docs[0]["id"])
EOF
read -r NALL NBIG NEARLY A0 <"$T/counts"
A=$S/A.jsonl B=$S/B.jsonl AB=$S/AB.jsonl SMALL=$S/small.jsonl
expect_eq "the sample has 352 documents" "$NALL" 352

# wtt: wt with a time limit (an index left locked must fail, not stall)
wtt() {
	LAST="wiretrace $*"
	timeout -k 5 120 "$WT" "$@" >"$T/out" 2>"$T/err"
	RC=$?
}

# stats DIR FILE: index stats --format json of DIR into FILE
stats() {
	wtt index stats --db "$1" --format json
	cp "$T/out" "$2"
	NCHECK=$((NCHECK + 1))
	[ "$RC" = 0 ] || fail "stats of $1" "exit status $RC"
}

# same_state NAME FILE1 FILE2: two stats reports agree on everything but
# the blocks the file system allocated
same_state() {
	jcheck "$1" "$2" "
b = load('$3')
for x in (d, b):
    x.pop('disk_bytes')
assert d == b, {k: (b.get(k), d[k]) for k in d if d[k] != b.get(k)}"
}

# docs FILE: the documents an index holds (stats --format json)
docs() {
	wtt index stats --db "$1" --format json
	jget "$T/out" "d['documents']"
}

# the options of index add and query are in index --help; each belongs
# to its commands only
wtt index --help
expect_rc "help: exit 0" 0
for o in --db --replace --no-text --commit-every --before --format; do
	expect_out "help: $o documented" "^ +$o|$o "
done
wtt index query --db "$T/none" --commit-every 10 "$A"
expect_rc "help: query refuses --commit-every" 2
expect_err "help: query says --commit-every is not its option" "commit-every is not an option"
wtt scan --commit-every 10 corpus
expect_rc "help: scan refuses --commit-every" 2
wtt index add --db "$T/none" --commit-every 0 corpus
expect_rc "help: --commit-every 0 is refused" 2

########################################################################
# 1. create, then add the same file again: nothing changes
########################################################################
D1=$T/d1
wtt index add --db "$D1" --format json -o "$T/r1.json" "$A"
expect_rc "create: exit 0" 0
expect_err "create: stderr says 150 added" "150 added"
jcheck "create: the report counts 150 new documents" "$T/r1.json" '
st = d["stats"]
assert st["documents"] == 150 and st["index_already_present"] == 0, st'
stats "$D1" "$T/s1.json"
jcheck "create: stats holds 150 documents of one run" "$T/s1.json" '
assert d["documents"] == 150 and d["runs"] == 1, d
assert d["first_date"].startswith("2015-07-2") and d["last_date"] >= d["first_date"], d'

wtt index add --db "$D1" --format json -o "$T/r2.json" "$A"
expect_rc "re-add: exit 0" 0
expect_err "re-add: stderr says 150 already indexed, 0 added" "150 already indexed, 0 added"
jcheck "re-add: index_already_present == 150, nothing read as new, no pairs" "$T/r2.json" '
st = d["stats"]
assert st["index_already_present"] == 150, st
assert st["documents"] == 0, st
assert pairs() == [], pairs()[:5]'
stats "$D1" "$T/s2.json"
same_state "re-add: stats unchanged (documents, runs, entries, bytes used)" \
	"$T/s2.json" "$T/s1.json"

########################################################################
# 4. query stores nothing (before 2 and 3, on the index of A)
########################################################################
wtt index query --db "$D1" --format json -o "$T/q.json" "$B"
expect_rc "query: exit 0" 0
expect_err "query: stderr says 100 queried" "100 queried"
jcheck "query: pairs between A and B, each with a document of B" "$T/q.json" "
a = set(json.loads(l)['id'] for l in open('$A', encoding='utf-8'))
b = set(json.loads(l)['id'] for l in open('$B', encoding='utf-8'))
ps = pairs()
assert any((x in a and y in b) or (x in b and y in a) for x, y in ps), ps[:5]
assert all(x in b or y in b for x, y in ps), [p for p in ps if p[0] in a and p[1] in a]
assert d['stats']['index_documents_compared'] > 0, d['stats']"
stats "$D1" "$T/s3.json"
same_state "query: stats unchanged" "$T/s3.json" "$T/s1.json"
wtt index query --db "$D1" --format json -o "$T/q2.json" "$B"
jcheck "query again: the same pairs, B still new" "$T/q2.json" "
assert d['pairs'] == load('$T/q.json')['pairs']
assert d['stats']['index_already_present'] == 0, d['stats']"

wtt index query --db "$T/nowhere" "$B"
expect_rc "query on a missing --db: exit 2" 2
expect_err "query on a missing --db: says there is no index" "no index"
expect_err "query on a missing --db: says add creates one" "index add --db DIR.? creates one"
check "query on a missing --db: creates nothing" test ! -e "$T/nowhere"
mkdir "$T/emptydir"
wtt index query --db "$T/emptydir" "$B"
expect_rc "query on an empty directory: exit 2" 2
expect_err "query on an empty directory: says there is no index" "no index"
wtt index stats --db "$T/nowhere"
expect_rc "stats on a missing --db: exit 2" 2
wtt index check --db "$T/nowhere"
expect_rc "check on a missing --db: exit 2" 2

# A and B together: the 150 of A are passed over, B is added, and the
# report is the query's (no pair between two documents of A)
wtt index add --db "$D1" --format json -o "$T/r3.json" "$AB"
expect_rc "add A+B: exit 0" 0
expect_err "add A+B: stderr says 150 already indexed, 100 added" "150 already indexed, 100 added"
jcheck "add A+B: no pair between two old documents; the query's pairs" "$T/r3.json" "
a = set(json.loads(l)['id'] for l in open('$A', encoding='utf-8'))
assert d['stats']['index_already_present'] == 150, d['stats']
assert not [p for p in pairs() if p[0] in a and p[1] in a], [p for p in pairs() if p[0] in a and p[1] in a][:5]
assert pairs() == pairs(load('$T/q.json')), (len(pairs()), len(pairs(load('$T/q.json'))))"
stats "$D1" "$T/s4.json"
jcheck "add A+B: 250 documents, 2 runs" "$T/s4.json" '
assert d["documents"] == 250 and d["runs"] == 2, d'

########################################################################
# 2. the same id with other content
########################################################################
wtt index add --db "$D1" "$S/C.jsonl"
expect_rc "other content: exit 2" 2
expect_err "other content: stderr names the id" "\"$A0\""
expect_err "other content: stderr mentions --replace" "--replace"
stats "$D1" "$T/s5.json"
same_state "other content: index unchanged" "$T/s5.json" "$T/s4.json"
wtt index add --db "$D1" --replace "$S/C.jsonl"
expect_rc "--replace: exit 0" 0
expect_err "--replace: stderr says 1 replaced" "(^|[^0-9])1 replaced"
jcheck "--replace: documents unchanged" "$T/s4.json" "
assert d['documents'] == $(docs "$D1"), d['documents']"
wtt index check --db "$D1"
expect_rc "--replace: check ok" 0
expect_err "--replace: check says ok" ": ok$"
wtt index add --db "$D1" "$S/C.jsonl"
expect_rc "--replace: the new content is the indexed one (exit 0)" 0
expect_err "--replace: the new content is already indexed" "1 already indexed, 0 added"
wtt index add --db "$D1" "$A"
expect_rc "--replace: the old content is now the other one (exit 2)" 2
expect_err "--replace: the old content names the id" "\"$A0\".*--replace"

########################################################################
# 3. parameters are fixed at creation
########################################################################
stats "$D1" "$T/s6.json"
wtt index add --shingle 4 --db "$D1" "$B"
expect_rc "--shingle 4 on a --shingle 5 index: exit 2" 2
expect_err "--shingle 4: the message names --shingle, 5 and 4" \
	"--shingle[^0-9]*5[^0-9].*[^0-9.]4([^0-9.]|$)"
wtt index query --threshold 0.7 --db "$D1" "$B"
expect_rc "query --threshold 0.7 on a 0.5 index: exit 2" 2
expect_err "--threshold 0.7: the message names --threshold, 0.5 and 0.7" \
	"--threshold[^0-9]*0\.5[^0-9].*0\.7"
wtt index add --no-text --db "$D1" "$B"
expect_rc "--no-text on an index with texts: exit 2" 2
expect_err "--no-text: the message names it" "--no-text"
stats "$D1" "$T/s7.json"
same_state "refused parameters: index unchanged" "$T/s7.json" "$T/s6.json"
wtt index add --shingle 5 --threshold 0.5 --db "$D1" "$B"
expect_rc "the creation's values given again: add accepted" 0
expect_err "the creation's values given again: all already indexed" "100 already indexed, 0 added"
wtt index query --shingle 5 --threshold 0.5 --perm 128 --seed 0 --db "$D1" "$B"
expect_rc "the creation's values given again: query accepted" 0
# an index created with --shingle 4 keeps it, given or not
D3=$T/d3
wtt index add --shingle 4 --db "$D3" "$SMALL"
expect_rc "create with --shingle 4: exit 0" 0
wtt index add --db "$D3" "$B"
expect_rc "add without --shingle to a --shingle 4 index: exit 0" 0
stats "$D3" "$T/s8.json"
jcheck "a --shingle 4 index stays --shingle 4" "$T/s8.json" '
assert d["params"]["shingle"] == 4 and d["documents"] == 110, d'
wtt index query --shingle 5 --db "$D3" "$A"
expect_rc "query --shingle 5 on a --shingle 4 index: exit 2" 2
expect_err "query --shingle 5: the message names both values" "--shingle[^0-9]*4[^0-9].*[^0-9.]5([^0-9.]|$)"

########################################################################
# 5. expire
########################################################################
D5=$T/d5
wtt index add --db "$D5" "$JSONL" "$S/U.jsonl"
expect_rc "expire: add the sample and one undated document" 0
stats "$D5" "$T/e1.json"
jcheck "expire: $((NALL + 1)) documents before" "$T/e1.json" "
assert d['documents'] == $NALL + 1 and d['first_date'] < '2015-07-25', d"
wtt index expire --db "$D5" --before 2015-07-25
expect_rc "expire: exit 0" 0
expect_err "expire: stderr says $NEARLY dropped" "(^|[^0-9])$NEARLY documents dated before 2015-07-25 dropped"
stats "$D5" "$T/e2.json"
jcheck "expire: first_date >= 2015-07-25, exactly the $NEARLY older ones gone" "$T/e2.json" "
b = load('$T/e1.json')
assert d['first_date'] >= '2015-07-25', d['first_date']
assert d['documents'] == b['documents'] - $NEARLY, (b['documents'], d['documents'])
assert d['last_date'] == b['last_date'], (b['last_date'], d['last_date'])"
wtt index check --db "$D5"
expect_rc "expire: check ok" 0
wtt index expire --db "$D5" --before 2015-07-25
expect_rc "expire again: exit 0" 0
expect_err "expire again: drops 0" "(^|[^0-9])0 documents dated before"
stats "$D5" "$T/e3.json"
same_state "expire again: index unchanged" "$T/e3.json" "$T/e2.json"
# the expired ids are gone with their documents: adding the sample again
# adds exactly them
wtt index add --db "$D5" "$JSONL"
expect_rc "expire: re-adding the sample: exit 0" 0
expect_err "expire: re-adding adds back the $NEARLY expired" \
	"$((NALL - NEARLY)) already indexed, $NEARLY added"
wtt index check --db "$D5"
expect_rc "expire: check ok after adding back" 0

########################################################################
# 10. stats as text
########################################################################
wtt index stats --db "$D5"
expect_rc "stats text: exit 0" 0
expect_out "stats text: documents" "^documents +$((NALL + 1))$"
expect_out "stats text: sources" "^sources +[0-9]+$"
expect_out "stats text: first date" "^first date +2015-07-2[0-9] "
expect_out "stats text: on disk" "^on disk +[1-9][0-9]* bytes$"
expect_out "stats text: parameters" "^parameters +--shingle 5 .*--threshold 0\.5"

########################################################################
# 6. check finds damage
########################################################################
D6=$T/d6
wtt index add --db "$D6" "$A"
expect_rc "damage: a fresh index of A" 0
wtt index check --db "$D6"
expect_rc "damage: the undamaged index checks ok" 0

cat >"$T/lmdb.py" <<'EOF'
# lmdb.py DATA.MDB: "table page" for every leaf page of the named tables
# (LMDB 0.9 file format: meta pages 0 and 1, the main table names the
# others, branch nodes hold the child page number).
import struct, sys
b = open(sys.argv[1], "rb").read()
def dbs(off):
    m = b[off + 16:]
    d = [struct.unpack_from("<IHHQQQQQ", m, 24 + 48 * i) for i in range(2)]
    return d, struct.unpack_from("<Q", m, 24 + 96 + 8)[0]
d0, t0 = dbs(0)
P = d0[0][0]  # the free table's md_pad is the page size
d1, t1 = dbs(P)
main = (d0 if t0 >= t1 else d1)[1]
def page(p):
    return b[p * P:(p + 1) * P]
def nodes(pg):
    lower = struct.unpack_from("<H", pg, 12)[0]
    for i in range((lower - 16) // 2):
        off = struct.unpack_from("<H", pg, 16 + 2 * i)[0]
        lo, hi, fl, ks = struct.unpack_from("<HHHH", pg, off)
        yield off, lo | hi << 16 | fl << 32, ks, pg[off + 8:off + 8 + ks]
def leaves(p, out):
    pg = page(p)
    if struct.unpack_from("<H", pg, 10)[0] & 1:  # P_BRANCH
        for _, child, _, _ in nodes(pg):
            leaves(child, out)
    else:
        out.append((p, pg))
    return out
for _, pg in leaves(main[7], []):
    for off, _, ks, key in nodes(pg):
        root = struct.unpack_from("<IHHQQQQQ", pg, off + 8 + ks)[7]
        for p, _ in leaves(root, []):
            print(key.decode(), p, P)
EOF

# a damaged document value (zstd frames hold a checksum): flip a byte
# inside every document frame of a copy
cp -r "$D6" "$T/dz"
python3 - "$T/dz/data.mdb" >"$T/nflip" <<'EOF'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
n, i = 0, b.find(b"\x28\xb5\x2f\xfd")
while i >= 0:
    b[i + 40] ^= 0x55
    n += 1
    i = b.find(b"\x28\xb5\x2f\xfd", i + 41)
open(p, "r+b").write(b)
print(n)
EOF
expect_eq "damage: 150 document frames found to flip" "$(cat "$T/nflip")" 150
wtt index check --db "$T/dz"
expect_rc "damage: flipped document bytes: check exits 1" 1
expect_err "damage: flipped document bytes: a document does not decode" "does not decode"
expect_err "damage: flipped document bytes: problems counted" "[0-9]+ problems"

# targeted damage to the tables (lmdb-utils): load a dump into a fresh
# copy with one entry taken out or added
if command -v mdb_dump >/dev/null && command -v mdb_load >/dev/null; then
	mdb_dump -a "$D6" >"$T/all.dump" 2>"$T/err"
	# edit TABLE drop|add: one key/value pair of TABLE out, or a band key
	# of a document that does not exist in
	edit() {
		python3 - "$T/all.dump" "$1" "$2" >"$T/edit.dump" <<'EOF' || : >"$T/edit.dump"
import sys
lines = open(sys.argv[1]).read().split("\n")
table, how = sys.argv[2], sys.argv[3]
out, db, done, i = [], None, False, 0
while i < len(lines):
    l = lines[i]
    if l.startswith("database="):
        db = l[len("database="):]
    if db == table and not done:
        if how == "drop" and l.startswith(" "):
            done, i = True, i + 2  # a key line and its value line
            continue
        if how == "add" and l == "DATA=END":
            out += [" 0123456789abcdef", " 00093d00"]  # doc 4000000
            done = True
    out.append(l)
    i += 1
assert done, (table, how)
print("\n".join(out), end="")
EOF
	}
	# damaged FILE: load FILE into a fresh $T/dl and check it
	damaged() {
		rm -rf "$T/dl"
		mkdir "$T/dl"
		if [ ! -s "$T/$1" ] || ! mdb_load -f "$T/$1" "$T/dl" 2>"$T/load.err"; then
			LAST="mdb_load -f $1" RC=99
			cp "$T/load.err" "$T/err"
			return
		fi
		wtt index check --db "$T/dl"
	}
	damaged all.dump
	expect_rc "damage: the unedited dump loaded again checks ok" 0
	edit dates drop
	damaged edit.dump
	expect_rc "damage: a date entry missing: check exits 1" 1
	expect_err "damage: a date entry missing: named" "has no date entry|date entries for"
	expect_err "damage: a date entry missing: problems" "[0-9]+ problems"
	edit bands drop
	damaged edit.dump
	expect_rc "damage: a band entry missing: check exits 1" 1
	expect_err "damage: a band entry missing: named" "lacks band key|band entries"
	edit bands add
	damaged edit.dump
	expect_rc "damage: a band key of no document: check exits 1" 1
	expect_err "damage: a band key of no document: named" "band entries"
	edit ids drop
	damaged edit.dump
	expect_rc "damage: an id missing: check exits 1" 1
	expect_err "damage: an id missing: named" "is not under its id|ids for"
	edit sources drop
	damaged edit.dump
	expect_rc "damage: a source's count missing: check exits 1" 1
else
	note "mdb_dump/mdb_load (lmdb-utils) missing: table edits not checked"
fi

# garbage over whole leaf pages of the tables: check must say so (exit 1
# or 2), not crash or hang. LMDB trusts its pages, so the reading may
# crash (a fault, or one of LMDB's own assertions): check reads in a
# child and reports that as damage. Under a
# sanitizer the child's crash is the sanitizer's report (noted).
python3 "$T/lmdb.py" "$D6/data.mdb" >"$T/leaves"
for table in docs ids dates digests; do
	bad= san=
	n=0
	while read -r tb pg psz; do
		[ "$tb" = "$table" ] || continue
		n=$((n + 1))
		rm -rf "$T/dg"
		cp -r "$D6" "$T/dg"
		python3 -c "
import random, sys
with open(sys.argv[1], 'r+b') as f:
    f.seek($pg * $psz)
    f.write(random.Random($n).randbytes($psz))" "$T/dg/data.mdb"
		# in a subshell: the shell's "Segmentation fault" line goes nowhere
		(
			timeout -k 2 10 "$WT" index check --db "$T/dg" </dev/null \
				>"$T/out" 2>"$T/err"
			exit $?
		) 2>/dev/null
		RC=$?
		# an LMDB assertion in the reading child is such a crash: fine
		# when check then names the damage
		if [ "$RC" = 0 ] || [ "$RC" -ge 124 ] ||
			{ grep -q 'Assertion' "$T/err" &&
				! grep -q 'reading the index crashed' "$T/err"; }; then
			bad="$bad page $pg: exit $RC$(grep -Eo 'Assertion.*' "$T/err" | head -n 1 | sed 's/^/ /');"
			[ -s "$T/bad.err" ] || { cp "$T/err" "$T/bad.err"; BADRC=$RC BADPG=$pg; }
		elif grep -Eq 'Sanitizer|runtime error' "$T/err"; then
			san="$san page $pg:$(grep -Eo 'Sanitizer: [A-Za-z-]+' "$T/err" | head -n 1 | sed 's/^/ /');"
		fi
	done <"$T/leaves"
	NCHECK=$((NCHECK + 1))
	if [ "$n" = 0 ]; then
		LAST=
		fail "damage: garbage over $table leaves" "no leaf page of $table found"
	elif [ -n "$bad" ]; then
		cp "$T/bad.err" "$T/err"
		LAST="wiretrace index check --db COPY (garbage over page $BADPG, a $table leaf)"
		RC=$BADRC
		fail "damage: garbage over $table leaves: check passed, hung or crashed" "$bad"
	fi
	[ -z "$san" ] || note "damage: garbage over $table leaves: the sanitizer caught LMDB's crash in check's reader:$san"
	rm -f "$T/bad.err"
done

########################################################################
# 7. kill -9 during add: every commit whole, a rerun finishes
########################################################################
BIG=$S/BIG.jsonl
# how long an add of BIG takes here (this build, this machine)
t0=$EPOCHREALTIME
CE=100 # documents per commit: kills land between several commits
wtt index add --db "$T/calib" -j 1 -q --commit-every $CE --format json -o "$T/calib.json" "$BIG"
t1=$EPOCHREALTIME
expect_rc "kill: a whole add of BIG: exit 0" 0
expect_err "kill: a whole add of BIG adds $NBIG" "$NBIG added"
ms=$(python3 -c "print(max(50, int(($t1 - $t0) * 1000)))")
D7=$T/d7
before=0
kills=()
for i in 1 2 3 4 5 6 7 8; do
	"$WT" index add --db "$D7" -j 1 -q --commit-every $CE --format json -o "$T/k.json" "$BIG" \
		>/dev/null 2>"$T/k.err" &
	pid=$!
	# odd rounds anywhere in the run, even ones around its commits (they
	# come after the scan, before the report)
	if [ $((i % 2)) = 1 ]; then
		delay=$((RANDOM % (ms * 11 / 10 + 1)))
	else
		delay=$((ms * 4 / 10 + RANDOM % (ms * 4 / 10 + 1)))
	fi
	sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	krc=$?
	wtt index check --db "$D7"
	if [ "$before" = 0 ] && [ -f "$D7/data.mdb" ] && [ ! -s "$D7/data.mdb" ]; then
		now=0 # killed as LMDB created its file: a rerun initialises it
		expect_rc "kill $i: an empty data.mdb: check exits 2" 2
		expect_err "kill $i: an empty data.mdb holds nothing yet" "holds nothing yet"
	elif [ "$before" = 0 ] && [ "$RC" = 2 ] &&
		grep -Eq "no index here|holds nothing yet" "$T/err"; then
		now=0 # killed before the index was created
	else
		expect_rc "kill $i (after ${delay} ms, add exit $krc): check exits 0" 0
		now=$(docs "$D7")
	fi
	kills+=("${delay}ms:$krc:$now")
	NCHECK=$((NCHECK + 1))
	if ! [[ "$now" =~ ^[0-9]+$ ]] ||
		{ [ "$now" != "$NBIG" ] && [ $(((now - before) % CE)) != 0 ]; } ||
		[ "$now" -lt "$before" ] || [ "$now" -gt "$NBIG" ]; then
		fail "kill $i: documents a whole number of commits" \
			"$before before, $now after (commits of $CE, $NBIG in all)"
	fi
	if [ "$krc" = 0 ] && [ "$now" != "$NBIG" ]; then
		fail "kill $i: a finished add left everything" "$now of $NBIG documents"
	fi
	before=$now
	if [ "$now" = "$NBIG" ]; then # complete: start again from nothing
		rm -rf "$D7"
		before=0
	fi
done
note "kills (delay:add exit:documents after) ${kills[*]} (a whole add takes ${ms} ms)"
wtt index add --db "$D7" -j 1 -q --format json -o "$T/k.json" "$BIG"
expect_rc "kill: the rerun finishes: exit 0" 0
expect_err "kill: the rerun adds what the kills left out" \
	"$before already indexed, $((NBIG - before)) added"
jcheck "kill: the rerun's report counts what was there" "$T/k.json" "
assert d['stats']['index_already_present'] == $before, d['stats']"
expect_eq "kill: after the rerun the index holds all of BIG" "$(docs "$D7")" "$NBIG"
wtt index check --db "$D7"
expect_rc "kill: check ok after the rerun" 0
wtt index add --db "$D7" -j 1 -q --format json -o "$T/k2.json" "$BIG"
expect_rc "kill: a second rerun: exit 0" 0
jcheck "kill: a second rerun finds everything already indexed" "$T/k2.json" "
assert d['stats']['index_already_present'] == $NBIG and d['stats']['documents'] == 0, d['stats']
assert pairs() == []"

########################################################################
# 8. queries while an add runs
########################################################################
D8=$T/d8
wtt index add --db "$D8" "$A"
expect_rc "readers: an index of A" 0
# a writer held open on its input: it is surely running
mkfifo "$T/fifo"
"$WT" index add --db "$D8" -j 1 -q --format json -o "$T/w.json" - \
	<"$T/fifo" >/dev/null 2>"$T/w.err" &
wpid=$!
exec 9>"$T/fifo"
head -n 50 "$B" >&9
for q in 1 2; do
	wtt index query --db "$D8" --format json -o "$T/wq.json" "$SMALL"
	expect_rc "readers: query $q while an add waits for input: exit 0" 0
	check "readers: the add is still running at query $q" kill -0 "$wpid"
done
tail -n +51 "$B" >&9
exec 9>&-
nq=0
while kill -0 "$wpid" 2>/dev/null && [ $nq -lt 20 ]; do # and while it commits
	wtt index query --db "$D8" -q "$SMALL"
	expect_rc "readers: query while the add finishes: exit 0" 0
	nq=$((nq + 1))
done
wait "$wpid"
RC=$? LAST="wiretrace index add --db D8 - <fifo"
cp "$T/w.err" "$T/err"
expect_rc "readers: the add with queries beside it: exit 0" 0
expect_err "readers: the add added B" "100 added"
# a long add of BIG with queries beside it
"$WT" index add --db "$D8" -j 1 -q --format json -o "$T/w2.json" "$BIG" \
	>/dev/null 2>"$T/w2.err" &
wpid=$!
alive=0
for q in 1 2 3 4 5 6; do
	kill -0 "$wpid" 2>/dev/null || break
	wtt index query --db "$D8" -q "$SMALL"
	expect_rc "readers: query $q during an add of BIG: exit 0" 0
	kill -0 "$wpid" 2>/dev/null && alive=$((alive + 1))
done
[ "$alive" -ge 2 ] ||
	note "the add of BIG ended before two queries ran beside it ($alive did)"
wait "$wpid"
RC=$? LAST="wiretrace index add --db D8 BIG"
cp "$T/w2.err" "$T/err"
expect_rc "readers: the add of BIG with queries beside it: exit 0" 0
wtt index check --db "$D8"
expect_rc "readers: check ok afterwards" 0
expect_eq "readers: A, B and BIG indexed" "$(docs "$D8")" "$((250 + NBIG))"

########################################################################
# 9. a full disk (file size limit): exit 1, said clearly, index whole
########################################################################
# BIG into an index of A with 200 KiB files: the add stops before its
# index grows (the scan's spool may be what meets the limit first)
D9=$T/d9
wtt index add --db "$D9" "$A"
stats "$D9" "$T/f1.json"
(
	ulimit -f 200
	trap '' XFSZ
	exec "$WT" index add --db "$D9" -j 1 -q --format json -o "$T/f.json" "$BIG"
) >"$T/out" 2>"$T/err"
RC=$? LAST="(ulimit -f 200; wiretrace index add --db D9 BIG)"
expect_rc "file size limit: exit 1" 1
expect_err "file size limit: a clear message (space, file too large, full)" \
	"[Ss]pace|[Ff]ile too large|[Ff]ull"
wtt index check --db "$D9"
expect_rc "file size limit: check ok afterwards" 0
stats "$D9" "$T/f2.json"
jcheck "file size limit: documents unchanged" "$T/f2.json" "
assert d['documents'] == load('$T/f1.json')['documents'], d['documents']"
# ten documents into an index of 300 with 1000 KiB files (the scan's
# spool stays under it, data.mdb is over it already): the index's own
# writes meet the limit
D9b=$T/d9b
wtt index add --db "$D9b" "$S/H300.jsonl"
(
	ulimit -f 1000
	trap '' XFSZ
	exec "$WT" index add --db "$D9b" -q "$S/T10.jsonl"
) >"$T/out" 2>"$T/err"
RC=$? LAST="(ulimit -f 1000; wiretrace index add --db D9b T10)"
expect_rc "file size limit on the index: exit 1" 1
expect_err "file size limit on the index: a clear message" \
	"[Ss]pace|[Ff]ile too large|[Ff]ull"
wtt index check --db "$D9b"
expect_rc "file size limit on the index: check ok afterwards" 0
expect_eq "file size limit on the index: 300 documents still" "$(docs "$D9b")" 300
wtt index add --db "$D9b" -q "$S/T10.jsonl"
expect_rc "file size limit lifted: the add goes through" 0
expect_eq "file size limit lifted: 310 documents" "$(docs "$D9b")" 310

finish
