#!/usr/bin/env bash
# Reuse tracing on the real binary: a sentence of 15 words pasted into
# unrelated real articles is found, with byte offsets that quote exactly
# the pasted text on both sides (also past 64 KiB into a long text);
# one word shorter it is not; small edits
# (a changed word, a re-spelled name) do not split a passage; the five
# seed articles (one story told in different words) are never linked;
# every passage of the bundled corpus's report is well formed; explain
# shows the passages of two files or two ids.
cd "$(dirname "$0")/../.."
# shellcheck source=tests/e2e/lib/assert.sh
. tests/e2e/lib/assert.sh

# Real articles from the bundled sample, unrelated to each other (no pair in
# the corpus report), and a 15-word sentence of a fourth one.
python3 - "$T" <<'PY' || { echo "FAIL: cannot build the test documents"; exit 1; }
import json, re, sys
t = sys.argv[1]
docs = [json.loads(l) for l in open("corpus/saudinewsnet-sample.jsonl", encoding="utf-8")]
by = {d["id"]: d for d in docs}
def words(s):  # plain Arabic words only: tokenization is then unambiguous
    return [w for w in s.split() if re.fullmatch(r"[\u0621-\u064A]+", w)]
base = [by[i] for i in ("snn-2015-07-21-0302", "snn-2015-07-21-0710", "snn-2015-07-21-0827")]
donor = by["snn-2015-07-21-1268"]
w = words(donor["text"])
s15, s14, s30 = " ".join(w[10:25]), " ".join(w[40:54]), w[60:90]
s30_edit = list(s30)
s30_edit[15] = "كلمةمختلفة"
kim = ("التقى الزعيم الكوري الشمالي كيم جونغ أون الرئيس الروسي فلاديمير بوتين "
       "في مدينة فلاديفوستوك في أول قمة تجمع بينهما وبحثا سبل التعاون بين البلدين "
       "والملف النووي لشبه الجزيرة الكورية ونتائج القمم السابقة مع الولايات المتحدة")
