#!/usr/bin/env bash
# cli: the reading modes of wiretrace scan (directory tree, single .txt,
# .jsonl.gz, stdin, custom field names) and what the options do to the
# reported pairs (threshold, seed, reuse options, formats, output file).
# shellcheck source=tests/e2e/lib/assert.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/assert.sh"

JSONL=corpus/saudinewsnet-sample.jsonl
SEEDS=(corpus/seeds/*.txt)
S0=${SEEDS[0]} S1=${SEEDS[1]}
expect_eq "corpus has 5 seed articles" "${#SEEDS[@]}" 5

# the reference: the JSONL sample as a plain file
wt scan -q --format json "$JSONL"
expect_rc "reference: exit 0" 0
cp "$T/out" "$T/ref.json"
jcheck "reference: the sample has pairs" "$T/ref.json" '
assert len(d["pairs"]) >= 100, len(d["pairs"])'

########################################################################
# reading modes
########################################################################
# a directory tree: ids are paths relative to the argument; names starting
# with '.' and files that are neither .txt nor JSONL are passed over
N=$T/tree
mkdir -p "$N/b/c" "$N/a" "$N/.hidden" "$N/B"
cp "$S0" "$N/b/c/x.txt"
cp "$S0" "$N/a/y.txt"
cp "$S0" "$N/z.txt"
cp "$S0" "$N/.hidden/h.txt"
cp "$S0" "$N/.dot.txt"
cp "$S0" "$N/notes.md"
cp "$S0" "$N/B/upper.txt"
: >"$N/a/short.txt"
printf 'two words\n' >"$N/b/short.txt"
wt scan -q --format json "$N"
expect_rc "tree: exit 0" 0
cp "$T/out" "$T/tree.json"
jcheck "tree: ids are relative paths, hidden and other files passed over" "$T/tree.json" '
assert d["stats"]["documents"] == 6, d["stats"]
assert d["clusters"][0]["members"] == ["B/upper.txt", "a/y.txt", "b/c/x.txt", "z.txt"], d["clusters"]'
jcheck "tree: identical files form one exact group against the smallest id" "$T/tree.json" '
assert pairs() == [("B/upper.txt", "a/y.txt"), ("B/upper.txt", "b/c/x.txt"), ("B/upper.txt", "z.txt")], pairs()
assert all(p["kind"] == "exact" for p in d["pairs"]), d["pairs"]'
jcheck "tree: too_short_ids in byte order" "$T/tree.json" '
assert d["stats"]["too_short_ids"] == ["a/short.txt", "b/short.txt"], d["stats"]'
for arg in "$N/" "$N//" "$T/./tree"; do
	wt scan -q --format json "$arg"
	expect_rc "tree as '$arg': exit 0" 0
	jcheck "tree as '$arg': the same ids" "$T/out" "
assert d['pairs'] == load('$T/tree.json')['pairs'], pairs()
assert d['stats']['too_short_ids'] == ['a/short.txt', 'b/short.txt'], d['stats']"
done
WTABS=$(cd "$(dirname "$WT")" && pwd)/${WT##*/}
(cd "$T" && "$WTABS" scan -q --format json tree >"$T/out" 2>"$T/err")
RC=$?
LAST="(cd \$T && wiretrace scan -q --format json tree)"
expect_rc "tree as a relative path: exit 0" 0
jcheck "tree as a relative path: the same ids" "$T/out" "
assert d['pairs'] == load('$T/tree.json')['pairs'], pairs()"
# the walk is in byte order of names (B < a < b): the duplicate id is found
# in the later file and the earlier one is named as the first
mkdir -p "$T/order/B" "$T/order/b"
printf '{"id":"same","text":"x"}\n' >"$T/order/a.jsonl"
cp "$T/order/a.jsonl" "$T/order/B/in.jsonl"
cp "$T/order/a.jsonl" "$T/order/b/in.jsonl"
wt scan -q "$T/order"
expect_rc "tree order: duplicate id, exit 2" 2
expect_err "tree order: B/in.jsonl is read before a.jsonl (byte order)" \
	'order/a\.jsonl:1: duplicate id "same": first read at .*order/B/in\.jsonl:1'
wt scan -q --on-error skip "$T/order"
expect_rc "tree order, --on-error skip: exit 0" 0
expect_err "tree order: then b/in.jsonl" \
	'order/b/in\.jsonl:1: duplicate id "same": first read at .*order/B/in\.jsonl:1'
