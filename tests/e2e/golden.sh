#!/usr/bin/env bash
# golden: `wiretrace scan -q corpus/` in text, json and csv, byte for byte
# against tests/e2e/golden/corpus.{txt,json,csv}; the same bytes on a second
# run; the same pairs when the JSONL comes through stdin; and checks on the
# expected files themselves (the JSON contract, passages that are byte
# ranges of the texts, clusters, no pair among the 5 seeds).
# With WT_GOLDEN_REGEN=1 (what scripts/regen-golden.sh does) the expected
# files are rewritten from the current binary instead of compared.
# shellcheck source=tests/e2e/lib/assert.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/assert.sh"

G=tests/e2e/golden
JSONL=corpus/saudinewsnet-sample.jsonl
regen=${WT_GOLDEN_REGEN:-0}
mkdir -p "$G"

for fmt in text json csv; do
	ext=$fmt
	[ $fmt = text ] && ext=txt
	# the exact command the expected files come from
	args=(scan -q corpus/)
	[ $fmt != text ] && args=(scan -q --format "$fmt" corpus/)
	wt "${args[@]}"
	expect_rc "$fmt: exit 0" 0
	expect_empty "$fmt: nothing on stderr" "$T/err"
	cp "$T/out" "$T/run1.$ext"
	if [ "$regen" = 1 ]; then
		cp "$T/run1.$ext" "$G/corpus.$ext"
		echo "wrote $G/corpus.$ext"
	elif [ -f "$G/corpus.$ext" ]; then
		expect_same "$fmt: output equals $G/corpus.$ext" "$G/corpus.$ext" "$T/run1.$ext"
	else
		fail "$fmt: $G/corpus.$ext is missing" "run scripts/regen-golden.sh"
	fi
	wt "${args[@]}"
	expect_rc "$fmt: second run, exit 0" 0
	expect_same "$fmt: a second run gives the same bytes" "$T/run1.$ext" "$T/out"
	wt "${args[@]}" -o "$T/o.$ext"
	expect_rc "$fmt: -o FILE, exit 0" 0
	expect_empty "$fmt: -o FILE, nothing on stdout" "$T/out"
	expect_same "$fmt: -o FILE gives the same bytes" "$T/run1.$ext" "$T/o.$ext"
done
wt scan -q --format text corpus/
expect_same "text: --format text is the default" "$T/run1.txt" "$T/out"

# The JSONL through stdin (plain and gzip), and as a file alone: the same
# pairs and clusters among its documents as in the whole corpus.
wt scan -q --format json - <"$JSONL"
expect_rc "stdin: exit 0" 0
cp "$T/out" "$T/stdin.json"
jcheck "stdin: the pairs of the JSONL documents are those from the file" "$T/run1.json" "
s = load('$T/stdin.json')
assert pairs(s) == pairs(), (len(pairs(s)), len(pairs()))
assert s['pairs'] == d['pairs']
assert s['clusters'] == d['clusters']
assert s['stats']['documents'] == d['stats']['documents'] - 5, s['stats']"
wt scan -q --format json - < <(gzip -n -c "$JSONL")
expect_rc "stdin gzip: exit 0" 0
jcheck "stdin gzip: the same pairs" "$T/out" "
assert d['pairs'] == load('$T/stdin.json')['pairs']"
wt scan -q --format json "$JSONL"
expect_rc "the JSONL file alone: exit 0" 0
jcheck "the JSONL file alone: the same pairs" "$T/out" "
assert d['pairs'] == load('$T/stdin.json')['pairs']"

########################################################################
# the expected files themselves
########################################################################
check "golden JSON: python3 -m json.tool accepts it" \
	python3 -m json.tool "$G/corpus.json" /dev/null
jcheck "golden JSON: the keys of the contract" "$G/corpus.json" '
assert isinstance(d["wiretrace"], str) and d["wiretrace"], d["wiretrace"]
for k in ("shingle", "perm", "threshold", "bands", "rows", "seed", "min_passage"):
    assert isinstance(d["params"][k], (int, float)), ("params", k)
for k in ("documents", "bytes", "too_short", "invalid_utf8", "candidates",
          "pairs", "clusters", "exact_pairs", "near_pairs", "reuse_pairs",
          "reuse_candidates", "passages", "fingerprints", "stop_fingerprints"):
    assert isinstance(d["stats"][k], int) and d["stats"][k] >= 0, ("stats", k)
