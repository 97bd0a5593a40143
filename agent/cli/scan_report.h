/* Fills the report header before a scan and writes the report after it. */
#ifndef PC_SCAN_REPORT_H
#define PC_SCAN_REPORT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include <openssl/evp.h>

#include "agent/config.h"
#include "agent/policy.h"
#include "agent/report.h"

/*
 * Fills office, agent, host, policy and start time, and refuses before any
 * check runs: a missing or unusable signing key, a report folder that
 * cannot be written, a previous report that cannot be read. *now is the
 * scan's start; it moves on a second if a report of this office already
 * has that second's folder name.
 */
int pc_scan_report_prepare(struct pc_report *r, const struct pc_config *cfg,
    const struct pc_policy *policy, const char *out_dir, long long *now,
    bool no_sandbox);

/*
 * Applies history (chain, first seen, resolved, overdue), signs report.json
 * with the office key (loaded only now, in the parent, after every check
 * child has exited), renders report.html and the checklists, and writes
 * the folder out_dir/<office-id>/<YYYY-MM-DD>T<hhmmss>Z/ all or nothing;
 * its path goes to dir_out.
 */
int pc_scan_report_write(struct pc_report *r, const struct pc_config *cfg,
    const struct pc_policy *policy, const char *out_dir, char *dir_out,
    size_t dir_len);

/* The parts of prepare a roster scan (agent/cli/scan_roster.c) shares:
 * the header; the signing key check; making a report folder (named in
 * errors as out_dir) with the report group's mode, and writable. */
int pc_scan_report_header(struct pc_report *r, const struct pc_config *cfg,
    const struct pc_policy *policy, bool no_sandbox);
int pc_scan_report_check_key(const struct pc_config *cfg);
int pc_scan_report_mkdir(const char *office_dir, const char *out_dir);

/* As pc_scan_report_write, into office_dir (the folder of this office's
 * chain: <out>/<office-id>, or <out>/<office-id>/parliament-tenant). */
int pc_scan_report_write_in(struct pc_report *r, const struct pc_config *cfg,
    const struct pc_policy *policy, const char *office_dir, char *dir_out,
    size_t dir_len);

/*
 * What writing reports needs, loaded once: the escalation routes and the
 * signing key (only after every check child has exited). With stage, a
 * write leaves its folder staged, unsynced and unpublished (staged: its
 * path), for pc_output_sync_fs and pc_output_publish (reporter/output.h):
 * PDS's roster scan writes hundreds of folders with two syncs in all.
 * With signed_only, a folder holds only report.json, report.json.sig and
 * signer.pub (what PDS's intake stores; `portcullis checklist` renders
 * the rest from them). pc_scan_writer_close frees it (the key wiped).
 */
struct pc_escalation;
struct pc_scan_writer {
	struct pc_escalation *esc;
	EVP_PKEY *key;
	const struct pc_accepted *accepted; /* the config's, or NULL */
	bool stage, signed_only;
	char staged[PATH_MAX];
};
int pc_scan_writer_open(struct pc_scan_writer *w, const struct pc_config *cfg,
    const struct pc_policy *policy, bool stage);
void pc_scan_writer_close(struct pc_scan_writer *w);

/* As pc_scan_report_write_in with the writer's routes and key; dir_out
 * gets the folder's final path (with stage: once published). */
int pc_scan_report_write_with(struct pc_report *r,
    const struct pc_policy *policy, const char *office_dir, char *dir_out,
    size_t dir_len, struct pc_scan_writer *w);

#endif
