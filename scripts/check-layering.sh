#!/bin/sh
# Dependencies point one way: the library (src/*.c, src/*.h) never includes
# the CLI, the CLI includes only the umbrella header, and each third-party
# header stays in the module that owns it. Prints violations; exit 1 if any.
cd "$(dirname "$0")/.." || exit 2
bad=0
say() { echo "layering: $*"; bad=1; }

grep -n '#include "cli' src/*.c src/*.h && say "library includes the CLI"
for f in src/cli/*.c src/cli/*.h; do
	grep -n '#include "' "$f" | grep -v -e '"cli.h"' -e '"../wiretrace.h"' &&
		say "$f includes library internals (use wiretrace.h)"
done
# header -> the only library files allowed to include it
check() {
	hdr=$1
	shift
	for f in $(grep -l "#include <$hdr>" src/*.c src/*.h 2>/dev/null); do
		ok=0
		for a in "$@"; do [ "$f" = "src/$a" ] && ok=1; done
		[ $ok = 1 ] || say "$f includes <$hdr> (allowed in: $*)"
	done
}
check utf8proc.h norm.c
check jansson.h
check zlib.h read_jsonl.c
check xxhash.h shingle.c lsh.c learn.c index.c
check lmdb.h index.c
check zstd.h index.c
check sodium.h shingle.c minhash.c scan.c learn.c index.c dedup.c
check sys/mman.h spool.c
# the library never prints or exits on its own
grep -n -E '\b(printf|puts|perror|exit|abort)\s*\(' src/*.c | grep -v 'snprintf\|vsnprintf' &&
	say "library code prints or exits"
grep -n 'stderr\|stdout' src/*.c && say "library code writes to stdout/stderr"
exit $bad
