#!/usr/bin/env bash
# Page furniture on the real binary, built from real articles and real page
# layouts: unrelated articles of one outlet wrapped in the same masthead,
# author footer and "read also" block are not paired once the furniture is
# learned (and are without it); one wire story at two outlets with their own
# furniture is still paired, on the story's text only; the two seeds that
# share a trailing layout are not paired; standard input learns like a
# file; --boilerplate-pages and --show-boilerplate do what they say.
cd "$(dirname "$0")/../.." || exit 1
# shellcheck source=tests/e2e/lib/assert.sh
. tests/e2e/lib/assert.sh

# Two outlets of the bundled sample, each with its own real furniture:
#  almadina: the masthead block of seed 001, almadina's real author footer
#    (snn-2015-07-25-0716, the SMS code varying by page as it does by
#    author), then seed 000's trailing block (المصدر:, إقرأ أيضاً: with a
#    whole unrelated article, مقالات مشابهة);
#  alyaum: seed 003's tracking line as a header, seed 002's trailing block
#    (المصدر:, كلمات دلالية:, إقرأ أيضاً: with another article, مقالات مشابهة).
# Six unrelated almadina articles and five unrelated alyaum ones (no pair in
# the corpus report), plus one SPA story as almadina and alyaum reprinted it
# (a near pair of the corpus, Jaccard 0.92). The byte span of every story
# in its page goes to fx.json.
python3 - "$T" <<'PY' || { echo "FAIL: cannot build the test documents"; exit 1; }
import json, sys
t = sys.argv[1]
by = {}
for l in open("corpus/saudinewsnet-sample.jsonl", encoding="utf-8"):
    d = json.loads(l)
    by[d["id"]] = d
def seed(n):
    import glob
    return open(glob.glob(f"corpus/seeds/{n:03d}_*.txt")[0], encoding="utf-8").read()
def tail_from(text, marker):
    return text[text.index(marker):]

s0, s1, s2, s3 = seed(0), seed(1), seed(2), seed(3)
masthead = "\n".join(s1.split("\n")[:4])           # رئيس مجلسى الإدارة والتحرير ...
footer_src = by["snn-2015-07-25-0716"]["text"]
footer = footer_src[footer_src.index("للتواصل مع الكاتب"):].rstrip()
assert footer.startswith("للتواصل مع الكاتب ارسل رسالة SMS\nتبدأ بالرمز (41)")
emails = ["sherif.kandil@al-madina.com", "Ibrahim.badawood@gmail.com"]
tracking = s3.rstrip().split("\n")[-1]             # aXA6...== جزيرة ام اند امز
assert tracking.endswith("جزيرة ام اند امز")
trail = {"almadina": tail_from(s0, "المصدر: الجزيرة"),
         "alyaum": tail_from(s2, "المصدر: صحيفة الأيام البحرينية")}

def wrap(src, k, story):
    """page k of src around story: its text and the story's byte span"""
    if src == "almadina":
        code = (41, 123, 7, 2015, 66, 9, 300)[k]
        head = masthead + "\n\n"
        foot = ("\n\n" + emails[k % 2] + "\n" + footer.replace("(41)", f"({code})")
                + "\n\n" + trail[src])
    else:
        head = tracking + "\n\n"
        foot = "\n\n" + trail[src]
    text = head + story + foot
    b = lambda s: len(s.encode())
    span = [b(head), b(head) + b(story)]
    return text, span

alm = ["snn-2015-07-21-1150", "snn-2015-07-21-1313", "snn-2015-07-21-1320",
       "snn-2015-07-22-0472", "snn-2015-07-24-1164", "snn-2015-08-07-0618"]
aly = ["snn-2015-07-21-2233", "snn-2015-07-22-1571", "snn-2015-07-22-1726",
       "snn-2015-07-22-1759", "snn-2015-07-23-1076"]
wire = {"almadina": "snn-2015-08-10-0574", "alyaum": "snn-2015-08-11-1169"}
spans, docs = {}, []
for src, ids in (("almadina", alm + [wire["almadina"]]), ("alyaum", aly + [wire["alyaum"]])):
    for k, i in enumerate(ids):
        d = dict(by[i])
        assert d["source"] == src
        d["text"], spans[i] = wrap(src, k, d["text"].strip())
        del d["author"]
        docs.append(d)
with open(f"{t}/pages.jsonl", "w", encoding="utf-8") as f:
    for d in docs:
        f.write(json.dumps(d, ensure_ascii=False) + "\n")
with open(f"{t}/alm.jsonl", "w", encoding="utf-8") as f:  # the six only
    for d in docs[:6]:
        f.write(json.dumps(d, ensure_ascii=False) + "\n")
