#!/bin/bash
# Regenerates this fixture: one security Packages list per compression apt
# uses, each ~300 KB decompressed (many 64 KiB input buffers), each with
# one pending update for the "pending" fixture's dpkg status, in its last
# record. Needs gzip, xz-utils, zstd, bzip2 and lz4 (install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/var/lib/apt/lists"
rm -f ./*_Packages.*
list() { # PACKAGE VERSION: 2,500 filler records, then the update
	python3 -c 'import sys
for i in range(2500):
    print("Package: filler-%d\nVersion: 1.%d-1\nArchitecture: amd64\nDescription: filler record %d for the compressed-list fixture\n" % (i, i, i))
print("Package: %s\nVersion: %s\nArchitecture: amd64\n" % (sys.argv[1], sys.argv[2]))' "$1" "$2"
}
p=h_dists_x-security
list bash 5.2.15-2+deb12u9 | gzip -9n >"${p}_gz_binary-amd64_Packages.gz"
list curl 7.88.1-10+deb12u14 | xz -6 >"${p}_xz_binary-amd64_Packages.xz"
list libc6 2.36-9+deb12u13 | xz --format=lzma >"${p}_lzma_binary-amd64_Packages.lzma"
list libcurl4 7.88.1-10+deb12u14 | zstd -q -19 >"${p}_zst_binary-amd64_Packages.zst"
list libssl3 3.0.17-1~deb12u3 | bzip2 -9 >"${p}_bz2_binary-amd64_Packages.bz2"
list zlib1g 1:1.2.13.dfsg-1+deb12u1 | lz4 -q -BD -9 >"${p}_lz4_binary-amd64_Packages.lz4"
