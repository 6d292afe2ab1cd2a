# SPDX-License-Identifier: Apache-2.0
# kizashi: `make` builds, `make run` runs the main job, `make test` runs the
# suite and then the suite again under ASan+UBSan. Every target installs the
# Debian packages it needs first (scripts/install-deps.sh is idempotent).

BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
FUZZ_SECONDS ?= 30
KIZASHI    := $(BUILD)/kizashi

.PHONY: all deps build run test test-release test-asan bench fuzz clean

all: build

deps:
	@./scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	@./scripts/run-server.sh $(KIZASHI)

test: test-release test-asan

test-release: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

test-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug \
	    -DKSZ_SANITIZE=address,undefined >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS)

# Every benchmark (long: it generates GBs of data under bench/out/ once), or
# BENCH="extract-speed hunt ..." for some; see bench/run.sh for the names.
bench: build
	@./bench/run.sh $(KIZASHI) $(BENCH)

# A short run of every fuzz target (FUZZ_SECONDS each) on its saved corpus.
fuzz: deps
	@CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKSZ_FUZZ=ON \
	    -DKSZ_SANITIZE=address,undefined >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS)
	@./scripts/fuzz-all.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