assert isinstance(d["pairs"], list) and isinstance(d["clusters"], list)
for p in d["pairs"]:
    for k in ("a", "b", "kind"):
        assert isinstance(p[k], str), (k, p)
    for k in ("jaccard", "containment_a", "containment_b", "aligned_a", "aligned_b"):
        assert isinstance(p[k], (int, float)) and 0 <= p[k] <= 1, (k, p)
    assert isinstance(p["passages"], list), p
    for x in p["passages"]:
        assert sorted(x) == ["a", "b", "identity", "words"], x
        assert all(isinstance(v, int) for v in x["a"] + x["b"] + [x["words"]]), x
        assert 0 < x["identity"] <= 1, x
    h = p["source_hint"]
    assert sorted(h) == ["credits_a", "credits_b", "earlier"], h
    assert h["earlier"] in ("a", "b", None), h
    assert all(isinstance(c, str) for c in h["credits_a"] + h["credits_b"]), h
for c in d["clusters"]:
    assert isinstance(c["id"], int) and isinstance(c["members"], list), c'
jcheck "golden JSON: default parameters" "$G/corpus.json" '
p = d["params"]
assert (p["shingle"], p["perm"], p["threshold"], p["seed"]) == (5, 128, 0.5, 0), p
assert p["bands"] * p["rows"] <= p["perm"], p'
jcheck "golden JSON: a < b in byte order, pairs sorted and distinct" "$G/corpus.json" '
key = [(p["a"].encode(), p["b"].encode()) for p in d["pairs"]]
bad = [k for k in key if not k[0] < k[1]]
assert not bad, bad[:3]
assert key == sorted(key), "pairs not sorted by (a, b)"
assert len(set(key)) == len(key), "a pair is reported twice"'
jcheck "golden JSON: kinds and similarities are consistent" "$G/corpus.json" '
t = d["params"]["threshold"]
mp = d["params"]["min_passage"]
for p in d["pairs"]:
    assert p["kind"] in ("exact", "near", "reuse"), p
    if p["kind"] == "exact":
        assert p["jaccard"] == 1 and p["containment_a"] == 1 == p["containment_b"], p
    elif p["kind"] == "near":
        assert t <= p["jaccard"] <= 1, p
    else:
        # below the threshold (else near), with a passage of min_passage
        # words (its words in a count the words it matched and more)
        assert p["jaccard"] < t, p
        assert p["passages"] and max(x["words"] for x in p["passages"]) >= mp, p
    # every exact or near pair shows where its text is shared
    assert p["passages"], p
    # |A&B|/|A|B| <= |A&B|/|A| and |A&B|/|B| (4-decimal rounding aside)
    assert p["jaccard"] <= min(p["containment_a"], p["containment_b"]) + 1e-4, p'
jcheck "golden JSON: stats agree with the lists" "$G/corpus.json" '
s = d["stats"]
assert s["pairs"] == len(d["pairs"]), s
assert s["clusters"] == len(d["clusters"]), s
assert s["exact_pairs"] + s["near_pairs"] + s["reuse_pairs"] == s["pairs"], s
for k in ("exact", "near", "reuse"):
    assert s[k + "_pairs"] == sum(p["kind"] == k for p in d["pairs"]), (k, s)
assert s["passages"] == sum(len(p["passages"]) for p in d["pairs"]), s
assert s["reuse_pairs"] <= s["reuse_candidates"], s
assert s["stop_fingerprints"] <= s["fingerprints"], s
assert s["too_short"] == len(s["too_short_ids"]), s'
nlines=$(grep -c . "$JSONL")
jcheck "golden JSON: every document read (5 seeds + $nlines JSONL lines)" "$G/corpus.json" "
s = d['stats']
assert s['documents'] == 5 + $nlines, s
assert s['skipped'] == 0 and s['binary'] == 0 and s['invalid_utf8'] == 0, s"
# reuse pairs link documents across clusters without merging them (a shared
# title or formula would chain thousands of articles into one)
jcheck "golden JSON: clusters are the connected components of the exact and near pairs" "$G/corpus.json" '
d["pairs"] = [p for p in d["pairs"] if p["kind"] != "reuse"]
assert [c["id"] for c in d["clusters"]] == list(range(len(d["clusters"])))
where = {}
for c in d["clusters"]:
    m = c["members"]
    assert len(m) >= 2, c
    assert [x.encode() for x in m] == sorted(x.encode() for x in m), c
    for x in m:
        assert x not in where, ("in two clusters", x)
        where[x] = c["id"]
for p in d["pairs"]:
    assert where[p["a"]] == where[p["b"]], p
inpair = {x for p in d["pairs"] for x in (p["a"], p["b"])}
assert inpair == set(where), "a cluster member without a pair"
# each cluster is connected by its pairs
for c in d["clusters"]:
    m = set(c["members"]); seen = {c["members"][0]}; grew = True
    while grew:
        grew = False
        for p in d["pairs"]:
            if p["a"] in m and (p["a"] in seen) != (p["b"] in seen):
                seen |= {p["a"], p["b"]}; grew = True
    assert seen == m, ("not connected", c)'
