/* Verifying a report folder: signature, schema, keyring and hash chain. */
#ifndef PC_VERIFY_H
#define PC_VERIFY_H

#include <limits.h>
#include <stdbool.h>

#include "approved.h"
#include "keyring.h"
#include "agent/report.h"
#include "sign.h"

struct pc_verify_opts {
	const char *pubkey_path;  /* trust this key (NULL: see keyring) */
	const char *keyring_path; /* PDS keyring (NULL: no registration check) */
	/* PDS's approved policy hashes (reporter/approved.h); NULL: the
	 * policy is not checked (policy_approved stays -1) */
	const char *approved_path;
};

enum pc_chain {
	PC_CHAIN_FIRST,	      /* no earlier report, and none claimed */
	PC_CHAIN_OK,	      /* previous report present and its hash matches */
	PC_CHAIN_NOT_PRESENT, /* claims a previous report that is not here */
};

struct pc_verify_result {
	struct pc_report *report; /* parsed; freed by pc_verify_result_free */
	struct pc_report_summary summary;
	char key_id[PC_SIGN_KEY_ID_LEN + 1]; /* of the key that verified */
	char dir[PATH_MAX];		     /* the report folder */
	enum { PC_TRUST_SIGNER_PUB, PC_TRUST_PUBKEY, PC_TRUST_KEYRING } trust;
	char keyring_where[PATH_MAX + 16]; /* "keyring:3" */
	char valid_after[11], valid_before[11];
	enum pc_chain chain;
	char previous[64]; /* previous report folder name, when present */
	/* -1 not checked (no approved-policies file), 0 the policy's hash is
	 * not approved ("policy modified"), 1 approved (approved_where says
	 * by which line). Set only for a valid report. */
	int policy_approved;
	char approved_where[PATH_MAX + 16];
};

/*
 * Verifies the report at path (a report folder or its report.json), in
 * this order: the Ed25519 signature in report.json.sig over report.json's
 * bytes, under opts->pubkey_path or else the folder's signer.pub; the
 * schema and internal consistency (summary counts match checks and
 * findings, finding ids match their fingerprints); with a keyring, that
 * the key is registered for the report's office id, valid at its date and
 * not revoked; and when the previous report is in the same office folder,
 * that previous_report_sha256 is the SHA-256 of its report.json.
 * With opts->approved_path, a valid report's policy.sha256 is looked up
 * in that file (policy_approved); a hash not there does not make the
 * report invalid, the caller says "policy modified".
 * 0: valid. PC_EINVALID: invalid; the error slot starts with the reason
 * (bad signature, unknown key, revoked key, key outside its validity
 * window, chain broken, schema invalid). Other codes: usage or I/O errors
 * (missing path, unreadable or malformed keyring or --pubkey).
 */
int pc_verify_report(struct pc_verify_result *res, const char *path,
    const struct pc_verify_opts *opts);

void pc_verify_result_free(struct pc_verify_result *res);

#endif
