#!/bin/bash
# README command 1: install packages, build, and scan the bundled demo office
# (tests/demo/) against the bundled local provider emulator, ending with a
# signed report, its checklist, and portcullis verify.
#
# Everything it writes goes to $PC_DEMO_DIR (default ./demo). Run it again
# and the new report is chained to the previous one. It builds in
# $PC_BUILD_DIR (default build/ in the source tree; a copied tree whose
# build/ belongs to the original gets its own build-<hash>/).
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
work=${PC_DEMO_DIR:-$PWD/demo}
build=${PC_BUILD_DIR:-$src/build}

# A build folder CMake configured from another source tree (this checkout
# was copied, or PC_BUILD_DIR names another clone's) cannot be reused:
# CMake stops with a cache error naming the other path. Use a build folder
# of this tree's own, next to the other one.
cmake_home() { # BUILD: the source tree BUILD was configured from, or nothing
	sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$1/CMakeCache.txt" 2>/dev/null
}
if [ -z "${PC_BIN:-}" ] && [ -f "$build/CMakeCache.txt" ] &&
	[ "$(cmake_home "$build")" != "$src" ]; then
	other=$(cmake_home "$build")
	old=$build
	build=$build-$(printf '%s' "$src" | sha256sum | cut -c1-12)
	echo "demo: $old was configured from $other; building this tree in $build" >&2
fi

if [ -z "${PC_BIN:-}" ]; then
	"$src/packaging/install-deps.sh"
	cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
	# --configure-only: stop here and print the build folder (a test).
	if [ "${1:-}" = --configure-only ]; then
		echo "$build"
		exit 0
	fi
	cmake --build "$build" -j"$(nproc)" --target portcullis
	PC_BIN=$build/portcullis
fi

mkdir -p "$work"
work=$(cd "$work" && pwd)
certs=$work/emulator
mkdir -p "$certs" "$work/keys"
install -d -m 700 "$work/secrets"

# Start the emulator; stop it whatever happens.
emu_pid=$("$src/tests/emulator/start.sh" "$certs" "$certs/port")
stop_emulator() { # SIGTERM, then wait (at most 5 s) until it has gone
	kill "$emu_pid" 2>/dev/null || return 0
	for _ in $(seq 50); do
		kill -0 "$emu_pid" 2>/dev/null || return 0
		sleep 0.1
	done
}
trap stop_emulator EXIT
port=$(cat "$certs/port")
base="https://127.0.0.1:$port/ok"

# The emulator's test credentials, as an office would store real ones:
# one file per secret, mode 0600.
umask 077
printf '%s' test-m365-client-secret >"$work/secrets/m365"
printf '%s' test-github-owner-token >"$work/secrets/github"
printf '%s' xoxp-test-slack-admin-token >"$work/secrets/slack"
printf '%s' test-okta-api-token >"$work/secrets/okta"
printf '%s' test-hibp-api-key >"$work/secrets/hibp"
cp "$certs/google-sa.json" "$work/secrets/google.json"
umask 022

sed -e "s|@WORK@|$work|g" -e "s|@SRC@|$src|g" -e "s|@CERTS@|$certs|g" \
	-e "s|@BASE@|$base|g" "$src/tests/demo/portcullis.yaml.in" \
	>"$work/portcullis.yaml"
# One accepted risk, dated from today so it never expires in the demo.
sed -e "s|@ACCEPTED_ON@|$(date -u +%F)|" \
	-e "s|@EXPIRES@|$(date -u -d '+182 days' +%F)|" \
	"$src/tests/demo/accepted.yaml.in" >"$work/accepted.yaml"

if [ ! -f "$work/keys/office.key" ]; then
	"$PC_BIN" keygen --out "$work/keys"
fi
# The MP's home postcode, protected for the threats check's doxxing rule:
# kept only as a keyed hash (fictional ZZ99 pseudo-postcode).
if [ ! -f "$work/protected" ]; then
	printf 'ZZ99 3AB\n' | "$PC_BIN" protect add --config "$work/portcullis.yaml" \
		--person "Chris Member MP" --kind postcode >/dev/null
fi
# PDS's keyring: this office's key id, as PDS would register it.
"$PC_BIN" keygen --print-keyring-line "$work/keys/office.pub" \
	--office exampleshire-north >"$work/keyring"
# PDS's approved policies, beside the keyring: the shipped baseline's hash.
cp "$src/policies/approved-policies" "$work/approved-policies"

set +e
"$PC_BIN" scan --config "$work/portcullis.yaml"
rc=$?
set -e
if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
	echo "demo: the scan did not complete (exit $rc)" >&2
	exit $rc
fi
latest=$(ls -d "$work"/reports/exampleshire-north/*/ | sort | tail -n 1)
latest=${latest%/}
echo
"$PC_BIN" verify "$latest" --keyring "$work/keyring"
echo
echo "demo: report     $latest/report.json (and report.html)"
echo "demo: checklist  $latest/checklist.md (and checklist.html)"
echo "demo: scan exit code $rc (1 = findings at or above 'high', as expected for the demo office)"
