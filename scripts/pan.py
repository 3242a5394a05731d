#!/usr/bin/env python3
"""Score wiretrace passages against AraPlagDet (PAN external plagiarism format).

    pan.py prep TAR OUT.jsonl [--subset N]   the documents as wiretrace JSONL
    pan.py score TAR REPORT.json [--subset N] [--json]
    pan.py selftest                          the measures on hand-computed cases

TAR holds dataset/{suspicious-documents,source-documents}/*.txt and
dataset/plagiarism-annotation/*.xml, one <feature name="plagiarism"
this_offset this_length source_reference source_offset source_length
obfuscation> per reused passage ("case"); offsets and lengths count Unicode
code points of the files as they are.

The README warns that "none" cases can differ in whitespace from the source.
Checked on every case of the set: all 696 "none" cases have this_length ==
source_length; 258 are identical strings and the other 438 differ only where
a newline of the source became a space in the suspicious document (a
one-for-one substitution, NBSPs kept). So the offsets point into the real,
unfolded texts on both sides and need no mapping; only a string comparison
would need whitespace folded. Every case of every type starts and ends on a
word boundary of the suspicious document. Files are UTF-8 without BOM or CR.

Measures (Potthast et al., "An evaluation framework for plagiarism
detection", COLING 2010, as in the PAN perfmeasures.py): a case and a
detection are each a set of characters of the suspicious document and of
the source document. A detection detects a case when both name the same
document pair and they overlap in the suspicious document and in the source
document. Recall = mean over cases of the fraction of the case's characters
(both sides) covered by the detections that detect it; precision = the same
with detections and cases swapped (a detection detecting nothing scores 0);
granularity = mean number of detections per detected case; plagdet =
F1 / log2(1 + granularity).

A detection is one passage of a report pair with a suspicious document on
one side and a source document on the other; its byte offsets (UTF-8 of the
JSONL text) are converted to code points. Standard library only.
"""
import argparse
import collections
import io
import json
import math
import os
import re
import sys
import tarfile
import tempfile

SUSP_DIR = "dataset/suspicious-documents/"
SRC_DIR = "dataset/source-documents/"
ANN_DIR = "dataset/plagiarism-annotation/"
TYPES = ["none", "word shuffling", "phrase shuffling",
         "manual synonym substitution", "manual paraphrasing"]

# [s0, s1) in the suspicious document, [r0, r1) in the source, code points
Span = collections.namedtuple("Span", "susp s0 s1 src r0 r1 obf")


# ---------------------------------------------------------------- dataset

def decode(raw, name):
    """The file as text, unchanged: the offsets count its code points."""
    for enc in ("utf-8", "cp1256"):  # cp1256: the usual legacy Arabic code page
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc != "utf-8":
            print(f"pan: {name} is not UTF-8, read as {enc}", file=sys.stderr)
        return text
    sys.exit(f"pan: {name}: unknown encoding")


def load_dataset(tar_path, subset=None):
    """(texts {id: str}, kind {id: "suspicious"|"source"}, cases [Span])."""
    files = {}
    with tarfile.open(tar_path) as tar:
        for m in tar:
            if m.isfile() and m.name.startswith((SUSP_DIR, SRC_DIR, ANN_DIR)):
                files[m.name] = tar.extractfile(m).read()
    stem = lambda p: os.path.splitext(os.path.basename(p))[0]
    susp = sorted(stem(p) for p in files if p.startswith(SUSP_DIR) and p.endswith(".txt"))
    src = sorted(stem(p) for p in files if p.startswith(SRC_DIR) and p.endswith(".txt"))
    if subset is not None:
        susp = susp[:subset]
    cases = []
    for s in susp:
        xml = files.get(ANN_DIR + s + ".xml", b"").decode("utf-8")
        # attributes in any order; a regexp is enough for these flat files
        for feat in re.findall(r"<feature\b[^>]*>", xml):
            a = dict(re.findall(r'(\w+)="([^"]*)"', feat))
            if a.get("name") != "plagiarism":
                continue
            to, tl = int(a["this_offset"]), int(a["this_length"])
            so, sl = int(a["source_offset"]), int(a["source_length"])
            cases.append(Span(s, to, to + tl, stem(a["source_reference"]),
                              so, so + sl, a["obfuscation"]))
    if subset is not None:
        src = sorted({c.src for c in cases})
    kind = {d: "suspicious" for d in susp}
    kind.update((d, "source") for d in src)
    texts = {d: decode(files[(SUSP_DIR if k == "suspicious" else SRC_DIR) + d + ".txt"], d)
             for d, k in kind.items()}
    for c in cases:
        if c.s1 > len(texts[c.susp]) or c.r1 > len(texts[c.src]):
            print(f"pan: case out of range: {c}", file=sys.stderr)
    return texts, kind, cases