jcheck "golden JSON: at least 30 clusters" "$G/corpus.json" '
assert len(d["clusters"]) >= 30, len(d["clusters"])'
jcheck "golden JSON: passages are byte ranges of the two texts, in text order of a" "$G/corpus.json" "
import json, os
text = {}
for line in open('$JSONL', encoding='utf-8'):
    r = json.loads(line)
    text[r['id']] = r['text'].encode()
for n in os.listdir('corpus/seeds'):
    text['seeds/' + n] = open('corpus/seeds/' + n, 'rb').read()
for p in d['pairs']:
    prev = -1
    for x in p['passages']:
        for side in ('a', 'b'):
            s, e = x[side]
            t = text[p[side]]
            assert 0 <= s < e <= len(t), (p, x)
            # whole characters, starting and ending on a word
            span = t[s:e].decode('utf-8')
            assert not span[0].isspace() and not span[-1].isspace(), (p, x, span)
        assert x['a'][0] >= prev, p
        prev = x['a'][0]
    # an exact pair is one passage covering every word of both texts
    if p['kind'] == 'exact':
        assert len(p['passages']) == 1 and p['passages'][0]['identity'] == 1, p
        assert p['aligned_a'] == 1 == p['aligned_b'], p"
# the seeds are read with ids seeds/<name>.txt: a trimmed copy of each (one
# paragraph less), scanned beside corpus/, pairs with it and nothing else
mkdir "$T/extra"
for f in corpus/seeds/*.txt; do
	n=$(awk 'length($0) > 200 && NR > 5 {print NR; exit}' "$f")
	awk -v n="${n:-0}" 'NR != n' "$f" >"$T/extra/cut-${f##*/}"
done
wt scan -q --format json corpus/ "$T/extra"
expect_rc "seed ids: exit 0" 0
jcheck "seed ids: each trimmed copy pairs with seeds/<name>.txt only" "$T/out" "
import os
names = sorted(os.listdir('corpus/seeds'))
assert len(names) == 5, names
want = sorted(('cut-' + n, 'seeds/' + n) for n in names)
got = sorted(p for p in pairs() if p[0].startswith('cut-') or p[1].startswith('cut-'))
assert got == want, got
assert [p for p in pairs() if not p[0].startswith('cut-')] == pairs(load('$G/corpus.json'))"
jcheck "golden JSON: no pair between two of the 5 seed articles" "$G/corpus.json" '
bad = [p for p in pairs() if p[0].startswith("seeds/") and p[1].startswith("seeds/")]
assert not bad, bad'
jcheck "golden JSON: the seeds pair with nothing at all" "$G/corpus.json" '
bad = [p for p in pairs() if p[0].startswith("seeds/") or p[1].startswith("seeds/")]
assert not bad, bad'
check "golden CSV: header" test "$(head -n 1 "$G/corpus.csv")" = \
	"a,b,kind,jaccard,containment_a,containment_b,shared,aligned_a,aligned_b,passages"
jcheck "golden CSV: one line a pair, the pairs of the JSON" "$G/corpus.json" "
import csv
rows = list(csv.reader(open('$G/corpus.csv', encoding='utf-8', newline='')))
assert len(rows) == 1 + len(d['pairs']), (len(rows), len(d['pairs']))
for r, p in zip(rows[1:], d['pairs']):
    assert len(r) == 10, r
    assert (r[0], r[1], r[2]) == (p['a'], p['b'], p['kind']), (r, p)
    assert [float(x) for x in r[3:6]] == [p['jaccard'], p['containment_a'], p['containment_b']], (r, p)
    assert int(r[6]) == p['shared'], (r, p)
    assert [float(x) for x in r[7:9]] == [p['aligned_a'], p['aligned_b']], (r, p)
    assert int(r[9]) == len(p['passages']), (r, p)"
jcheck "golden text: header and per-cluster counts agree with the JSON" "$G/corpus.json" "
import re
t = open('$G/corpus.txt', encoding='utf-8').read()
s = d['stats']
assert re.search(r'^wiretrace %s: %d documents' % (re.escape(d['wiretrace']), s['documents']), t, re.M), t[:200]
assert '%d pairs (%d exact, %d near, %d reuse) in %d clusters' % (s['pairs'], s['exact_pairs'], s['near_pairs'], s['reuse_pairs'], s['clusters']) in t, t[:300]
heads = re.findall(r'^cluster (\d+) \((\d+) documents\)$', t, re.M)
assert [(int(k), int(n)) for k, n in heads] == [(c['id'], len(c['members'])) for c in d['clusters']], heads[:3]
lines = re.findall(r'^  (exact|near|reuse) +(\S+) ~ (\S+)  J=', t, re.M)
assert sorted((a, b, k) for k, a, b in lines) == sorted((p['a'], p['b'], p['kind']) for p in d['pairs']), 'pair lines differ'"

if [ "$regen" = 1 ]; then
	[ "$NFAIL" = 0 ] || echo "regenerated, but $NFAIL checks failed on the new output"
fi
finish
