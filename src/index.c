/* index: LMDB tables, the scan hooks, gather, commit, expire, check.
 * Every write goes through run_txn, which grows the map and replays the
 * step when LMDB says the map is full, so a step is a pure function of
 * the scan and the snapshot it reads. */
#include "index.h"
#include "lsh.h"
#include "minhash.h"

#include <errno.h>
#include <stdarg.h>
#include <lmdb.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zstd.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#define MAGIC 0x57544958u /* "WTIX" */
#define LAYOUT 5          /* bump when a table's format changes */
#define MAP_START ((size_t)256 << 20)
#define VALUE_MAX ((size_t)1 << 31) /* a decoded document, at most */

enum { T_META, T_DOCS, T_IDS, T_BANDS, T_FPS, T_DIGESTS, T_DATES, T_SOURCES,
       T_LCOUNT, T_LPAGES, T_COUNT };
static const char *const tname[T_COUNT] = {
	"meta", "docs", "ids", "bands", "fps", "digests", "dates", "sources",
	"lcount", "lpages"};
static const unsigned tflags[T_COUNT] = {
	0,
	MDB_INTEGERKEY,                                     /* u32 -> value */
	0,                                                  /* id -> idval */
	MDB_INTEGERKEY | MDB_DUPSORT | MDB_DUPFIXED | MDB_INTEGERDUP,
	MDB_INTEGERKEY | MDB_DUPSORT | MDB_DUPFIXED | MDB_INTEGERDUP,
	MDB_DUPSORT | MDB_DUPFIXED | MDB_INTEGERDUP,        /* digest -> u32 */
	0,                                                  /* date\0 u32be */
	0,                                                  /* source -> u64 */
	MDB_INTEGERKEY,                                     /* line -> u64 */
	MDB_INTEGERKEY,                                     /* page -> "" */
};

typedef struct {
	uint32_t magic, layout, norm, sig;
	uint32_t shingle, perm, bands, rows, min_passage, learn_pages;
	uint32_t learn_words, no_boiler, no_text, pad;
	double threshold;
	uint64_t seed, fp_df_cap, bucket_cap, band_key, learn_seed;
} params;

typedef struct {
	uint64_t next_doc, runs, stale_pages;
} counters;

/* ids value: the document and a hash of what was read (content). */
typedef struct {
	uint32_t doc, pad;
	uint8_t content[16];
} idval;

/* A document value, before compression: this header, band keys, the
 * scan's record (8-aligned), then id and path. */
typedef struct {
	uint32_t magic, nkeys, rec_len, id_len, path_len, pad;
	uint64_t line;
	uint8_t digest[WT_DIGEST_BYTES];
	uint8_t content[16];
} vhdr;

typedef struct {
	uint64_t idkey; /* keyed hash of the id */
	uint64_t seq;   /* order of admission */
	uint8_t content[16];
} admitted;

struct wt_index {
	wt_index_opts o;
	char *dir;
	MDB_env *env;
	MDB_dbi t[T_COUNT];
	MDB_txn *rtxn;        /* the run's read snapshot */
	params p;
	int have_params;
	wt_scan_hooks hooks;
	wt_learn_store lstore;
	admitted *adm;        /* documents admitted this run */
	size_t nadm, adm_cap;
	uint64_t *replace;    /* idkeys of documents to replace */
	size_t nreplace, replace_cap;
	uint32_t *useful;     /* fingerprint keys that may pair, sorted */
	size_t nuseful;
	ZSTD_CCtx *cz;
	ZSTD_DCtx *dz;
	char *buf;            /* scratch: an encoded or decoded value */
	size_t buf_cap;
	char *zbuf;
	size_t zbuf_cap;
	wt_index_run run;
	wt_err fatal;         /* a hook's lookup failed */
	wt_learn *model;      /* wt_index_model */
	pthread_mutex_t mu;   /* the read snapshot, for the batcher's threads */
};

void wt_index_opts_default(wt_index_opts *o)
{
	memset(o, 0, sizeof *o);
	o->batch_docs = 1000;
}

static void say(const wt_index *x, wt_diag_level lv, wt_err code,
		const char *path, uint64_t line, const char *fmt, ...)
	WT_PRINTF(6, 7);

static void say(const wt_index *x, wt_diag_level lv, wt_err code,
		const char *path, uint64_t line, const char *fmt, ...)
{
	if (!x->o.diag)
		return;
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	wt_diag d = {lv, code, path ? path : x->dir, line, msg};
	x->o.diag(x->o.diag_ctx, &d);
}

/* An LMDB failure as a code, said with what we were doing. */
static wt_err lerr(const wt_index *x, int rc, const char *what)
{
	wt_err e = rc == ENOSPC || rc == EFBIG || rc == EDQUOT ? WT_E_FULL :
		   rc == ENOMEM ? WT_E_NOMEM :
		   rc == MDB_CORRUPTED || rc == MDB_INVALID || rc == MDB_PAGE_NOTFOUND ||
			   rc == MDB_VERSION_MISMATCH ? WT_E_PARSE : WT_E_IO;
	say(x, WT_DIAG_ERROR, e, NULL, 0, "index %s: %s%s", what, mdb_strerror(rc),
	    e == WT_E_PARSE ? " (the index is damaged; 'wiretrace index check' "
			      "says more)" : "");
	return e;
}

static MDB_val mv(const void *p, size_t n)
{
	return (MDB_val){n, (void *)p};
}

static uint64_t id_key(const wt_index *x, const char *p, size_t n)
{
	return XXH3_64bits_withSeed(p, n, x->p.band_key);
}

static wt_err begin_read(wt_index *x, MDB_txn **txn)
{
	int rc = mdb_txn_begin(x->env, NULL, MDB_RDONLY, txn);
	if (rc == MDB_MAP_RESIZED) { /* another process grew the map */
		mdb_env_set_mapsize(x->env, 0);
		rc = mdb_txn_begin(x->env, NULL, MDB_RDONLY, txn);
	}
	return rc ? lerr(x, rc, "read") : WT_OK;
}

typedef int step_fn(wt_index *x, MDB_txn *txn, void *ctx);

/* Run step in a write transaction and commit; when the map is full, grow
 * it and run the step again. A step returns an LMDB code, or -1 after
 * saying what is wrong itself (x->fatal holds the code). */
static wt_err run_txn(wt_index *x, step_fn *step, void *ctx)
{
	for (;;) {
		MDB_txn *txn;
		int rc = mdb_txn_begin(x->env, NULL, 0, &txn);
		if (rc == MDB_MAP_RESIZED) {
			mdb_env_set_mapsize(x->env, 0);
			continue;
		}
		if (rc)
			return lerr(x, rc, "write");
		rc = step(x, txn, ctx);
		if (!rc)
			rc = mdb_txn_commit(txn);
		else
			mdb_txn_abort(txn);
		if (rc == MDB_MAP_FULL) {
			MDB_envinfo ei;
			mdb_env_info(x->env, &ei);
			if (ei.me_mapsize >= ((size_t)1 << 40))
				return lerr(x, rc, "write");
			if ((rc = mdb_env_set_mapsize(x->env, ei.me_mapsize * 2)))
				return lerr(x, rc, "map resize");
			continue;
		}
		if (rc < 0)
			return x->fatal;
		return rc ? lerr(x, rc, "commit") : WT_OK;
	}
}

static int get_meta(wt_index *x, MDB_txn *txn, const char *name, void *out,
		    size_t n)
{
	MDB_val k = mv(name, strlen(name)), v;
	int rc = mdb_get(txn, x->t[T_META], &k, &v);
	if (!rc && v.mv_size != n)
		rc = MDB_CORRUPTED;
	if (!rc)
		memcpy(out, v.mv_data, n);
	return rc;
}

