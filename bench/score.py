#!/usr/bin/env python3
"""Score a wiretrace JSON report against the truth of bench/datagen.py.

    python3 bench/datagen.py --docs 10000 --seed 1 --out /tmp/wt10k.jsonl --truth /tmp/wt10k.truth.tsv
    build/wiretrace scan -q --format json -o /tmp/wt10k.json /tmp/wt10k.jsonl
    python3 bench/score.py /tmp/wt10k.json /tmp/wt10k.truth.tsv [--corpus /tmp/wt10k.jsonl]

A truth line (derived_id, base_id, kind) is found when the report pairs the
two documents, directly or through exact-duplicate groups: an "exact" pair
(a, b) puts b in the group of a (a is the group's smallest id), and "near"
pairs are only between group representatives, so the pair (d, b) is found
when rep(d) == rep(b) or the report has the near pair (rep(d), rep(b)).

Per kind it prints the truth count, how many were found, recall, and the
median and minimum Jaccard of the found pairs (1 for exact groups).  Kinds
whose edits can push Jaccard below the threshold (passage, heavy subst) are
expected to miss some; with --corpus the missed pairs' Jaccard is estimated
by a Python re-implementation of wiretrace's normalizer and shingles
(approximate: NFKC, case folding, the Arabic rules), which tells a miss
below the threshold (expected) from one above it (a real miss).

Reported pairs that no truth line names are counted too, in three classes:
  same source   both documents hold text of the same pool article (two
                copies of one base, a copy and its base's resample, a
                splice and a copy of its tail): implied, not an error
  source reuse  their pool articles are paired with each other in the
                report (directly or through a chain of such pairs): the
                real corpora's own syndication (SaudiNewsNet's SPA
                reprints, METER's PA stories and the papers' versions)
  unexplained   anything else
A document's pool articles ("origins") follow from the truth: an id that is
never a derived_id is a first use, its own origin; a derived document has
the origins of its base (and of the host, of the splice tail).
Standard library only.
"""
import argparse
import gzip
import json
import re
import statistics
import sys
import unicodedata


class UnionFind:
    def __init__(self):
        self.parent = {}

    def find(self, x):
        p = self.parent
        root = x
        while p.get(root, root) != root:
            root = p[root]
        while p.get(x, x) != root:
            p[x], x = root, p[x]
        return root

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


# approximate wiretrace normalization (README "How it works", step 2)
DIACRITICS = re.compile("[\u064B-\u065F\u0670\u0640]")
FOLD = str.maketrans({"\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627",
                      "\u0671": "\u0627", "\u0649": "\u064A", "\u0629": "\u0647",
                      "\u0624": "\u0648", "\u0626": "\u064A", "\u06A9": "\u0643",
                      "\u06CC": "\u064A",
                      **{0x0660 + i: str(i) for i in range(10)},
                      **{0x06F0 + i: str(i) for i in range(10)}})
WORD = re.compile(r"[^\W_]+")


def shingles(text, k):
    t = unicodedata.normalize("NFKC", text).casefold()
    words = WORD.findall(DIACRITICS.sub("", t).translate(FOLD))
    return {tuple(words[i:i + k]) for i in range(len(words) - k + 1)}


def jaccard(a, b):
    return len(a & b) / len(a | b) if a or b else 0.0


def read_corpus(path, ids):
    texts = {}
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            i = line.find('"id": "')        # datagen's layout: skip json.loads of the rest
            did = line[i + 7:line.index('"', i + 7)] if i >= 0 else json.loads(line)["id"]
            if did in ids:
                texts[did] = json.loads(line)["text"]
    return texts


