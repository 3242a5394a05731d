#!/usr/bin/env python3
"""Build corpus/saudinewsnet-sample.jsonl from the full SaudiNewsNet corpus.

The sample holds real wire syndication: Saudi Press Agency stories (source
"was") together with the reprints other outlets made of them, plus unrelated
articles from the same outlets that are near-duplicates of nothing in the
sample.

Similarity is the Jaccard index of word 5-gram shingle sets.  Text is
normalised by removing Arabic diacritics (U+064B-U+065F, U+0670) and tatweel
(U+0640), folding alef variants (U+0623 U+0625 U+0622 U+0671) to bare alef,
alef maksura to yeh, teh marbuta to heh, lower-casing, and splitting on
anything that is not a letter or digit.

A cluster is an SPA story plus every article from another outlet whose
Jaccard with it is >= 0.5.  Clusters are kept only if they are reprinted by
at least two different outlets and share nothing (J < 0.1 and containment
< 0.2) with clusters already kept.  Fillers are drawn, with a fixed seed,
from the same outlets, one for each cluster article of that outlet, and are
kept only if they are unrelated to every SPA story and to everything
already in the sample.

Standard library only, no network, deterministic.  Usage:
    python3 scripts/make-corpus.py [INPUT.jsonl.gz] [OUTPUT.jsonl]
"""
import collections
import gzip
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_IN = os.path.join(HERE, "..", "..", "shared", "corpus", "saudinewsnet",
                          "saudinewsnet.jsonl.gz")
DEFAULT_OUT = os.path.join(HERE, "..", "corpus", "saudinewsnet-sample.jsonl")

K = 5                  # words per shingle
DUP_J = 0.5            # reprint threshold (Jaccard to the SPA original)
MIN_OUTLETS = 2        # a cluster needs reprints from this many outlets
MAX_CLUSTERS = 34
SEP_J = 0.1            # max Jaccard between unrelated sample articles
SEP_C = 0.2            # max containment between unrelated sample articles
SPA_LINK_C = 0.1       # fillers must share less than this with any SPA story
FILLER_MIN_CHARS = 300
FILLER_MAX_CHARS = 4000
SEED = 20150721

DIACRITICS = re.compile("[\u064B-\u065F\u0670\u0640]")
FOLD = str.maketrans({"\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627",
                      "\u0671": "\u0627", "\u0649": "\u064A", "\u0629": "\u0647"})
WORD = re.compile(r"[^\W_]+")


def shingles(text):
    words = WORD.findall(DIACRITICS.sub("", text).translate(FOLD).lower())
    return frozenset(" ".join(words[i:i + K]) for i in range(len(words) - K + 1))


def overlaps(query_ids, index_ids, sh):
    """Yield (q, i, shared) for every q in query_ids, i in index_ids sharing a shingle."""
    index = collections.defaultdict(list)
    for i in index_ids:
        for s in sh[i]:
            index[s].append(i)
    for q in query_ids:
        c = collections.Counter()
        for s in sh[q]:
            for i in index.get(s, ()):
                if i != q:
                    c[i] += 1
        for i in sorted(c):
            yield q, i, c[i]


def jac(a, b, n, sh):
    u = len(sh[a]) + len(sh[b]) - n
    return n / u if u else 0.0