# JSONL files inside a directory are read (plain and gzip)
mkdir "$T/mixed"
cp "$S1" "$T/mixed/article.txt"
gzip -n -c "$JSONL" >"$T/mixed/sample.jsonl.gz"
python3 -c 'import json,sys
print(json.dumps({"id": "copy-of-article", "text": open(sys.argv[1], encoding="utf-8").read()}))' \
	"$S1" >"$T/mixed/extra.ndjson"
wt scan -q --format json "$T/mixed"
expect_rc "directory with .txt, .jsonl.gz, .ndjson: exit 0" 0
jcheck "directory with .txt, .jsonl.gz, .ndjson: all read" "$T/out" "
r = load('$T/ref.json')
assert d['stats']['documents'] == r['stats']['documents'] + 2, d['stats']
assert pairs() == sorted(pairs(r) + [('article.txt', 'copy-of-article')]), pairs()[:3]"

# a single .txt path: its id is the file name
mkdir "$T/single"
cp "$S1" "$T/single/lone.txt"
wt scan -q --format json "$T/single/lone.txt" "$T/mixed/extra.ndjson"
expect_rc "single .txt: exit 0" 0
jcheck "single .txt: its id is its file name" "$T/out" '
assert d["stats"]["documents"] == 2, d["stats"]
assert pairs() == [("copy-of-article", "lone.txt")], pairs()'
wt scan -q --format json "$S1"
expect_rc "single .txt alone: exit 0" 0
jcheck "single .txt alone: one document, no pair" "$T/out" '
assert d["stats"]["documents"] == 1 and d["pairs"] == [], d["stats"]'

# gzip: by name and by content
gzip -n -c "$JSONL" >"$T/sample.jsonl.gz"
wt scan -q --format json "$T/sample.jsonl.gz"
expect_rc ".jsonl.gz: exit 0" 0
jcheck ".jsonl.gz: the same report as the plain file" "$T/out" "
r = load('$T/ref.json')
assert d['pairs'] == r['pairs'] and d['clusters'] == r['clusters']
assert d['stats']['documents'] == r['stats']['documents'], d['stats']"
cp "$T/sample.jsonl.gz" "$T/gzip-inside.jsonl"
wt scan -q --format json "$T/gzip-inside.jsonl"
expect_rc "gzip content named .jsonl: exit 0" 0
jcheck "gzip content named .jsonl: detected, the same pairs" "$T/out" "
assert d['pairs'] == load('$T/ref.json')['pairs']"
# two gzip members back to back
split -l 200 "$JSONL" "$T/part."
cat <(gzip -n -c "$T/part.aa") <(gzip -n -c "$T/part.ab") >"$T/members.jsonl.gz"
wt scan -q --format json "$T/members.jsonl.gz"
expect_rc "multi-member gzip: exit 0" 0
jcheck "multi-member gzip: every member read" "$T/out" "
assert d['pairs'] == load('$T/ref.json')['pairs']"

# stdin
wt scan -q --format json - <"$JSONL"
expect_rc "stdin: exit 0" 0
jcheck "stdin: the same pairs" "$T/out" "
assert d['pairs'] == load('$T/ref.json')['pairs']"
wt scan -q --format json - <"$T/sample.jsonl.gz"
expect_rc "stdin gzip: exit 0" 0
jcheck "stdin gzip: the same pairs" "$T/out" "
assert d['pairs'] == load('$T/ref.json')['pairs']"
wt scan -q --format json corpus/seeds - <"$JSONL"
expect_rc "stdin with a directory: exit 0" 0
jcheck "stdin with a directory: both read" "$T/out" "
r = load('$T/ref.json')
assert d['stats']['documents'] == r['stats']['documents'] + 5, d['stats']
assert d['pairs'] == r['pairs']"
wt scan -q --format json - <"$S0"
expect_rc "stdin that is not JSONL: exit 2" 2
expect_err "stdin that is not JSONL: line 1 is named" ':1: malformed'

