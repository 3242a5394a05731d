#!/usr/bin/env python3
"""index_same: `index add` night after night reports exactly the pairs a
batch `scan` of everything so far reports that involve that night.

usage: index_same.py WIRETRACE JSONL WORKDIR NIGHTS [scan options...]

JSONL is split into NIGHTS batches by date (sorted). For each night k,
`index add` of batch k is compared with `scan` of batches 0..k: every
pair of the scan with a document of batch k must be in the add's report
with the same kind, exact figures and passages, and nothing else. With
boilerplate learning on, a difference is allowed only when the index
counts stale pages (a line learned only after older pages were indexed);
the number of such differences is printed. Exit 1 on a mismatch."""
import json, os, subprocess, sys

def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("FAIL: %s: exit %d\n%s" % (" ".join(cmd), r.returncode, r.stderr))
    return r

def pairs(report, only=None):
    out = {}
    for p in report["pairs"]:
        if only is not None and p["a"] not in only and p["b"] not in only:
            continue
        out[(p["a"], p["b"])] = (p["kind"], p.get("jaccard"), p.get("shared"),
                                  json.dumps(p.get("passages"), sort_keys=True))
    return out

def main():
    wt, src, work, nights = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    extra = sys.argv[5:]
    docs = [json.loads(l) for l in open(src, encoding="utf-8") if l.strip()]
    docs.sort(key=lambda d: (d.get("date") or "", d["id"]))
    size = (len(docs) + nights - 1) // nights
    batches = [docs[i:i + size] for i in range(0, len(docs), size)]
    os.makedirs(work, exist_ok=True)
    db = os.path.join(work, "db")
    run(["rm", "-rf", db])
    learned = "--no-boilerplate" not in extra
    stale_total = diffs = 0
    for k, b in enumerate(batches):
        night = os.path.join(work, "night%d.jsonl" % k)
        upto = os.path.join(work, "upto%d.jsonl" % k)
        with open(night, "w", encoding="utf-8") as f:
            for d in b:
                f.write(json.dumps(d, ensure_ascii=False) + "\n")
        with open(upto, "w", encoding="utf-8") as f:
            for bb in batches[:k + 1]:
                for d in bb:
                    f.write(json.dumps(d, ensure_ascii=False) + "\n")
        rep_add = os.path.join(work, "add%d.json" % k)
        rep_scan = os.path.join(work, "scan%d.json" % k)
        run([wt, "index", "add", "-q", "--db", db, "--format", "json",
             "-o", rep_add] + extra + [night])
        run([wt, "scan", "-q", "--format", "json", "-o", rep_scan] + extra + [upto])
        ids = {d["id"] for d in b}
        got = pairs(json.load(open(rep_add)))
        want = pairs(json.load(open(rep_scan)), ids)
        stale = json.load(open(rep_add))["stats"].get("stale_pages", 0)
        stale_total += stale
        bad = set(got.items()) ^ set(want.items())
        # a difference may only come from an older page shingled with a line
        # learned later: it involves such a page, and there are no more of
        # them than the index counts
        old = {x for (pa, _) in bad for x in pa if x not in ids}
        explained = learned and all(pa[0] not in ids or pa[1] not in ids
                                    for (pa, _) in bad) and len(old) <= stale_total
        if bad and not explained:
            for x in sorted(bad, key=str)[:10]:
                print("  differs:", x[0], "add" if x in got.items() else "scan", x[1][:3])
            sys.exit("FAIL: night %d: %d pairs differ (stale pages %d)" %
                     (k, len(bad), stale_total))
        diffs += len(bad)
        print("night %d: %d docs, %d pairs involve them, same as scan%s" %
              (k, len(b), len(want),
               "" if not bad else " except %d pairs of %d older pages (stale pages %d)"
               % (len(bad) // 2, len(old), stale_total)))
    chk = subprocess.run([wt, "index", "check", "--db", db], capture_output=True, text=True)
    if chk.returncode != 0:
        sys.exit("FAIL: index check: " + chk.stderr)
    print("ok: %d nights, %d pairs differ, stale pages %d" % (len(batches), diffs // 2, stale_total))

main()