def paste(text, s):  # between two paragraphs in the middle
    cut = text.find("\n", len(text) // 2)
    cut = cut if cut > 0 else len(text)
    return text[:cut] + "\n" + s + "\n" + text[cut:]
out = {
    "p15": [paste(base[0]["text"], s15), s15 + "\n" + base[1]["text"]],
    "p14": [paste(base[0]["text"], s14), s14 + "\n" + base[1]["text"]],
    "edit": [paste(base[0]["text"], " ".join(s30)), paste(base[1]["text"], " ".join(s30_edit))],
    "kim": [paste(base[0]["text"], kim), paste(base[1]["text"], kim.replace("جونغ", "جونج"))],
}
# a text over 64 KiB (32-bit word spans) with the sentence past byte 65535
big = base[0]["text"]
while len(big.encode()) <= 70000:
    big += "\n" + base[0]["text"]
out["big"] = [big + "\n" + s15, s15 + "\n" + base[1]["text"]]
for name, (a, b) in out.items():
    with open(f"{t}/{name}.jsonl", "w", encoding="utf-8") as f:
        for i, x in (("a", a), ("b", b), ("c", base[2]["text"])):
            f.write(json.dumps({"id": i, "text": x}, ensure_ascii=False) + "\n")
    for i, x in (("a", a), ("b", b)):
        open(f"{t}/{name}-{i}.txt", "w", encoding="utf-8").write(x)
json.dump({"s15": s15, "s14": s14, "s30": " ".join(s30), "kim": kim},
          open(f"{t}/plants.json", "w", encoding="utf-8"), ensure_ascii=False)
PY

# Shared Python for the checks: the texts and the plants.
PRE="
import json
texts = {}
for l in open('$T/NAME.jsonl', encoding='utf-8'):
    x = json.loads(l); texts[x['id']] = x['text'].encode()
plants = json.load(open('$T/plants.json', encoding='utf-8'))
def quote(p, side):
    return texts[p[side]][p_[side][0]:p_[side][1]].decode()
"

wt scan -q --format json -o "$T/p15.json" "$T/p15.jsonl"
expect_rc "15 words: scan succeeds" 0
jcheck "15 words: one reuse pair a~b, c untouched, one passage" "$T/p15.json" "
assert pairs() == [('a', 'b')], pairs()
p = d['pairs'][0]
assert p['kind'] == 'reuse' and len(p['passages']) == 1, p
assert d['stats']['reuse_pairs'] == 1 and d['clusters'] == []
"
jcheck "15 words: the passage's byte offsets quote the pasted sentence on both sides" "$T/p15.json" "${PRE//NAME/p15}
p = d['pairs'][0]; g = p['passages'][0]
for side in 'ab':
    got = texts[p[side]][g[side][0]:g[side][1]].decode()
    assert got == plants['s15'], (side, got)
assert g['words'] == 15 and g['identity'] == 1.0, g
"

wt scan -q --format json -o "$T/big.json" "$T/big.jsonl"
jcheck "a text over 64 KiB: the passage past byte 65535 quotes the sentence on both sides" "$T/big.json" "${PRE//NAME/big}
assert pairs() == [('a', 'b')], pairs()
p = d['pairs'][0]; g = p['passages'][-1]
assert g['a'][0] > 65535 and len(texts['a']) > 70000, g
for side in 'ab':
    assert texts[p[side]][g[side][0]:g[side][1]].decode() == plants['s15'], side
"

wt scan -q --format json -o "$T/p14.json" "$T/p14.jsonl"
jcheck "14 words: below --min-passage 15, no pair" "$T/p14.json" "assert pairs() == [], pairs()"
wt scan -q --min-passage 14 --format json -o "$T/p14b.json" "$T/p14.jsonl"
jcheck "14 words with --min-passage 14: found" "$T/p14b.json" "
assert pairs() == [('a', 'b')] and d['params']['min_passage'] == 14"
wt scan -q --no-reuse --format json -o "$T/nr.json" "$T/p15.jsonl"
jcheck "--no-reuse: no reuse pair" "$T/nr.json" "
assert pairs() == [] and d['params']['min_passage'] == 0"

wt scan -q --format json -o "$T/edit.json" "$T/edit.jsonl"
jcheck "a changed word inside 30: one passage of 30 words, identity < 1" "$T/edit.json" "${PRE//NAME/edit}
assert pairs() == [('a', 'b')], pairs()
p = d['pairs'][0]
assert len(p['passages']) == 1, p['passages']
g = p['passages'][0]
assert g['words'] == 30 and 0.9 < g['identity'] < 1, g
assert texts['a'][g['a'][0]:g['a'][1]].decode() == plants['s30']
"

wt scan -q --format json -o "$T/kim.json" "$T/kim.jsonl"
jcheck "re-spelled name (جونغ/جونج): one passage across it" "$T/kim.json" "${PRE//NAME/kim}
assert pairs() == [('a', 'b')], pairs()
g = d['pairs'][0]['passages']
assert len(g) == 1, g
assert texts['a'][g[0]['a'][0]:g[0]['a'][1]].decode() == plants['kim']
assert 'جونج' in texts['b'][g[0]['b'][0]:g[0]['b'][1]].decode()
"

wt scan -q --format json -o "$T/seeds.json" corpus/seeds
jcheck "the five seed articles (one story, different words): no pair at all" "$T/seeds.json" "
assert d['stats']['documents'] == 5 and pairs() == [], pairs()"

wt scan -q --format json -o "$T/corpus.json" corpus
expect_rc "corpus: scan succeeds" 0
jcheck "corpus: every passage is well formed" "$T/corpus.json" "
import glob, os
texts = {}
for l in open('corpus/saudinewsnet-sample.jsonl', encoding='utf-8'):
    x = json.loads(l); texts[x['id']] = x['text'].encode()
for f in glob.glob('corpus/seeds/*.txt'):
    texts['seeds/' + os.path.basename(f)] = open(f, 'rb').read()
mp = d['params']['min_passage']
kinds = set()
for p in d['pairs']:
    kinds.add(p['kind'])
    assert not any(i.startswith('seeds/') for i in (p['a'], p['b'])), p
    assert p['passages'], p
    for i, g in enumerate(p['passages']):
        for s in 'ab':
            t = texts[p[s]]; x, y = g[s]
            assert 0 <= x < y <= len(t), (p[s], g)
            t[x:y].decode()  # whole characters
        for h in p['passages'][:i]:  # never the same words on both sides
            assert not all(g[s][0] < h[s][1] and h[s][0] < g[s][1] for s in 'ab'), (g, h)
        assert 0 < g['identity'] <= 1
        if p['kind'] == 'reuse':
            assert g['words'] >= mp, g
    assert [g['a'][0] for g in p['passages']] == sorted(g['a'][0] for g in p['passages'])
    assert 0 <= p['aligned_a'] <= 1 and 0 <= p['aligned_b'] <= 1
assert kinds == {'exact', 'near', 'reuse'}, kinds
assert d['stats']['reuse_pairs'] == sum(p['kind'] == 'reuse' for p in d['pairs'])
assert d['stats']['passages'] == sum(len(p['passages']) for p in d['pairs'])
"
jcheck "corpus: clusters hold exact and near pairs only; documents list every paired id" "$T/corpus.json" "
member = {m: c['id'] for c in d['clusters'] for m in c['members']}
for p in d['pairs']:
    if p['kind'] != 'reuse':
        assert member[p['a']] == member[p['b']], p
ids = {x['id'] for x in d['documents']}
assert ids == {i for p in pairs() for i in p}
"
jcheck "corpus: SPA credits are found, and dates give who was first" "$T/corpus.json" "
h = [p['source_hint'] for p in d['pairs']]
assert any('SPA' in x['credits_a'] + x['credits_b'] for x in h)
assert all(x['earlier'] in ('a', 'b', None) for x in h)
assert any(x['earlier'] for x in h)
"

wt explain "$T/p15-a.txt" "$T/p15-b.txt"
expect_rc "explain two files: exit 0" 0
expect_out "explain two files: a reuse pair with one passage" "^reuse pair; 1 shared passage"
s15=$(jget "$T/plants.json" "d['s15']")
expect_out "explain two files: the passage is shown" "\[$s15\]"
wt explain --in "$T/p15.jsonl" a c
expect_rc "explain unrelated ids: exit 0" 0
expect_out "explain unrelated ids: says they are not a pair" "^not a pair"
wt explain --in "$T/p15.jsonl" a nosuchid
expect_rc "explain a missing id: exit 2" 2
expect_err "explain a missing id: names it" "no document with id 'nosuchid'"
wt explain "$T/p15.jsonl" "$T/p15-b.txt"
expect_rc "explain a file of three documents: exit 2" 2
expect_err "explain a file of three documents: says to use --in" "more than one document"
wt explain --format json --in "$T/p15.jsonl" a b
jcheck "explain --format json: the scan report of the two" "$T/out" "
assert pairs() == [('a', 'b')] and d['stats']['documents'] == 2"
finish