# custom field names (and decoy members under the default names)
python3 - "$JSONL" "$T/renamed.jsonl" <<'EOF'
import json, sys
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for i, line in enumerate(open(sys.argv[1], encoding="utf-8")):
        d = json.loads(line)
        out.write(json.dumps({"doc_no": d["id"], "body": d["text"],
                              "outlet": d["source"], "headline": d["title"],
                              "link": d["url"], "when": d["date"],
                              "id": "decoy-%d" % (i % 3), "text": "decoy"},
                             ensure_ascii=False) + "\n")
EOF
wt scan -q --format json --id-field doc_no --text-field body --source-field outlet \
	--title-field headline --url-field link --date-field when "$T/renamed.jsonl"
expect_rc "custom fields: exit 0" 0
jcheck "custom fields: the same report as with the original names" "$T/out" "
r = load('$T/ref.json')
assert d['pairs'] == r['pairs'], pairs()[:3]
assert d['documents'] == r['documents'], (d['documents'][:1], r['documents'][:1])"
wt scan -q "$T/renamed.jsonl"
expect_rc "custom fields: with the default names the decoys collide, exit 2" 2
expect_err "custom fields: decoy duplicate reported" 'duplicate id "decoy-0"'

########################################################################
# options and the reported pairs
########################################################################
wt scan -q --format json corpus/
expect_rc "threshold 0.5: exit 0" 0
cp "$T/out" "$T/t05.json"
wt scan -q --format json --threshold 0.9 corpus/
expect_rc "threshold 0.9: exit 0" 0
cp "$T/out" "$T/t09.json"
jcheck "threshold 0.9: params say so" "$T/t09.json" '
assert d["params"]["threshold"] == 0.9, d["params"]'
# the threshold decides exact/near; reuse pairs do not depend on it, so a
# near pair of 0.5 below 0.9 may come back as a reuse pair (it shares a
# passage), the same pair with the same figures
jcheck "threshold 0.9: the near pairs a subset of those of 0.5, same similarities" "$T/t09.json" "
dups = lambda r=d: [p for p in r['pairs'] if p['kind'] != 'reuse']
lo = {(p['a'], p['b']): p for p in dups(load('$T/t05.json'))}
extra = [p for p in dups() if (p['a'], p['b']) not in lo]
assert not extra, extra[:3]
diff = [p for p in dups() if p != lo[(p['a'], p['b'])]]
assert not diff, diff[:3]
assert len(dups()) < len(lo), (len(dups()), len(lo))"
jcheck "threshold 0.9: every pair a pair of 0.5, only the kind may differ" "$T/t09.json" "
lo = {(p['a'], p['b']): p for p in load('$T/t05.json')['pairs']}
extra = [p for p in d['pairs'] if (p['a'], p['b']) not in lo]
assert not extra, extra[:3]
same = lambda p: {k: v for k, v in p.items() if k != 'kind'}
diff = [p for p in d['pairs'] if same(p) != same(lo[(p['a'], p['b'])])]
assert not diff, diff[:3]
reuse05 = {(p['a'], p['b']) for p in lo.values() if p['kind'] == 'reuse'}
reuse09 = {(p['a'], p['b']) for p in d['pairs'] if p['kind'] == 'reuse'}
assert reuse05 < reuse09, (len(reuse05), len(reuse09))
assert all(p['jaccard'] < 0.9 for p in d['pairs'] if p['kind'] == 'reuse')"
jcheck "threshold 0.9: every near pair has J >= 0.9, and those of J >= 0.95 are all found" "$T/t09.json" "
dups = lambda r=d: [p for p in r['pairs'] if p['kind'] != 'reuse']
assert all(p['jaccard'] >= 0.9 for p in dups())
hi = [(p['a'], p['b']) for p in load('$T/t05.json')['pairs'] if p['jaccard'] >= 0.95]
missing = set(hi) - {(p['a'], p['b']) for p in dups()}
assert hi and not missing, missing"

# Seeds 0 and 7 find every pair; a pair of Jaccard 0.52 is still missed with
# probability 1-P(0.52) ~ 0.3% per pair, and seeds 4 and 15 each miss one:
# that is LSH, not a bug, so the seeds compared here are fixed.
wt scan -q --format json --seed 7 corpus/
expect_rc "seed 7: exit 0" 0
jcheck "seed 7: params say so" "$T/out" '
assert d["params"]["seed"] == 7, d["params"]'
jcheck "seed 7: the same pairs as seed 0 (corpus pairs are far above threshold)" "$T/out" "
assert d['pairs'] == load('$T/t05.json')['pairs']
assert d['clusters'] == load('$T/t05.json')['clusters']"