def prep(args):
    texts, kind, cases = load_dataset(args.tar, args.subset)
    with open(args.out, "w", encoding="utf-8") as f:
        for d in sorted(texts):
            f.write(json.dumps({"id": d, "text": texts[d], "source": kind[d]},
                               ensure_ascii=False) + "\n")
    n = collections.Counter(kind.values())
    print(f"pan: {n['suspicious']} suspicious + {n['source']} source documents, "
          f"{len(cases)} cases -> {args.out}", file=sys.stderr)


# ---------------------------------------------------------------- measures

def covered(lo, hi, spans):
    """Number of positions of [lo, hi) inside the union of spans."""
    total, cur = 0, lo
    for a, b in sorted(spans):
        a, b = max(a, cur), min(b, hi)
        if b > a:
            total, cur = total + b - a, b
    return total


def overlaps(x, y):
    return (x.susp == y.susp and x.src == y.src and x.s0 < y.s1 and y.s0 < x.s1
            and x.r0 < y.r1 and y.r0 < x.r1)


def coverage(x, ys):
    """Fraction of x's characters (both sides) covered by ys that overlap x."""
    ys = [y for y in ys if overlaps(x, y)]
    got = (covered(x.s0, x.s1, [(y.s0, y.s1) for y in ys])
           + covered(x.r0, x.r1, [(y.r0, y.r1) for y in ys]))
    size = (x.s1 - x.s0) + (x.r1 - x.r0)
    return got / size if size else 0.0, ys


def plagdet(p, r, gran):
    if p is None or r is None or p + r == 0:
        return 0.0
    return 2 * p * r / (p + r) / math.log2(1 + gran)


def measures(cases, dets):
    """Overall figures and one row per obfuscation type.

    Per type: recall and granularity over that type's cases; precision over
    the detections that detect at least one case of the type (a detection
    across two cases of different types counts for both), each scored
    against all cases as in the overall precision. Detections detecting no
    case count in the overall precision only, as "unmatched"."""
    by_pair = collections.defaultdict(lambda: ([], []))
    for i, c in enumerate(cases):
        by_pair[c.susp, c.src][0].append(i)
    for j, d in enumerate(dets):
        by_pair[d.susp, d.src][1].append(j)
    rec, ndet = [0.0] * len(cases), [0] * len(cases)  # per case: recall, detections
    prec, types = [0.0] * len(dets), [set() for _ in dets]  # per detection
    for cs, ds in by_pair.values():
        for i in cs:
            rec[i], hit = coverage(cases[i], [dets[j] for j in ds])
            ndet[i] = len(hit)
        for j in ds:
            prec[j], hit = coverage(dets[j], [cases[i] for i in cs])
            types[j] = {c.obf for c in hit}

    def row(cs, ds, p_empty):  # lists of indices into cases and dets
        r = sum(rec[i] for i in cs) / len(cs) if cs else None
        p = sum(prec[j] for j in ds) / len(ds) if ds else p_empty
        hit = [ndet[i] for i in cs if ndet[i]]
        g = sum(hit) / len(hit) if hit else 1.0
        return {"cases": len(cs), "detected": len(hit), "detections": len(ds),
                "precision": p, "recall": r, "granularity": g,
                "plagdet": plagdet(p, r, g)}

    out = row(range(len(cases)), range(len(dets)), 0.0 if cases else 1.0)
    if not cases and not dets:
        out.update(recall=1.0, plagdet=1.0)  # PAN: nothing to find, nothing found
    out["unmatched"] = sum(1 for t in types if not t)
    out["types"] = {}
    for t in TYPES + sorted({c.obf for c in cases} - set(TYPES)):
        cs = [i for i, c in enumerate(cases) if c.obf == t]
        if cs:
            out["types"][t] = row(cs, [j for j in range(len(dets)) if t in types[j]], None)
    return out


