#!/usr/bin/env bash
# html: the --format html report, read the way a person reads it: in a real
# browser (Debian's chromium, headless, with --dump-dom after the inline
# script ran). Shared passages are marked in the same colour on both sides
# and hold exactly the passage the JSON report gives; hostile document text
# (markup in the text, id, title, source, url) renders as text; the page
# loads nothing over the network; the bundled corpus loads. Skipped (77)
# without chromium: WT_WITH_CHROMIUM=1 scripts/install-deps.sh installs it.
# shellcheck source=tests/e2e/lib/assert.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/assert.sh"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
	echo "skipped: chromium is not installed (WT_WITH_CHROMIUM=1 scripts/install-deps.sh)"
	exit 77
fi

# dom URL OUT [FLAGS...]: the DOM of URL once its scripts ran
dom() {
	local url=$1 out=$2
	shift 2
	LAST="chromium --dump-dom $url"
	timeout 300 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--disable-dev-shm-usage --no-first-run --user-data-dir="$T/chrome" \
		--virtual-time-budget=5000 "$@" --dump-dom "$url" >"$out" 2>"$T/chrome.err"
	RC=$?
	# its complaints about D-Bus are noise here
	grep -v -e dbus -e 'unexpected operator' "$T/chrome.err" >"$T/err" || :
}

# The checks, in Python over the parsed HTML (html.parser: a small tree).
cat >"$T/check.py" <<'EOF'
import html.parser, json, re, sys

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}

class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.a, self.kids, self.parent = tag, dict(attrs), [], parent
    def text(self):
        return "".join(k if isinstance(k, str) else k.text() for k in self.kids)
    def all(self):
        for k in self.kids:
            if not isinstance(k, str):
                yield k
                yield from k.all()
    def cls(self):
        return (self.a.get("class") or "").split()
    def find(self, tag=None, cls=None):
        return [n for n in self.all() if (tag is None or n.tag == tag) and
                (cls is None or cls in n.cls())]

class Parser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.cur = Node("#root", [], None)
    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.kids.append(n)
        if tag not in VOID:
            self.cur = n
    def handle_startendtag(self, tag, attrs):
        self.cur.kids.append(Node(tag, attrs, self.cur))
    def handle_endtag(self, tag):
        n = self.cur
        while n is not None and n.tag != tag:
            n = n.parent
        if n is not None and n.parent is not None:
            self.cur = n.parent
    def handle_data(self, d):
        self.cur.kids.append(d)

def parse(path):
    p = Parser()
    p.feed(open(path, encoding="utf-8", errors="strict").read())
    return p.root

def ids(root):
    return {n.a["id"]: n for n in root.all() if "id" in n.a}

def page(s):
    """a text as the page holds it: controls but tab and newline dropped,
    CR LF and lone CR as LF"""
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in s if not (ord(c) < 32 and c not in "\t\n" or
                                        0x7F <= ord(c) < 0xA0))

def u16(s, i, j):
    return s.encode("utf-16-le")[2 * i:2 * j].decode("utf-16-le", "strict")

def sources(paths):
    """id -> original text of the inputs (JSONL files, or .txt under a dir)"""
    out = {}
    for p in paths:
        if p.endswith(".jsonl"):
            for line in open(p, encoding="utf-8"):
                d = json.loads(line)
                out[d["id"]] = d["text"]
        else:
            import os
            for dp, _, fs in os.walk(p):
                for f in fs:
                    if f.endswith(".txt"):
                        q = os.path.join(dp, f)
                        out[os.path.relpath(q, p)] = open(q, encoding="utf-8").read()
    return out

def offsets(html_path, json_path, *inputs):
    """every shown pair's UTF-16 offsets select, in the page's copy of each
    text, the bytes the JSON report gives; every text is there whole"""
    root, rep, src = parse(html_path), json.load(open(json_path)), sources(inputs)
    byid = ids(root)
    npairs = 0
    for i, p in enumerate(rep["pairs"]):
        d = byid.get("pair-%d" % i)
        if d is None:
            continue
        npairs += 1
        q = [int(x) for x in d.a["data-p"].split()] if d.a["data-p"] else []
        assert len(q) == 4 * len(p["passages"]), (i, q, p["passages"])
        for side, key in ((0, "a"), (2, "b")):
            doc = byid["doc-" + d.a["data-" + key]]
            idtext = doc.find("b")[0].text()
            assert idtext == page(p[key]), (idtext, p[key])
            t = doc.find("div", "t")[0].text()
            orig = src[p[key]]
            assert t == page(orig), "text of %r differs" % p[key]
            ob = orig.encode("utf-8")
            for k, g in enumerate(p["passages"]):
                want = page(ob[g[key][0]:g[key][1]].decode("utf-8"))
                got = u16(t, q[4 * k + side], q[4 * k + side + 1])
                assert got == want, (i, k, key, got[:80], want[:80])
    assert npairs > 0
    print("%d pairs checked" % npairs)