json.dump({"spans": spans, "alm": alm, "aly": aly, "wire": wire,
           "tracking": tracking, "trail": trail,
           "furniture": ["رئيس مجلسى الإدارة والتحرير",
                         "للتواصل مع الكاتب ارسل رسالة SMS",
                         "تبدأ بالرمز (41) ثم مسافة ثم نص الرسالة إلى"]},
          open(f"{t}/fx.json", "w", encoding="utf-8"), ensure_ascii=False)
PY

FX="
fx = load('$T/fx.json')
alm, aly, wire = set(fx['alm']), set(fx['aly']), fx['wire']
def among(ids):
    return [p for p in d['pairs'] if p['a'] in ids and p['b'] in ids]
"

# a. unrelated articles of one outlet in that outlet's furniture
wt scan -q --format json -o "$T/on.json" "$T/pages.jsonl"
expect_rc "scan with boilerplate: exit 0" 0
jcheck "furniture learned: no pair among the 6 almadina or the 5 alyaum articles" "$T/on.json" "$FX
assert among(alm) == [] and among(aly) == [], pairs()
"
jcheck "furniture learned: the stats count it per source, with its lines as examples" "$T/on.json" "$FX
st = d['stats']
by = {s['source']: s for s in st['boilerplate_by_source']}
assert set(by) == {'almadina', 'alyaum'}, list(by)
m, y = by['almadina'], by['alyaum']
# on every page: the masthead twice (4 + 4 words), the footer (6 + 9)
assert m['documents'] == 7 and m['learned_words'] == 7 * (4 + 4 + 6 + 9), m
assert m['examples'] == fx['furniture'], m['examples']
# the tracking line's 4 words (its base64 run is a non-word already)
assert y['documents'] == 6 and y['learned_words'] == 6 * 4, y
assert y['examples'][0] == fx['tracking'], y['examples']
# the other examples: label lines of the trailing block, learned too but
# set aside by their markers first (so not counted as learned words)
lines = fx['trail']['alyaum'].split(chr(10))
assert all(any(l.startswith(e) for l in lines) for e in y['examples'][1:]), y
assert st['boilerplate_learned_documents'] == 13, st
assert st['boilerplate_learned_words'] == m['learned_words'] + y['learned_words']
assert st['boilerplate_cut_documents'] == 13, st  # the read-also blocks, by marker
assert st['boilerplate_learned_lines'] >= 3 + 1, st
"

wt scan -q --no-boilerplate --format json -o "$T/off.json" "$T/pages.jsonl"
jcheck "--no-boilerplate: the 6 and the 5 all paired through the furniture (24 near, 1 reuse)" "$T/off.json" "$FX
texts = {}
for l in open('$T/pages.jsonl', encoding='utf-8'):
    x = json.loads(l); texts[x['id']] = x['text'].encode()
kinds = []
for ids, n in ((alm, 15), (aly, 10)):
    ps = among(ids)
    assert len(ps) == n, [(p['a'], p['b'], p['kind']) for p in ps]
    for p in ps:  # what they share is the furniture: outside both stories
        kinds.append(p['kind'])
        for g in p['passages']:
            for s in 'ab':
                lo, hi = fx['spans'][p[s]]
                assert g[s][0] >= hi or g[s][1] <= lo, (p[s], g)
assert kinds.count('near') == 24 and kinds.count('reuse') == 1, kinds
st = d['stats']
assert st['boilerplate_learned_lines'] == 0 and st['boilerplate_words'] == 0, st
assert st['boilerplate_by_source'] == [], st['boilerplate_by_source']
"

# e. a line on fewer pages than --boilerplate-pages is not learned: the
# masthead and footer are on 7 almadina and 6 alyaum pages
wt scan -q --boilerplate-pages 7 --format json -o "$T/p7.json" "$T/pages.jsonl"
jcheck "--boilerplate-pages 7: almadina's furniture (7 pages) learned, alyaum's (6) not" "$T/p7.json" "$FX
assert among(alm) == [] and among(aly) == [], pairs()
by = {s['source']: s for s in d['stats']['boilerplate_by_source']}
assert by['almadina']['learned_words'] > 0 and by['alyaum']['learned_words'] == 0, by
"
wt scan -q --boilerplate-pages 8 --format json -o "$T/p8.json" "$T/pages.jsonl"
jcheck "--boilerplate-pages 8: nothing learned, the author footer pairs the 6 as reuse" "$T/p8.json" "$FX
texts = {}
for l in open('$T/pages.jsonl', encoding='utf-8'):
    x = json.loads(l); texts[x['id']] = x['text'].encode()