/* The counters; all 0 in an index that has none yet. */
static int get_counters(wt_index *x, MDB_txn *txn, counters *cn)
{
	memset(cn, 0, sizeof *cn);
	int rc = get_meta(x, txn, "counters", cn, sizeof *cn);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

static int put_meta(wt_index *x, MDB_txn *txn, const char *name,
		    const void *p, size_t n)
{
	MDB_val k = mv(name, strlen(name)), v = mv(p, n);
	return mdb_put(txn, x->t[T_META], &k, &v, 0);
}

wt_err wt_index_open(const wt_index_opts *o, wt_index **out)
{
	*out = NULL;
	if (sodium_init() < 0)
		return WT_E_NOMEM;
	wt_index *x = calloc(1, sizeof *x);
	if (!x || !(x->dir = strdup(o->dir))) {
		free(x);
		return WT_E_NOMEM;
	}
	x->o = *o;
	x->o.dir = x->dir;
	pthread_mutex_init(&x->mu, NULL);
	if (!x->o.batch_docs)
		x->o.batch_docs = 1000;
	wt_err e = WT_OK;
	struct stat st;
	if (stat(o->dir, &st)) {
		if (errno != ENOENT || !o->create || o->readonly) {
			say(x, WT_DIAG_ERROR, WT_E_MISSING, NULL, 0, "no index here (%s)%s",
			    strerror(errno), errno == ENOENT ?
			    "; 'wiretrace index add --db DIR' creates one" : "");
			e = errno == ENOENT ? WT_E_MISSING : WT_E_IO;
			goto fail;
		}
		if (mkdir(o->dir, 0777)) {
			say(x, WT_DIAG_ERROR, WT_E_IO, NULL, 0, "cannot create: %s",
			    strerror(errno));
			e = WT_E_IO;
			goto fail;
		}
	}
	char data[4096];
	snprintf(data, sizeof data, "%s/data.mdb", o->dir);
	/* An empty data file is an index whose first add was killed as LMDB
	 * created it: it holds nothing (add initialises it). */
	int none = stat(data, &st) != 0, empty = !none && st.st_size == 0;
	if (!o->create && (none || empty)) {
		say(x, WT_DIAG_ERROR, WT_E_MISSING, NULL, 0, "%s; 'wiretrace "
		    "index add --db DIR' %s", none ? "no index here" :
		    "the index holds nothing yet (its first add was interrupted)",
		    none ? "creates one" : "adds documents");
		e = WT_E_MISSING;
		goto fail;
	}
	int rc = mdb_env_create(&x->env);
	if (!rc)
		rc = mdb_env_set_maxdbs(x->env, T_COUNT);
	if (!rc)
		rc = mdb_env_set_mapsize(x->env, o->map_start ? o->map_start : MAP_START);
	if (!rc)
		rc = mdb_env_open(x->env, o->dir,
				  MDB_NOTLS | (o->readonly ? MDB_RDONLY : 0), 0666);
	if (rc) {
		e = lerr(x, rc, "open");
		goto fail;
	}
	MDB_txn *txn;
	if ((rc = mdb_txn_begin(x->env, NULL, o->readonly ? MDB_RDONLY : 0, &txn))) {
		e = lerr(x, rc, "open");
		goto fail;
	}
	for (int i = 0; i < T_COUNT && !rc; i++)
		rc = mdb_dbi_open(txn, tname[i],
				  tflags[i] | (o->readonly ? 0 : MDB_CREATE), &x->t[i]);
	if (!rc) {
		rc = get_meta(x, txn, "params", &x->p, sizeof x->p);
		x->have_params = !rc;
		if (rc == MDB_NOTFOUND)
			rc = 0;
	}
	if (rc == MDB_NOTFOUND || (x->have_params &&
				   (x->p.magic != MAGIC || x->p.layout != LAYOUT))) {
		mdb_txn_abort(txn);
		say(x, WT_DIAG_ERROR, WT_E_PARSE, NULL, 0, "not a wiretrace index of "
		    "this version (layout %d)", LAYOUT);
		e = WT_E_PARSE;
		goto fail;
	}
	rc = rc ? rc : mdb_txn_commit(txn);
	if (rc) {
		if (rc != MDB_NOTFOUND)
			mdb_txn_abort(txn);
		e = lerr(x, rc, "open");
		goto fail;
	}
	if (!x->have_params && !o->create) {
		say(x, WT_DIAG_ERROR, WT_E_MISSING, NULL, 0, "the index holds nothing "
		    "yet; 'wiretrace index add --db DIR' adds documents");
		e = WT_E_MISSING;
		goto fail;
	}
	if (!(x->cz = ZSTD_createCCtx()) || !(x->dz = ZSTD_createDCtx())) {
		e = WT_E_NOMEM;
		goto fail;
	}
	ZSTD_CCtx_setParameter(x->cz, ZSTD_c_compressionLevel, 3);
	ZSTD_CCtx_setParameter(x->cz, ZSTD_c_checksumFlag, 1);
	*out = x;
	return WT_OK;
fail:
	wt_index_close(x);
	return e;
}

void wt_index_close(wt_index *x)
{
	if (!x)
		return;
	if (x->rtxn)
		mdb_txn_abort(x->rtxn);
	wt_learn_free(x->model);
	pthread_mutex_destroy(&x->mu);
	if (x->env)
		mdb_env_close(x->env);
	ZSTD_freeCCtx(x->cz);
	ZSTD_freeDCtx(x->dz);
	free(x->adm);
	free(x->replace);
	free(x->useful);
	free(x->buf);
	free(x->zbuf);
	free(x->dir);
	free(x);
}

/* ---- scan hooks (the read snapshot; one thread at a time) ---- */

static int hook_seen(void *ctx, uint64_t page)
{
	wt_index *x = ctx;
	MDB_val k = mv(&page, 8), v;
	pthread_mutex_lock(&x->mu);
	int rc = mdb_get(x->rtxn, x->t[T_LPAGES], &k, &v);
	pthread_mutex_unlock(&x->mu);
	return rc == 0;
}

static uint64_t hook_count(void *ctx, uint64_t key)
{
	wt_index *x = ctx;
	MDB_val k = mv(&key, 8), v;
	uint64_t n = 0;
	pthread_mutex_lock(&x->mu);
	if (!mdb_get(x->rtxn, x->t[T_LCOUNT], &k, &v) && v.mv_size == 8)
		memcpy(&n, v.mv_data, 8);
	pthread_mutex_unlock(&x->mu);
	return n;
}

wt_err wt_index_model(wt_index *x, const wt_learn **out)
{
	*out = NULL;
	if (x->p.no_boiler)
		return WT_OK;
	if (!x->model) {
		wt_learn_opts lo;
		wt_learn_opts_default(&lo);
		lo.min_pages = x->p.learn_pages;
		lo.min_words = x->p.learn_words;
		lo.seed = x->p.learn_seed;
		lo.store = &x->lstore;
		lo.store_only = 1;
		wt_err e = wt_learn_new(&lo, &x->model);
		if (!e && (e = wt_learn_seal(x->model)))
			return e;
		if (e)
			return e;
	}
	*out = x->model;
	return WT_OK;
}

static void content_hash(const wt_doc *d, uint8_t out[16])
{
	XXH3_state_t st;
	XXH3_128bits_reset(&st);
	for (int f = 0; f < WT_F_COUNT; f++) {
		uint64_t n = d->f[f].n; /* lengths keep fields apart */
		XXH3_128bits_update(&st, &n, 8);
		if (n)
			XXH3_128bits_update(&st, d->f[f].p, n);
	}
	XXH128_canonicalFromHash((XXH128_canonical_t *)out, XXH3_128bits_digest(&st));
}

static wt_err hook_admit(void *ctx, const wt_doc *d, int *skip)
{
	wt_index *x = ctx;
	const wt_str *id = &d->f[WT_F_ID];
	admitted a = {id_key(x, id->p, id->n), x->nadm, {0}};
	content_hash(d, a.content);
	*skip = 0;
	MDB_val k = mv(id->p, id->n), v;
	int rc = id->n && id->n <= 511 ? mdb_get(x->rtxn, x->t[T_IDS], &k, &v)
				       : MDB_NOTFOUND;
	wt_err e;
	if (rc && rc != MDB_NOTFOUND)
		return x->fatal = lerr(x, rc, "read");
	if (!rc && v.mv_size == sizeof(idval)) {
		idval iv;
		memcpy(&iv, v.mv_data, sizeof iv);
		if (!memcmp(iv.content, a.content, 16)) {
			*skip = 1;
			return WT_OK;
		}
		if (!x->o.replace) {
			say(x, WT_DIAG_ERROR, WT_E_DUPID, d->path, d->line,
			    "id \"%.*s\" is in the index with other content "
			    "(--replace replaces it)", (int)(id->n > 100 ? 100 : id->n),
			    id->p);
			return WT_E_DUPID;
		}
		if ((e = wt_grow((void **)&x->replace, &x->replace_cap,
				 x->nreplace + 1, 8, SIZE_MAX / 8)))
			return e;
		x->replace[x->nreplace++] = a.idkey;
	}
	if (id->n > 511) { /* LMDB's key limit */
		say(x, WT_DIAG_ERROR, WT_E_LIMIT, d->path, d->line,
		    "id of %zu bytes: an index takes ids of at most 511", id->n);
		return WT_E_LIMIT;
	}
	if ((e = wt_grow((void **)&x->adm, &x->adm_cap, x->nadm + 1, sizeof *x->adm,
			 SIZE_MAX / sizeof *x->adm)))
		return e;
	x->adm[x->nadm++] = a;
	return WT_OK;
}

static int find_u32(const uint32_t *v, size_t n, uint32_t k)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && v[lo] == k;
}

