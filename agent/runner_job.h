/*
 * One check child being run, shared by the process supervisor (runner.c)
 * and the child protocol it speaks (runner_proto.c). Private to the runner.
 */
#ifndef PC_RUNNER_JOB_H
#define PC_RUNNER_JOB_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "agent/lib/buf.h"
#include "check.h"
#include "runner.h"

struct cJSON;
struct pc_findings;

/* What every job of one run shares. */
struct run {
	struct pc_report *report;
	const struct pc_policy *policy;
	const struct pc_run_opts *opts;
};

/* One child to run: a check, or one part of a check with parts. */
struct job {
	struct pc_findings *stage; /* shared by every job of the run */
	const struct check *check;
	const struct pc_check_part *part; /* NULL for a check without parts */
	char name[64];                    /* "patch", "exposure/files" */
	const struct pc_policy_check *pc;
	struct pc_report_check result;
	struct pc_needs needs;
	pid_t pid;
	int fd; /* the parent's end of the socketpair */
	double started;
	double deadline;
	struct pc_buf line;
	size_t stream_bytes;
	size_t nfindings;
	size_t counts_over; /* count lines past the report's cap, summarised */
	unsigned msgs_seen; /* bit per message type received (runner_proto.c) */
	size_t nmsgs;       /* messages received */
	size_t nconnects;   /* broker connections handed to the child */
	bool done_seen;
	bool done_ok;
	bool killed_timeout;
	char *fail_reason; /* first protocol or child-reported problem */
	bool incomplete;
	char *not_applicable; /* the child found nothing to examine: why */
	bool runnable;        /* enabled, selected, applicable: gets a child */
	bool ended;           /* its child has ended (or never started) */
	/* The part that learns hosts for this one (hosts_for), or NULL: this
	 * job starts only after that one has ended. */
	struct job *learner;
	char **learned; /* hosts this job's child sent ("hosts" message) */
	size_t nlearned;
	bool hosts_sent;
};

/* Sets the job's failure reason unless one is already set. */
void pc_job_fail(struct job *j, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Appends an incomplete-note to the reason ("a; b"), capped at 2 KiB. */
void pc_job_note_incomplete(struct job *j, const char *text);

/*
 * Returns a string member of o or NULL; sets *bad when it is present but
 * not a string or longer than max.
 */
const char *pc_job_get_str(
    const struct cJSON *o, const char *k, size_t max, bool *bad);

/* Monotonic seconds (runner.c). */
double pc_runner_now(void);

/* Validates a finding message and adds it to the report (runner.c). */
int pc_runner_take_finding(
    struct run *run, struct job *j, const struct cJSON *o);

/*
 * Reads what the child has written on j->fd and handles every complete
 * message through the protocol table. Returns 0 to go on, 1 at the end of
 * the stream, -1 when the child broke the protocol (j->fail_reason says
 * how; the caller kills it).
 */
int pc_proto_read(struct run *run, struct job *j);

#endif
