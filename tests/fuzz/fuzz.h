/* fuzz: what every fuzz target shares: the libFuzzer entry point (also
 * called by driver.c) and CHECK, which aborts with the failed condition so
 * libFuzzer and the replay driver both report it. */
#ifndef WT_FUZZ_H
#define WT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                           \
	do {                                                               \
		if (!(c)) {                                                \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
				__LINE__, #c);                             \
			abort();                                           \
		}                                                          \
	} while (0)

#endif