def marks(dom_path, json_path, pair, *inputs):
    """the view of pair: both sides built, passage k marked with the same
    colour class on both, holding the JSON report's passage text"""
    root, rep, src = parse(dom_path), json.load(open(json_path)), sources(inputs)
    d = ids(root)["pair-%s" % pair]
    assert "open" in d.a, "pair view not opened"
    sides = d.find("div", "side")
    assert len(sides) == 2, len(sides)
    p = rep["pairs"][int(pair)]
    assert p["passages"], "the pair has no passage"
    for s, key in zip(sides, "ab"):
        ms = s.find("mark")
        assert [int(m.a["data-k"]) for m in ms] == sorted(
            range(len(p["passages"])), key=lambda k: p["passages"][k][key][0]), ms
        ob = src[p[key]].encode("utf-8")
        for m in ms:
            k = int(m.a["data-k"])
            assert m.cls() == ["p%d" % (k % 6)], m.cls()
            g = p["passages"][k][key]
            want = page(ob[g[0]:g[1]].decode("utf-8"))
            assert m.text() == want, (key, k, m.text()[:80], want[:80])
        t = s.find("div", "t")[0]
        assert t.a.get("dir") == "auto" and t.text() == page(src[p[key]])
    print("%d passages marked on both sides" % len(p["passages"]))

def hostile(dom_path, *needles):
    """scripts in the data did not run, markup in it is text"""
    root = parse(dom_path)
    title = root.find("title")
    assert len(title) == 1 and title[0].text() == "wiretrace report", title[0].text()
    assert "injected" not in ids(root), "an element of the document text was built"
    assert not root.find("img"), "an <img> from the document text was built"
    assert len(root.find("script")) == 1, len(root.find("script"))
    texts = "".join(n.text() for n in root.find("div", "t")) + "".join(
        n.text() for n in root.find("summary"))
    for s in needles:
        assert s in texts, "not shown as text: %r" % s
    assert any("<b id=injected>x</b> <img src=x" in m.text()
               for m in root.find("mark")), "no markup inside a marked passage"
    print("%d hostile strings shown as text" % len(needles))

def csp(html_path):
    """the CSP allows exactly the page's one script, by its hash"""
    import base64, hashlib
    s = open(html_path, encoding="utf-8").read()
    js = re.search(r"<script>(.*?)</script>", s, re.S).group(1)
    h = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode()
    pol = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', s).group(1)
    d = dict((x.strip() + " ").split(" ", 1) for x in pol.split(";"))
    assert d["default-src"].strip() == "'none'", pol
    assert d["script-src"].strip() == "'sha256-%s'" % h, (
        "the script changed: set JS_SHA256 in src/report_html.c to %s" % h)

def nojs(dom_path, json_path, *inputs):
    """without JavaScript: no view, but every document's text"""
    root, rep, src = parse(dom_path), json.load(open(json_path)), sources(inputs)
    assert not root.find("mark") and not root.find("div", "side")
    shown = {n.find("b")[0].text(): n.find("div", "t")[0].text()
             for n in root.find("details", "doc")}
    for d in rep["documents"]:
        assert shown[page(d["id"])] == page(src[d["id"]]), d["id"]
    print("%d texts readable" % len(shown))

globals()[sys.argv[1]](*sys.argv[2:])
EOF
chk() { check "$1" python3 "$T/check.py" "${@:2}"; }

########################################################################
# a tiny corpus: two articles sharing a long passage; one of them with
# markup in every field, controls, an emoji (two UTF-16 units), U+2028
# and a tracking token (boilerplate)
########################################################################
H=$T/hostile
mkdir -p "$H"
python3 - corpus/saudinewsnet-sample.jsonl "$H/in.jsonl" <<'EOF'
import json, sys
arts = [json.loads(l)["text"].split() for l in open(sys.argv[1], encoding="utf-8")]
shared = (" ".join(arts[0][:40]) + " \U0001F600 <b id=injected>x</b> "
          "<img src=x onerror=\"document.title='pwned'\"> & " +
          " ".join(arts[0][40:80]))
evil = ["<script>document.title='pwned'</script>",
        "\"><img src=x onerror=\"document.title='pwned'\">",
        "</textarea><b id=injected>x</b>", "<!--", "</div></details>",
        "<script>document.title='pwned'", "&amp; &lt;"]
a = {"id": "a\"'<b id=injected>&amp;</b>", "source": "<i>wire</i>",
     "title": "<img src=x onerror=\"document.title='pwned'\"> عنوان",
     "url": "javascript:document.title='pwned'\"><script>",
     "date": "2015-08-10",
     "text": "\U0001F600 " + " ".join(arts[2][:40]) + "\r\n" + " ".join(evil) +
             " aXA6IDE4LjE5MS4xMDMuMTQ0IA==\x00\x07\u2028\n\n" + shared + "\r" + evil[0] + " " +
             " ".join(arts[3][:30])}
b = {"id": "b-plain", "source": "spa", "date": "2015-08-11",
     "text": " ".join(arts[1][:50]) + "\n\n" + shared + "\n" +
             " ".join(arts[4][:30])}