# ---------------------------------------------------------------- report

def detections(report, texts, kind, counts):
    """The report's passages between a suspicious and a source document, in
    code points; counts gets the pairs passed over and any bad offsets."""
    raw = {}

    def cp(doc, off):  # byte offset -> code point offset, checked
        b = raw.get(doc)
        if b is None:
            b = raw[doc] = texts[doc].encode("utf-8")
        if not 0 <= off <= len(b):
            counts["bad_offsets"] += 1
            off = min(max(off, 0), len(b))
        try:
            return len(b[:off].decode("utf-8"))
        except UnicodeDecodeError:  # not on a character boundary
            counts["bad_offsets"] += 1
            return len(b[:off].decode("utf-8", "ignore"))

    out = []
    for p in report.get("pairs", []):
        ka, kb = kind.get(p["a"]), kind.get(p["b"])
        if ka is None or kb is None:
            counts["other_pairs"] += 1  # not in the dataset (or not in --subset)
            continue
        if ka == kb:
            counts[ka + "_pairs"] += 1
            continue
        flip = ka == "source"
        s, r = (p["b"], p["a"]) if flip else (p["a"], p["b"])
        counts["pairs"] += 1
        for q in p.get("passages", []):
            (sa, sb), (ra, rb) = (q["b"], q["a"]) if flip else (q["a"], q["b"])
            d = Span(s, cp(s, sa), cp(s, sb), r, cp(r, ra), cp(r, rb), None)
            if d.s1 <= d.s0 or d.r1 <= d.r0:
                counts["bad_offsets"] += 1
                continue
            out.append(d)
    # two passages with the same offsets would be one detection
    counts["duplicate_passages"] = len(out) - len(set(out))
    return list(dict.fromkeys(out))


def evaluate(texts, kind, cases, report):
    counts = collections.Counter()
    dets = detections(report, texts, kind, counts)
    m = measures(cases, dets)
    with_case = {c.susp for c in cases}
    negatives = {d for d, k in kind.items() if k == "suspicious"} - with_case
    case_pairs = {(c.susp, c.src) for c in cases}
    m.update(
        suspicious=sum(1 for k in kind.values() if k == "suspicious"),
        sources=sum(1 for k in kind.values() if k == "source"),
        negatives=len(negatives),
        negative_fp=sum(1 for d in dets if d.susp in negatives),
        case_pairs=len(case_pairs),
        case_pairs_reported=len(case_pairs & {(d.susp, d.src) for d in dets}),
        pairs=counts["pairs"],
        ignored_pairs={k: counts[k + "_pairs"] for k in ("suspicious", "source", "other")},
        bad_offsets=counts["bad_offsets"],
        duplicate_passages=counts["duplicate_passages"])
    return m


def fmt(x, spec):  # None (nothing to average) as a right-aligned "-"
    return format("-", ">" + spec.split(".")[0]) if x is None else format(x, spec)


def print_table(m, out=sys.stdout):
    w = lambda *a: print(*a, file=out)
    w(f"AraPlagDet: {m['suspicious']} suspicious ({m['negatives']} without a case), "
      f"{m['sources']} source documents; {m['cases']} cases, {m['detections']} detections")
    w(f"{'':28} {'cases':>6} {'found':>6} {'dets':>6} {'prec':>7} {'recall':>7} "
      f"{'gran':>6} {'plagdet':>7}")
    for name, r in [("all", m)] + list(m["types"].items()):
        w(f"{name:28} {r['cases']:6} {r['detected']:6} {r['detections']:6} "
          f"{fmt(r['precision'], '7.4f')} {fmt(r['recall'], '7.4f')} "
          f"{r['granularity']:6.3f} {r['plagdet']:7.4f}")
    ig = m["ignored_pairs"]
    w(f"detections detecting no case: {m['unmatched']} "
      f"({m['negative_fp']} in suspicious documents without a case)")
    w(f"case document pairs with a detection: {m['case_pairs_reported']} of {m['case_pairs']}; "
      f"suspicious-source pairs reported: {m['pairs']}; passed over: "
      f"{ig['suspicious']} suspicious-suspicious, {ig['source']} source-source, "
      f"{ig['other']} outside the dataset")
    if m["bad_offsets"] or m["duplicate_passages"]:
        w(f"WARNING: {m['bad_offsets']} bad passage offsets, "
          f"{m['duplicate_passages']} duplicate passages")