def row_name(kind, detail):
    if kind == "passage":
        return "passage (host)" if "role=host" in detail else "passage (wire)"
    if kind == "subst":
        m = re.search(r"rate=([0-9.]+)", detail)
        if m:
            r = float(m.group(1))
            lo = min(8, max(2, int(r * 100) // 2 * 2))
            return "subst %d-%d%%" % (lo, lo + 2)
    if kind == "resample":
        return "resample (%s)" % ("tail" if "role=tail" in detail else
                                  re.search(r"mode=(\w+)", detail).group(1)
                                  if "mode=" in detail else "?")
    return kind


ORDER = ["exact", "trim", "pdrop", "reorder", "insert", "furniture",
         "subst 2-4%", "subst 4-6%", "subst 6-8%", "subst 8-10%", "subst",
         "passage (wire)", "passage (host)"]


def fmt(x):
    return "%.3f" % x if x is not None else "-"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("report", help="wiretrace scan --format json output")
    ap.add_argument("truth", help="truth TSV from bench/datagen.py")
    ap.add_argument("--corpus", help="the scanned corpus: estimate the Jaccard of misses")
    args = ap.parse_args()

    with open(args.report, encoding="utf-8") as f:
        report = json.load(f)
    params = report["params"]
    thr, k = params["threshold"], params["shingle"]
    rep, near = {}, {}
    for p in report["pairs"]:
        if p["kind"] == "exact":
            rep[p["b"]] = p["a"]
        else:
            near[(p["a"], p["b"])] = p["jaccard"]

    def r(x):
        return rep.get(x, x)

    truth = []
    derived = set()
    with open(args.truth, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            d, b, kind = cols[0], cols[1], cols[2]
            detail = cols[3] if len(cols) > 3 else ""
            truth.append((d, b, kind, detail))
            derived.add(d)

    # per truth line: found? with what Jaccard?
    rows = {}
    direct = set()                 # rep pairs named by the truth
    origins = {}                   # id -> set of first-use ids whose text it holds
    missed = []
    for d, b, kind, detail in truth:
        rd, rb = r(d), r(b)
        key = (min(rd, rb), max(rd, rb))
        direct.add(key)
        origins.setdefault(d, set()).update(origins.get(b, (b,)))  # b precedes d in the file
        if rd == rb:
            j = 1.0
        else:
            j = near.get(key)
        row = rows.setdefault(row_name(kind, detail), {"n": 0, "found": [], "missed": []})
        row["n"] += 1
        if j is None:
            row["missed"].append((d, b))
            missed.append((d, b))
        else:
            row["found"].append(j)

    est = {}
    if args.corpus and missed:
        texts = read_corpus(args.corpus, {x for pr in missed for x in pr})
        cache = {}

        def sh(x):
            if x not in cache:
                cache[x] = shingles(texts.get(x, ""), k)
            return cache[x]
        for pr in missed:
            est[pr] = jaccard(sh(pr[0]), sh(pr[1]))

    names = [n for n in ORDER if n in rows] + sorted(n for n in rows if n not in ORDER)
    edits = [n for n in names if not n.startswith("resample")]
    resamples = [n for n in names if n.startswith("resample")]
    hdr = "%-16s %7s %7s %7s %8s %8s" % ("kind", "truth", "found", "recall", "med J", "min J")
    if est:
        hdr += "  %9s %8s %9s" % ("missed", "med ~J", "~J>=thr")
    print("threshold %.2f, shingle %d; found = reported pair or same exact group; "
          "J = exact Jaccard from the report" % (thr, k))
    print(hdr)
    print("-" * len(hdr))

    def line(name, row):
        f = row["found"]
        s = "%-16s %7d %7d %7.3f %8s %8s" % (
            name, row["n"], len(f), len(f) / row["n"] if row["n"] else 0.0,
            fmt(statistics.median(f) if f else None), fmt(min(f) if f else None))
        if est:
            m = [est[pr] for pr in row["missed"]]
            s += "  %9d %8s %9d" % (len(m), fmt(statistics.median(m) if m else None),
                                    sum(1 for x in m if x >= thr))
        print(s)

    tot = {"n": 0, "found": [], "missed": []}
    for n in edits:
        line(n, rows[n])
        for key in tot:
            tot[key] += rows[n][key]
    print("-" * len(hdr))
    line("all edits", tot)
    if resamples:
        print("(not edits: reused pool articles, see bench/datagen.py --reuse)")
        for n in resamples:
            line(n, rows[n])
    if est:
        print("~J: approximate Jaccard of missed pairs by a Python shingler; ~J>=thr counts\n"
              "misses at or above the threshold: LSH misses (P(J) < 1, see README) or\n"
              "shingler differences; check them with a scan of the two documents alone")

    # reported pairs the truth does not name: a near pair (x, y) is named
    # when a truth line maps onto (x, y); an exact pair (rep, m) when m has a
    # truth partner in the same exact group
    source = UnionFind()            # first uses joined by the report's pairs between them
    named_exact = set()
    for d, b, _, _ in truth:
        if r(d) == r(b):
            named_exact.update((d, b))
    other = [p for p in report["pairs"]
             if (p["b"] not in named_exact if p["kind"] == "exact"
                 else (p["a"], p["b"]) not in direct)]
    classes = {"same source": [], "source reuse": [], "unexplained": []}
    pending = []
    for p in other:
        a, b = p["a"], p["b"]
        oa, ob = origins.get(a, (a,)), origins.get(b, (b,))
        if not set(oa).isdisjoint(ob):
            classes["same source"].append(p)
        elif a not in derived and b not in derived:
            classes["source reuse"].append(p)
            source.union(a, b)
        else:
            pending.append(p)
    for p in pending:
        ra = {source.find(x) for x in origins.get(p["a"], (p["a"],))}
        if any(source.find(x) in ra for x in origins.get(p["b"], (p["b"],))):
            classes["source reuse"].append(p)
        else:
            classes["unexplained"].append(p)
    print()
    print("reported pairs: %d exact + %d near; not named by the truth: %d"
          % (sum(1 for p in report["pairs"] if p["kind"] == "exact"), len(near), len(other)))
    for c, ps in classes.items():
        js = [p["jaccard"] for p in ps]
        print("  %-13s %7d   (exact %d, near %d, median J %s)"
              % (c, len(ps), sum(1 for p in ps if p["kind"] == "exact"),
                 sum(1 for p in ps if p["kind"] == "near"),
                 fmt(statistics.median(js) if js else None)))


if __name__ == "__main__":
    main()
