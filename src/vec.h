/* vec: WT_VEC where x86 vector paths build, and 64-byte class masks for
 * the vector walks of learn.c and boiler.c (AVX-512BW). Use them only inside functions built with at least
 * target("avx512f,avx512bw"), called once the CPU is known to have it;
 * each walk keeps a byte-at-a-time twin for other CPUs. */
#ifndef WT_VEC_H
#define WT_VEC_H

#include <stddef.h>
#include <stdint.h>

#if defined(__x86_64__) && defined(__GNUC__)
#define WT_VEC 1
#include <immintrin.h>

/* The mask of bytes 0..n-1 of a step. */
#define WT_UPTO(n) ((n) >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << (n)) - 1)
#define WT_B(c) _mm512_set1_epi8((char)(c))
#define WT_EQ(v, c) _mm512_cmpeq_epi8_mask(v, WT_B(c))
/* lo <= v <= lo + w, unsigned */
#define WT_IN(v, lo, w) _mm512_cmple_epu8_mask(_mm512_sub_epi8(v, WT_B(lo)), WT_B(w))

/* The 64 bytes from s[i + k] (i < len), zero from s[len] on: masked
 * loads, so nothing past the text is read. */
__attribute__((target("avx512f,avx512bw")))
static inline __m512i wt_vload(const unsigned char *s, size_t i, size_t k,
			       size_t len)
{
	size_t rem = len - i;
	return _mm512_maskz_loadu_epi8(rem > k ? WT_UPTO(rem - k) : 0, s + i + k);
}
#endif

#endif