def score(args):
    texts, kind, cases = load_dataset(args.tar, args.subset)
    with open(args.report, encoding="utf-8") as f:
        m = evaluate(texts, kind, cases, json.load(f))
    if args.json:
        print_table(m, sys.stderr)  # stdout stays one JSON object
        print(json.dumps(m, indent=1))
    else:
        print_table(m)


# ---------------------------------------------------------------- selftest

def selftest(_args):
    fails = []

    def check(name, got, want):
        if got is None or want is None:
            ok = got is want
        else:
            ok = abs(got - want) < 1e-9
        if not ok:
            fails.append(f"{name}: got {got}, want {want}")

    S = lambda s0, s1, r0, r1, obf=None, susp="s1", src="r1": Span(susp, s0, s1, src, r0, r1, obf)
    case = S(0, 100, 0, 100, "none")

    def expect(name, cases, dets, **want):
        m = measures(cases, dets)
        for k, v in want.items():
            check(f"{name} {k}", m[k], v)
        return m

    expect("perfect", [case], [S(0, 100, 0, 100)],
           precision=1, recall=1, granularity=1, plagdet=1)
    expect("split in two", [case], [S(0, 50, 0, 50), S(50, 100, 50, 100)],
           precision=1, recall=1, granularity=2, plagdet=1 / math.log2(3))
    expect("half covered", [case], [S(0, 50, 0, 50)],
           precision=1, recall=0.5, granularity=1, plagdet=2 / 3)
    # 200 + 100 detected characters, 100 + 100 of them in the case
    expect("too long", [case], [S(0, 200, 0, 100)],
           precision=2 / 3, recall=1, plagdet=0.8)
    expect("wrong source document", [case], [S(0, 100, 0, 100, src="r2")],
           precision=0, recall=0, plagdet=0, unmatched=1)
    expect("no overlap in the source", [case], [S(0, 100, 100, 200)],
           precision=0, recall=0, unmatched=1)
    expect("a false positive", [case], [S(0, 100, 0, 100), S(0, 100, 0, 100, susp="s9")],
           precision=0.5, recall=1, granularity=1, unmatched=1)
    # overlapping detections count each character once
    expect("overlapping detections", [case], [S(0, 60, 0, 60), S(40, 100, 40, 100)],
           precision=1, recall=1, granularity=2)
    expect("nothing", [], [], precision=1, recall=1, plagdet=1)
    expect("no detections", [case], [], precision=0, recall=0, granularity=1, plagdet=0)
    # two types: only the "none" case is found, a detection spans both
    two = [S(0, 100, 0, 100, "none"), S(200, 300, 200, 300, "word shuffling")]
    m = expect("two cases", two, [S(0, 100, 0, 100)], recall=0.5, granularity=1)
    t = m["types"]
    check("type none recall", t["none"]["recall"], 1)
    check("type shuffle recall", t["word shuffling"]["recall"], 0)
    check("type shuffle precision", t["word shuffling"]["precision"], None)
    m = measures(two, [S(50, 250, 50, 250)])  # 50 + 50 of each case, 200 + 200 long
    check("spanning recall", m["recall"], 0.5)
    check("spanning precision", m["types"]["none"]["precision"], 0.5)
    check("spanning precision shuffle", m["types"]["word shuffling"]["precision"], 0.5)
    check("spanning granularity", m["granularity"], 1)
    check("covered union", covered(0, 10, [(5, 20), (-3, 2), (1, 3)]), 8)

    # end to end: a tiny dataset and the hand-made report
    # tests/quality/fixtures/pan_report.json (its _comment has the offsets)
    ar = "حرف "  # 4 code points, 7 UTF-8 bytes
    docs = {SUSP_DIR + "suspicious-document0001.txt": "abc " * 10 + ar * 20 + "xyz " * 10,
            SUSP_DIR + "suspicious-document0002.txt": "clean text " * 20,
            SRC_DIR + "source-document00001.txt": ar * 50,
            SRC_DIR + "source-document00002.txt": "unused source " * 5,
            ANN_DIR + "suspicious-document0001.xml":
                '<?xml version="1.0" encoding="UTF-8"?>\n<document reference="suspicious-'
                'document0001.txt">\n<feature name="plagiarism" this_offset="40" '
                'this_length="80" source_reference="source-document00001.txt" '
                'source_offset="40" source_length="80" obfuscation="none" type="artificial"/>\n'
                '</document>\n',
            ANN_DIR + "suspicious-document0002.xml":
                '<?xml version="1.0" encoding="UTF-8"?>\n<document reference="suspicious-'
                'document0002.txt">\n</document>\n'}
    fixture = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests",
                           "quality", "fixtures", "pan_report.json")
    with tempfile.TemporaryDirectory() as tmp:
        tar_path = os.path.join(tmp, "mini.tar.gz")
        with tarfile.open(tar_path, "w:gz") as tar:
            for name, text in docs.items():
                b = text.encode("utf-8")
                ti = tarfile.TarInfo(name)
                ti.size = len(b)
                tar.addfile(ti, io.BytesIO(b))
        texts, kind, cases = load_dataset(tar_path)
        check("prep: 4 documents", len(texts), 4)
        check("prep: text kept", texts["suspicious-document0001"] ==
              docs[SUSP_DIR + "suspicious-document0001.txt"], True)
        check("prep: one case", len(cases), 1)
        with open(fixture, encoding="utf-8") as f:
            m = evaluate(texts, kind, cases, json.load(f))
        for k, v in dict(cases=1, detections=4, detected=1, recall=0.75, precision=0.5,
                         granularity=2, unmatched=2, negative_fp=1, pairs=2,
                         case_pairs_reported=1, bad_offsets=0).items():
            check(f"fixture {k}", m[k], v)
        check("fixture none precision", m["types"]["none"]["precision"], 1)
        for k in ("suspicious", "source", "other"):
            check(f"fixture passed over {k}", m["ignored_pairs"][k], 1)
        # byte 41 is inside the first Arabic letter of suspicious-document0001
        bad = {"pairs": [{"a": "source-document00001", "b": "suspicious-document0001",
                          "passages": [{"a": [70, 140], "b": [41, 110]}]}]}
        check("mid-character offset", evaluate(texts, kind, cases, bad)["bad_offsets"], 1)
        texts, kind, cases = load_dataset(tar_path, subset=1)
        check("subset: susp 1 and its source", sorted(texts) ==
              ["source-document00001", "suspicious-document0001"], True)
        if not fails:
            print_table(m)
    for f in fails:
        print("FAIL", f)
    print("pan selftest:", "FAILED" if fails else "ok")
    return 1 if fails else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("prep", help="write the documents as wiretrace JSONL")
    p.add_argument("tar")
    p.add_argument("out")
    p.add_argument("--subset", type=int, metavar="N",
                   help="the first N suspicious documents and the sources they use")
    p.set_defaults(func=prep)
    p = sub.add_parser("score", help="PAN measures of a wiretrace JSON report")
    p.add_argument("tar")
    p.add_argument("report")
    p.add_argument("--subset", type=int, metavar="N", help="as for prep")
    p.add_argument("--json", action="store_true",
                   help="print the figures as JSON (the table goes to stderr)")
    p.set_defaults(func=score)
    sub.add_parser("selftest", help="check the measures").set_defaults(func=selftest)
    args = ap.parse_args()
    sys.exit(args.func(args) or 0)


if __name__ == "__main__":
    main()
