# SPDX-License-Identifier: Apache-2.0
# kizashi: `make` builds, `make run` runs the main job, `make test` runs the
# suite, then the suite again under ASan+UBSan, then the tests of threaded
# code (the daemon, the hunt pipeline) under TSan. Every target installs the
# Debian packages it needs first (scripts/install-deps.sh is idempotent).

BUILD      ?= build
ASAN_BUILD ?= build-asan
TSAN_BUILD ?= build-tsan
FUZZ_BUILD ?= build-fuzz
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
FUZZ_SECONDS ?= 30
KIZASHI    := $(BUILD)/kizashi

.PHONY: all deps build run test test-release test-asan test-tsan bench fuzz clean

all: build

deps:
	@./scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	@./scripts/run-server.sh $(KIZASHI)

test: test-release test-asan test-tsan

test-release: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

test-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug \
	    -DKSZ_SANITIZE=address,undefined >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS)

# The tests that run our code on several threads (labels: server, the
# daemon's worker pool and feed scheduler; hunt, the hunt pipeline) under
# ThreadSanitizer. A race halts the process with status 66 and fails its
# test (srvlib.py also fails a server test on a report in the daemon's
# stderr). Only what those tests run is built. tests/tsan.supp is for false
# positives inside uninstrumented third-party libraries, never for our code.
TSAN_TARGETS ?= kizashi_cli test_hunt_hunt
TSAN_LABELS  ?= ^(server|hunt)$$

test-tsan: deps
	@cmake -S . -B $(TSAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DKSZ_SANITIZE=thread >/dev/null
	@cmake --build $(TSAN_BUILD) -j $(JOBS) --target $(TSAN_TARGETS)
	TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:suppressions=$(CURDIR)/tests/tsan.supp \
	    ctest --test-dir $(TSAN_BUILD) --output-on-failure -j $(JOBS) -L '$(TSAN_LABELS)'

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
	rm -rf $(BUILD) $(ASAN_BUILD) $(TSAN_BUILD) $(FUZZ_BUILD)
