#!/usr/bin/env python3
"""Score wiretrace reuse pairs against the METER corpus (PA wire vs UK papers).

    meter.py score meter.jsonl.gz REPORT.json [--json]
    meter.py selftest        on tests/quality/fixtures/meter_{docs.jsonl,report.json}

meter.jsonl.gz holds {"id","source","date","story","text"}; source is "PA"
for a Press Association wire story, else the paper's name; story is the
folder grouping a wire story with the papers' versions of it. METER's own
wholly/partially/non-derived labels are not in it, so the truth used here is
the folder: a paper's story should be traced to a PA story of its folder.

A newspaper story's PA partners are the PA documents paired with it in the
report (any kind), ranked by the share of the newspaper story inside shared
passages (aligned_a or aligned_b, its side), then by the passage words of
the pair, then by id (for a stable order). Figures:
  eligible        newspaper stories with a PA story in their folder
  paired          eligible ones with any PA partner
  top1_precision  of the paired, the share whose top partner is of the folder
  top1_rate       the same over all eligible ones
  recall          of the eligible, the share paired with a PA story of the folder
  wrong_top       newspaper stories (eligible or not) whose top partner is
                  from another folder (often a follow-up of the same story)
Standard library only.
"""
import argparse
import collections
import gzip
import json
import os
import sys

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests",
                        "quality", "fixtures")


def load_docs(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return {d["id"]: d for d in map(json.loads, f) if d}


def partners(docs, report):
    """{newspaper id: [PA ids, best first]}"""
    ranked = collections.defaultdict(list)
    for p in report.get("pairs", []):
        da, db = docs.get(p["a"]), docs.get(p["b"])
        if da is None or db is None or (da["source"] == "PA") == (db["source"] == "PA"):
            continue  # unknown id, PA-PA or paper-paper
        side = "a" if db["source"] == "PA" else "b"  # the newspaper's side
        news, pa = (p["a"], p["b"]) if side == "a" else (p["b"], p["a"])
        words = sum(q.get("words", 0) for q in p.get("passages", []))
        ranked[news].append((-p["aligned_" + side], -words, pa))
    return {n: [pa for *_, pa in sorted(r)] for n, r in ranked.items()}


def evaluate(docs, report):
    part = partners(docs, report)
    pa_stories = {d["story"] for d in docs.values() if d["source"] == "PA"}
    rows = collections.defaultdict(collections.Counter)
    for i, d in docs.items():
        if d["source"] == "PA":
            continue
        ps = part.get(i, [])
        top_same = bool(ps) and docs[ps[0]]["story"] == d["story"]
        for key in ("all", d["source"]):
            r = rows[key]
            r["papers"] += 1
            r["wrong_top"] += bool(ps) and not top_same
            if d["story"] in pa_stories:
                r["eligible"] += 1
                r["paired"] += bool(ps)
                r["top1_same"] += top_same
                r["found"] += any(docs[pa]["story"] == d["story"] for pa in ps)

    def figures(r):
        ratio = lambda a, b: r[a] / r[b] if r[b] else None
        return {k: r[k] for k in ("papers", "eligible", "paired", "top1_same", "wrong_top")} | {
            "top1_precision": ratio("top1_same", "paired"),
            "top1_rate": ratio("top1_same", "eligible"),
            "recall": ratio("found", "eligible")}

    out = figures(rows.pop("all", collections.Counter()))
    out["per_paper"] = {k: figures(rows[k]) for k in sorted(rows)}
    return out


def print_table(m, out=sys.stdout):
    w = lambda *a: print(*a, file=out)
    f = lambda x: f"{'-':>7}" if x is None else f"{x:7.4f}"
    w(f"METER: {m['papers']} newspaper stories, {m['eligible']} with a PA story of their "
      f"folder, {m['paired']} of those paired with PA")
    w(f"{'':12} {'papers':>6} {'elig':>5} {'paired':>6} {'top1ok':>6} {'top1-P':>7} "
      f"{'top1/el':>7} {'recall':>7} {'wrongtop':>8}")
    for name, r in [("all", m)] + list(m["per_paper"].items()):
        w(f"{name:12} {r['papers']:6} {r['eligible']:5} {r['paired']:6} {r['top1_same']:6} "
          f"{f(r['top1_precision'])} {f(r['top1_rate'])} {f(r['recall'])} {r['wrong_top']:8}")


def score(args):
    docs = load_docs(args.docs)
    with open(args.report, encoding="utf-8") as f:
        m = evaluate(docs, json.load(f))
    if args.json:
        print_table(m, sys.stderr)  # stdout stays one JSON object
        print(json.dumps(m, indent=1))
    else:
        print_table(m)


def selftest(_args):
    # the fixture's _comment explains each pair
    docs = load_docs(os.path.join(FIXTURES, "meter_docs.jsonl"))
    with open(os.path.join(FIXTURES, "meter_report.json"), encoding="utf-8") as f:
        report = json.load(f)
    fails = []

    def check(name, got, want):
        close = isinstance(want, float) and got is not None and abs(got - want) < 1e-9
        if got != want and not close:
            fails.append(f"{name}: got {got}, want {want}")

    check("ranking", partners(docs, report),
          {"n1_sun": ["pa1a", "PA2"], "n1_times": ["PA2", "pa1b"],
           "n2_sun": ["PA2"], "n3_sun": ["pa1a"]})
    m = evaluate(docs, report)
    for k, v in dict(papers=5, eligible=4, paired=3, top1_same=2, wrong_top=2,
                     top1_precision=2 / 3, top1_rate=0.5, recall=0.75).items():
        check(k, m[k], v)
    sun = m["per_paper"]["sun"]
    for k, v in dict(papers=3, eligible=2, paired=2, top1_same=2, wrong_top=1,
                     top1_precision=1.0, recall=1.0).items():
        check("sun " + k, sun[k], v)
    check("mirror top1_precision", m["per_paper"]["mirror"]["top1_precision"], None)
    check("times top1_precision", m["per_paper"]["times"]["top1_precision"], 0.0)
    check("empty report", evaluate(docs, {"pairs": []})["recall"], 0.0)
    if not fails:
        print_table(m)
    for f in fails:
        print("FAIL", f)
    print("meter selftest:", "FAILED" if fails else "ok")
    return 1 if fails else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("score", help="trace newspaper stories to PA in a wiretrace JSON report")
    p.add_argument("docs", help="meter.jsonl.gz")
    p.add_argument("report")
    p.add_argument("--json", action="store_true",
                   help="print the figures as JSON (the table goes to stderr)")
    p.set_defaults(func=score)
    sub.add_parser("selftest", help="check the scorer on the fixture").set_defaults(func=selftest)
    args = ap.parse_args()
    sys.exit(args.func(args) or 0)


if __name__ == "__main__":
    main()
