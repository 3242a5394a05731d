/* shingle: normalized tokens -> word n-gram hashes (XXH3-64) and the
 * document's exact-duplicate digest (keyed SipHash-128). A shingle hash is XXH3-64 of
 * the n token hashes (each XXH3-64 of the token's normalized UTF-8) laid
 * out little-endian, so every word is hashed once. Scratch is caller-owned,
 * one per thread. */
#ifndef WT_SHINGLE_H
#define WT_SHINGLE_H

#include "norm.h"

#define WT_DIGEST_BYTES 16
#define WT_DIGEST_KEY_BYTES 16

typedef struct {
	uint64_t *seq; /* positional: seq[i] covers tokens i..i+n-1 */
	size_t nseq;
	uint64_t *set; /* seq sorted ascending, duplicates removed */
	size_t nset;
	uint64_t *tok; /* hash of each kept (not skipped) token, in order */
	size_t ntok;
	/* private */
	size_t tok_cap, seq_cap, set_cap;
	char *joined; /* the digest's input */
	size_t joined_cap;
} wt_shingles;

void wt_shingles_init(wt_shingles *s);
void wt_shingles_release(wt_shingles *s);

/* Shingle the tokens of nz with width n (>= 1), passing over tokens whose
 * skip is set (boiler.h): words on both sides of a skipped run join. A text
 * with fewer than n kept tokens has no shingles (nseq = nset = 0), but tok
 * is always filled. WT_OK,
 * WT_E_ARG (n = 0) or WT_E_NOMEM. */
WT_NODISCARD wt_err wt_shingle(wt_shingles *s, const wt_norm *nz, unsigned n);

/* Hash of one normalized token, as in wt_shingles.tok. */
uint64_t wt_token_hash(const char *p, size_t n);

/* SipHash-2-4-128 (libsodium's siphashx24) under key of the kept
 * normalized tokens joined by single spaces: equal digests mean identical
 * normalized text (boilerplate aside). The key is secret, so no one can
 * craft a text that passes for another's exact copy; digests compare only
 * under one key (a run's, or an index's: wt_digest_key). s is scratch.
 * Returns WT_OK or WT_E_NOMEM. */
WT_NODISCARD wt_err wt_shingle_digest(wt_shingles *s, const wt_norm *nz,
				      const uint8_t key[WT_DIGEST_KEY_BYTES],
				      uint8_t out[WT_DIGEST_BYTES]);

/* The digest key of a secret (a run's or an index's band key). */
void wt_digest_key(uint64_t secret, uint8_t key[WT_DIGEST_KEY_BYTES]);

#endif
