# What the threats e2e tests share (source it after lib.sh and
# exposure_lib.sh): one threats-only scan and questions about its report.

# tscan CONFIG: scans CONFIG's threats check only; sets REPORT and RC.
tscan() {
	scan_json "$1" threats
}

# tq NAME PYTHON_EXPR over $REPORT: rq for the threats check (f, c, and
# h, d, ns: its harassment_pattern, doxxing and content_not_scanned).
tq() {
	RQ_CHECK=threats rq "$@"
}
