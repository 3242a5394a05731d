#!/usr/bin/env python3
"""Generate a large, realistic JSONL corpus with known near-duplicates.

Real text only: the base articles come from the corpora in ../shared/corpus
(SaudiNewsNet, Arabic; METER and BBC News, English).  About 70 % of the
output documents are base articles, about 30 % are copies of an earlier
base article with one kind of edit, so that wiretrace can be scored against
a known truth (bench/score.py).  Mix: about 85 % Arabic, 15 % English.

    python3 bench/datagen.py --docs 100000 --seed 1 \\
        --out /tmp/wt100k.jsonl --truth /tmp/wt100k.truth.tsv
    build/wiretrace scan -q --format json -o /tmp/wt100k.json /tmp/wt100k.jsonl
    python3 bench/score.py /tmp/wt100k.json /tmp/wt100k.truth.tsv

Options: --docs N, --seed S, --out FILE (.gz: gzip), --truth FILE,
--shared DIR (default: ../shared next to the repository), --reuse MODE
(prefix, splice or reword, see below), --en-share F (0.15), --derived-share F (0.3).
Standard library only; the same arguments give byte-identical files (the gzip
header carries no name or time).  Output is streamed: memory is the article
pool (~0.5 GB of Python strings) plus a few small integers per base
document; 1M documents (~3 GB) are never to be committed.

Base articles.  The pool is every article with at least MIN_WORDS words,
exact duplicates removed (text compared after the same folding wiretrace
does, approximately: diacritics, alef forms, case, punctuation).  Each
language's pool is drawn in a shuffled order, one full pass after another.
The first pass emits articles unchanged (new id, real outlet, real date).
When --docs needs more than one pass, the k-th reuse (k >= 1) of an article
must not be an exact duplicate of the others, so it is changed by --reuse:
  prefix  (default) a new first paragraph: a dateline whose date is the
          article's date + k days (unique per k, hence never an exact copy)
          and the lead sentence of another article.  It stays a near
          duplicate of its first use (Jaccard ~0.9), so it is written to the
          truth as kind "resample" against the first use.  At 1M documents
          every article is used ~20 times: many extra near pairs.
  splice  the first 30-60 % of the article's paragraphs followed by the
          tail of another article of the same language, with the same
          dateline.  Jaccard with either source is about 1/3, below the
          default threshold; written to the truth as "resample" against
          the first use of the head article (detail mode=splice).
  reword  each word replaced, with probability REWORD (0.4), by a word of
          another article: the same bytes and words per document, but two
          uses of an article share about 3 % of their shingles and almost
          never a 15-word run, so the near pairs grow linearly with --docs
          (with prefix or splice, the ~30 uses of each article at 1M
          documents pair with each other: quadratic).  Their scattered
          shared 5-word runs still give passage fingerprints, so reuse
          candidates grow faster (16x from 100k to 1M; bench/README.md).
          Not written to the truth.

Derived copies (truth kind, one each, drawn with equal weight), each of a
base document of at least MIN_BASE_WORDS words already written:
  exact      byte-identical text
  trim       leading and/or trailing paragraphs dropped
  pdrop      1..n/5 inner paragraphs dropped
  reorder    1..3 paragraphs moved elsewhere
  insert     1..3 sentences (at most 40 words) from other articles inserted
  subst      2-10 % of the words replaced by words of another article
  passage    2-4 consecutive paragraphs of the base pasted into another,
             unrelated base document (the host); two truth lines:
             role=wire against the base, role=host against the host
  furniture  an outlet's header, footer and "Read more" / "اقرأ أيضا" block
             of unrelated titles
A base article with fewer than 4 paragraphs is edited sentence by sentence
(in ~25-word pieces when it has fewer than 4 sentences too).
Derived copies are published by one of five made-up outlets (source), each
with its own templates and paragraph separator, dated 0-3 days after the base.

Truth (TSV, one line per relation, a "#" header line first):
    derived_id <TAB> base_id <TAB> kind <TAB> detail
detail is free text (e.g. "rate=0.064", "role=host"); kinds as above plus
"resample".  stderr gets a summary: documents, bytes, per-kind counts, time.
"""
import argparse
import array
import datetime
import gzip
import io
import json
import os
import random
import re
import sys
import tarfile
import time