def cont(a, b, n, sh):
    m = min(len(sh[a]), len(sh[b]))
    return n / m if m else 0.0


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_IN
    dst = sys.argv[2] if len(sys.argv) > 2 else DEFAULT_OUT

    with gzip.open(src, "rt", encoding="utf-8") as f:
        docs = [json.loads(line) for line in f if line.strip()]
    sh = [shingles(d["text"]) for d in docs]
    n_docs = len(docs)
    spa = [i for i in range(n_docs) if docs[i]["source"] == "was"]
    spa_set = set(spa)
    others = [i for i in range(n_docs) if i not in spa_set]

    # 1. SPA story -> reprints (J >= DUP_J); any notable overlap marks the
    #    article as SPA-derived so it is never used as a filler.
    reprints = collections.defaultdict(dict)
    spa_linked = set()
    for j, i, n in overlaps(others, spa, sh):
        jv = jac(i, j, n, sh)
        if jv >= DUP_J:
            reprints[i][j] = jv
        if jv >= SEP_J or cont(i, j, n, sh) >= SPA_LINK_C:
            spa_linked.add(j)
            spa_linked.add(i)

    # A reprint close to two SPA stories goes to the closer one (ties: lower index).
    owner = {}
    for i in spa:
        for j, jv in reprints[i].items():
            if j not in owner or jv > reprints[owner[j]][j]:
                owner[j] = i
    cands = []
    for i in spa:
        mem = sorted(j for j in reprints[i] if owner[j] == i)
        outlets = {docs[j]["source"] for j in mem}
        if len(outlets) >= MIN_OUTLETS:
            cands.append((i, mem))
    # Widely reprinted stories first, then the lowest J of the cluster (so
    # clusters with trimmed reprints, 0.5-0.8, are not crowded out), then order.
    cands.sort(key=lambda c: (-len({docs[j]["source"] for j in c[1]}),
                              -len(c[1]), min(reprints[c[0]].values()), c[0]))

    # 2. Keep clusters that are unrelated to each other.
    def related_to(new, chosen):
        if not chosen:
            return False
        for q, i, n in overlaps(new, chosen, sh):
            if jac(q, i, n, sh) >= SEP_J or cont(q, i, n, sh) >= SEP_C:
                return True
        return False

    clusters, sample = [], []
    for i, mem in cands:
        if len(clusters) >= MAX_CLUSTERS:
            break
        members = [i] + mem
        if related_to(members, sample):
            continue
        clusters.append((i, mem))
        sample.extend(members)

    # 3. Fillers: per outlet as many as that outlet has cluster articles.
    want = collections.Counter(docs[j]["source"] for j in sample)
    rng = random.Random(SEED)
    in_sample = set(sample)
    fillers = []
    for outlet in sorted(want):
        pool = [j for j in range(n_docs)
                if docs[j]["source"] == outlet and j not in in_sample
                and j not in spa_linked
                and FILLER_MIN_CHARS <= len(docs[j]["text"]) <= FILLER_MAX_CHARS
                and len(sh[j]) >= 40]
        rng.shuffle(pool)
        got = 0
        for j in pool:
            if got >= want[outlet]:
                break
            if related_to([j], sample + fillers):
                continue
            fillers.append(j)
            got += 1

    chosen = sorted(set(sample) | set(fillers))

    # 4. Verify: every related pair in the sample lies within one cluster.
    cluster_of = {}
    for c, (i, mem) in enumerate(clusters):
        for j in [i] + mem:
            cluster_of[j] = c
    within = []
    for i, mem in clusters:
        members = [i] + mem
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                a, b = sh[members[x]], sh[members[y]]
                within.append(len(a & b) / len(a | b))
    for a, b, n in overlaps(chosen, chosen, sh):
        if a >= b or (a in cluster_of and cluster_of.get(a) == cluster_of.get(b)):
            continue
        jv = jac(a, b, n, sh)
        if jv >= SEP_J or cont(a, b, n, sh) >= SEP_C:
            sys.exit("unexpected related pair %s %s J=%.2f"
                     % (docs[a]["id"], docs[b]["id"], jv))

    os.makedirs(os.path.dirname(os.path.abspath(dst)), exist_ok=True)
    with open(dst, "w", encoding="utf-8", newline="\n") as f:
        for j in chosen:
            f.write(json.dumps(docs[j], ensure_ascii=False) + "\n")

    # Summary.
    n_cl = sum(1 + len(m) for _, m in clusters)
    print("articles: %d (cluster articles %d, unrelated %d), %d bytes"
          % (len(chosen), n_cl, len(fillers), os.path.getsize(dst)))
    print("clusters: %d (SPA original + reprints with J >= %.1f)" % (len(clusters), DUP_J))
    print("by outlet:", ", ".join("%s %d" % kv for kv in sorted(
        collections.Counter(docs[j]["source"] for j in chosen).items())))
    for i, mem in clusters:
        print("  %s  %s" % (docs[i]["id"], "  ".join(
            "%s(%s)=%.2f" % (docs[j]["id"], docs[j]["source"], reprints[i][j]) for j in mem)))
    spa_pairs = [reprints[i][j] for i, mem in clusters for j in mem]
    bins = [(0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.0), (1.0, 1.01)]

    def hist(vals):
        return "  ".join("[%.1f,%.1f%s %d" % (lo, min(hi, 1.0), "]" if hi > 1 else ")",
                                             sum(lo <= v < hi for v in vals)) for lo, hi in bins)
    print("SPA-reprint pairs: %d  min %.2f max %.2f" % (len(spa_pairs), min(spa_pairs), max(spa_pairs)))
    print("  " + hist(spa_pairs))
    print("all within-cluster pairs: %d  min %.2f max %.2f" % (len(within), min(within), max(within)))
    print("  " + hist(within))
    print("unrelated pairs: all J < %.1f and containment < %.1f" % (SEP_J, SEP_C))


if __name__ == "__main__":
    main()
