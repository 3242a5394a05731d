/* spool: buffered writes to an O_TMPFILE/mkstemp file, then pread, or
 * mmap for records read in place. */
#include "spool.h"

#include <errno.h>
#include <stdatomic.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define BUF (1u << 20)
/* A fault on the mapping maps the pages around it too (1 MiB on ext4
 * with large folios), so reads at random soon hold the whole file in the
 * process. Up to map_max that is the fastest way to read it (no copies,
 * no system calls); above, records read many times are copied (pread)
 * and the mapping, read a few records at a time, is trimmed every
 * TRIM_EVERY of them. */
#define TRIM_EVERY 256

struct wt_spool {
	int fd;
	uint64_t size; /* bytes written or buffered */
	unsigned char *buf;
	size_t nbuf;
	void *map;
	size_t maplen;
	uint64_t map_max;
	atomic_uint reads; /* wt_spool_at calls, for the trims */
};

static wt_err io_err(void)
{
	return errno == ENOSPC || errno == EDQUOT || errno == EFBIG ? WT_E_FULL
								     : WT_E_IO;
}

wt_err wt_spool_new(const char *dir, uint64_t map_max, wt_spool **out)
{
	*out = NULL;
	if (!dir)
		dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	wt_spool *s = calloc(1, sizeof *s);
	if (!s)
		return WT_E_NOMEM;
	s->map_max = map_max;
	s->buf = malloc(BUF);
	if (!s->buf) {
		free(s);
		return WT_E_NOMEM;
	}
	s->fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (s->fd < 0) { /* file systems without O_TMPFILE */
		char path[4096];
		snprintf(path, sizeof path, "%s/wiretrace-spool-XXXXXX", dir);
		s->fd = mkostemp(path, O_CLOEXEC);
		if (s->fd >= 0)
			unlink(path);
	}
	if (s->fd < 0) {
		wt_err e = io_err();
		free(s->buf);
		free(s);
		return e;
	}
	*out = s;
	return WT_OK;
}

void wt_spool_free(wt_spool *s)
{
	if (!s)
		return;
	if (s->map)
		munmap(s->map, s->maplen);
	close(s->fd);
	free(s->buf);
	free(s);
}

static wt_err flush(wt_spool *s)
{
	size_t done = 0;
	while (done < s->nbuf) {
		ssize_t w = write(s->fd, s->buf + done, s->nbuf - done);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return io_err();
		}
		done += (size_t)w;
	}
	s->nbuf = 0;
	return WT_OK;
}

static wt_err append(wt_spool *s, const void *p, size_t n)
{
	const unsigned char *c = p;
	while (n) {
		size_t k = BUF - s->nbuf < n ? BUF - s->nbuf : n;
		memcpy(s->buf + s->nbuf, c, k);
		s->nbuf += k;
		c += k;
		n -= k;
		if (s->nbuf == BUF) {
			wt_err e = flush(s);
			if (e)
				return e;
		}
	}
	return WT_OK;
}

wt_err wt_spool_putv(wt_spool *s, const wt_spool_part *part, size_t n,
		     uint64_t *off)
{
	static const unsigned char zero[8];
	if (s->map)
		return WT_E_ARG;
	*off = s->size;
	uint64_t len = 0;
	wt_err e = WT_OK;
	for (size_t i = 0; i < n && !e; i++) {
		if (part[i].len)
			e = append(s, part[i].p, part[i].len);
		len += part[i].len;
	}
	size_t pad = (8 - len % 8) % 8;
	if (!e && pad)
		e = append(s, zero, pad);
	if (!e)
		s->size += len + pad;
	return e;
}

wt_err wt_spool_put(wt_spool *s, const void *p, size_t n, uint64_t *off)
{
	wt_spool_part one = {p, n};
	return wt_spool_putv(s, &one, 1, off);
}

wt_err wt_spool_seal(wt_spool *s)
{
	wt_err e = flush(s);
	if (e)
		return e;
	if (s->size == 0)
		return WT_OK;
	if (s->size > SIZE_MAX)
		return WT_E_LIMIT;
	s->maplen = (size_t)s->size;
	s->map = mmap(NULL, s->maplen, PROT_READ, MAP_SHARED, s->fd, 0);
	if (s->map == MAP_FAILED) {
		s->map = NULL;
		return WT_E_IO;
	}
	return WT_OK;
}

const void *wt_spool_at(wt_spool *s, uint64_t off)
{
	/* The file no longer changes: dropped pages are read again, the
	 * same bytes at the same addresses, so pointers stay valid. */
	if (s->size > s->map_max &&
	    atomic_fetch_add_explicit(&s->reads, 1, memory_order_relaxed) %
			    TRIM_EVERY == TRIM_EVERY - 1)
		madvise(s->map, s->maplen, MADV_DONTNEED);
	return (const unsigned char *)s->map + off;
}

void wt_spool_prefetch(const wt_spool *s, uint64_t off, size_t n)
{
	if (s->size > s->map_max)
		return;
	const char *p = (const char *)s->map + off;
	for (size_t k = 0; k < n; k += 64)
		__builtin_prefetch(p + k);
}

wt_err wt_spool_get(const wt_spool *s, uint64_t off, size_t have, size_t n,
		    wt_spool_buf *b, const void **out)
{
	if (s->size <= s->map_max) {
		*out = (const unsigned char *)s->map + off;
		return WT_OK;
	}
	/* wt_grow keeps the contents */
	wt_err e = wt_grow((void **)&b->p, &b->cap, (n + 7) / 8, 8, SIZE_MAX / 8);
	if (e)
		return e;
	/* Threads reading through one open file contend on its reference
	 * count in every pread; each buffer opens the file again (the same
	 * one the shared descriptor names, unlinked or not), or shares it
	 * when that fails. */
	if (!b->fd1) {
		char path[64];
		snprintf(path, sizeof path, "/proc/self/fd/%d", s->fd);
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		b->fd1 = fd < 0 ? -1 : fd + 1;
	}
	int fd = b->fd1 > 0 ? b->fd1 - 1 : s->fd;
	*out = b->p;
	unsigned char *d = (unsigned char *)b->p + have;
	for (off += have, n -= have; n;) {
		ssize_t r = pread(fd, d, n, (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return WT_E_IO; /* 0: the file is shorter than it was written */
		d += r;
		off += (uint64_t)r;
		n -= (size_t)r;
	}
	return WT_OK;
}

void wt_spool_buf_release(wt_spool_buf *b)
{
	free(b->p);
	if (b->fd1 > 0)
		close(b->fd1 - 1);
	*b = (wt_spool_buf){0};
}
