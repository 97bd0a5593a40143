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
	const char *pubkey_path; /* trust this key (NULL: see keyring) */
	const char
	    *keyring_path; /* PDS keyring (NULL: no registration check) */
	/* PDS's approved policy hashes (reporter/approved.h); NULL: the
	 * policy is not checked (policy_approved stays -1) */
	const char *approved_path;
	/* A report that claims a previous report which is not beside it is
	 * invalid ("chain not checked") instead of a note. */
	bool require_chain;
};

enum pc_chain {
	PC_CHAIN_FIRST,       /* no earlier report, and none claimed */
	PC_CHAIN_OK,          /* previous report present and its hash matches */
	PC_CHAIN_NOT_PRESENT, /* claims a previous report that is not here */
};

/* Whether the report's folder is where its office's reports live. */
enum pc_place {
	PC_PLACE_CHECKED, /* <office-id>/<its start time>/ */
	/* a report folder on its own (received by mail, unpacked
	 * anywhere): its place was not checked */
	PC_PLACE_ALONE,
};

struct pc_verify_result {
	struct pc_report *report; /* parsed; freed by pc_verify_result_free */
	struct pc_report_summary summary;
	char key_id[PC_SIGN_KEY_ID_LEN + 1]; /* of the key that verified */
	char dir[PATH_MAX];                  /* the report folder */
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
	enum pc_place place;
};

/*
 * The folder rule verify and aggregate share. folder is the report
 * folder's name; office_folder is the name of the folder holding it when
 * that is an office's folder, or NULL. The report must belong to that
 * office ("wrong office: ...") and a folder named like a report must
 * carry the report's start time ("wrong folder: ..."); a folder in an
 * office's folder must be named like a report. 0 or PC_EINVALID.
 */
int pc_verify_folder_rule(
    const struct pc_report *r, const char *folder, const char *office_folder);

/*
 * The scope rule verify and aggregate share: a parliament-tenant report
 * lives in <office>/parliament-tenant/<report>/ (in_tenant_folder), an
 * office's own report never does. office_folder is the office folder's
 * name when the report is known to sit in one, or NULL (on its own).
 * 0 or PC_EINVALID ("wrong folder: ...").
 */
int pc_verify_scope_rule(const struct pc_report *r, bool in_tenant_folder,
    const char *office_folder);

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
 * window, chain broken, schema invalid, wrong office, wrong folder).
 * The report's place (pc_verify_folder_rule): its folder's parent counts
 * as an office's folder when it is named after the report's office, is
 * an office id in the keyring, or is named like an office id and holds
 * other report folders (aggregate's reading of DIR); then a
 * wrong layout is refused. Otherwise the folder is on its own: place is
 * PC_PLACE_ALONE, a warning for the caller, not an error. Other codes:
 * usage or I/O errors (missing path, unreadable or malformed keyring,
 * approved-policies file or --pubkey).
 */
int pc_verify_report(struct pc_verify_result *res, const char *path,
    const struct pc_verify_opts *opts);

void pc_verify_result_free(struct pc_verify_result *res);

#endif