MIN_WORDS = 25          # pool: shorter articles are left out
MIN_BASE_WORDS = 80     # a derived copy's base has at least this many words
REWORD = 0.4            # --reuse reword: share of words replaced
KINDS = ["exact", "trim", "pdrop", "reorder", "insert", "subst", "passage",
         "furniture"]

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SHARED = os.path.join(HERE, "..", "..", "shared")

# -- text helpers -----------------------------------------------------------

DIACRITICS = re.compile("[\u064B-\u065F\u0670\u0640]")
FOLD = [("\u0623", "\u0627"), ("\u0625", "\u0627"), ("\u0622", "\u0627"),
        ("\u0671", "\u0627"), ("\u0649", "\u064A"), ("\u0629", "\u0647"),
        ("\u0624", "\u0648"), ("\u0626", "\u064A")]
WORD = re.compile(r"[^\W_]+")
SENTENCE_END = re.compile(r"(?<=[.!?\u061F])\s+")


def fold_key(text):
    """Approximately wiretrace's normalized word sequence (for dedup only)."""
    text = DIACRITICS.sub("", text)
    for a, b in FOLD:                   # str.replace: much faster than str.translate
        text = text.replace(a, b)
    return " ".join(WORD.findall(text.casefold()))


def split_paras(text):
    """Paragraphs of a source text: "\\n\\n" and "\\n" both separate."""
    return [p.strip() for p in text.split("\n") if p.strip()]


def sentences(text):
    return [s for s in SENTENCE_END.split(text) if s]


def lead_sentence(paras, max_words=40):
    s = sentences(paras[0])[0] if paras else ""
    w = s.split()
    return " ".join(w[:max_words]) if len(w) > max_words else s