static int hook_fp_skip(void *ctx, uint32_t key)
{
	const wt_index *x = ctx;
	return !find_u32(x->useful, x->nuseful, key);
}

/* ---- parameters ---- */

wt_err wt_index_attach(wt_index *x, wt_scan_opts *so, unsigned given)
{
	wt_err e;
	if (so->bands == 0) {
		wt_lsh_shape sh;
		if ((e = wt_lsh_choose(so->threshold, so->perm, &sh)))
			return e;
		so->bands = sh.bands;
		so->rows = sh.rows;
	}
	params want = {MAGIC, LAYOUT, WT_NORM_VERSION, WT_SIG_VERSION,
		       so->shingle, so->perm, so->bands, so->rows, so->min_passage,
		       so->learn_pages, so->learn_words, (uint32_t)so->no_boiler,
		       (uint32_t)x->o.no_text, 0, so->threshold, so->seed,
		       so->fp_df_cap, so->bucket_cap, 0, 0};
	if (!x->have_params) {
		if (x->o.readonly)
			return WT_E_MISSING;
		while (!want.band_key)
			randombytes_buf(&want.band_key, 8);
		while (!want.learn_seed)
			randombytes_buf(&want.learn_seed, 8);
		x->p = want;
		MDB_txn *txn;
		int rc = mdb_txn_begin(x->env, NULL, 0, &txn);
		if (!rc && (rc = get_meta(x, txn, "params", &x->p, sizeof x->p)) ==
			   MDB_NOTFOUND) { /* not another run's meanwhile */
			x->p = want;
			rc = put_meta(x, txn, "params", &x->p, sizeof x->p);
		}
		if (!rc)
			rc = mdb_txn_commit(txn);
		else if (txn)
			mdb_txn_abort(txn);
		if (rc)
			return lerr(x, rc, "create");
		x->have_params = 1;
	}
	const params *p = &x->p;
	if (p->norm != WT_NORM_VERSION || p->sig != WT_SIG_VERSION) {
		say(x, WT_DIAG_ERROR, WT_E_ARG, NULL, 0, "the index was built by "
		    "another normalization (%u) or signature (%u) version",
		    p->norm, p->sig);
		return WT_E_ARG;
	}
#define FIXED(bit, name, fmt, mine, theirs)                                    \
	if ((given & (bit)) && (mine) != (theirs)) {                           \
		say(x, WT_DIAG_ERROR, WT_E_ARG, NULL, 0,                       \
		    "the index was created with " name " " fmt "; this run "     \
		    "asks for " fmt " (parameters are fixed at creation)",     \
		    theirs, mine);                                             \
		return WT_E_ARG;                                               \
	}
	FIXED(WT_P_SHINGLE, "--shingle", "%u", so->shingle, p->shingle)
	FIXED(WT_P_PERM, "--perm", "%u", so->perm, p->perm)
	FIXED(WT_P_SEED, "--seed", "%llu", (unsigned long long)so->seed,
	      (unsigned long long)p->seed)
	FIXED(WT_P_BANDS, "--bands", "%u", so->bands, p->bands)
	FIXED(WT_P_BANDS, "--rows", "%u", so->rows, p->rows)
	FIXED(WT_P_THRESHOLD, "--threshold", "%g", so->threshold, p->threshold)
	FIXED(WT_P_MINPASS, "--min-passage", "%u", so->min_passage, p->min_passage)
	FIXED(WT_P_DFCAP, "--fp-df-cap", "%zu", so->fp_df_cap, (size_t)p->fp_df_cap)
	FIXED(WT_P_BUCKET, "--bucket-cap", "%zu", so->bucket_cap,
	      (size_t)p->bucket_cap)
	FIXED(WT_P_BOILER, "--no-boilerplate", "%d", so->no_boiler,
	      (int)p->no_boiler)
	FIXED(WT_P_BPAGES, "--boilerplate-pages", "%u", so->learn_pages,
	      p->learn_pages)
	FIXED(WT_P_BWORDS, "--boilerplate-words", "%u", so->learn_words,
	      p->learn_words)
	FIXED(WT_P_NOTEXT, "--no-text", "%d", x->o.no_text, (int)p->no_text)
#undef FIXED
	so->shingle = p->shingle;
	so->perm = p->perm;
	so->seed = p->seed;
	so->bands = p->bands;
	so->rows = p->rows;
	so->threshold = p->threshold;
	so->min_passage = p->min_passage;
	so->fp_df_cap = p->fp_df_cap;
	so->bucket_cap = p->bucket_cap;
	so->no_boiler = (int)p->no_boiler;
	so->learn_pages = p->learn_pages;
	so->learn_words = p->learn_words;
	so->keep_text = !p->no_text;
	so->band_key = p->band_key;
	so->learn_seed = p->learn_seed;
	x->lstore = (wt_learn_store){x, hook_seen, hook_count};
	x->hooks = (wt_scan_hooks){x, so->no_boiler ? NULL : &x->lstore,
				   hook_admit, hook_fp_skip};
	so->hooks = &x->hooks;
	return x->rtxn ? WT_OK : begin_read(x, &x->rtxn);
}

/* ---- document values ---- */

static wt_err grow_buf(char **b, size_t *cap, size_t n)
{
	return wt_grow((void **)b, cap, n, 1, SIZE_MAX);
}

/* Decode a docs value into x->buf; *h and the parts point into it. */
typedef struct {
	vhdr h;
	const uint64_t *keys;
	const char *rec, *id, *path;
	wt_recinfo ri;
} docval;

