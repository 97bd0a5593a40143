#!/bin/bash
# README command 2: install packages, build with ASan+UBSan, run every test.
# Long benchmarks and fuzzing run only with PC_BENCH=1 (see tests/bench/).
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${PC_TEST_BUILD_DIR:-$src/build-test}
"$src/packaging/install-deps.sh"
bench=OFF
[ "${PC_BENCH:-0}" = 1 ] && bench=ON
# The Release build (README command 1, -O2 with -Werror and hardening)
# warns differently from Debug: it must build too.
cmake -S "$src" -B "$build-release" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build-release" -j"$(nproc)" --target portcullis bench_serve
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Debug -DPC_BENCH=$bench \
	-DPC_BENCH_BIN="$build-release/portcullis" >/dev/null
cmake --build "$build" -j"$(nproc)"
cd "$build"
# Twice as many tests as cores: the slowest end-to-end tests mostly wait
# (the emulator's Retry-After and 5xx faults make the client back off),
# so two per core keep the cores busy; no test asserts on time.
ctest -j"$(($(nproc) * 2))" --output-on-failure --timeout 600
# With PC_BENCH=1, also fuzz every parser with libFuzzer (clang), 60 s each
# by default (PC_FUZZ_SECONDS); the corpus replays above run always.
if [ "$bench" = ON ]; then
	PC_FUZZ_BUILD_DIR="$build-fuzz" "$src/tests/fuzz/run-fuzz.sh"
fi
