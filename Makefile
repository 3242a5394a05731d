# wiretrace: `make` builds build/wiretrace; `make help` lists the targets.
BUILD   ?= build
MALLOC  ?= jemalloc
CC      ?= cc
CFLAGS  ?= -O2 -g
WARN     = -std=c17 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wvla -Wpointer-arith
PKGS     = libxxhash libsodium libutf8proc zlib lmdb libzstd
ifeq ($(MALLOC),jemalloc)
PROGPKGS = jemalloc
endif
# Recursive (=) so pkg-config runs after the dependencies are installed.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS)) -lm -lpthread
# jansson parses reports in tests and is the oracle of the JSON fuzz target
TEST_CFLAGS = $(shell pkg-config --cflags jansson cmocka)
TEST_LIBS   = $(PKG_LIBS) $(shell pkg-config --libs jansson cmocka)
ALL_CFLAGS = $(WARN) -D_GNU_SOURCE $(CFLAGS) $(PKG_CFLAGS) -MMD -MP

LIB_SRC  = $(wildcard src/*.c)
LIB_OBJ  = $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
CLI_SRC  = $(wildcard src/cli/*.c)
CLI_OBJ  = $(CLI_SRC:src/cli/%.c=$(BUILD)/obj/cli/%.o)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TOOL_SRC = tests/oracle.c tests/e2e/example.c
FUZZ_SRC = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN = $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/tests/%)
DEPS_OK  = $(BUILD)/.deps-ok

.PHONY: all run test asan fuzz bench score clean help deps tools
all: $(BUILD)/wiretrace ## build build/wiretrace and build/libwiretrace.a

$(DEPS_OK): scripts/install-deps.sh
	@mkdir -p $(BUILD)
	@scripts/install-deps.sh
	@touch $@

deps: $(DEPS_OK) ## install missing Debian packages (apt-get)

$(BUILD)/obj/%.o: src/%.c | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/libwiretrace.a: $(LIB_OBJ)
	$(AR) rcs $@ $^

$(BUILD)/wiretrace: $(CLI_OBJ) $(BUILD)/libwiretrace.a
	$(CC) $(CFLAGS) $^ -o $@ $(PKG_LIBS) \
	    $(if $(PROGPKGS),$(shell pkg-config --libs $(PROGPKGS)))

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libwiretrace.a | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc $(TEST_CFLAGS) $< \
	    $(BUILD)/libwiretrace.a -o $@ $(TEST_LIBS)

$(BUILD)/tests/oracle: tests/oracle.c $(BUILD)/libwiretrace.a | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc $(TEST_CFLAGS) $< $(BUILD)/libwiretrace.a -o $@ $(TEST_LIBS)

$(BUILD)/tests/example: tests/e2e/example.c $(BUILD)/libwiretrace.a | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc $< $(BUILD)/libwiretrace.a -o $@ $(PKG_LIBS)

$(BUILD)/bench_stages: bench/bench_stages.c $(BUILD)/libwiretrace.a | $(DEPS_OK)
	$(CC) $(ALL_CFLAGS) -Isrc $< $(BUILD)/libwiretrace.a -o $@ $(PKG_LIBS)

# Fuzz targets replay their corpus through driver.c with any compiler.
$(BUILD)/tests/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/driver.c $(BUILD)/libwiretrace.a | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc $(TEST_CFLAGS) $< tests/fuzz/driver.c \
	    $(BUILD)/libwiretrace.a -o $@ $(TEST_LIBS)

tools: $(BUILD)/wiretrace $(UNIT_BIN) $(BUILD)/tests/oracle $(BUILD)/tests/example $(FUZZ_BIN)

run: $(BUILD)/wiretrace ## build, then scan the bundled corpus/
	$(BUILD)/wiretrace scan corpus/

# the browser test of the HTML report needs chromium: only make test installs it
$(BUILD)/.deps-test-ok: scripts/install-deps.sh | $(DEPS_OK)
	@WT_WITH_CHROMIUM=1 scripts/install-deps.sh
	@touch $@

test: tools $(BUILD)/.deps-test-ok ## build and run every test (unit, e2e, oracle, fuzz replay, browser)
	BUILD=$(BUILD) tests/run.sh

asan: ## the whole test suite under ASan + UBSan (libc malloc)
	$(MAKE) BUILD=build-asan MALLOC=libc \
	    CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" test

fuzz: ## run each libFuzzer target for FUZZ_SECONDS (default 60) under clang
	WT_WITH_CLANG=1 scripts/install-deps.sh
	FUZZ_SECONDS=$${FUZZ_SECONDS:-60} scripts/fuzz.sh

bench: $(BUILD)/wiretrace $(BUILD)/bench_stages $(BUILD)/tests/oracle ## per-stage and end-to-end speed, peak RSS (by hand, not in test)
	BUILD=$(BUILD) bench/bench.sh

SHARED ?= ../shared
PAN_TAR = $(SHARED)/corpus/araplagdet_epd_subset/araplagdet_epd_subset.tar.gz
METER   = $(SHARED)/corpus/meter_rawtexts/meter.jsonl.gz

score: $(BUILD)/wiretrace ## passage scores on all of AraPlagDet and METER in ../shared (make test runs a subset)
	@mkdir -p $(BUILD)/score
	python3 scripts/pan.py prep $(PAN_TAR) $(BUILD)/score/pan.jsonl
	$(BUILD)/wiretrace scan -q --format json -o $(BUILD)/score/pan.json $(BUILD)/score/pan.jsonl
	python3 scripts/pan.py score $(PAN_TAR) $(BUILD)/score/pan.json
	$(BUILD)/wiretrace scan -q --format json -o $(BUILD)/score/meter.json $(METER)
	python3 scripts/meter.py score $(METER) $(BUILD)/score/meter.json

clean: ## remove build directories
	rm -rf build build-asan build-fuzz

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' Makefile | sed 's/:.*## /\t/'

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(UNIT_BIN:=.d)
