/* spool: buffered writes to an O_TMPFILE/mkstemp file, then mmap. */
#include "spool.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define BUF (1u << 20)

struct wt_spool {
	int fd;
	uint64_t size; /* bytes written or buffered */
	unsigned char *buf;
	size_t nbuf;
	void *map;
	size_t maplen;
};

static wt_err io_err(void)
{
	return errno == ENOSPC || errno == EDQUOT || errno == EFBIG ? WT_E_FULL
								     : WT_E_IO;
}

wt_err wt_spool_new(const char *dir, wt_spool **out)
{
	*out = NULL;
	if (!dir)
		dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	wt_spool *s = calloc(1, sizeof *s);
	if (!s)
		return WT_E_NOMEM;
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

wt_err wt_spool_put(wt_spool *s, const void *p, size_t n, uint64_t *off)
{
	static const unsigned char zero[8];
	if (s->map)
		return WT_E_ARG;
	*off = s->size;
	wt_err e = append(s, p, n);
	size_t pad = (8 - n % 8) % 8;
	if (!e && pad)
		e = append(s, zero, pad);
	if (!e)
		s->size += n + pad;
	return e;
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

const void *wt_spool_at(const wt_spool *s, uint64_t off)
{
	return (const unsigned char *)s->map + off;
}