static wt_err decode(wt_index *x, const MDB_val *v, docval *out)
{
	unsigned long long n = ZSTD_getFrameContentSize(v->mv_data, v->mv_size);
	if (n == ZSTD_CONTENTSIZE_ERROR || n == ZSTD_CONTENTSIZE_UNKNOWN ||
	    n > VALUE_MAX || n < sizeof(vhdr))
		return WT_E_PARSE;
	wt_err e = grow_buf(&x->buf, &x->buf_cap, n + 1);
	if (e)
		return e;
	size_t got = ZSTD_decompressDCtx(x->dz, x->buf, n, v->mv_data, v->mv_size);
	if (ZSTD_isError(got) || got != n)
		return WT_E_PARSE;
	x->buf[n] = '\0'; /* the path, last, is a C string (wt_stored) */
	memcpy(&out->h, x->buf, sizeof out->h);
	const vhdr *h = &out->h;
	uint64_t need = sizeof *h + (uint64_t)h->nkeys * 8 + h->rec_len + h->id_len +
			h->path_len;
	if (h->magic != MAGIC || need != n)
		return WT_E_PARSE;
	out->keys = (const uint64_t *)(x->buf + sizeof *h);
	out->rec = x->buf + sizeof *h + (size_t)h->nkeys * 8;
	out->id = out->rec + h->rec_len;
	out->path = out->id + h->id_len;
	if ((e = wt_stored_parse(out->rec, h->rec_len, &out->ri)))
		return e;
	if (out->ri.nset && h->nkeys != x->p.bands)
		return WT_E_PARSE;
	return WT_OK;
}

static int get_doc(wt_index *x, MDB_txn *txn, uint32_t doc, docval *out)
{
	MDB_val k = mv(&doc, 4), v;
	int rc = mdb_get(txn, x->t[T_DOCS], &k, &v);
	if (rc)
		return rc;
	wt_err e = decode(x, &v, out);
	if (e == WT_E_PARSE) {
		say(x, WT_DIAG_ERROR, e, NULL, 0, "document %u is damaged", doc);
		return MDB_CORRUPTED;
	}
	return e ? ENOMEM : 0;
}

/* ---- gather ---- */

typedef struct {
	uint32_t *v;
	size_t n, cap;
} u32vec;

