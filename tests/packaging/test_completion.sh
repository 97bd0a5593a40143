# bash completion: commands and each command's options come from --help.
. "$PC_SRC/tests/e2e/lib.sh"
PATH=$(dirname "$PC_BIN"):$PATH
. "$PC_SRC/packaging/portcullis.bash-completion"

# complete WORDS...: completes the last word; the answers go to $REPLY_WORDS.
complete_line() {
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	_portcullis
	REPLY_WORDS=" ${COMPREPLY[*]} "
}

complete_line portcullis ""
for c in init scan verify checklist keygen policy selftest inspect aggregate \
	--version; do
	case $REPLY_WORDS in *" $c "*) ok "command $c" ;;
	*) not_ok "command $c missing from: $REPLY_WORDS" ;; esac
done
complete_line portcullis sc
[ "$REPLY_WORDS" = " scan " ] && ok "sc -> scan" || not_ok "sc: $REPLY_WORDS"
complete_line portcullis scan --
for o in --config --out --only --jobs --json --quiet --no-sandbox; do
	case $REPLY_WORDS in *" $o "*) ok "scan $o" ;;
	*) not_ok "scan option $o missing from: $REPLY_WORDS" ;; esac
done
complete_line portcullis init --pr
[ "$REPLY_WORDS" = " --print-dropin " ] && ok "init --print-dropin" ||
	not_ok "init --pr: $REPLY_WORDS"
complete_line portcullis scan --only pa
[ "$REPLY_WORDS" = " patch " ] && ok "--only patch" ||
	not_ok "--only pa: $REPLY_WORDS"
complete_line portcullis policy l
[ "$REPLY_WORDS" = " lint " ] && ok "policy lint" || not_ok "policy: $REPLY_WORDS"
e2e_done
