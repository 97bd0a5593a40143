#!/bin/bash
# Fuzzes every parser with libFuzzer (clang, ASan+UBSan) for
# PC_FUZZ_SECONDS each (default 60), starting from tests/fuzz/corpus/<parser>/.
# Run by `PC_BENCH=1 ./tests/run-tests.sh`, or alone. The seed corpus is
# never modified: each run grows a copy in the build folder. A crash, leak
# or sanitizer report fails the run and leaves the input that caused it in
# $build/artifacts/ (add it to the corpus with the fix).
# env: PC_FUZZ_SECONDS, PC_FUZZ_BUILD_DIR (default ./build-fuzz),
# PC_FUZZ_ONLY (space-separated parser names, e.g. "zip mime").
set -uo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${PC_FUZZ_BUILD_DIR:-$src/build-fuzz}
secs=${PC_FUZZ_SECONDS:-60}

# libFuzzer comes with clang's runtime (not in the default package list).
if ! command -v clang >/dev/null || ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get install -y --no-install-recommends clang libclang-rt-14-dev >/dev/null ||
		{ echo "run-fuzz: cannot install clang and libclang-rt-14-dev" >&2; exit 2; }
fi

parsers=${PC_FUZZ_ONLY:-$(for f in "$src"/tests/fuzz/fuzz_*.c; do n=$(basename "$f" .c); printf '%s ' "${n#fuzz_}"; done)}
targets=""
for p in $parsers; do targets="$targets fuzz_${p}_libfuzzer"; done
CC=clang cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Debug -DPC_FUZZ=ON >/dev/null || exit 2
# shellcheck disable=SC2086 # one word per target
cmake --build "$build" -j"$(nproc)" --target $targets >/dev/null || {
	echo "run-fuzz: the libFuzzer build failed (cmake --build $build)" >&2; exit 2; }

mkdir -p "$build/artifacts"
pass=0 fail=0
for p in $parsers; do
	corpus=$build/corpus/$p
	mkdir -p "$corpus"
	cp -n "$src/tests/fuzz/corpus/$p"/* "$corpus/" 2>/dev/null
	before=$(ls "$corpus" | wc -l)
	log=$build/fuzz-$p.log
	"$build/tests/fuzz_${p}_libfuzzer" -max_total_time="$secs" -rss_limit_mb=2048 \
		-timeout=30 -artifact_prefix="$build/artifacts/$p-" -print_final_stats=1 \
		"$corpus" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	after=$(ls "$corpus" | wc -l)
	if [ $rc -eq 0 ]; then
		pass=$((pass + 1))
		printf 'ok: %-12s %10s runs in %ss (%s/s), corpus %d -> %d\n' \
			"$p" "${runs:-?}" "$secs" "${speed:-?}" "$before" "$after"
	else
		fail=$((fail + 1))
		printf 'FAILED: %s (exit %d): %s; input in %s/artifacts/%s-*\n' "$p" "$rc" \
			"$(grep -m1 -E 'ERROR|SUMMARY|runtime error' "$log" || tail -n 1 "$log")" "$build" "$p"
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
