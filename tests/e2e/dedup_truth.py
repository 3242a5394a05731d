#!/usr/bin/env python3
"""dedup_truth: `wiretrace dedup` against exact ground truth.

usage: dedup_truth.py ORACLE_PAIRS FEED DEDUP_OUT DROPPED_TSV [MIN_AGREE]

ORACLE_PAIRS is `oracle --pairs` over FEED (every pair with Jaccard >=
threshold, exact). The exact filter keeps a document unless it pairs with
a document kept before it. dedup must drop only true copies (each dropped
line names a kept document it truly pairs with: precision 1) and agree
with the exact filter on at least MIN_AGREE of the documents (LSH finds
a pair of Jaccard 0.5 with probability 0.996)."""
import json, sys

pairs_f, feed_f, out_f, drop_f = sys.argv[1:5]
min_agree = float(sys.argv[5]) if len(sys.argv) > 5 else 0.99
truth = {}
for line in open(pairs_f, encoding="utf-8"):
    a, b, j = line.rstrip("\n").split("\t")
    truth[(a, b)] = truth[(b, a)] = float(j)
order = [json.loads(l)["id"] for l in open(feed_f, encoding="utf-8") if l.strip()]
partners = {}
for (a, b) in truth:
    partners.setdefault(a, set()).add(b)
kept, exact_kept = set(), []
for d in order:
    if not (partners.get(d, set()) & kept):
        kept.add(d)
        exact_kept.append(d)
got = [json.loads(l)["id"] for l in open(out_f, encoding="utf-8") if l.strip()]
pos = {d: i for i, d in enumerate(order)}
assert [pos[d] for d in got] == sorted(pos[d] for d in got), "output is not in input order"
dropped = [l.rstrip("\n").split("\t") for l in open(drop_f, encoding="utf-8")]
assert len(got) + len(dropped) == len(order), (len(got), len(dropped), len(order))
for row in dropped:
    assert len(row) == 5, row
    d, k, j = row[0], row[1], float(row[2])
    assert (d, k) in truth, "dropped %s for %s, which is no copy (J %.4f)" % (d, k, j)
    assert abs(truth[(d, k)] - j) < 1e-3, (row, truth[(d, k)])
    assert pos[k] < pos[d] and k in set(got), ("kept id is not an earlier passed document", row)
gs = set(got)
agree = sum((d in gs) == (d in kept) for d in order) / len(order)
print("dedup: %d passed, %d dropped; exact filter passes %d; agreement %.4f; "
      "every drop a true copy" % (len(got), len(dropped), len(kept), agree))
assert agree >= min_agree, "agreement %.4f < %.4f" % (agree, min_agree)