wt scan -q --format json --bands 16 --rows 8 corpus/
expect_rc "--bands 16 --rows 8: exit 0" 0
jcheck "--bands 16 --rows 8: params say so, pairs a subset" "$T/out" "
assert (d['params']['bands'], d['params']['rows']) == (16, 8), d['params']
assert set(pairs()) <= set(pairs(load('$T/t05.json')))"

wt scan -q --format csv corpus/
expect_rc "csv: exit 0" 0
cp "$T/out" "$T/t05.csv"
expect_eq "csv: header" "$(head -n 1 "$T/t05.csv")" \
	"a,b,kind,jaccard,containment_a,containment_b,shared,aligned_a,aligned_b,passages"
jcheck "csv: one line a pair, the pairs of the JSON" "$T/t05.json" "
import csv
rows = list(csv.reader(open('$T/t05.csv', encoding='utf-8', newline='')))
assert len(open('$T/t05.csv', encoding='utf-8').read().splitlines()) == len(rows)
assert len(rows) == 1 + len(d['pairs']), (len(rows), len(d['pairs']))
assert [(r[0], r[1]) for r in rows[1:]] == pairs()
assert all(len(r) == 10 for r in rows)
for r, p in zip(rows[1:], d['pairs']):
    assert r[2] == p['kind'] and int(r[9]) == len(p['passages']), (r, p)
    assert abs(float(r[3]) - p['jaccard']) < 1e-4, (r, p)
    assert abs(float(r[7]) - p['aligned_a']) < 1e-4, (r, p)
    assert abs(float(r[8]) - p['aligned_b']) < 1e-4, (r, p)"
wt scan -q --format csv -o "$T/report.csv" corpus/
expect_rc "csv -o: exit 0" 0
expect_same "csv -o: the file has the stdout bytes" "$T/t05.csv" "$T/report.csv"
wt scan -q --format csv -o - corpus/
expect_same "csv -o -: standard output" "$T/t05.csv" "$T/out"
# ids with a comma, a quote and a newline stay one field in CSV
printf '{"id":"a,\\"b\\"\\nc","text":"one two three four five six"}\n{"id":"d","text":"one two three four five six"}\n' \
	>"$T/quote.jsonl"
wt scan -q --format csv "$T/quote.jsonl"
expect_rc "csv quoting: exit 0" 0
check "csv quoting: the id survives a CSV reader" python3 -c 'import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
assert rows[1][:3] == ["a,\"b\"\nc", "d", "exact"], rows' "$T/out"

# --bucket-cap: 300 near-copies of one article share every band bucket; a
# member is paired with its N predecessors only, yet they stay one cluster
python3 - "$S1" "$T/many.jsonl" <<'EOF'
import json, sys
base = open(sys.argv[1], encoding="utf-8").read()
with open(sys.argv[2], "w", encoding="utf-8") as f:
    for i in range(300):
        f.write(json.dumps({"id": "d%03d" % i, "text": base + " unique%d word%d here%d" % (i, i, i)},
                           ensure_ascii=False) + "\n")
EOF
wt scan -q --format json "$T/many.jsonl"
expect_rc "--bucket-cap default: exit 0" 0
jcheck "--bucket-cap default (100): truncated buckets, one cluster of 300" "$T/out" '
s = d["stats"]
assert s["buckets_truncated"] > 0 and s["pairs"] < 300 * 299 // 2, s
assert [len(c["members"]) for c in d["clusters"]] == [300], s'
wt scan -q --format json --bucket-cap 1000 "$T/many.jsonl"
expect_rc "--bucket-cap 1000: exit 0" 0
jcheck "--bucket-cap 1000: every one of the 44850 pairs" "$T/out" '
s = d["stats"]
assert s["buckets_truncated"] == 0 and s["pairs"] == 300 * 299 // 2, s'

# --threshold 1: only identical shingle sets
wt scan -q --format json --threshold 1 corpus/
expect_rc "--threshold 1: exit 0" 0
jcheck "--threshold 1: the exact pairs of 0.5 and nothing else (reuse aside)" "$T/out" "
dups = lambda r=d: [p for p in r['pairs'] if p['kind'] != 'reuse']
r = load('$T/t05.json')
assert dups() == [p for p in r['pairs'] if p['jaccard'] == 1], dups()[:3]"

