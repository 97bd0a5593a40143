/* The PDS fleet view: every office's latest report, verified and summarised. */
#ifndef PC_AGGREGATE_H
#define PC_AGGREGATE_H

#include <stdbool.h>
#include <stddef.h>

#include "agent/report.h"

#define PC_FLEET_MAX_OFFICES          100000
/* Per office, at most this many escalated findings are listed (the rest
 * are counted in routed_more) and this many errored/skipped checks. */
#define PC_FLEET_MAX_ROUTED           50
#define PC_FLEET_MAX_GAPS             16
#define PC_FLEET_DEFAULT_OVERDUE_DAYS 35

/* What PDS can say about an office's latest report. */
enum pc_fleet_state {
	PC_FLEET_UNVERIFIED, /* the latest report fails verification */
	PC_FLEET_UNREADABLE, /* the office folder or report cannot be read */
	PC_FLEET_MISSING,    /* in the keyring, or a folder, but no report */
	PC_FLEET_VERIFIED,   /* verified; the counts below are trusted */
};

/* A finding on a route PDS acts on (police_now, parliament_security,
 * pds): id and title only, never subject or evidence. */
struct pc_fleet_routed {
	char id[33];
	char route[24];
	enum pc_severity severity;
	char *title;
};

/*
 * One office. Only office_id, folder, state and reason are set for an
 * office that is not PC_FLEET_VERIFIED: nothing from a report that failed
 * verification is kept.
 */
struct pc_fleet_office {
	char *office_id; /* the report's, or the folder name when unverified */
	char *office_name;
	char *folder; /* latest report folder, or the office folder */
	enum pc_fleet_state state;
	char *reason;         /* why unverified / unreadable / missing */
	bool keyring_trusted; /* signer checked against the keyring */
	/* -1 not checked (no approved-policies), 0 "policy modified": the
	 * report's policy hash is not approved, 1 approved */
	int policy_approved;
	char generated_at[32]; /* the report's finished_at */
	long long age_days;
	bool overdue; /* generated more than overdue_days ago */
	bool complete;
	char *gaps[PC_FLEET_MAX_GAPS]; /* "patch: error: <reason>" */
	size_t ngaps;
	size_t by_severity[PC_SEV_CRITICAL + 1];
	size_t open_findings, overdue_findings;
	/* Findings the office accepted (report.accepted_file): counted in
	 * by_severity and open_findings as well; critical ones do not make
	 * the office CRITICAL, and an office with any is "accepted", never
	 * "ok". accepted_until is the earliest expiry. */
	size_t accepted, accepted_critical;
	char accepted_until[11];
	struct pc_fleet_routed *routed;
	size_t nrouted, routed_more;
	/* The office's parliament-tenant part (PDS's split of the tenant
	 * scan, <office>/parliament-tenant/), shown beside its own; NULL when
	 * there is none. pds-unassigned has only that part: the record itself
	 * is it (scope_tenant) and tenant is NULL. */
	struct pc_fleet_office *tenant;
	bool scope_tenant;
};

struct pc_fleet {
	char *dir;
	char *keyring_path;  /* NULL: integrity only */
	char *approved_path; /* NULL: policies not checked */
	char now[32];
	int overdue_days;
	struct pc_fleet_office *offices; /* sorted, most urgent first */
	size_t n;
	/* Totals by state, plus overdue / critical / incomplete offices. */
	size_t nverified, nunverified, nunreadable, nmissing;
	size_t noverdue, ncritical, nincomplete, npolicy_modified;
	size_t naccepted; /* offices whose status is "accepted" */
};

struct pc_aggregate_opts {
	const char *dir;           /* DIR as PDS receives it */
	const char *keyring_path;  /* NULL: no registration or missing check */
	const char *approved_path; /* NULL: policy hashes not checked */
	int overdue_days;          /* 0: PC_FLEET_DEFAULT_OVERDUE_DAYS */
	long long now;             /* unix time the ages are measured from */
};

/*
 * Builds the fleet view of opts->dir. Report folders (named like
 * 2026-11-02T090000Z) are found in DIR/<office-id>/, directly in DIR, or
 * in DIR/<batch>/<office-id>/; an office's latest is the greatest name.
 * Each latest report goes through pc_verify_report (signature, schema,
 * keyring, chain) and must also name the office of its folder and have
 * the folder name its start time gives. Offices in the keyring without a
 * report are missing. Only a summary per office is kept; each report is
 * freed once counted. Problems of one office are recorded on it; DIR that
 * cannot be read or a malformed keyring is an error (PC_EIO, PC_ENOTFOUND,
 * PC_EPARSE ... with the file named). Caller frees with pc_fleet_free().
 */
int pc_aggregate_scan(
    struct pc_fleet **fleet_out, const struct pc_aggregate_opts *opts);

void pc_fleet_free(struct pc_fleet *f);

/* True if the office needs PDS's attention: not verified, its policy
 * modified, overdue, critical findings it has not accepted or an incomplete scan, in its own
 * report or its parliament-tenant report. */
bool pc_fleet_office_attention(const struct pc_fleet_office *o);

/* The same for one part only (the office's own, or o->tenant). */
bool pc_fleet_part_attention(const struct pc_fleet_office *o);

/* The urgency rank of one part: 0 unverified or unreadable, 1 missing,
 * 2 policy modified, 3 overdue, 4 critical (not accepted), 5 incomplete,
 * 6 accepted, 7 ok. */
int pc_fleet_part_rank(const struct pc_fleet_office *o);

/* The status word of one part only (see pc_fleet_status_word). */
const char *pc_fleet_part_word(const struct pc_fleet_office *o);

/* Critical findings of one part the office has not accepted. */
size_t pc_fleet_open_critical(const struct pc_fleet_office *o);

/* Word for an office's state ("verified", "UNVERIFIED", ...). */
const char *pc_fleet_state_name(enum pc_fleet_state st);

/* The status word a person sorts by: UNVERIFIED, UNREADABLE, MISSING,
 * POLICY MODIFIED, OVERDUE, CRITICAL, INCOMPLETE, accepted (risks the
 * office accepted, nothing else to flag) or ok (the urgency order); of
 * both parts, the more urgent. */
const char *pc_fleet_status_word(const struct pc_fleet_office *o);

/*
 * Copies s with invalid UTF-8 made '?' and, unless keep_controls, control
 * characters (C0, DEL, C1) made '?' (line breaks and tabs a space), for
 * terminals and CSV. Caller frees.
 */
char *pc_fleet_clean(const char *s, bool keep_controls);

/* The fleet view as bytes: a table for a person, CSV, JSON or an HTML
 * page. Every value from a report is escaped for its format. Caller frees
 * *text_out. */
enum pc_fleet_format {
	PC_FLEET_TEXT,
	PC_FLEET_CSV,
	PC_FLEET_JSON,
	PC_FLEET_HTML,
};
int pc_fleet_render(char **text_out, size_t *len_out, const struct pc_fleet *f,
    enum pc_fleet_format fmt);

/* The HTML page (aggregate_html.c). */
int pc_fleet_html(char **text_out, size_t *len_out, const struct pc_fleet *f);

#endif