ps = among(alm)
assert len(ps) == 15 and {p['kind'] for p in ps} == {'reuse'}, [(p['a'], p['b'], p['kind']) for p in ps]
for p in ps:  # one passage: the footer, whatever the SMS code
    assert len(p['passages']) == 1, p
    g = p['passages'][0]
    for s in 'ab':
        q = texts[p[s]][g[s][0]:g[s][1]].decode()
        assert q.startswith('للتواصل مع الكاتب ارسل رسالة SMS') and q.endswith('Zain'), q
assert among(aly) == []  # its tracking line is 4 words: no passage
st = d['stats']
assert st['boilerplate_learned_lines'] == 0 and st['boilerplate_learned_words'] == 0, st
assert st['boilerplate_cut_documents'] == 13, st
"
for v in 1 0 -3 x 5x ''; do
	wt scan -q --boilerplate-pages "$v" "$T/pages.jsonl"
	expect_rc "--boilerplate-pages '$v': exit 2" 2
	expect_err "--boilerplate-pages '$v': says which value" "invalid value '$v' for --boilerplate-pages"
done
# --boilerplate-words: the furniture lines are shorter than 60 words, so
# none is learned (the markers still cut the read-also blocks)
wt scan -q --boilerplate-words 60 --format json -o "$T/w60.json" "$T/pages.jsonl"
jcheck "--boilerplate-words 60: no furniture line is long enough to learn" "$T/w60.json" "
st = d['stats']
assert st['boilerplate_learned_lines'] == 0 and st['boilerplate_learned_words'] == 0, st
assert st['boilerplate_cut_documents'] == 13, st
"
for v in 0 -1 x ''; do
	wt scan -q --boilerplate-words "$v" "$T/pages.jsonl"
	expect_rc "--boilerplate-words '$v': exit 2" 2
done
# the real author footer of the corpus is on only 2 almadina pages: a reuse
# pair by default, furniture with --boilerplate-pages 2 (the smallest)
wt scan -q --format json -o "$T/c5.json" corpus/saudinewsnet-sample.jsonl
wt scan -q --boilerplate-pages 2 --format json -o "$T/c2.json" corpus/saudinewsnet-sample.jsonl
expect_rc "--boilerplate-pages 2: accepted" 0
jcheck "--boilerplate-pages 2: the corpus's 2-page author footer no longer pairs" "$T/c2.json" "
foot = ('snn-2015-07-25-0716', 'snn-2015-08-11-0586')
c5 = load('$T/c5.json')
assert [p['kind'] for p in c5['pairs'] if (p['a'], p['b']) == foot] == ['reuse']
assert foot not in pairs(), 'footer pair still there'
by = {s['source']: s for s in d['stats']['boilerplate_by_source']}
assert by['almadina']['learned_words'] > 0 and by['almadina']['learned_words'] > \
       {s['source']: s for s in c5['stats']['boilerplate_by_source']}['almadina']['learned_words']
"

# b. one wire story at two outlets, each in its own furniture
jcheck "wire story at almadina and alyaum: still a near pair, and the only pair" "$T/on.json" "$FX
assert pairs() == [tuple(sorted(wire.values()))], pairs()
p = d['pairs'][0]
assert p['kind'] == 'near' and p['jaccard'] >= 0.85, p
"
jcheck "wire story: every passage lies inside the story on both sides" "$T/on.json" "$FX
p = [p for p in d['pairs'] if {p['a'], p['b']} == set(wire.values())][0]
assert p['passages'], p
for g in p['passages']:
    for s in 'ab':
        lo, hi = fx['spans'][p[s]]
        assert lo <= g[s][0] < g[s][1] <= hi, (s, g, lo, hi)
assert p['aligned_a'] > 0.9 and p['aligned_b'] > 0.9, p
"
jcheck "wire story with --no-boilerplate: diluted by the furniture to a reuse pair" "$T/off.json" "$FX
ps = [p for p in d['pairs'] if {p['a'], p['b']} == set(wire.values())]
assert len(ps) == 1 and ps[0]['kind'] == 'reuse' and ps[0]['jaccard'] < 0.5, ps
"

# c. the two seeds that share their trailing layout
wt scan -q --format json -o "$T/seeds.json" corpus/seeds/000_*.txt corpus/seeds/002_*.txt
jcheck "seeds 000 and 002 (same trailing layout): no pair, both blocks cut" "$T/seeds.json" "
assert d['stats']['documents'] == 2 and pairs() == [], pairs()
assert d['stats']['boilerplate_cut_documents'] == 2, d['stats']
"