static wt_err push32(u32vec *a, uint32_t d)
{
	wt_err e = wt_grow((void **)&a->v, &a->cap, a->n + 1, 4, SIZE_MAX / 4);
	if (!e)
		a->v[a->n++] = d;
	return e;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static void sort_unique32(u32vec *a)
{
	if (!a->n)
		return;
	qsort(a->v, a->n, 4, cmp_u32); /* a->v is NULL only when a->n is 0 */
	size_t k = 1;
	for (size_t i = 1; i < a->n; i++)
		if (a->v[i] != a->v[k - 1])
			a->v[k++] = a->v[i];
	a->n = k;
}

/* Every document under key in a dupsort table into out; at most `last`
 * of them, the newest, when last > 0. Returns how many there are. */
static int dups(MDB_cursor *c, MDB_val *k, size_t last, u32vec *out,
		size_t *count)
{
	MDB_val v;
	*count = 0;
	int rc = mdb_cursor_get(c, k, &v, MDB_SET_KEY);
	if (rc == MDB_NOTFOUND)
		return 0;
	if (rc || (rc = mdb_cursor_count(c, count)))
		return rc;
	size_t take = last && *count > last ? last : *count;
	if (take < *count) { /* the newest: the last duplicates */
		rc = mdb_cursor_get(c, k, &v, MDB_LAST_DUP);
		for (size_t i = 0; !rc && i < take; i++) {
			uint32_t d;
			memcpy(&d, v.mv_data, 4);
			if (push32(out, d))
				return ENOMEM;
			if (i + 1 < take)
				rc = mdb_cursor_get(c, k, &v, MDB_PREV_DUP);
		}
		return rc;
	}
	for (size_t i = 0; !rc && i < take; i++) {
		uint32_t d;
		memcpy(&d, v.mv_data, 4);
		if (push32(out, d))
			return ENOMEM;
		if (i + 1 < take)
			rc = mdb_cursor_get(c, k, &v, MDB_NEXT_DUP);
	}
	return rc;
}

typedef struct {
	const uint8_t *digest;
	uint32_t i;
} newdig;

static int cmp_newdig(const void *pa, const void *pb)
{
	const newdig *a = pa, *b = pb;
	int c = memcmp(a->digest, b->digest, WT_DIGEST_BYTES);
	return c ? c : (a->i > b->i) - (a->i < b->i);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

static int in_replace(const wt_index *x, const char *id, size_t n)
{
	uint64_t k = id_key(x, id, n);
	for (size_t i = 0; i < x->nreplace; i++)
		if (x->replace[i] == k)
			return 1;
	return 0;
}

/* Add indexed document doc to s (unless this run replaces it); with
 * group, list its exact duplicates there. */
static int gather_doc(wt_index *x, wt_scan *s, MDB_cursor *cd, uint32_t doc,
		      u32vec *group, wt_err *e)
{
	docval dv;
	int rc = get_doc(x, x->rtxn, doc, &dv);
	if (rc)
		return rc == MDB_NOTFOUND ? MDB_CORRUPTED : rc; /* a key without
								   its document */
	if (in_replace(x, dv.id, dv.h.id_len))
		return 0;
	wt_stored st = {{dv.id, dv.h.id_len}, dv.path, dv.h.line, {0}, dv.keys,
			dv.rec, dv.h.rec_len};
	memcpy(st.digest, dv.h.digest, WT_DIGEST_BYTES);
	*e = wt_scan_add_stored(s, &st);
	if (*e == WT_E_DUPID) /* an id both new and indexed: being replaced */
		*e = WT_OK;
	x->run.gathered += !*e;
	size_t cnt;
	MDB_val k = mv(dv.h.digest, WT_DIGEST_BYTES);
	return group && dv.ri.nset ? dups(cd, &k, 0, group, &cnt) : 0;
}

wt_err wt_index_gather(wt_index *x, wt_scan *s)
{
	uint32_t n = wt_scan_count(s);
	MDB_cursor *cb = NULL, *cf = NULL, *cd = NULL;
	newdig *nd = malloc((n ? n : 1) * sizeof *nd);
	uint8_t (*dg)[WT_DIGEST_BYTES] = malloc((n ? n : 1) * WT_DIGEST_BYTES);
	uint8_t *skip = calloc(n ? n : 1, 1); /* not counted in df */
	u32vec found = {0}, group = {0};
	uint64_t *post = NULL;
	size_t npost = 0, post_cap = 0, nnd = 0;
	wt_err e = nd && dg && skip ? WT_OK : WT_E_NOMEM;
	int rc = 0;
	if (!e && ((rc = mdb_cursor_open(x->rtxn, x->t[T_BANDS], &cb)) ||
		   (rc = mdb_cursor_open(x->rtxn, x->t[T_FPS], &cf)) ||
		   (rc = mdb_cursor_open(x->rtxn, x->t[T_DIGESTS], &cd))))
		goto out;
	for (uint32_t i = 0; i < n && !e && !rc; i++) {
		wt_stored d;
		const uint64_t *pp;
		size_t np, cnt;
		if (!wt_scan_probe(s, i, &d, &pp, &np))
			continue;
		memcpy(dg[nnd], d.digest, WT_DIGEST_BYTES);
		nd[nnd] = (newdig){dg[nnd], i};
		nnd++;
		/* exact duplicates in the index: its group is counted there */
		MDB_val k = mv(d.digest, WT_DIGEST_BYTES);
		if ((rc = dups(cd, &k, 0, &found, &cnt)))
			break;
		skip[i] = cnt > 0;
		for (unsigned b = 0; b < x->p.bands && !rc; b++) {
			k = mv(&d.keys[b], 8);
			rc = dups(cb, &k, x->p.bucket_cap, &found, &cnt);
		}
		for (size_t j = 0; j < np && !skip[i] && !e; j++)
			if (!(e = wt_grow((void **)&post, &post_cap, npost + 1, 8,
					  SIZE_MAX / 8)))
				post[npost++] = pp[j];
	}
	if (e || rc)
		goto out;
	/* new documents of one digest count once, as one group */
	qsort(nd, nnd, sizeof *nd, cmp_newdig);
	for (size_t j = 1; j < nnd; j++)
		if (!memcmp(nd[j].digest, nd[j - 1].digest, WT_DIGEST_BYTES))
			skip[nd[j].i] = 1;
	size_t kept = 0;
	for (size_t j = 0; j < npost; j++)
		if (!skip[(uint32_t)post[j]])
			post[kept++] = post[j];
	npost = kept;
	/* fingerprints: document frequency in the index plus in this run */
	if (npost) /* post is NULL when nothing is new */
		qsort(post, npost, 8, cmp_u64);
	free(x->useful);
	x->nuseful = 0;
	if (!(x->useful = malloc((npost ? npost : 1) * 4))) {
		e = WT_E_NOMEM;
		goto out;
	}
	for (size_t j = 0, m; j < npost && !rc; j = m) {
		size_t local = 1, indexed = 0;
		for (m = j + 1; m < npost && post[m] >> 32 == post[j] >> 32; m++)
			local += (uint32_t)post[m] != (uint32_t)post[m - 1];
		uint32_t key = (uint32_t)(post[j] >> 32);
		MDB_val k = mv(&key, 4), v;
		rc = mdb_cursor_get(cf, &k, &v, MDB_SET_KEY);
		if (rc == MDB_NOTFOUND)
			rc = 0;
		else if (!rc)
			rc = mdb_cursor_count(cf, &indexed);
		if (rc || local + indexed < 2 || local + indexed > x->p.fp_df_cap)
			continue;
		x->useful[x->nuseful++] = key;
		if (indexed)
			rc = dups(cf, &k, 0, &found, &indexed);
	}
	/* what was found, then the exact duplicates of it not found yet */
	sort_unique32(&found);
	for (size_t j = 0; j < found.n && !e && !rc; j++)
		rc = gather_doc(x, s, cd, found.v[j], &group, &e);
	sort_unique32(&group);
	for (size_t j = 0; j < group.n && !e && !rc; j++)
		if (!find_u32(found.v, found.n, group.v[j]))
			rc = gather_doc(x, s, cd, group.v[j], NULL, &e);
out:
	if (cb)
		mdb_cursor_close(cb);
	if (cf)
		mdb_cursor_close(cf);
	if (cd)
		mdb_cursor_close(cd);
	free(nd);
	free(dg);
	free(skip);
	free(found.v);
	free(group.v);
	free(post);
	if (rc && !e)
		e = rc == ENOMEM ? WT_E_NOMEM : lerr(x, rc, "read");
	if (!e)
		qsort(x->useful, x->nuseful, 4, cmp_u32);
	return e;
}

/* ---- writing ---- */

/* Encode and compress document i into x->zbuf; *len its size. */
static wt_err encode(wt_index *x, const wt_stored *d, const uint8_t content[16],
		     size_t *len)
{
	size_t idn = d->id.n, pn = strlen(d->path);
	vhdr h = {MAGIC, d->keys ? x->p.bands : 0, (uint32_t)d->rec_len,
		  (uint32_t)idn, (uint32_t)pn, 0, d->line, {0}, {0}};
	memcpy(h.digest, d->digest, WT_DIGEST_BYTES);
	memcpy(h.content, content, 16);
	size_t n = sizeof h + (size_t)h.nkeys * 8 + d->rec_len + idn + pn;
	wt_err e = grow_buf(&x->buf, &x->buf_cap, n);
	if (!e)
		e = grow_buf(&x->zbuf, &x->zbuf_cap, ZSTD_compressBound(n));
	if (e)
		return e;
	char *p = x->buf;
	memcpy(p, &h, sizeof h);
	p += sizeof h;
	if (h.nkeys)
		memcpy(p, d->keys, (size_t)h.nkeys * 8);
	p += (size_t)h.nkeys * 8;
	memcpy(p, d->rec, d->rec_len);
	p += d->rec_len;
	memcpy(p, d->id.p, idn);
	memcpy(p + idn, d->path, pn);
	size_t z = ZSTD_compress2(x->cz, x->zbuf, x->zbuf_cap, x->buf, n);
	if (ZSTD_isError(z))
		return WT_E_NOMEM;
	*len = z;
	return WT_OK;
}

/* Date key: the date (at most 64 bytes), a NUL, the document big-endian. */
static size_t date_key(const wt_str *date, uint32_t doc, char out[72])
{
	size_t n = date->n > 64 ? 64 : date->n;
	if (n)
		memcpy(out, date->p, n);
	out[n] = 0;
	for (int k = 0; k < 4; k++)
		out[n + 1 + k] = (char)(doc >> (24 - 8 * k));
	return n + 5;
}

/* The source a document counts under in stats (as learn.h names it). */
static wt_str doc_source(const docval *dv)
{
	wt_doc d = {0};
	d.f[WT_F_SOURCE] = dv->ri.source;
	d.f[WT_F_URL] = dv->ri.url;
	d.f[WT_F_ID] = (wt_str){dv->id, dv->h.id_len};
	return wt_learn_source(&d);
}

static int bump_source(wt_index *x, MDB_txn *txn, const wt_str *src, int by)
{
	if (!src->n || src->n > 511)
		return 0;
	MDB_val k = mv(src->p, src->n), v;
	uint64_t c = 0;
	int rc = mdb_get(txn, x->t[T_SOURCES], &k, &v);
	if (!rc && v.mv_size == 8)
		memcpy(&c, v.mv_data, 8);
	else if (rc && rc != MDB_NOTFOUND)
		return rc;
	c = by > 0 ? c + 1 : c ? c - 1 : 0;
	if (!c) {
		rc = mdb_del(txn, x->t[T_SOURCES], &k, NULL);
		return rc == MDB_NOTFOUND ? 0 : rc;
	}
	v = mv(&c, 8);
	return mdb_put(txn, x->t[T_SOURCES], &k, &v, 0);
}

/* Put or delete the band and fingerprint keys of a group's holder. */
static int holder_keys(wt_index *x, MDB_txn *txn, const docval *dv,
		       uint32_t doc, int put)
{
	int rc = 0;
	MDB_val d = mv(&doc, 4);
	for (uint32_t b = 0; b < dv->h.nkeys && !rc; b++) {
		MDB_val k = mv(&dv->keys[b], 8);
		rc = put ? mdb_put(txn, x->t[T_BANDS], &k, &d, MDB_NODUPDATA)
			 : mdb_del(txn, x->t[T_BANDS], &k, &d);
		if (rc == MDB_KEYEXIST || rc == MDB_NOTFOUND)
			rc = 0; /* two bands of one document can share a key */
	}
	for (uint32_t f = 0; f < dv->ri.nfp && !rc; f++) {
		uint32_t key = (uint32_t)dv->ri.fp[f].hash;
		MDB_val k = mv(&key, 4);
		rc = put ? mdb_put(txn, x->t[T_FPS], &k, &d, MDB_NODUPDATA)
			 : mdb_del(txn, x->t[T_FPS], &k, &d);
		if (rc == MDB_KEYEXIST || rc == MDB_NOTFOUND)
			rc = 0;
	}
	return rc;
}

/* The first (oldest) document of a digest group, or UINT32_MAX. */
static int group_first(wt_index *x, MDB_txn *txn, const uint8_t *digest,
		       uint32_t *first)
{
	MDB_cursor *c;
	MDB_val k = mv(digest, WT_DIGEST_BYTES), v;
	int rc = mdb_cursor_open(txn, x->t[T_DIGESTS], &c);
	if (rc)
		return rc;
	rc = mdb_cursor_get(c, &k, &v, MDB_SET_KEY);
	*first = UINT32_MAX;
	if (!rc)
		memcpy(first, v.mv_data, 4);
	mdb_cursor_close(c);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

/* Remove document doc and every key of it; a group's next member
 * inherits its band and fingerprint keys. */
static int delete_doc(wt_index *x, MDB_txn *txn, uint32_t doc)
{
	docval dv;
	int rc = get_doc(x, txn, doc, &dv);
	if (rc)
		return rc;
	MDB_val k = mv(dv.id, dv.h.id_len), d = mv(&doc, 4);
	char dk[72];
	if ((rc = mdb_del(txn, x->t[T_IDS], &k, NULL)))
		return rc;
	k = mv(dk, date_key(&dv.ri.date, doc, dk));
	if ((rc = mdb_del(txn, x->t[T_DATES], &k, NULL)))
		return rc;
	wt_str src = doc_source(&dv);
	if ((rc = bump_source(x, txn, &src, -1)))
		return rc;
	if (dv.ri.nset) {
		uint32_t first, next;
		if ((rc = group_first(x, txn, dv.h.digest, &first)))
			return rc;
		k = mv(dv.h.digest, WT_DIGEST_BYTES);
		if ((rc = mdb_del(txn, x->t[T_DIGESTS], &k, &d)) ||
		    (first == doc && (rc = holder_keys(x, txn, &dv, doc, 0))) ||
		    (rc = group_first(x, txn, dv.h.digest, &next)))
			return rc;
		if (first == doc && next != UINT32_MAX &&
		    (rc = holder_keys(x, txn, &dv, next, 1))) /* same keys */
			return rc;
	}
	k = mv(&doc, 4);
	return mdb_del(txn, x->t[T_DOCS], &k, NULL);
}

static int cmp_adm(const void *pa, const void *pb)
{
	const admitted *a = pa, *b = pb;
	return a->idkey != b->idkey ? (a->idkey > b->idkey) - (a->idkey < b->idkey)
				    : (a->seq > b->seq) - (a->seq < b->seq);
}

static int cmp_idkey(const void *pa, const void *pb)
{
	const admitted *a = pa, *b = pb;
	return (a->idkey > b->idkey) - (a->idkey < b->idkey);
}

typedef struct {
	wt_scan *s;
	uint32_t from, to;
	wt_index_run got; /* of this attempt */
} chunk;

/* Store new documents [from, to) (see wt_index_commit). */
static int put_chunk(wt_index *x, MDB_txn *txn, void *ctx)
{
	chunk *c = ctx;
	counters cn;
	int rc = get_counters(x, txn, &cn);
	if (rc)
		return rc;
	memset(&c->got, 0, sizeof c->got);
	for (uint32_t i = c->from; i < c->to && !rc; i++) {
		wt_stored d;
		const uint64_t *pp;
		size_t np, zlen;
		wt_scan_probe(c->s, i, &d, &pp, &np);
		admitted key = {id_key(x, d.id.p, d.id.n), 0, {0}}, *a;
		a = x->nadm ? bsearch(&key, x->adm, x->nadm, sizeof *x->adm,
				      cmp_idkey) : NULL;
		if (!a) /* the scan refused it (too long, duplicate id) */
			continue;
		MDB_val k = mv(d.id.p, d.id.n), v;
		idval iv = {0, 0, {0}};
		if (!(rc = mdb_get(txn, x->t[T_IDS], &k, &v))) {
			memcpy(&iv, v.mv_data, v.mv_size < sizeof iv ? v.mv_size : sizeof iv);
			if (!memcmp(iv.content, a->content, 16)) { /* another run's */
				c->got.present++;
				continue;
			}
			if (!x->o.replace) {
				say(x, WT_DIAG_ERROR, WT_E_DUPID, d.path, d.line,
				    "id \"%.*s\" was added to the index meanwhile, with "
				    "other content (--replace replaces it)",
				    (int)(d.id.n > 100 ? 100 : d.id.n), d.id.p);
				x->fatal = WT_E_DUPID;
				return -1;
			}
			if ((rc = delete_doc(x, txn, iv.doc)))
				break;
			c->got.replaced++;
		} else if (rc != MDB_NOTFOUND) {
			break;
		}
		uint32_t doc = (uint32_t)cn.next_doc++;
		wt_err e = encode(x, &d, a->content, &zlen);
		if (e) {
			x->fatal = e;
			return -1;
		}
		/* the keys and record as decode would give them back */
		docval dv = {.keys = d.keys, .rec = d.rec, .id = d.id.p};
		dv.h.nkeys = d.keys ? x->p.bands : 0;
		dv.h.id_len = (uint32_t)d.id.n;
		if ((e = wt_stored_parse(d.rec, d.rec_len, &dv.ri))) {
			x->fatal = e;
			return -1;
		}
		iv = (idval){doc, 0, {0}};
		memcpy(iv.content, a->content, 16);
		MDB_val dk = mv(&doc, 4), dz = mv(x->zbuf, zlen), di = mv(&iv, sizeof iv);
		char datek[72];
		MDB_val kd = mv(datek, date_key(&dv.ri.date, doc, datek)), empty = mv("", 0);
		wt_str src = doc_source(&dv);
		if ((rc = mdb_put(txn, x->t[T_DOCS], &dk, &dz, MDB_APPEND)) ||
		    (rc = mdb_put(txn, x->t[T_IDS], &k, &di, 0)) ||
		    (rc = mdb_put(txn, x->t[T_DATES], &kd, &empty, 0)) ||
		    (rc = bump_source(x, txn, &src, 1)))
			break;
		if (dv.ri.nset) {
			uint32_t first;
			MDB_val kg = mv(d.digest, WT_DIGEST_BYTES);
			if ((rc = group_first(x, txn, d.digest, &first)) ||
			    (rc = mdb_put(txn, x->t[T_DIGESTS], &kg, &dk, 0)) ||
			    (first == UINT32_MAX &&
			     (rc = holder_keys(x, txn, &dv, doc, 1))))
				break;
		}
		c->got.added++;
	}
	if (!rc)
		rc = put_meta(x, txn, "counters", &cn, sizeof cn);
	return rc;
}

typedef struct {
	const wt_learn *l;
	uint64_t stale;
	int ran; /* documents were added: one more run */
} learnstep;

/* The learned counts of this run: first, so that a crash before its
 * documents commit leaves counts a rerun recognises page by page. */
static int put_learned(wt_index *x, MDB_txn *txn, void *ctx)
{
	learnstep *ls = ctx;
	counters cn;
	int rc = get_counters(x, txn, &cn);
	if (rc)
		return rc;
	wt_learn_counts lc = {0};
	if (ls->l)
		wt_learn_delta(ls->l, &lc);
	for (size_t i = 0; i < lc.npage && !rc; i++) {
		if (!lc.page[i])
			continue;
		MDB_val k = mv(&lc.page[i], 8), v = mv("", 0);
		rc = mdb_put(txn, x->t[T_LPAGES], &k, &v, MDB_NOOVERWRITE);
		if (rc == MDB_KEYEXIST)
			rc = 0;
	}
	for (size_t i = 0; i < lc.nkey && !rc; i++) {
		MDB_val k = mv(&lc.key[i], 8), v;
		uint64_t c = 0;
		if (!(rc = mdb_get(txn, x->t[T_LCOUNT], &k, &v)) && v.mv_size == 8)
			memcpy(&c, v.mv_data, 8);
		if (rc && rc != MDB_NOTFOUND)
			break;
		c += lc.cnt[i];
		v = mv(&c, 8);
		rc = mdb_put(txn, x->t[T_LCOUNT], &k, &v, 0);
	}
	cn.runs += ls->ran;
	cn.stale_pages += ls->stale;
	return rc ? rc : put_meta(x, txn, "counters", &cn, sizeof cn);
}

wt_err wt_index_commit(wt_index *x, wt_scan *s)
{
	if (x->rtxn) { /* the snapshot's work is done; the map may grow */
		mdb_txn_abort(x->rtxn);
		x->rtxn = NULL;
	}
	if (x->nadm) /* adm is NULL when every document was present */
		qsort(x->adm, x->nadm, sizeof *x->adm, cmp_adm);
	uint32_t n = wt_scan_count(s);
	/* an id read twice in this run: the scan kept the first */
	size_t u = 0;
	for (size_t i = 0; i < x->nadm; i++)
		if (!u || x->adm[i].idkey != x->adm[u - 1].idkey)
			x->adm[u++] = x->adm[i];
	x->nadm = u;
	learnstep ls = {wt_scan_model(s), 0, x->nadm > 0};
	ls.stale = ls.l ? wt_learn_newly(ls.l) : 0;
	wt_err e = run_txn(x, put_learned, &ls);
	for (uint32_t from = 0; from < n && !e; from += (uint32_t)x->o.batch_docs) {
		chunk c = {s, from, n - from < x->o.batch_docs ? n : from +
			   (uint32_t)x->o.batch_docs, {0}};
		if (!(e = run_txn(x, put_chunk, &c))) {
			x->run.added += c.got.added;
			x->run.present += c.got.present;
			x->run.replaced += c.got.replaced;
		}
	}
	return e;
}

void wt_index_run_stats(const wt_index *x, wt_index_run *out)
{
	*out = x->run;
}

/* ---- expire ---- */

typedef struct {
	const char *before;
	uint64_t dropped;
	int more;
} expirestep;

static int expire_some(wt_index *x, MDB_txn *txn, void *ctx)
{
	expirestep *es = ctx;
	MDB_cursor *c;
	int rc = mdb_cursor_open(txn, x->t[T_DATES], &c);
	if (rc)
		return rc;
	size_t bn = strlen(es->before), done = 0;
	es->more = 0;
	while (!rc) {
		MDB_val k = mv("\x01", 1), v; /* undated keys start with NUL */
		rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
		if (rc)
			break;
		const char *kp = k.mv_data;
		size_t dn = k.mv_size - 5;
		int cmp = memcmp(kp, es->before, dn < bn ? dn : bn);
		if (cmp > 0 || (cmp == 0 && dn >= bn))
			break; /* on or after the date */
		if (done == x->o.batch_docs) {
			es->more = 1;
			break;
		}
		uint32_t doc = 0;
		for (int j = 0; j < 4; j++)
			doc = doc << 8 | (uint8_t)kp[dn + 1 + j];
		rc = delete_doc(x, txn, doc);
		done++;
	}
	mdb_cursor_close(c);
	if (rc == MDB_NOTFOUND)
		rc = 0;
	if (!rc)
		es->dropped += done;
	return rc;
}

wt_err wt_index_expire(wt_index *x, const char *before, uint64_t *dropped)
{
	expirestep es = {before, 0, 1};
	wt_err e = WT_OK;
	while (es.more && !e) {
		uint64_t was = es.dropped;
		e = run_txn(x, expire_some, &es);
		if (e) /* a replayed step must not count twice */
			es.dropped = was;
	}
	*dropped = es.dropped;
	return e;
}

/* ---- stats ---- */

static uint64_t entries(wt_index *x, MDB_txn *txn, int t)
{
	MDB_stat st;
	return mdb_stat(txn, x->t[t], &st) ? 0 : st.ms_entries;
}

static int distinct_keys(MDB_txn *txn, MDB_dbi dbi, uint64_t *n)
{
	MDB_cursor *c;
	MDB_val k, v;
	int rc = mdb_cursor_open(txn, dbi, &c);
	*n = 0;
	for (MDB_cursor_op op = MDB_FIRST; !rc; op = MDB_NEXT_NODUP)
		if (!(rc = mdb_cursor_get(c, &k, &v, op)))
			++*n;
	if (!rc || rc == MDB_NOTFOUND)
		mdb_cursor_close(c);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

static void date_of(const MDB_val *k, char out[64])
{
	size_t n = k->mv_size >= 5 ? k->mv_size - 5 : 0;
	if (n > 63)
		n = 63;
	memcpy(out, k->mv_data, n);
	out[n] = 0;
}

wt_err wt_index_stats(wt_index *x, wt_index_info *o)
{
	MDB_txn *txn;
	wt_err e = begin_read(x, &txn);
	if (e)
		return e;
	memset(o, 0, sizeof *o);
	counters cn;
	int rc = get_counters(x, txn, &cn);
	o->documents = entries(x, txn, T_DOCS);
	o->sources = entries(x, txn, T_SOURCES);
	o->bands_entries = entries(x, txn, T_BANDS);
	o->fp_entries = entries(x, txn, T_FPS);
	o->learned_counts = entries(x, txn, T_LCOUNT);
	o->pages = entries(x, txn, T_LPAGES);
	o->runs = cn.runs;
	o->stale_pages = cn.stale_pages;
	if (!rc)
		rc = distinct_keys(txn, x->t[T_DIGESTS], &o->groups);
	MDB_cursor *c;
	if (!rc && !(rc = mdb_cursor_open(txn, x->t[T_DATES], &c))) {
		MDB_val k = mv("\x01", 1), v;
		if (!mdb_cursor_get(c, &k, &v, MDB_SET_RANGE)) {
			date_of(&k, o->first_date);
			if (!mdb_cursor_get(c, &k, &v, MDB_LAST))
				date_of(&k, o->last_date);
		}
		mdb_cursor_close(c);
	}
	MDB_envinfo ei;
	MDB_stat es;
	mdb_env_info(x->env, &ei);
	mdb_env_stat(x->env, &es);
	o->map_bytes = ei.me_mapsize;
	o->used_bytes = (uint64_t)(ei.me_last_pgno + 1) * es.ms_psize;
	char path[4096];
	struct stat st;
	snprintf(path, sizeof path, "%s/data.mdb", x->dir);
	if (!stat(path, &st))
		o->file_bytes = (uint64_t)st.st_blocks * 512; /* on disk */
	wt_scan_opts *p = &o->params;
	wt_scan_opts_default(p);
	p->shingle = x->p.shingle;
	p->perm = x->p.perm;
	p->seed = x->p.seed;
	p->bands = x->p.bands;
	p->rows = x->p.rows;
	p->threshold = x->p.threshold;
	p->min_passage = x->p.min_passage;
	p->fp_df_cap = x->p.fp_df_cap;
	p->bucket_cap = x->p.bucket_cap;
	p->no_boiler = (int)x->p.no_boiler;
	p->learn_pages = x->p.learn_pages;
	p->learn_words = x->p.learn_words;
	o->no_text = (int)x->p.no_text;
	mdb_txn_abort(txn);
	return rc ? lerr(x, rc, "read") : WT_OK;
}

/* ---- check ---- */

typedef struct {
	wt_index *x;
	unsigned limit;
	uint64_t problems;
} checker;

static void problem(checker *ck, const char *fmt, ...) WT_PRINTF(2, 3);

static void problem(checker *ck, const char *fmt, ...)
{
	if (ck->problems++ >= ck->limit || !ck->x->o.diag)
		return;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	wt_diag d = {WT_DIAG_ERROR, WT_E_PARSE, ck->x->dir, 0, msg};
	ck->x->o.diag(ck->x->o.diag_ctx, &d);
}

static int has_dup(MDB_txn *txn, MDB_dbi dbi, const void *key, size_t kn,
		   uint32_t doc)
{
	MDB_cursor *c;
	MDB_val k = mv(key, kn), v = mv(&doc, 4);
	if (mdb_cursor_open(txn, dbi, &c))
		return 0;
	int ok = !mdb_cursor_get(c, &k, &v, MDB_GET_BOTH);
	mdb_cursor_close(c);
	return ok;
}

wt_err wt_index_check(wt_index *x, unsigned limit, uint64_t *problems)
{
	checker ck = {x, limit, 0};
	MDB_txn *txn;
	wt_err e = begin_read(x, &txn);
	if (e)
		return e;
	counters cn;
	if (get_counters(x, txn, &cn))
		problem(&ck, "the counters record is damaged");
	int rc = 0;
	if (x->p.shingle < 1 || x->p.perm < 1 ||
	    (uint64_t)x->p.bands * x->p.rows > x->p.perm || x->p.fp_df_cap < 2)
		problem(&ck, "the parameters are inconsistent");
	uint64_t ndocs = 0, nset = 0, want_bands = 0, want_fps = 0, nsourced = 0;
	MDB_cursor *c;
	MDB_val k, v;
	if ((rc = mdb_cursor_open(txn, x->t[T_DOCS], &c)))
		goto out;
	for (MDB_cursor_op op = MDB_FIRST;
	     !(rc = mdb_cursor_get(c, &k, &v, op)); op = MDB_NEXT) {
		uint32_t doc;
		ndocs++;
		if (k.mv_size != 4) {
			problem(&ck, "a document key of %zu bytes", k.mv_size);
			continue;
		}
		memcpy(&doc, k.mv_data, 4);
		if (doc >= cn.next_doc)
			problem(&ck, "document %u is beyond the counter (%llu)", doc,
				(unsigned long long)cn.next_doc);
		docval dv;
		if ((e = decode(x, &v, &dv))) {
			if (e == WT_E_NOMEM)
				break;
			problem(&ck, "document %u does not decode (%s)", doc,
				wt_strerror(e));
			e = WT_OK;
			continue;
		}
		MDB_val ik = mv(dv.id, dv.h.id_len), iv;
		idval id;
		if (mdb_get(txn, x->t[T_IDS], &ik, &iv) || iv.mv_size != sizeof id ||
		    (memcpy(&id, iv.mv_data, sizeof id), id.doc != doc))
			problem(&ck, "document %u (\"%.*s\") is not under its id", doc,
				(int)(dv.h.id_len > 100 ? 100 : dv.h.id_len), dv.id);
		char dk[72];
		MDB_val kd = mv(dk, date_key(&dv.ri.date, doc, dk)), vd;
		if (mdb_get(txn, x->t[T_DATES], &kd, &vd))
			problem(&ck, "document %u has no date entry", doc);
		wt_str src = doc_source(&dv);
		if (src.n && src.n <= 511) {
			MDB_val ks = mv(src.p, src.n), vs;
			nsourced++;
			if (mdb_get(txn, x->t[T_SOURCES], &ks, &vs) || vs.mv_size != 8)
				problem(&ck, "document %u: its source \"%.*s\" is not "
					"counted", doc, (int)(src.n > 100 ? 100 : src.n),
					src.p);
		}
		if (!dv.ri.nset)
			continue;
		nset++;
		uint32_t first;
		if (!has_dup(txn, x->t[T_DIGESTS], dv.h.digest, WT_DIGEST_BYTES, doc))
			problem(&ck, "document %u is not under its digest", doc);
		if ((rc = group_first(x, txn, dv.h.digest, &first)))
			break;
		if (first != doc)
			continue;
		/* the group's holder: every band and fingerprint key */
		uint64_t distinct = 0;
		for (uint32_t b = 0; b < dv.h.nkeys; b++) {
			int seen = 0;
			for (uint32_t b2 = 0; b2 < b && !seen; b2++)
				seen = dv.keys[b2] == dv.keys[b];
			distinct += !seen;
			if (!seen && !has_dup(txn, x->t[T_BANDS], &dv.keys[b], 8, doc)) {
				problem(&ck, "document %u lacks band key %u", doc, b);
				break;
			}
		}
		want_bands += distinct;
		for (uint32_t f = 0; f < dv.ri.nfp; f++) {
			uint32_t key = (uint32_t)dv.ri.fp[f].hash;
			if (f && key == (uint32_t)dv.ri.fp[f - 1].hash)
				continue; /* sorted by hash: repeats are adjacent */
			want_fps++;
			if (!has_dup(txn, x->t[T_FPS], &key, 4, doc)) {
				problem(&ck, "document %u lacks fingerprint key %08x", doc,
					key);
				break;
			}
		}
	}
	mdb_cursor_close(c);
	if (rc != MDB_NOTFOUND)
		goto out;
	rc = 0;
	uint64_t n;
	if ((n = entries(x, txn, T_IDS)) != ndocs)
		problem(&ck, "%llu ids for %llu documents", (unsigned long long)n,
			(unsigned long long)ndocs);
	if ((n = entries(x, txn, T_DATES)) != ndocs)
		problem(&ck, "%llu date entries for %llu documents",
			(unsigned long long)n, (unsigned long long)ndocs);
	if ((n = entries(x, txn, T_DIGESTS)) != nset)
		problem(&ck, "%llu digest entries for %llu documents with shingles",
			(unsigned long long)n, (unsigned long long)nset);
	uint64_t counted = 0;
	if (!(rc = mdb_cursor_open(txn, x->t[T_SOURCES], &c))) {
		for (MDB_cursor_op op = MDB_FIRST;
		     !mdb_cursor_get(c, &k, &v, op); op = MDB_NEXT) {
			uint64_t cnt = 0;
			if (v.mv_size == 8)
				memcpy(&cnt, v.mv_data, 8);
			counted += cnt;
		}
		mdb_cursor_close(c);
	}
	if (counted != nsourced)
		problem(&ck, "the sources count %llu documents where %llu have a "
			"source", (unsigned long long)counted,
			(unsigned long long)nsourced);
	if ((n = entries(x, txn, T_BANDS)) != want_bands)
		problem(&ck, "%llu band entries where the documents hold %llu "
			"(a key of a removed document?)", (unsigned long long)n,
			(unsigned long long)want_bands);
	if ((n = entries(x, txn, T_FPS)) != want_fps)
		problem(&ck, "%llu fingerprint entries where the documents hold %llu",
			(unsigned long long)n, (unsigned long long)want_fps);
out:
	mdb_txn_abort(txn);
	*problems = ck.problems;
	if (e)
		return e;
	return rc ? lerr(x, rc, "read") : WT_OK;
}

/* ---- dedup ---- */

wt_err wt_index_match(wt_index *x, const uint64_t *keys, const uint64_t *set,
		      size_t nset, const uint8_t *digest, double threshold,
		      wt_index_hit *out)
{
	memset(out, 0, sizeof *out);
	MDB_cursor *c;
	u32vec cand = {0};
	int rc = mdb_cursor_open(x->rtxn, x->t[T_BANDS], &c);
	for (unsigned b = 0; b < x->p.bands && !rc; b++) {
		MDB_val k = mv(&keys[b], 8);
		size_t cnt;
		rc = dups(c, &k, x->p.bucket_cap, &cand, &cnt);
	}
	if (!rc)
		mdb_cursor_close(c);
	sort_unique32(&cand);
	for (size_t i = 0; i < cand.n && !rc; i++) {
		docval dv;
		if ((rc = get_doc(x, x->rtxn, cand.v[i], &dv)))
			break;
		wt_sim sim = wt_verify_sets(set, nset, dv.ri.set, dv.ri.nset);
		if (sim.jaccard >= threshold && (!out->found ||
						 sim.jaccard > out->sim.jaccard)) {
			out->found = 1;
			out->sim = sim;
			out->exact = !memcmp(dv.h.digest, digest, WT_DIGEST_BYTES);
			memcpy(out->id, dv.id, dv.h.id_len < 511 ? dv.h.id_len : 511);
			out->id[dv.h.id_len < 511 ? dv.h.id_len : 511] = 0;
		}
	}
	free(cand.v);
	if (rc == MDB_NOTFOUND)
		rc = MDB_CORRUPTED; /* a key without its document */
	return rc ? (rc == ENOMEM ? WT_E_NOMEM : lerr(x, rc, "read")) : WT_OK;
}
