# Thin wrapper over scripts/install-deps, CMake and CTest. `make help` lists the targets.
BUILD ?= build
JOBS ?= $(shell nproc)
# Tests spend part of their time waiting (gcloud polls, trainer runs): one more than the cores.
TEST_JOBS ?= $(shell echo $$(( $$(nproc) + 1 )))
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo

.PHONY: all help deps configure build test demo bench clean sanitize-configure check-sanitize fuzz install package

all: build

help:
	@echo "make deps    install the Debian packages magritte needs (scripts/install-deps)"
	@echo "make build   configure and build into $(BUILD)/ (binary: $(BUILD)/bin/magritte)"
	@echo "make test    build, then run every test (unit, golden, end-to-end) with CTest"
	@echo "make install [PREFIX=/usr/local] [DESTDIR=...]  build magritte, then install it (cmake --install)"
	@echo "make package build $(BUILD)/magritte_<version>_<arch>.deb (CPack; docs/install.md)"
	@echo "make demo    build the binary, then run the whole Vertex AI loop against the emulator (scripts/demo)"
	@echo "make bench   build, then run the benchmark programs"
	@echo "make check-sanitize  unit + golden tests under AddressSanitizer + UBSan ($(SANITIZE_BUILD)/)"
	@echo "make fuzz    libFuzzer runs of the config loader, image decoding and the emulator's HTTP request path, $(FUZZ_SECONDS) s each ($(SANITIZE_BUILD)/)"
	@echo "make clean   remove $(BUILD)/"

deps:
	@scripts/install-deps $(DEPS_ARGS)

configure: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

test: build
	@ctest --test-dir $(BUILD) --output-on-failure -j $(TEST_JOBS)

# What the install tree and the Debian package hold (cmake/Install.cmake), not the test programs.
INSTALL_TARGETS = magritte magritte_vision magritte_install_files
PREFIX ?= /usr/local
install: configure
	@cmake --build $(BUILD) -j $(JOBS) --target $(INSTALL_TARGETS)
	@DESTDIR="$(DESTDIR)" cmake --install $(BUILD) --prefix "$(PREFIX)"

package: configure
	@cmake --build $(BUILD) -j $(JOBS) --target $(INSTALL_TARGETS)
	@cmake --build $(BUILD) --target package

# Only what the demo runs: the binary and its vision module, not the test programs (nor the
# tests' Node.js client libraries).
demo: DEPS_ARGS = --without-clientlibs
demo: configure
	@cmake --build $(BUILD) -j $(JOBS) --target magritte magritte_vision
	@scripts/demo $(BUILD)/bin/magritte

bench: build
	@bench/run_predict_bench.sh $(BUILD)

# Unit and golden tests under AddressSanitizer + UBSan, and the libFuzzer targets, in ONE
# clang build (-O1, line tables only: a third faster to compile than gcc -O1 -g): only the
# unit test programs, the binary, the golden runner and the fuzzers are built.
SANITIZE_BUILD ?= build-asan
SANITIZE_FLAGS ?= -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -gline-tables-only" \
  -DMAGRITTE_SANITIZE=ON -DMAGRITTE_FUZZ=ON -DMAGRITTE_BUILD_BENCH=OFF
sanitize-configure: deps
	@cmake -S . -B $(SANITIZE_BUILD) $(SANITIZE_FLAGS) >/dev/null

check-sanitize: sanitize-configure
	@cmake --build $(SANITIZE_BUILD) -j $(JOBS) --target unit_tests golden_tests
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(SANITIZE_BUILD) -L 'unit|golden' --output-on-failure -j $(JOBS)

# libFuzzer: each target runs FUZZ_SECONDS from the committed seeds in fuzz/corpus/; new
# inputs go to $(SANITIZE_BUILD)/corpus/, crashes to $(SANITIZE_BUILD)/crash-* (and fail).
FUZZ_SECONDS ?= 30
FUZZ_TARGETS ?= config_fuzzer image_fuzzer http_fuzzer
fuzz: sanitize-configure
	@cmake --build $(SANITIZE_BUILD) -j $(JOBS) --target $(FUZZ_TARGETS)
	@for target in $(FUZZ_TARGETS); do \
	  name=$${target%_fuzzer}; mkdir -p $(SANITIZE_BUILD)/corpus/$$name; \
	  echo "fuzz: $$target for $(FUZZ_SECONDS) s"; \
	  $(SANITIZE_BUILD)/fuzz/$$target -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=10 \
	    -print_final_stats=1 -dict=fuzz/$$name.dict -artifact_prefix=$(SANITIZE_BUILD)/crash-$$name- \
	    $(SANITIZE_BUILD)/corpus/$$name fuzz/corpus/$$name 2>$(SANITIZE_BUILD)/fuzz-$$name.log \
	    || { tail -60 $(SANITIZE_BUILD)/fuzz-$$name.log; exit 1; }; \
	  grep -E '^stat::(number_of_executed_units|peak_rss_mb)' $(SANITIZE_BUILD)/fuzz-$$name.log; \
	done

clean:
	rm -rf $(BUILD)
