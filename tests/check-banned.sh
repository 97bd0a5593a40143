#!/bin/bash
# Fails when product or test C code calls a function STYLE.md bans.
set -u
root=${1:-.}
banned='\b(sprintf|vsprintf|strcpy|strcat|gets|atoi|atol|strtok|system|popen)[[:space:]]*\('
hits=$(grep -rnE "$banned" --include='*.c' --include='*.h' \
	--exclude-dir=node_modules \
	"$root/agent" "$root/checks" "$root/reporter" "$root/tests" 2>/dev/null |
	grep -vE '^\S+:[0-9]+:\s*(/\*|\*|//)' )
if [ -n "$hits" ]; then
	echo "banned functions (see STYLE.md); use snprintf, pc_buf, strtol:"
	echo "$hits"
	exit 1
fi
echo "1 passed, 0 failed"