# reuse options: --no-reuse leaves the exact and near pairs as they were;
# a longer --min-passage or a lower --fp-df-cap keeps a subset of the reuse
# pairs (each with a passage that long; stop-fingerprints counted)
wt scan -q --format json --no-reuse corpus/
expect_rc "--no-reuse: exit 0" 0
jcheck "--no-reuse: the exact and near pairs of the default, no reuse pair" "$T/out" "
r = load('$T/t05.json')
assert d['pairs'] == [p for p in r['pairs'] if p['kind'] != 'reuse'], pairs()[:3]
assert d['params']['min_passage'] == 0, d['params']
s = d['stats']
assert s['reuse_pairs'] == s['reuse_candidates'] == s['fingerprints'] == 0, s
assert d['clusters'] == r['clusters']"
wt scan -q --format json --min-passage 25 corpus/
expect_rc "--min-passage 25: exit 0" 0
jcheck "--min-passage 25: params say so; fewer reuse pairs, each with a passage of 25 words" "$T/out" "
r = load('$T/t05.json')
assert d['params']['min_passage'] == 25, d['params']
key = lambda p: (p['a'], p['b'], p['kind'], p['jaccard'])
assert [key(p) for p in d['pairs'] if p['kind'] != 'reuse'] == \
    [key(p) for p in r['pairs'] if p['kind'] != 'reuse']
reuse = [p for p in d['pairs'] if p['kind'] == 'reuse']
assert reuse and all(max(x['words'] for x in p['passages']) >= 25 for p in reuse), reuse[:1]
assert {key(p) for p in reuse} < {key(p) for p in r['pairs'] if p['kind'] == 'reuse'}"
wt scan -q --format json --fp-df-cap 2 corpus/
expect_rc "--fp-df-cap 2: exit 0" 0
jcheck "--fp-df-cap 2: stop-fingerprints counted, fewer reuse pairs" "$T/out" "
r = load('$T/t05.json')
s, s0 = d['stats'], r['stats']
assert s0['stop_fingerprints'] == 0 < s['stop_fingerprints'] <= s['fingerprints'], (s0, s)
assert s['fingerprints'] == s0['fingerprints'], (s0, s)
reuse = lambda x: [(p['a'], p['b']) for p in x['pairs'] if p['kind'] == 'reuse']
assert set(reuse(d)) < set(reuse(r)), (len(reuse(d)), len(reuse(r)))
assert [p for p in d['pairs'] if p['kind'] != 'reuse'] == \
    [p for p in r['pairs'] if p['kind'] != 'reuse']"

# --shingle: a 4-word text is too short for 5-word shingles, not for 4
printf '{"id":"w4","text":"one two three four"}\n{"id":"w4b","text":"one two three four"}\n' >"$T/w4.jsonl"
wt scan -q --format json "$T/w4.jsonl"
jcheck "--shingle 5: a 4-word text is too short" "$T/out" '
assert d["stats"]["too_short_ids"] == ["w4", "w4b"] and d["pairs"] == [], d'
wt scan -q --format json --shingle 4 "$T/w4.jsonl"
jcheck "--shingle 4: the 4-word texts are an exact pair" "$T/out" '
assert d["stats"]["too_short"] == 0 and pairs() == [("w4", "w4b")], d'

