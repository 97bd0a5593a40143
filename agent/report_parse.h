/* report.json bytes -> the report model, with strict schema checks. */
#ifndef PC_PARSE_H
#define PC_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "agent/report.h"

#define PC_REPORT_MAX_BYTES (64u << 20)

/* The summary as written in the file (verify compares it with the one
 * derived from checks and findings). */
struct pc_report_stored {
	size_t by_status[PC_STATUS_NOT_APPLICABLE + 1];
	size_t by_severity[PC_SEV_CRITICAL + 1];
	size_t total_findings;
	double score;
	bool complete;
};

/*
 * Parses report.json bytes (at most PC_REPORT_MAX_BYTES) of schema
 * portcullis-report/1 or /2 into a report. Every member must be present
 * with the right type; an unknown schema, a wrong type, a malformed date,
 * a key twice in one object or a member the version does not define
 * (agent/report_schema.c) is PC_EINVALID with "schema invalid: NAME:
 * path: what" in the error slot.
 * stored_out may be NULL. Caller frees with pc_report_free().
 */
int pc_report_parse(struct pc_report **report_out,
    struct pc_report_stored *stored_out, const char *name, const char *json,
    size_t len);

/* Reads and parses a report.json file; its SHA-256 goes to sha_out if
 * not NULL. */
int pc_report_load(struct pc_report **report_out,
    struct pc_report_stored *stored_out, char sha_out[65], const char *path);

/* True if s is "YYYY-MM-DDThh:mm:ssZ". */
bool pc_report_time_ok(const char *s);

#endif