with open(sys.argv[2], "w", encoding="utf-8") as f:
    for d in (a, b):
        f.write(json.dumps(d, ensure_ascii=False) + "\n")
EOF
wt scan -q --format html -o "$H/report.html" "$H/in.jsonl"
expect_rc "hostile: html exit 0" 0
wt scan -q --format json -o "$H/report.json" "$H/in.jsonl"
expect_rc "hostile: json exit 0" 0
jcheck "hostile: one pair with a shared passage" "$H/report.json" '
assert len(d["pairs"]) == 1 and d["pairs"][0]["passages"], d["pairs"]'

# the file itself
R=$H/report.html
check "hostile: no unescaped <script>document" bash -c "! grep -q '<script>document' '$R'"
check "hostile: no <img" bash -c "! grep -qi '<img' '$R'"
# (boilerplate is greyed by spans that may cut the string: drop them first)
sed 's#<span class="bp" title="boilerplate: not compared">##g; s#</span>##g' \
	"$R" >"$H/flat.html"
check "hostile: & < > \" ' escaped" grep -qF \
	"&quot;&gt;&lt;img src=x onerror=&quot;document.title=&#39;pwned&#39;&quot;&gt;" "$H/flat.html"
check "boilerplate is greyed in the document texts" \
	grep -q '<span class="bp" title="boilerplate: not compared">' "$R"
check "hostile: one script element" test "$(grep -o '<script' "$R" | wc -l)" = 1
chk "hostile: CSP forbids network loads and allows only the page's script" csp "$R"
check "hostile: no http(s) or protocol-relative src/href, no CSS url()" \
	bash -c "! grep -Eiq '(src|href|action)=[\"'\\'']?[[:space:]]*(https?:|//)|url\(|@import' '$R'"
check "hostile: no NUL or other C0 control in the file" \
	bash -c "! LC_ALL=C grep -q '[[:cntrl:]]' <(tr -d '\n\t' <'$R')"
chk "hostile: offsets select the JSON report's passages" offsets "$R" "$H/report.json" "$H/in.jsonl"
wt scan -q --format html -o "$H/again.html" "$H/in.jsonl"
expect_same "hostile: deterministic" "$R" "$H/again.html"

# in the browser, straight to the pair
dom "file://$R#pair-0" "$H/dom.html"
expect_rc "hostile: chromium exit 0" 0
chk "hostile: passages marked alike on both sides" marks "$H/dom.html" "$H/report.json" 0 "$H/in.jsonl"
chk "hostile: markup in the data is text" hostile "$H/dom.html" \
	"<script>document.title='pwned'</script>" \
	"\"><img src=x onerror=\"document.title='pwned'\">" \
	"</textarea><b id=injected>x</b>" "<!--" "&amp; &lt;" \
	"a\"'<b id=injected>&amp;</b>" "<i>wire</i>" \
	"javascript:document.title='pwned'\"><script>"
# without JavaScript (--dump-dom needs it on: the page loses its script)
python3 -c '
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
open(sys.argv[2], "w", encoding="utf-8").write(re.sub(r"<script>.*?</script>", "", s, flags=re.S))' \
	"$R" "$H/nojs-page.html"
dom "file://$H/nojs-page.html" "$H/nojs.html"
expect_rc "hostile: chromium without the script exit 0" 0
chk "hostile: without JavaScript the texts are there" nojs "$H/nojs.html" "$H/report.json" "$H/in.jsonl"

########################################################################
# the bundled corpus: every pair's offsets, and the page in the browser
########################################################################
C=$T/corpus
mkdir -p "$C"
wt scan -q --format html -o "$C/report.html" corpus/
expect_rc "corpus: html exit 0" 0
wt scan -q --format json -o "$C/report.json" corpus/
expect_rc "corpus: json exit 0" 0
chk "corpus: offsets of every pair" offsets "$C/report.html" "$C/report.json" \
	corpus/saudinewsnet-sample.jsonl corpus/seeds
t0=$EPOCHREALTIME
dom "file://$C/report.html" "$C/dom.html"
expect_rc "corpus: chromium exit 0" 0
note "corpus: $(wc -c <"$C/report.html") bytes, loaded and dumped in" \
	"$(python3 -c "print('%.1f' % ($EPOCHREALTIME - $t0))") s"
nclusters=$(jget "$C/report.json" 'd["stats"]["clusters"]')
check "corpus: the page shows the cluster count" \
	grep -q "<th>clusters</th><td>$nclusters (groups" "$C/dom.html"
first=$(python3 -c '
import re, sys
print(re.search(r"<details class=\"pair\" id=\"pair-(\d+)\"", open(sys.argv[1], encoding="utf-8").read()).group(1))' "$C/report.html")
chk "corpus: the first pair's view is built on load" marks "$C/dom.html" \
	"$C/report.json" "$first" corpus/saudinewsnet-sample.jsonl corpus/seeds
finish
