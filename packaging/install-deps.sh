#!/bin/bash
# Installs the Debian 12 packages portcullis needs to build, test and demo.
# Used by both README commands (tests/demo/demo.sh, tests/run-tests.sh).
set -euo pipefail
pkgs=(build-essential cmake pkg-config git openssl ca-certificates python3
	libssl-dev libcurl4-openssl-dev libyaml-dev libseccomp-dev libcjson-dev
	libcriterion-dev libhyperscan-dev libgmime-3.0-dev libxml2-dev
	libutf8proc-dev zlib1g-dev liblzma-dev libzstd-dev libbz2-dev liblz4-dev
	python3-yaml libldns-dev libmicrohttpd-dev libsqlite3-dev libicu-dev
	xz-utils zstd bzip2 lz4 ripgrep time procps
	# tests/data/threats/train_model.py trains the threats word model with
	# numpy (2-3 minutes; without it the same steps take over half an hour)
	python3-numpy
	# tests/e2e/mfa_lib.sh, test_exposure_hibp.sh and the benches call curl
	curl
	# tests/bench/bench_mfa_20k.sh counts connections with strace
	# (PC_BENCH_STRACE=1)
	strace
	# tests/check-format.sh (ctest style.format) lays out C as .clang-format
	clang-format
	# the Debian package and its tests (packaging/build-deb.sh,
	# tests/packaging/): dpkg-buildpackage, dh (debhelper 13, with
	# dh-sequence-installsysusers), lintian, systemd-analyze, unshare and
	# runuser (util-linux), apt-get, systemd-nspawn (boots the installed
	# package to run the unit under systemd)
	dpkg-dev debhelper lintian systemd util-linux apt systemd-container
	chromium nodejs) # tests/browser: the pages in a real browser
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
# Debian's nodejs needs its npm package; a nodejs that bundles npm (such
# as NodeSource's) conflicts with it, so ask for npm only when missing.
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	echo "installing: ${missing[*]}" >&2
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# tests/browser's node modules (puppeteer-core, axe-core), exactly as its
# package-lock.json pins them; the tests themselves never fetch.
browser=$(cd "$(dirname "$0")/../tests/browser" && pwd)
if [ ! -f "$browser/node_modules/.package-lock.json" ] ||
	[ "$browser/package-lock.json" -nt "$browser/node_modules/.package-lock.json" ]; then
	echo "installing: tests/browser node modules (npm ci)" >&2
	(cd "$browser" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
