/* Sending a signed report folder to the PDS intake (`portcullis serve`). */
#ifndef PC_SUBMIT_H
#define PC_SUBMIT_H

#include <stdbool.h>

/* What the server said. */
struct pc_submit_result {
	long status;      /* HTTP status, 0 when none arrived */
	char sha256[65];  /* 200/201: the stored report's hash */
	char chain[8];    /* "ok", "first" or "broken" */
	char reason[320]; /* refusals: the server's error, made printable */
};

/*
 * POSTs report folder dir (report.json, report.json.sig, signer.pub as a
 * ustar archive) to url + "/v1/reports" over HTTPS (ca_file added to the
 * system trust when given), with retries and backoff for dropped
 * connections and 429/5xx. 0: stored now (201) or already (200).
 * PC_EINVALID: refused for good (400, 403, 413), res->reason says why.
 * Other errors (network, TLS, 429/507/5xx after retries): try later.
 */
int pc_submit_report(struct pc_submit_result *res, const char *dir,
    const char *url, const char *ca_file);

/* True if url is https:// with a host (no user info, query or fragment). */
bool pc_submit_url_ok(const char *url);

#endif
