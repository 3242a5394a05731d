/* rng: the unit tests' random numbers, xorshift64* (Vigna): the same
 * sequence on every run and machine, so a failure reproduces. A test file
 * defines RNG_SEED (its own sequence) before including this. */
#ifndef WT_TEST_RNG_H
#define WT_TEST_RNG_H

#include <stddef.h>
#include <stdint.h>

static uint64_t rng_state = RNG_SEED;

static inline uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1Dull;
}

/* Uniform enough below n (> 0) for tests. */
static inline size_t rnd_below(size_t n)
{
	return (size_t)(rnd() % n);
}

#endif
