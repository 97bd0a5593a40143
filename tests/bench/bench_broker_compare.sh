#!/bin/bash
# Benchmark: what the connection broker (issue 11: check children have no
# socket; the parent connects and passes the socket over SCM_RIGHTS)
# costs. Builds the commit before the broker (or BASE) in a git worktree
# and this tree, both Release, then runs bench_mfa_20k.sh (20,000 users
# per provider, 50 ms per request) with each binary in the same run: once
# timed, once under strace to count TCP connections. Prints wall time,
# requests, connections and broker round trips side by side.
#   bash tests/bench/bench_broker_compare.sh [BASE_COMMIT]
# Measured 2026-12-06 on the shared 2-core machine (base af70008, head
# f94eab7, which also masks locators in the child): wall 245.3 s before,
# 199.5 s with the broker (the machine's load dominates: under strace
# 195.9 s and 278.5 s); 40,556 requests both; 20 TCP connections both,
# made by the child before and by the parent with the broker, in 20 broker
# round trips; client CPU 6.0 s and 6.9 s; check child peak RSS 12.2 and
# 21.8 MiB (sampled; the locator masker's matcher), whole scan 53.1 and
# 88.2 MiB.
set -u
src=${PC_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
first=$(git -C "$src" log --diff-filter=A --format=%H -- agent/broker.c | tail -1)
base=${1:-$first^}
base=$(git -C "$src" rev-parse --verify "$base^{commit}") || exit 2
work=$(mktemp -d /tmp/pc-bench-broker.XXXXXX)
cleanup() {
	git -C "$src" worktree remove --force "$work/base" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
git -C "$src" worktree add --detach "$work/base" "$base" >/dev/null 2>&1 ||
	{ echo "cannot make a worktree of $base"; exit 2; }

# build SRC BUILD: the portcullis binary alone, Release.
build() {
	cmake -S "$1" -B "$2" -DCMAKE_BUILD_TYPE=Release >"$2.log" 2>&1 &&
		cmake --build "$2" --target portcullis -j2 >>"$2.log" 2>&1 ||
		{ echo "build of $1 failed: see $2.log"; tail -5 "$2.log"; exit 2; }
}
build "$work/base" "$work/build-base"
build "$src" "$work/build-head"

# run NAME TREE [strace]: one benchmark run of TREE's binary with TREE's
# policies, emulator and helpers (this tree's benchmark script), kept.
run() {
	PC_BIN=$work/build-$1/portcullis PC_SRC=$2 PC_BENCH_STRACE=${3:-} \
		bash "$src/tests/bench/bench_mfa_20k.sh" >"$work/$1${3:+-strace}.txt" 2>&1
}
run base "$work/base"
run head "$src"
run base "$work/base" 1
run head "$src" 1

# field FILE LABEL: the value after "LABEL:" in a run's output.
field() {
	sed -n "s/^$2: *//p" "$work/$1.txt" | head -1
}
printf 'base: %s\nhead: %s (%s)\n\n' "$(git -C "$src" log -1 --format='%h %s' "$base")" \
	"$(git -C "$src" log -1 --format='%h' HEAD)" \
	"$(git -C "$src" status --porcelain | grep -q . && echo "with uncommitted changes" || echo clean)"
printf '%-22s %-40s %s\n' "" "before the broker" "with the broker"
for label in "wall time" "requests made" "client CPU" "peak RSS" \
	"broker round trips" "mfa status"; do
	printf '%-22s %-40s %s\n' "$label" "$(field base "$label")" \
		"$(field head "$label")"
done
printf '%-22s %-40s %s\n' "TCP connections" \
	"$(field base-strace "TCP connections to the emulator")" \
	"$(field head-strace "TCP connections to the emulator")"
printf '%-22s %-40s %s\n' "wall under strace" \
	"$(field base-strace "wall time")" "$(field head-strace "wall time")"
for r in base head base-strace head-strace; do
	grep -q "0 failed" "$work/$r.txt" ||
		{ echo "run $r failed:"; tail -5 "$work/$r.txt"; exit 1; }
done