# normalization: diacritics, tatweel, alef forms, case, width
python3 - "$T/norm.jsonl" <<'EOF'
import json, sys
base = "ذهب الطالب إلى المدرسة في الصباح الباكر مع أخيه الصغير وكانت السماء صافية"
docs = [("ar-base", base),
        ("ar-diacritics", "ذَهَبَ الطَّالِبُ إِلَى المَدْرَسَةِ فِي الصَّبَاحِ البَاكِرِ مَعَ أَخِيهِ الصَّغِيرِ وَكَانَتِ السَّمَاءُ صَافِيَةً"),
        ("ar-tatweel", base.replace("ذهب", "ذهـــب")),
        ("ar-alef", base.replace("إلى", "الى").replace("أخيه", "اخيه")),
        ("la-base", "The Quick Brown Fox jumps over the lazy dog near the river bank today"),
        ("la-upper", "THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG NEAR THE RIVER BANK TODAY"),
        ("la-wide", "ｔｈｅ ｑｕｉｃｋ brown fox jumps over the lazy dog near the river bank today")]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for i, t in docs:
        f.write(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n")
EOF
wt scan -q --format json "$T/norm.jsonl"
expect_rc "normalization: exit 0" 0
jcheck "normalization: variants are exact duplicates of the base text" "$T/out" '
# each exact group is reported against its smallest id
want = [("ar-alef", "ar-base"), ("ar-alef", "ar-diacritics"), ("ar-alef", "ar-tatweel"),
        ("la-base", "la-upper"), ("la-base", "la-wide")]
assert pairs() == want, pairs()
assert [c["members"] for c in d["clusters"]] == [
    ["ar-alef", "ar-base", "ar-diacritics", "ar-tatweel"],
    ["la-base", "la-upper", "la-wide"]], d["clusters"]
assert all(p["kind"] == "exact" for p in d["pairs"])'

########################################################################
# the seeds, and a trimmed copy of each
########################################################################
wt scan -q --format json corpus/seeds
expect_rc "seeds: exit 0" 0
jcheck "seeds: 5 documents, not paired with each other" "$T/out" '
assert d["stats"]["documents"] == 5 and d["stats"]["too_short"] == 0, d["stats"]
assert d["pairs"] == [] and d["clusters"] == [], pairs()'
wt scan -q --format json --threshold 0.2 corpus/seeds
expect_rc "seeds at threshold 0.2: exit 0" 0
jcheck "seeds at threshold 0.2: still no pair" "$T/out" '
assert d["pairs"] == [], pairs()'
mkdir "$T/cut"
cp "${SEEDS[@]}" "$T/cut/"
for f in "${SEEDS[@]}"; do
	# drop the first paragraph of more than 200 bytes after line 5
	n=$(awk 'length($0) > 200 && NR > 5 {print NR; exit}' "$f")
	awk -v n="${n:-0}" 'NR != n' "$f" >"$T/cut/cut-${f##*/}"
	check "cut: a paragraph was removed from ${f##*/}" \
		test "$(wc -c <"$T/cut/cut-${f##*/}")" -lt $(($(wc -c <"$f") - 200))
done
wt scan -q --format json "$T/cut"
expect_rc "cut: exit 0" 0
jcheck "cut: each trimmed copy IS paired with its original, nothing else" "$T/out" '
import os
names = sorted(os.listdir("corpus/seeds"))
assert pairs() == [(n, "cut-" + n) for n in names], pairs()
for p in d["pairs"]:
    # 0.6, not more: with boilerplate on, the unrelated "read also" article
    # under seed 002 no longer counts as shared text (its own article is short)
    assert p["kind"] == "near" and p["jaccard"] >= 0.6, p
    # the trimmed copy (b) is (almost) contained in the original (a)
    assert p["containment_b"] >= 0.95 and p["containment_b"] > p["containment_a"], p'

########################################################################
# symbolic links
########################################################################
mkdir -p "$T/links/real"
cp "$S0" "$T/links/real/x.txt"
ln -s real/x.txt "$T/links/file-link.txt"
wt scan -q --format json "$T/links"
expect_rc "symlinked file: exit 0" 0
jcheck "symlinked file: read like a file" "$T/out" '
assert pairs() == [("file-link.txt", "real/x.txt")], pairs()'
# a symlinked directory is passed over (read.c: "a linked directory could
# loop or repeat files: not followed")
mkdir "$T/links2"
cp -r "$T/links/real" "$T/links2/real"
ln -s real "$T/links2/alias"
wt scan -q --format json "$T/links2"
expect_rc "symlinked directory: exit 0" 0
jcheck "symlinked directory: not followed" "$T/out" '
assert d["stats"]["documents"] == 1 and d["pairs"] == [], d["stats"]'
# a symlink to an enclosing directory must not make the walk read the tree
# again and again (every file would be a new document, 40 levels deep)
rm "$T/links/file-link.txt"
ln -s .. "$T/links/real/loop"
wt scan -q --format json "$T/links"
expect_rc "symlink loop: exit 0" 0
jcheck "symlink loop: the file is read once" "$T/out" '
assert d["stats"]["documents"] == 1 and d["pairs"] == [], d["stats"]'

finish