# d. standard input is read twice (learning, then the scan), like a file:
# a pipe (plain and gzip) as much as a redirected file
for z in cat "gzip -c"; do
	$z "$T/pages.jsonl" | "$WT" scan -q --format json - >"$T/pipe.json" 2>"$T/err"
	RC=${PIPESTATUS[1]} LAST="$z pages.jsonl | wiretrace scan --format json -"
	expect_rc "stdin, a pipe ($z): exit 0" 0
	jcheck "stdin, a pipe ($z): the same pairs and stats as the file" "$T/pipe.json" "
f = load('$T/on.json')
assert d['pairs'] == f['pairs'] and d['stats'] == f['stats']"
done
wt scan -q --format json - <"$T/pages.jsonl"
expect_rc "stdin: exit 0" 0
cp "$T/out" "$T/stdin.json"
jcheck "stdin: the same pairs and stats as the file" "$T/stdin.json" "
f = load('$T/on.json')
assert d['pairs'] == f['pairs'], 'pairs differ'
assert d['stats'] == f['stats'], (d['stats'], f['stats'])
assert d['clusters'] == f['clusters'] and d['documents'] == f['documents']
assert d['stats']['boilerplate_learned_lines'] > 0
"
mkdir "$T/tmpd"
wt scan -q --tmpdir "$T/tmpd" --format json - <"$T/pages.jsonl"
expect_rc "stdin, --tmpdir: exit 0" 0
jcheck "stdin, --tmpdir: the same report" "$T/out" "
assert d['pairs'] == load('$T/on.json')['pairs']"
expect_eq "stdin, --tmpdir: the copy of stdin is not left behind" "$(ls -A "$T/tmpd")" ""

# f. --show-boilerplate lists each source and its learned lines
wt scan -q --show-boilerplate "$T/pages.jsonl"
expect_rc "--show-boilerplate: exit 0" 0
expect_out "--show-boilerplate: a section for the sources" "^boilerplate by source \(2 sources\):"
expect_out "--show-boilerplate: almadina and its counts" "^  almadina: [0-9]+ words in 7 documents, [0-9]+ of them in learned lines"
expect_out "--show-boilerplate: almadina's masthead" "^    learned: «رئيس مجلسى الإدارة والتحرير»$"
expect_out "--show-boilerplate: almadina's footer" "^    learned: «للتواصل مع الكاتب ارسل رسالة SMS»$"
expect_out "--show-boilerplate: almadina's footer, as first seen" "^    learned: «تبدأ بالرمز \(41\) ثم مسافة ثم نص الرسالة إلى»$"
expect_out "--show-boilerplate: alyaum's tracking line" "^    learned: «aXA6IDE4LjE5MS4xMDMuMTQ0IA== جزيرة ام اند امز»$"
wt scan -q "$T/pages.jsonl"
expect_rc "without --show-boilerplate: exit 0" 0
check "without --show-boilerplate: no learned lines listed" \
	bash -c "! grep -Eq 'boilerplate by source|learned: ' '$T/out'"

# without a source field the source is the URL's host
python3 -c '
import json, sys
for l in sys.stdin:
    d = json.loads(l); del d["source"]; print(json.dumps(d, ensure_ascii=False))
' <"$T/pages.jsonl" >"$T/nosource.jsonl"
wt scan -q --format json -o "$T/host.json" "$T/nosource.jsonl"
jcheck "no source field: learned per URL host, the same pairs" "$T/host.json" "
by = {s['source']: s for s in d['stats']['boilerplate_by_source']}
assert sorted(by) == ['www.al-madina.com', 'www.alyaum.com'], list(by)
on = load('$T/on.json')
assert pairs() == pairs(on), pairs()
assert [s['learned_words'] for s in d['stats']['boilerplate_by_source']] == \
       [s['learned_words'] for s in on['stats']['boilerplate_by_source']]
"

# the source of a .txt file is its folder: the same furniture learned
# across the folders of a directory
python3 - "$T" <<'PY' || { echo "FAIL: cannot write the folder pages"; exit 1; }
import json, os, sys
t = sys.argv[1]
for l in open(f"{t}/alm.jsonl", encoding="utf-8"):
    d = json.loads(l)
    os.makedirs(f"{t}/site/almadina", exist_ok=True)
    open(f"{t}/site/almadina/{d['id']}.txt", "w", encoding="utf-8").write(d["text"])
PY
wt scan -q --format json -o "$T/dir.json" "$T/site"
jcheck "a folder of .txt pages: its furniture learned under the folder" "$T/dir.json" "
by = {s['source']: s for s in d['stats']['boilerplate_by_source']}
assert list(by) == ['almadina'] and by['almadina']['learned_words'] > 0, by
assert pairs() == [], pairs()
"
finish