def edit_units(paras):
    """(units, True) for paragraphs, or (units, False) for sentences (or
    ~25-word pieces) when there are too few paragraphs to edit."""
    if len(paras) >= 4:
        return list(paras), True
    units = [s for p in paras for s in sentences(p)]
    if len(units) < 4:                      # no sentence ends either: ~25-word pieces
        w = " ".join(paras).split()
        step = max(1, min(25, len(w) // 4))
        units = [" ".join(w[i:i + step]) for i in range(0, len(w), step)]
    return units, False


# -- the pool -----------------------------------------------------------------

class Article:
    __slots__ = ("lang", "source", "date", "title", "paras", "sep", "words")

    def __init__(self, lang, source, date, title, paras, sep):
        self.lang, self.source, self.date = lang, source, date
        self.title, self.paras, self.sep = title, paras, sep
        self.words = sum(len(p.split()) for p in paras)


def parse_date(s):
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(s[:19], fmt)
        except ValueError:
            pass
    return datetime.datetime(2015, 7, 21, 12, 0, 0)


def load_saudinewsnet(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            t = d.get("text") or ""
            yield Article("ar", d.get("source") or "snn", parse_date(d.get("date") or ""),
                          d.get("title") or "", split_paras(t),
                          "\n\n" if "\n\n" in t else "\n")


def clean_pa(text):
    """METER's PA wire files: banner lines, paragraphs end in '<', lines wrapped."""
    paras, cur = [], []
    for line in text.replace("\x19", "").split("\n"):
        s = line.strip()
        if not s or set(s) <= set("-") or re.match(r"\d\d:\d\d \d\d/\d\d/\d\d: Page", s):
            continue
        end = s.endswith("<")
        cur.append(s.rstrip("<").strip())
        if end:
            p = " ".join(x for x in cur if x)
            cur = []
            if p:
                paras.append(p)
    if cur:
        paras.append(" ".join(cur))
    while paras and len(paras[-1].split()) <= 2:     # sign-offs: "mf", "end"
        paras.pop()
    paras = [p.replace("``", '"').replace("''", '"') for p in paras]
    title = paras.pop(0) if len(paras) > 1 else ""
    return title, paras


def load_meter(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            t = d.get("text") or ""
            if d.get("source") == "PA":
                title, paras = clean_pa(t)
            else:
                paras = split_paras(t)
                title = ""
            if not title and paras:
                title = " ".join(paras[0].split()[:10])
            yield Article("en", d.get("source") or "meter", parse_date(d.get("date") or ""),
                          title, paras, "\n\n")


def load_bbc(path, rng_seed=2225):
    rng = random.Random(rng_seed)     # BBC files carry no date: 2004-2005
    files = {}
    with tarfile.open(path, "r|gz") as tf:          # streamed: no seeking in the gzip
        for m in tf:
            if m.isfile() and m.name.endswith(".txt") and m.name.count("/") == 2:
                files[m.name] = tf.extractfile(m).read()
    for name in sorted(files):
        raw = files[name]
        try:
            t = raw.decode("utf-8")
        except UnicodeDecodeError:
            t = raw.decode("latin-1")
        paras = split_paras(t)
        if len(paras) < 2:
            continue
        date = datetime.datetime(2004, 1, 1) + datetime.timedelta(
            seconds=rng.randrange(2 * 365 * 86400))
        yield Article("en", "bbc", date, paras[0], paras[1:], "\n\n")


def load_pool(shared):
    base = os.path.join(shared, "corpus")
    sources = [
        (load_saudinewsnet, os.path.join(base, "saudinewsnet", "saudinewsnet.jsonl.gz")),
        (load_meter, os.path.join(base, "meter_rawtexts", "meter.jsonl.gz")),
        (load_bbc, os.path.join(base, "bbc_news_2225", "bbc_fulltext.tar.gz")),
    ]
    pool = {"ar": [], "en": []}
    seen = set()
    short = dups = 0
    for loader, path in sources:
        if not os.path.exists(path):
            sys.exit("datagen: missing %s (use --shared DIR)" % path)
        for a in loader(path):
            if a.words < MIN_WORDS:
                short += 1
                continue
            key = hash(fold_key("\n".join(a.paras)))   # per-run hash: set only, never iterated
            if key in seen:
                dups += 1
                continue
            seen.add(key)
            pool[a.lang].append(a)
    return pool, short, dups


# -- outlets (made up) and their page furniture ------------------------------

AR_MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو",
             "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July",
             "August", "September", "October", "November", "December"]
AR_CITIES = ["الرياض", "جدة", "مكة المكرمة", "الدمام", "المدينة المنورة", "أبها",
             "تبوك", "القاهرة", "دبي", "عمان", "بيروت", "لندن"]
EN_CITIES = ["LONDON", "MANCHESTER", "BIRMINGHAM", "GLASGOW", "LEEDS", "CARDIFF",
             "BELFAST", "BRISTOL", "NEW YORK", "WASHINGTON", "PARIS", "BRUSSELS"]
AR_AGENCIES = ["واس", "أ ف ب", "رويترز", "د ب أ", "الأناضول"]
EN_AGENCIES = ["PA", "Reuters", "AP", "AFP"]
AR_SECTIONS = ["محليات", "اقتصاد", "رياضة", "دولي", "ثقافة وفنون", "منوعات"]
EN_SECTIONS = ["News", "UK", "World", "Business", "Sport", "Entertainment"]

OUTLETS = [
    {"id": "khaleej24", "sep": "\n\n",
     "ar": {"name": "الخليج 24", "head": ["{name} | الرئيسية » {section}", "آخر تحديث: {date}"],
            "more": "اقرأ أيضا:", "bullet": "- ",
            "foot": ["جميع الحقوق محفوظة © {year} {name}"]},
     "en": {"name": "Gulf 24", "head": ["{name} | Home > {section}", "Last updated: {date}"],
            "more": "Read more:", "bullet": "- ",
            "foot": ["© {year} {name}. All rights reserved."]}},
    {"id": "sada-riyadh", "sep": "\n",
     "ar": {"name": "صدى الرياض", "head": ["{name} - {section}", "تابعونا على تويتر وفيسبوك"],
            "more": "اقرأ أيضاً", "bullet": "• ",
            "foot": ["المصدر: {name}", "للتواصل مع التحرير: editor@sada-riyadh.example"]},
     "en": {"name": "Riyadh Echo", "head": ["{name} - {section}", "Follow us on Twitter and Facebook"],
            "more": "Read more", "bullet": "• ",
            "foot": ["Source: {name}", "Contact the newsroom: editor@riyadh-echo.example"]}},
    {"id": "najd-post", "sep": "\n\n",
     "ar": {"name": "نجد بوست", "head": ["نشر في: {date} - القسم: {section}"],
            "more": "مواضيع ذات صلة:", "bullet": "» ",
            "foot": ["لا يجوز النقل أو الاقتباس دون ذكر المصدر: {name}", "شارك الخبر"]},
     "en": {"name": "Najd Post", "head": ["Published: {date} | Section: {section}"],
            "more": "Related stories:", "bullet": "» ",
            "foot": ["Do not reproduce without credit to {name}.", "Share this article"]}},
    {"id": "marsad", "sep": "\n",
     "ar": {"name": "مرصد الأخبار", "head": ["{name}", "{section} | {date}", "حجم الخط: أ أ أ"],
            "more": "الأكثر قراءة", "bullet": "",
            "foot": ["اشترك في النشرة البريدية لـ{name}", "{name} © {year}"]},
     "en": {"name": "The News Observer", "head": ["{name}", "{section} | {date}", "Text size: A A A"],
            "more": "Most read", "bullet": "",
            "foot": ["Sign up for the {name} newsletter", "{name} © {year}"]}},
    {"id": "sahel-online", "sep": "\n\n",
     "ar": {"name": "الساحل أونلاين", "head": ["الساحل أونلاين :: {section}"],
            "more": "اقرأ أيضا في {section}:", "bullet": "* ",
            "foot": ["تعليقات القراء لا تعبر عن رأي {name}", "جميع الحقوق محفوظة {year}"]},
     "en": {"name": "Coast Online", "head": ["Coast Online :: {section}"],
            "more": "More in {section}:", "bullet": "* ",
            "foot": ["Readers' comments do not reflect the views of {name}",
                     "All rights reserved {year}"]}},
]


def fmt_date(d):
    return d.strftime("%Y-%m-%d %H:%M:%S")


def dateline(rng, lang, d):
    if lang == "ar":
        return "%s %d %s %d (%s) -" % (rng.choice(AR_CITIES), d.day, AR_MONTHS[d.month - 1],
                                        d.year, rng.choice(AR_AGENCIES))
    return "%s, %d %s %d (%s) -" % (rng.choice(EN_CITIES), d.day, EN_MONTHS[d.month - 1],
                                     d.year, rng.choice(EN_AGENCIES))


# -- the generator ------------------------------------------------------------

class Generator:
    def __init__(self, pool, rng, args):
        self.pool, self.rng, self.args = pool, rng, args
        self.order = {l: [] for l in pool}          # current shuffled pass
        self.passno = {l: -1 for l in pool}
        self.first_use = {l: array.array("q", [-1]) * len(pool[l]) for l in pool}
        # base documents written so far, per language: output number, pool
        # index, reuse number k, donor pool index (prefix/splice); parallel arrays
        self.bases = {l: [array.array("q") for _ in range(4)] for l in pool}
        self.counts = {}

    # base documents

    def next_pool_index(self, lang):
        if not self.order[lang]:
            self.passno[lang] += 1
            o = list(range(len(self.pool[lang])))
            self.rng.shuffle(o)
            o.reverse()                              # pop() from the end
            self.order[lang] = o
        return self.order[lang].pop(), self.passno[lang]

    def base_doc(self, lang, pidx, k, donor):
        """(paras, sep, source, date, title) of a base document."""
        a = self.pool[lang][pidx]
        if k == 0:
            return a.paras, a.sep, a.source, a.date, a.title
        d = a.date + datetime.timedelta(days=k)
        r = random.Random(pidx * 1000003 + k)       # dateline city/agency: local, reproducible
        dl = dateline(r, lang, d)
        b = self.pool[lang][donor]
        if self.args.reuse == "prefix":
            paras = [dl + " " + lead_sentence(b.paras)] + a.paras
        elif self.args.reuse == "reword":
            words = " ".join(b.paras).split()
            paras = [" ".join(w if r.random() >= REWORD or not words
                              else words[r.randrange(len(words))]
                              for w in p.split()) for p in a.paras]
            paras[0] = dl + " " + paras[0]
        else:
            ua, ub = edit_units(a.paras)[0], edit_units(b.paras)[0]
            f = 0.3 + 0.3 * r.random()          # head of a, then tail of b
            cut_a = max(1, round(len(ua) * f))
            cut_b = min(len(ub) - 1, round(len(ub) * f))
            paras = [dl + " " + ua[0]] + ua[1:cut_a] + ub[cut_b:]
        return paras, a.sep, a.source, d, a.title

    def emit_base(self, n, lang):
        pidx, k = self.next_pool_index(lang)
        donor = -1
        truth = []
        if k > 0:
            npool = len(self.pool[lang])
            donor = (pidx + self.rng.randrange(1, npool)) % npool
            truth.append((self.first_use[lang][pidx], "resample",
                          "mode=%s k=%d" % (self.args.reuse, k)))
            if self.args.reuse == "reword":
                truth.pop()                     # Jaccard ~0.03: not a copy
            elif self.args.reuse == "splice":
                truth.append((self.first_use[lang][donor], "resample",
                              "mode=splice k=%d role=tail" % k))
        else:
            self.first_use[lang][pidx] = n
        for arr, v in zip(self.bases[lang], (n, pidx, k, donor)):
            arr.append(v)
        paras, sep, source, date, title = self.base_doc(lang, pidx, k, donor)
        self.count("base" if k == 0 else "resample")
        return {"source": source, "date": fmt_date(date), "title": title,
                "text": sep.join(paras)}, truth

    def pick_base(self, lang, min_words=MIN_BASE_WORDS, avoid=None):
        """A random base document already written: (n, paras, sep, source, date, title, pidx)."""
        b = self.bases[lang]
        best = None
        for _ in range(20):
            i = self.rng.randrange(len(b[0]))
            n, pidx, k, donor = b[0][i], b[1][i], b[2][i], b[3][i]
            if avoid is not None and pidx == avoid:
                continue
            best = (n, pidx, k, donor)
            if self.pool[lang][pidx].words >= min_words:
                break
        if best is None:
            return None
        n, pidx, k, donor = best
        return (n,) + self.base_doc(lang, pidx, k, donor) + (pidx,)

    def other_article(self, lang, avoid):
        p = self.pool[lang]
        while True:
            i = self.rng.randrange(len(p))
            if i != avoid or len(p) == 1:
                return p[i]

    # derived copies

    def emit_derived(self, n, lang, kind):
        rng = self.rng
        picked = self.pick_base(lang)
        if picked is None:
            return None
        bn, paras, sep, source, date, title, pidx = picked
        outlet = rng.choice(OUTLETS)
        tpl = outlet[lang]
        units, para_units = edit_units(paras)
        detail = ""
        out_sep = outlet["sep"]
        truth = []
        if kind == "exact":
            text = sep.join(paras)
            out_sep = None
        elif kind == "trim":
            nu = len(units)
            tail = rng.randint(1, max(1, nu // 3)) if nu > 2 else 0
            head = 1 if (nu - tail > 3 and rng.random() < 0.3) else 0
            if head + tail == 0:
                tail = 1 if nu > 1 else 0
            units = units[head:nu - tail]
            detail = "head=%d tail=%d of %d" % (head, tail, nu)
        elif kind == "pdrop":
            nu = len(units)
            inner = list(range(1, nu - 1))
            k = min(len(inner), rng.randint(1, max(1, nu // 5)))
            drop = set(rng.sample(inner, k)) if k > 0 else {nu - 1}
            units = [u for i, u in enumerate(units) if i not in drop]
            detail = "dropped=%d of %d" % (len(drop), nu)
        elif kind == "reorder":
            nu = len(units)
            moves = min(rng.randint(1, 3), max(1, nu - 1))
            orig = list(units)
            for _ in range(moves):
                u = units.pop(rng.randrange(len(units)))
                units.insert(rng.randrange(len(units) + 1), u)
            if units == orig and nu > 1:
                units[0], units[-1] = units[-1], units[0]
            detail = "moved=%d of %d" % (moves, nu)
        elif kind == "insert":
            k = rng.randint(1, 3)
            for _ in range(k):
                other = self.other_article(lang, pidx)
                ss = [s for p in other.paras for s in sentences(p)]
                w = (rng.choice(ss) if ss else "").split()
                if len(w) > 40:                     # paragraphs without sentence ends
                    at = rng.randrange(len(w) - 30)
                    w = w[at:at + 30]
                s = " ".join(w)
                units.insert(rng.randrange(len(units) + 1), s)
            detail = "sentences=%d into %d" % (k, len(paras))
        elif kind == "subst":
            rate = rng.uniform(0.02, 0.10)
            other = self.other_article(lang, pidx)
            donor_words = " ".join(other.paras).split()
            words = [u.split() for u in units]
            flat = [(i, j) for i, w in enumerate(words) for j in range(len(w))]
            k = max(1, round(rate * len(flat)))
            for i, j in rng.sample(flat, min(k, len(flat))):
                words[i][j] = rng.choice(donor_words)
            units = [" ".join(w) for w in words]
            detail = "rate=%.3f words=%d" % (k / max(1, len(flat)), k)
        elif kind == "passage":
            host = self.pick_base(lang, min_words=MIN_WORDS, avoid=pidx)
            if host is None:
                return None
            hn, hparas, hsep, hsource, hdate, htitle, _ = host
            nu = len(units)
            plen = min(nu, rng.randint(2, 4)) if nu > 2 else 1
            if nu >= 4:
                plen = min(plen, nu - 1)             # a passage, not the whole story
            start = rng.randrange(nu - plen + 1)
            passage = units[start:start + plen]
            if not para_units:
                passage = [" ".join(passage)]
            at = rng.randrange(len(hparas) + 1)
            units = list(hparas[:at]) + passage + list(hparas[at:])
            para_units = True
            title, date = htitle, max(date, hdate)
            detail = "paras=%d of %d" % (plen, nu)
            truth.append((hn, "passage", "role=host " + detail))
            detail = "role=wire " + detail
        elif kind == "furniture":
            section = rng.choice(AR_SECTIONS if lang == "ar" else EN_SECTIONS)
            fill = {"name": tpl["name"], "section": section, "year": date.year,
                    "date": date.strftime("%Y-%m-%d")}
            head = [h.format(**fill) for h in tpl["head"]]
            titles = [self.other_article(lang, pidx).title for _ in range(rng.randint(3, 6))]
            more = [tpl["more"].format(**fill)] + [tpl["bullet"] + t for t in titles if t]
            foot = [f.format(**fill) for f in tpl["foot"]]
            units = head + list(paras) + more + foot
            para_units = True
            detail = "outlet=%s lines=%d" % (outlet["id"], len(head) + len(more) + len(foot))
        else:
            raise ValueError(kind)
        if out_sep is not None:     # sentence units go back into one paragraph
            text = (out_sep if para_units else " ").join(u for u in units if u)
        if kind == "furniture":
            title = title + " | " + tpl["name"]
        d = date + datetime.timedelta(seconds=rng.randrange(3 * 86400))
        truth.insert(0, (bn, kind, detail))
        self.count(kind)
        return {"source": outlet["id"], "date": fmt_date(d), "title": title,
                "text": text}, truth

    def count(self, kind):
        self.counts[kind] = self.counts.get(kind, 0) + 1

    def run(self, out, truth_out):
        rng, a = self.rng, self.args
        nbytes = 0
        for n in range(a.docs):
            lang = "en" if rng.random() < a.en_share else "ar"
            doc = None
            if self.bases[lang][0] and rng.random() < a.derived_share:
                doc = self.emit_derived(n, lang, rng.choice(KINDS))
            if doc is None:
                doc = self.emit_base(n, lang)
            rec, truth = doc
            did = "g%09d" % n
            rec = {"id": did, "source": rec["source"], "date": rec["date"],
                   "title": rec["title"], "text": rec["text"]}
            line = (json.dumps(rec, ensure_ascii=False) + "\n").encode("utf-8")
            out.write(line)
            nbytes += len(line)
            for bn, kind, detail in truth:
                truth_out.write("%s\tg%09d\t%s\t%s\n" % (did, bn, kind, detail))
        return nbytes


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, required=True, help="documents to write")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True, help="corpus .jsonl or .jsonl.gz")
    ap.add_argument("--truth", required=True, help="truth .tsv")
    ap.add_argument("--shared", default=DEFAULT_SHARED,
                    help="folder holding corpus/ [%(default)s]")
    ap.add_argument("--reuse", choices=["prefix", "splice", "reword"], default="prefix",
                    help="how a reused pool article is made distinct [prefix]")
    ap.add_argument("--en-share", type=float, default=0.15)
    ap.add_argument("--derived-share", type=float, default=0.30)
    args = ap.parse_args()

    t0 = time.time()
    pool, short, dups = load_pool(args.shared)
    t1 = time.time()
    print("datagen: pool %d Arabic + %d English articles (%d under %d words, %d exact "
          "duplicates left out), %.1f s" % (len(pool["ar"]), len(pool["en"]), short,
                                            MIN_WORDS, dups, t1 - t0), file=sys.stderr)
    gen = Generator(pool, random.Random(args.seed), args)
    raw = open(args.out, "wb")
    out = (gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6)
           if args.out.endswith(".gz") else raw)
    out = io.BufferedWriter(out, 1 << 20) if out is not raw else raw
    with open(args.truth, "w", encoding="utf-8", newline="\n") as tf:
        tf.write("#derived_id\tbase_id\tkind\tdetail\n")
        nbytes = gen.run(out, tf)
    out.close()
    raw.close()
    t2 = time.time()
    c = gen.counts
    derived = sum(c.get(k, 0) for k in KINDS)
    print("datagen: %d documents, %.1f MB JSONL (%d bytes on disk), %.1f s generating"
          % (args.docs, nbytes / 1e6, os.path.getsize(args.out), t2 - t1), file=sys.stderr)
    print("datagen: base %d, resample %d (--reuse %s), derived %d (%.1f %%): %s"
          % (c.get("base", 0), c.get("resample", 0), args.reuse, derived,
             100.0 * derived / max(1, args.docs),
             ", ".join("%s %d" % (k, c.get(k, 0)) for k in KINDS)), file=sys.stderr)


if __name__ == "__main__":
    main()
