/* driver: replay inputs through LLVMFuzzerTestOneInput without libFuzzer, so
 * the seed corpora run with any compiler as part of `make test`.
 *   fuzz_<name> PATH...
 * Each PATH is a file or a directory (its regular files, in byte order of
 * names; names starting with '.' are passed over; no recursion). Each input
 * is copied to a buffer of exactly its size, so a sanitizer catches reads
 * past the end. Prints "replayed N inputs" and exits 0; a failed check
 * aborts, naming the input on stderr first. */
#if !defined(_GNU_SOURCE) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L /* scandir, without the Makefile's flags */
#endif
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


/* Present when a sanitizer runtime is linked: called before it exits. */
extern void __sanitizer_set_death_callback(void (*cb)(void))
	__attribute__((weak));

static const char *current; /* input being replayed, for crash reports */

static void name_current(void)
{
	static const char pre[] = "driver: crashed on input ";
	if (!current)
		return;
	ssize_t r = write(2, pre, sizeof pre - 1);
	r = write(2, current, strlen(current));
	r = write(2, "\n", 1);
	(void)r;
}

static void on_signal(int sig)
{
	name_current();
	signal(sig, SIG_DFL);
	raise(sig);
}

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "driver: %s: %s\n", path, strerror(errno));
		return -1;
	}
	size_t cap = 4096, n = 0;
	uint8_t *buf = malloc(cap);
	while (buf) {
		n += fread(buf + n, 1, cap - n, f);
		if (n < cap)
			break;
		uint8_t *p = realloc(buf, cap * 2);
		if (!p) {
			free(buf);
			buf = NULL;
			break;
		}
		buf = p;
		cap *= 2;
	}
	int err = ferror(f);
	fclose(f);
	if (!buf || err) {
		fprintf(stderr, "driver: %s: %s\n", path,
			buf ? "read error" : "out of memory");
		free(buf);
		return -1;
	}
	/* exact-size copy: one byte past the input is out of bounds */
	uint8_t *data = malloc(n ? n : 1);
	if (!data) {
		free(buf);
		fprintf(stderr, "driver: %s: out of memory\n", path);
		return -1;
	}
	memcpy(data, buf, n);
	free(buf);
	current = path;
	LLVMFuzzerTestOneInput(data, n);
	current = NULL;
	free(data);
	return 0;
}

static int skip_entry(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Replay path (file or directory); adds the inputs replayed to *count. */
static int replay(const char *path, size_t *count)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		fprintf(stderr, "driver: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (replay_file(path))
			return -1;
		++*count;
		return 0;
	}
	struct dirent **ents;
	int n = scandir(path, &ents, skip_entry, by_name);
	if (n < 0) {
		fprintf(stderr, "driver: %s: %s\n", path, strerror(errno));
		return -1;
	}
	int rc = 0;
	for (int i = 0; i < n; i++) {
		size_t la = strlen(path), lb = strlen(ents[i]->d_name);
		char *p = malloc(la + lb + 2);
		if (!p) {
			rc = -1;
		} else {
			memcpy(p, path, la);
			p[la] = '/';
			memcpy(p + la + 1, ents[i]->d_name, lb + 1);
			if (stat(p, &st) == 0 && S_ISREG(st.st_mode)) {
				if (replay_file(p))
					rc = -1;
				else
					++*count;
			}
			free(p);
		}
		free(ents[i]);
	}
	free(ents);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	if (__sanitizer_set_death_callback) {
		/* the sanitizer reports SEGV itself, then calls this */
		__sanitizer_set_death_callback(name_current);
	} else {
		signal(SIGSEGV, on_signal);
		signal(SIGBUS, on_signal);
		signal(SIGFPE, on_signal);
		signal(SIGILL, on_signal);
	}
	signal(SIGABRT, on_signal);
	size_t count = 0;
	int rc = 0;
	for (int i = 1; i < argc; i++)
		if (replay(argv[i], &count))
			rc = 1;
	printf("replayed %zu inputs\n", count);
	return rc;
}
