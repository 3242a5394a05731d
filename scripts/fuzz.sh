#!/usr/bin/env bash
# Build every libFuzzer target (tests/fuzz/fuzz_*.c) with clang,
# -fsanitize=fuzzer,address,undefined, from the library sources directly
# (not the gcc-built archive), into build-fuzz/, then run each for
# FUZZ_SECONDS seconds on a scratch copy of its seed corpus
# (tests/fuzz/corpus/<name> is only read; new inputs land in
# build-fuzz/work/<name>), with tests/fuzz/<name>.dict when present. Exits
# non-zero when a target fails to build or crashes; a crash leaves its input
# in build-fuzz/artifacts/<name>/ and is shown (minimized first unless
# FUZZ_MINIMIZE=0) as a hex dump with the top of its stack trace.
#   scripts/fuzz.sh                   all targets, 60 s each
#   FUZZ_SECONDS=600 scripts/fuzz.sh norm jsonl
# Environment: FUZZ_SECONDS (60), FUZZ_MAX_LEN (65536), FUZZ_MINIMIZE (1),
# FUZZ_ARGS (extra libFuzzer flags), CLANG (clang), FUZZ_BUILD (build-fuzz).
set -u

# Show the crash input of target $1 (binary $2, log $3, artifacts in $4).
show_crash() {
	local name=$1 bin=$2 log=$3 art=$4 crash show f
	grep -E 'ERROR: |runtime error|check failed|SUMMARY' "$log" | head -n 5 |
		sed 's/^/    /'
	grep -E '^ +#[0-9]+ ' "$log" | head -n 8 |
		sed -e 's/^ */    /' -e 's/ (BuildId: [0-9a-f]*)//'
	crash=""
	for f in "$art"/crash-* "$art"/leak-* "$art"/timeout-* "$art"/oom-*; do
		case $f in *.min | *"*") continue ;; esac
		[ -z "$crash" ] || [ "$f" -nt "$crash" ] && crash=$f
	done
	if [ -z "$crash" ]; then
		tail -n 40 "$log" | sed 's/^/    /'
		return
	fi
	show=$crash
	if [ "${FUZZ_MINIMIZE:-1}" = 1 ]; then
		"$bin" -minimize_crash=1 -max_total_time=30 -timeout=30 \
			-exact_artifact_path="$crash.min" "$crash" >"$log.min" 2>&1
		[ -s "$crash.min" ] && show=$crash.min
	fi
	echo "    input: $show ($(wc -c <"$show") bytes)"
	od -A x -t x1z -v "$show" | head -n 32 | sed 's/^/    /'
	echo "    replay: $bin $show"
}

main() {
	cd "$(dirname "$0")/.." || exit 2
	local secs=${FUZZ_SECONDS:-60} max_len=${FUZZ_MAX_LEN:-65536}
	local out=${FUZZ_BUILD:-build-fuzz} clang=${CLANG:-clang}
	local pkgs="libxxhash libsodium libutf8proc jansson zlib lmdb libzstd"
	command -v "$clang" >/dev/null 2>&1 || {
		echo "fuzz: $clang not found (make fuzz installs clang)" >&2
		exit 2
	}
	local pkg_cflags pkg_libs
	# shellcheck disable=SC2086
	pkg_cflags=$(pkg-config --cflags $pkgs) || exit 2
	# shellcheck disable=SC2086
	pkg_libs="$(pkg-config --libs $pkgs) -lm -lpthread"
	# The Makefile's warnings, without -Werror: clang may warn where gcc
	# does not, and that is no reason to skip fuzzing.
	local cflags="-std=c17 -Wall -Wextra -Wshadow -Wstrict-prototypes
		-Wmissing-prototypes -Wvla -Wpointer-arith -D_GNU_SOURCE -O1 -g
		-fno-omit-frame-pointer -fsanitize=address,undefined
		-fno-sanitize-recover=all $pkg_cflags"

	local targets f n
	if [ $# -gt 0 ]; then
		targets="$*"
	else
		targets=$(for f in tests/fuzz/fuzz_*.c; do
			n=${f##*/fuzz_}
			echo "${n%.c}"
		done)
	fi

	# Library objects once, with coverage for the fuzzer but no main.
	mkdir -p "$out/obj" "$out/artifacts" "$out/work"
	local objs="" src obj
	for src in src/*.c; do
		obj=$out/obj/$(basename "${src%.c}").o
		# shellcheck disable=SC2086
		"$clang" $cflags -fsanitize=fuzzer-no-link -c "$src" -o "$obj" ||
			{ echo "fuzz: cannot build $src" >&2; exit 2; }
		objs="$objs $obj"
	done

	export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0}
	export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

	local failed="" name bin seeds work art log dict rc
	for name in $targets; do
		src=tests/fuzz/fuzz_$name.c
		bin=$out/fuzz_$name
		seeds=tests/fuzz/corpus/$name
		if [ ! -f "$src" ]; then
			echo "fuzz: no $src" >&2
			failed="$failed $name"
			continue
		fi
		# shellcheck disable=SC2086
		if ! "$clang" $cflags -fsanitize=fuzzer -Isrc "$src" $objs \
			-o "$bin" $pkg_libs; then
			echo "fuzz: $name FAILED to build"
			failed="$failed $name"
			continue
		fi
		work=$out/work/$name
		art=$out/artifacts/$name
		log=$out/fuzz_$name.log
		rm -rf "$work"
		mkdir -p "$work" "$art"
		[ -d "$seeds" ] && cp -R "$seeds"/. "$work"/
		dict=""
		[ -f "tests/fuzz/$name.dict" ] && dict=-dict=tests/fuzz/$name.dict
		echo "fuzz: $name for ${secs}s (log $log)"
		# shellcheck disable=SC2086
		"$bin" -max_total_time="$secs" -max_len="$max_len" -timeout=30 \
			-rss_limit_mb=2048 -print_final_stats=1 $dict \
			-artifact_prefix="$art/" ${FUZZ_ARGS:-} "$work" >"$log" 2>&1
		rc=$?
		grep -E '^stat::(number_of_executed_units|new_units_added|peak_rss_mb)' \
			"$log" | sed "s/^stat::/fuzz: $name /"
		if [ $rc = 0 ]; then
			echo "fuzz: $name ok"
			continue
		fi
		failed="$failed $name"
		echo "fuzz: $name FAILED (exit $rc)"
		show_crash "$name" "$bin" "$log" "$art"
	done

	if [ -n "$failed" ]; then
		echo "fuzz: FAILED:$failed"
		exit 1
	fi
	echo "fuzz: all targets ok"
	exit 0
}

main "$@"
