# Thin wrapper over scripts/install-deps, CMake and CTest. `make help` lists the targets.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo

.PHONY: all help deps configure build test demo bench clean

all: build

help:
	@echo "make deps    install the Debian packages magritte needs (scripts/install-deps)"
	@echo "make build   configure and build into $(BUILD)/ (binary: $(BUILD)/bin/magritte)"
	@echo "make test    build, then run every test (unit, golden, end-to-end) with CTest"
	@echo "make demo    build, then run the seed's whole workflow (scripts/demo)"
	@echo "make bench   build, then run the benchmark programs"
	@echo "make clean   remove $(BUILD)/"

deps:
	@scripts/install-deps

configure: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

test: build
	@ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

demo: build
	@scripts/demo $(BUILD)/bin/magritte

bench: build
	@scripts/bench $(BUILD)

clean:
	rm -rf $(BUILD)
