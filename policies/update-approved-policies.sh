#!/bin/sh
# Rewrites policies/approved-policies with the line `portcullis policy lint`
# prints for policies/baseline.yaml: the hash over every file the baseline
# loads. Run it after changing any file in policies/ (the unit test
# reporter.test_approved fails until you do). Usage:
#   policies/update-approved-policies.sh PATH/TO/portcullis
set -eu
bin=${1:?usage: $0 PATH/TO/portcullis}
dir=$(cd "$(dirname "$0")" && pwd)
line=$("$bin" policy lint "$dir/baseline.yaml" | sed -n 's/^approved-policies line: //p')
[ -n "$line" ] || { echo "$0: policy lint printed no approved-policies line" >&2; exit 2; }
{
	sed -n '/^#/p' "$dir/approved-policies"
	echo "$line"
} >"$dir/approved-policies.new"
mv "$dir/approved-policies.new" "$dir/approved-policies"
echo "approved-policies: $line"
