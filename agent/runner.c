/* Runs checks in forked, sandboxed children and collects their findings. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <openssl/crypto.h>

#include "check_ctx.h"
#include "findings.h"
#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "runner.h"
#include "sandbox.h"

#define MAX_STREAM_BYTES (64u << 20) /* all lines of one child */
#define DEFAULT_MAX_FINDINGS 10000
#define MAX_COUNTS 64

#if defined(__SANITIZE_ADDRESS__)
#define PC_UNDER_ASAN 1
#else
#define PC_UNDER_ASAN 0
#endif

/* One child to run: a check, or one part of a check with parts. */
struct job {
	struct pc_findings *stage; /* shared by every job of the run */
	const struct check *check;
	const struct pc_check_part *part; /* NULL for a check without parts */
	char name[64];			  /* "patch", "exposure/files" */
	const struct pc_policy_check *pc;
	struct pc_report_check result;
	struct pc_needs needs;
	pid_t pid;
	int fd;
	double started;
	double deadline;
	struct pc_buf line;
	size_t stream_bytes;
	size_t nfindings;
	bool done_seen;
	bool done_ok;
	bool killed_timeout;
	char *fail_reason; /* first protocol or child-reported problem */
	bool incomplete;
	bool runnable; /* enabled, selected, applicable: gets a child */
};

/* Monotonic seconds. */
static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Sets the job's failure reason; "incomplete" notes are appended instead
 * (see job_note_incomplete), so every provider's problem is kept. */
static void
job_fail(struct job *j, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void
job_fail(struct job *j, const char *fmt, ...)
{
	char text[512];
	va_list ap;

	if (j->fail_reason != NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	j->fail_reason = strdup(text);
}

/* Appends an incomplete-note to the reason ("a; b"), capped at 2 KiB. */
static void
job_note_incomplete(struct job *j, const char *text)
{
	size_t old = j->fail_reason ? strlen(j->fail_reason) : 0;
	char *p;

	if (old + strlen(text) + 3 > 2048)
		return;
	if ((p = realloc(j->fail_reason, old + strlen(text) + 3)) == NULL)
		return;
	snprintf(p + old, strlen(text) + 3, "%s%s", old ? "; " : "", text);
	j->fail_reason = p;
}

/* Was id selected with --only? */
static bool
selected(const struct pc_run_opts *o, const char *id)
{
	size_t i;

	if (o->only == NULL)
		return true;
	for (i = 0; i < o->nonly; i++)
		if (strcmp(o->only[i], id) == 0)
			return true;
	return false;
}

/* Loads the check's secrets (permission-checked) for the child. */
static int
load_secrets(struct pc_check_ctx *ctx, const struct pc_needs *n)
{
	size_t i;
	int r;

	ctx->secrets = calloc(n->nsecret_files + 1, sizeof(*ctx->secrets));
	if (ctx->secrets == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (i = 0; i < n->nsecret_files; i++) {
		ctx->secrets[i].path = n->secret_files[i];
		ctx->nsecrets = i + 1;
		if ((r = pc_secret_read(&ctx->secrets[i].bytes,
			 n->secret_files[i])) != 0)
			return r;
	}
	return 0;
}

/* Wipes and frees the secrets (in the parent right after fork). */
static void
wipe_secrets(struct pc_check_ctx *ctx)
{
	size_t i;

	for (i = 0; i < ctx->nsecrets; i++)
		pc_buf_free(&ctx->secrets[i].bytes);
	free(ctx->secrets);
	ctx->secrets = NULL;
	ctx->nsecrets = 0;
}

/* Builds the sandbox spec from the check's needs, in the child. */
static int
child_sandbox(struct pc_check_ctx *ctx, const struct pc_needs *n,
    struct pc_sandbox_applied *applied)
{
	const char *paths[PC_NEEDS_MAX + 64];
	struct pc_sandbox_spec spec = { 0 };
	char *policy_dir;
	size_t np = 0, i;

	for (i = 0; i < n->nro_paths; i++)
		paths[np++] = n->ro_paths[i];
	policy_dir = pc_policy_path_of(ctx->policy, ".");
	if (policy_dir != NULL)
		paths[np++] = policy_dir;
	if (n->network) {
		for (i = 0; pc_sandbox_network_paths[i] != NULL &&
		     np < sizeof(paths) / sizeof(paths[0]) - 1; i++)
			paths[np++] = pc_sandbox_network_paths[i];
		if (ctx->config->tls.ca_file != NULL)
			paths[np++] = ctx->config->tls.ca_file;
	}
	spec.ro_paths = paths;
	spec.nro_paths = np;
	spec.tcp_ports = n->tcp_ports;
	spec.ntcp_ports = n->ntcp_ports;
	spec.network = n->network;
	spec.cpu_seconds = ctx->policy_check->timeout_seconds + 5;
	/* ASan reserves terabytes of address space; cap only without it. */
	spec.address_space = PC_UNDER_ASAN ? 0 : (2LL << 30);
	spec.open_files = 256;
	return pc_sandbox_apply(&spec, applied);
}

/* Sends what the sandbox applied. */
static void
send_sandbox(struct pc_check_ctx *ctx, bool on,
    const struct pc_sandbox_applied *a)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "t", "sandbox");
	cJSON_AddBoolToObject(o, "applied", on);
	cJSON_AddBoolToObject(o, "rlimits", a->rlimits);
	cJSON_AddBoolToObject(o, "no_new_privs", a->no_new_privs);
	cJSON_AddNumberToObject(o, "landlock_abi", a->landlock_abi);
	cJSON_AddBoolToObject(o, "landlock_fs", a->landlock_fs);
	cJSON_AddBoolToObject(o, "landlock_net", a->landlock_net);
	cJSON_AddNumberToObject(o, "landlock_rules", (double)a->landlock_rules);
	cJSON_AddBoolToObject(o, "seccomp", a->seccomp);
	cJSON_AddStringToObject(o, "detail", a->detail);
	(void)pc_check_ctx_send(ctx, o);
}

/* Sends the final line. */
static void
send_done(struct pc_check_ctx *ctx, int r)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "t", "done");
	cJSON_AddBoolToObject(o, "ok", r == 0);
	if (r != 0)
		cJSON_AddStringToObject(o, "reason", pc_error_get());
	(void)pc_check_ctx_send(ctx, o);
}

/* What the job's child runs: the check's (or part's) run, or its probe
 * for config check (NULL when it has none). */
static int (*job_entry(const struct job *j, const struct pc_run_opts *opts))(
    struct pc_check_ctx *)
{
	if (opts->probe) /* parts have no probe yet */
		return j->part ? NULL : j->check->probe;
	return j->part ? j->part->run : j->check->run;
}

/* The child: lock down, run the check, report, exit. Never returns. */
static void
child_main(struct pc_check_ctx *ctx, int (*run)(struct pc_check_ctx *),
    const struct pc_needs *n, int fd, bool no_sandbox)
{
	struct pc_sandbox_applied applied = { 0 };
	int r;

	/* The pipe becomes fd 3; stdout goes to stderr so it cannot mix with
	 * the parent's results; every other inherited fd is closed. */
	if (fd != 3 && dup2(fd, 3) < 0)
		_exit(125);
	dup2(2, 1);
	for (r = 4; r < 1024; r++)
		close(r);
	ctx->fd = 3;
	signal(SIGPIPE, SIG_IGN);
	if (!no_sandbox) {
		if ((r = child_sandbox(ctx, n, &applied)) != 0) {
			send_done(ctx, r);
			_exit(0);
		}
	}
	send_sandbox(ctx, !no_sandbox, &applied);
	pc_error_clear();
	r = run(ctx);
	send_done(ctx, r);
	_exit(0);
}

/* Settles a finished job's status and reason from how its child ended. */
static void
settle_job(struct job *j, int wstatus)
{
	struct pc_report_check *c = &j->result;
	char reason[2200];

	c->duration_seconds = now_seconds() - j->started;
	c->nfindings = j->nfindings;
	reason[0] = '\0';
	if (j->killed_timeout)
		snprintf(reason, sizeof(reason),
		    "the check took longer than %ld seconds and was stopped",
		    j->pc->timeout_seconds);
	else if (WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGSYS)
		snprintf(reason, sizeof(reason),
		    "the check was stopped by the sandbox: it made a "
		    "forbidden system call");
	else if (j->fail_reason != NULL)
		snprintf(reason, sizeof(reason), "%s", j->fail_reason);
	else if (WIFSIGNALED(wstatus))
		snprintf(reason, sizeof(reason),
		    "the check crashed (signal %d, %s)", WTERMSIG(wstatus),
		    strsignal(WTERMSIG(wstatus)));
	else if (!j->done_seen)
		snprintf(reason, sizeof(reason),
		    "the check ended without finishing (exit status %d)",
		    WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1);
	if (reason[0] != '\0' || j->incomplete || !j->done_ok) {
		c->status = PC_STATUS_ERROR;
		if (reason[0] == '\0')
			snprintf(reason, sizeof(reason), "%s",
			    j->fail_reason ? j->fail_reason : "incomplete");
		free(c->reason);
		c->reason = strdup(reason);
	} else {
		c->status = j->nfindings > 0 ? PC_STATUS_FAIL : PC_STATUS_PASS;
	}
}

/* Returns a string member or NULL; sets *bad when present but not a
 * string or longer than max. */
static const char *
get_str(const cJSON *o, const char *k, size_t max, bool *bad)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	if (v == NULL || cJSON_IsNull(v))
		return NULL;
	if (!cJSON_IsString(v) || strlen(v->valuestring) > max) {
		*bad = true;
		return NULL;
	}
	return v->valuestring;
}

/* Hands a finding line to the findings stage, within the check's cap. */
static int
take_finding(struct pc_report *report, struct job *j, const cJSON *o,
    const struct pc_policy *policy, const struct pc_run_opts *opts)
{
	long max;
	bool added;

	(void)report, (void)policy, (void)opts;
	max = j->pc->max_findings ? j->pc->max_findings :
	    DEFAULT_MAX_FINDINGS;
	if ((long)j->nfindings >= max) {
		job_fail(j, "the check sent more than %ld findings (the "
		    "policy's max_findings)", max);
		return -1;
	}
	if (pc_findings_take(j->stage, j->check->id, j->pc, o, &added) != 0) {
		if (pc_error_code() == PC_ENOMEM)
			return pc_error_code();
		job_fail(j, "%s", pc_error_get());
		return -1;
	}
	if (added)
		j->nfindings++;
	return 0;
}

/* Records what the child said its sandbox applied. */
static void
take_sandbox(struct job *j, const cJSON *o)
{
	struct pc_sandbox_applied *a = &j->result.sandbox;
	const cJSON *v;
	bool bad = false;
	const char *detail;

	j->result.sandboxed = cJSON_IsTrue(
	    cJSON_GetObjectItemCaseSensitive(o, "applied"));
	a->rlimits = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o,
	    "rlimits"));
	a->no_new_privs = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o,
	    "no_new_privs"));
	a->landlock_fs = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o,
	    "landlock_fs"));
	a->landlock_net = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o,
	    "landlock_net"));
	a->seccomp = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o,
	    "seccomp"));
	v = cJSON_GetObjectItemCaseSensitive(o, "landlock_abi");
	a->landlock_abi = cJSON_IsNumber(v) ? v->valueint : 0;
	v = cJSON_GetObjectItemCaseSensitive(o, "landlock_rules");
	a->landlock_rules = cJSON_IsNumber(v) && v->valuedouble >= 0 ?
	    (size_t)v->valuedouble : 0;
	detail = get_str(o, "detail", sizeof(a->detail) - 1, &bad);
	snprintf(a->detail, sizeof(a->detail), "%s", detail ? detail : "");
}

/* Prints the live progress line when stderr is a terminal. */
static void
progress_note(const struct pc_run_opts *opts, const struct job *j,
    const char *text)
{
	if (opts->progress == NULL || !opts->progress_live)
		return;
	fprintf(opts->progress, "\r\033[K  %s: %.70s", j->name, text);
	fflush(opts->progress);
}

/* Handles one complete line from a child. */
static int
handle_line(struct pc_report *report, struct job *j, const char *line,
    const struct pc_policy *policy, const struct pc_run_opts *opts)
{
	const char *t, *text;
	cJSON *o;
	bool bad = false;
	int r = 0;

	if ((o = cJSON_Parse(line)) == NULL || !cJSON_IsObject(o) ||
	    (t = get_str(o, "t", 16, &bad)) == NULL) {
		cJSON_Delete(o);
		job_fail(j, "the check sent a line that is not valid JSON");
		return -1;
	}
	if (j->done_seen) {
		job_fail(j, "the check sent data after it finished");
		r = -1;
	} else if (strcmp(t, "finding") == 0) {
		r = take_finding(report, j, o, policy, opts);
	} else if (strcmp(t, "count") == 0) {
		const char *scope = get_str(o, "scope", 64, &bad);
		char line_text[600];
		char **p;

		text = get_str(o, "text", 400, &bad);
		if (bad || text == NULL || j->result.ncounts >= MAX_COUNTS) {
			job_fail(j, "the check sent a malformed count");
			r = -1;
		} else if ((p = realloc(j->result.counts,
				(j->result.ncounts + 1) * sizeof(*p)))) {
			j->result.counts = p;
			snprintf(line_text, sizeof(line_text), "%s%s%s",
			    scope ? scope : "", scope ? ": " : "", text);
			p[j->result.ncounts++] = strdup(line_text);
		}
	} else if (strcmp(t, "incomplete") == 0) {
		text = get_str(o, "reason", 500, &bad);
		j->incomplete = true;
		job_note_incomplete(j, text ? text : "incomplete");
	} else if (strcmp(t, "progress") == 0) {
		text = get_str(o, "text", 400, &bad);
		if (text)
			progress_note(opts, j, text);
	} else if (strcmp(t, "sandbox") == 0) {
		take_sandbox(j, o);
	} else if (strcmp(t, "done") == 0) {
		j->done_seen = true;
		j->done_ok = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o,
		    "ok"));
		if (!j->done_ok) {
			text = get_str(o, "reason", 500, &bad);
			if (text == NULL)
				text = "the check failed";
			if (j->fail_reason == NULL ||
			    strstr(j->fail_reason, text) == NULL)
				job_note_incomplete(j, text);
		}
	} else {
		job_fail(j, "the check sent an unknown message type");
		r = -1;
	}
	cJSON_Delete(o);
	return r;
}

/* Reads what a child has written; returns 1 at end of stream. */
static int
read_child(struct pc_report *report, struct job *j,
    const struct pc_policy *policy, const struct pc_run_opts *opts)
{
	char chunk[8192], *nl, *p;
	ssize_t n;
	size_t used;

	n = read(j->fd, chunk, sizeof(chunk));
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (n <= 0)
		return 1;
	j->stream_bytes += (size_t)n;
	if (j->stream_bytes > MAX_STREAM_BYTES) {
		job_fail(j, "the check sent more than %u MiB of output",
		    MAX_STREAM_BYTES >> 20);
		return -1;
	}
	if (pc_buf_add(&j->line, chunk, (size_t)n) != 0) {
		job_fail(j, "the check sent a line longer than %d bytes",
		    PC_PROTO_MAX_LINE);
		return -1;
	}
	p = j->line.data;
	while ((nl = memchr(p, '\n', j->line.len - (size_t)(p - j->line.data)))) {
		*nl = '\0';
		if (handle_line(report, j, p, policy, opts) != 0)
			return -1;
		p = nl + 1;
	}
	used = (size_t)(p - j->line.data);
	memmove(j->line.data, p, j->line.len - used);
	j->line.len -= used;
	j->line.data[j->line.len] = '\0';
	return 0;
}

/* Starts a job's child; on failure records the error without forking. */
static int
start_job(struct job *j, const struct pc_config *cfg,
    const struct pc_policy *policy, const struct pc_run_opts *opts)
{
	struct pc_check_ctx ctx = { 0 };
	int pfd[2];
	pid_t pid;
	int r;

	ctx.check = j->check;
	ctx.config = cfg;
	ctx.policy = policy;
	ctx.policy_check = j->pc;
	ctx.now = opts->now;
	if ((r = load_secrets(&ctx, &j->needs)) != 0) {
		job_fail(j, "%s", pc_error_get());
		wipe_secrets(&ctx);
		return r;
	}
	if (pipe2(pfd, O_CLOEXEC) != 0) {
		wipe_secrets(&ctx);
		return pc_error_set(PC_EIO, "cannot create a pipe: %s",
		    strerror(errno));
	}
	fflush(NULL);
	if ((pid = fork()) < 0) {
		r = pc_error_set(PC_EIO, "cannot start a process: %s",
		    strerror(errno));
		close(pfd[0]);
		close(pfd[1]);
		wipe_secrets(&ctx);
		return r;
	}
	if (pid == 0) {
		close(pfd[0]);
		child_main(&ctx, job_entry(j, opts),
		    &j->needs, pfd[1], opts->no_sandbox);
	}
	/* The parent keeps no copy of this check's secrets. */
	wipe_secrets(&ctx);
	close(pfd[1]);
	fcntl(pfd[0], F_SETFL, O_NONBLOCK);
	j->pid = pid;
	j->fd = pfd[0];
	j->started = now_seconds();
	j->deadline = j->started + (double)j->pc->timeout_seconds;
	pc_buf_init(&j->line, PC_PROTO_MAX_LINE);
	if (opts->progress)
		fprintf(opts->progress, "%s%s: started\n",
		    opts->progress_live ? "\r\033[K" : "", j->name);
	return 0;
}

/* Prints the end-of-job progress line. */
static void
progress_end(const struct pc_run_opts *opts, const struct job *j)
{
	const struct pc_report_check *c = &j->result;

	if (opts->progress == NULL)
		return;
	fprintf(opts->progress, "%s%s: %s in %.1fs (%zu finding%s)%s%s\n",
	    opts->progress_live ? "\r\033[K" : "", j->name,
	    pc_status_name(c->status), c->duration_seconds, c->nfindings,
	    c->nfindings == 1 ? "" : "s", c->reason ? ": " : "",
	    c->reason ? c->reason : "");
	fflush(opts->progress);
}

/*
 * Prepares a job: policy, selection, then the check's or part's needs.
 * Returns 1 when the job gets a child, 0 when its result is already known.
 */
static int
prepare_job(struct job *j, const struct check *chk,
    const struct pc_check_part *part, const struct pc_config *cfg,
    const struct pc_policy *policy, const struct pc_run_opts *opts)
{
	int (*needs)(const struct pc_config *, struct pc_needs *);

	memset(j, 0, sizeof(*j));
	j->check = chk;
	j->part = part;
	j->fd = -1;
	snprintf(j->name, sizeof(j->name), "%s%s%s", chk->id, part ? "/" : "",
	    part ? part->id : "");
	j->result.id = (char *)chk->id;
	j->result.title = (char *)chk->title;
	j->pc = pc_policy_find_check(policy, chk->id);
	if (j->pc == NULL) {
		j->result.status = PC_STATUS_ERROR;
		j->result.reason = strdup("the policy has no entry for this "
		    "check");
		return 0;
	}
	j->result.mandatory = j->pc->mandatory;
	if (!j->pc->enabled) {
		j->result.status = PC_STATUS_SKIPPED;
		j->result.reason = strdup("turned off in the policy");
		return 0;
	}
	if (!selected(opts, chk->id)) {
		j->result.status = PC_STATUS_SKIPPED;
		j->result.reason = strdup("not selected with --only");
		return 0;
	}
	if (opts->probe && job_entry(j, opts) == NULL) {
		j->result.status = PC_STATUS_SKIPPED;
		j->result.reason = strdup("nothing to check before a scan");
		return 0;
	}
	needs = part ? part->needs : chk->needs;
	if (needs(cfg, &j->needs) != 0) {
		j->result.status = PC_STATUS_ERROR;
		j->result.reason = strdup(pc_error_get());
		return 0;
	}
	if (j->needs.not_applicable) {
		j->result.status = PC_STATUS_NOT_APPLICABLE;
		j->result.reason = strdup(j->needs.not_applicable_reason ?
			j->needs.not_applicable_reason : "not applicable");
		return 0;
	}
	return 1;
}

/* Appends "prefix: text" to a "; "-separated reason. */
static void
reason_add(char *out, size_t len, const char *prefix, const char *text)
{
	size_t used = strlen(out);

	if (text == NULL || used >= len - 1)
		return;
	snprintf(out + used, len - used, "%s%s%s%s", used ? "; " : "",
	    prefix ? prefix : "", prefix ? ": " : "", text);
}

/* Is text one of the n count lines in counts? */
static bool
count_listed(char *const *counts, size_t n, const char *text)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(counts[i], text) == 0)
			return true;
	return false;
}

/*
 * Merges the jobs of one check (one job, or one per part) into its result
 * and appends it to the report: any error makes the check error, any
 * finding makes it fail, and it is not applicable only if every part is.
 */
static int
merge_check(struct pc_report *report, struct job *jobs, size_t n)
{
	struct pc_report_check c = jobs[0].result;
	char reason[4096] = "";
	char **counts = NULL;
	size_t i, k, nc = 0, seen[PC_STATUS_NOT_APPLICABLE + 1] = { 0 };
	bool first_run = true;
	int r;

	if (n == 1)
		return pc_report_add_check(report, &jobs[0].result);
	c.reason = NULL;
	c.duration_seconds = 0;
	c.nfindings = 0;
	c.sandboxed = true;
	memset(&c.sandbox, 0, sizeof(c.sandbox));
	for (i = 0; i < n; i++) {
		const struct pc_report_check *p = &jobs[i].result;

		seen[p->status]++;
		nc += p->ncounts;
		c.nfindings += p->nfindings;
		if (p->duration_seconds > c.duration_seconds)
			c.duration_seconds = p->duration_seconds;
		if (p->status == PC_STATUS_ERROR ||
		    p->status == PC_STATUS_SKIPPED)
			reason_add(reason, sizeof(reason), jobs[i].part ?
			    jobs[i].part->id : NULL, p->reason);
		if (!jobs[i].runnable)
			continue;
		/* Each layer counts only if every part's child had it. */
		c.sandboxed &= p->sandboxed;
		if (first_run) {
			c.sandbox = p->sandbox;
			first_run = false;
		} else {
			c.sandbox.rlimits &= p->sandbox.rlimits;
			c.sandbox.no_new_privs &= p->sandbox.no_new_privs;
			c.sandbox.landlock_fs &= p->sandbox.landlock_fs;
			c.sandbox.landlock_net &= p->sandbox.landlock_net;
			c.sandbox.seccomp &= p->sandbox.seccomp;
			c.sandbox.landlock_rules += p->sandbox.landlock_rules;
		}
	}
	if (first_run)
		c.sandboxed = false;
	if (seen[PC_STATUS_ERROR])
		c.status = PC_STATUS_ERROR;
	else if (seen[PC_STATUS_SKIPPED])
		c.status = PC_STATUS_SKIPPED;
	else if (seen[PC_STATUS_FAIL])
		c.status = PC_STATUS_FAIL;
	else if (seen[PC_STATUS_PASS])
		c.status = PC_STATUS_PASS;
	else
		c.status = PC_STATUS_NOT_APPLICABLE;
	if (c.status == PC_STATUS_NOT_APPLICABLE)
		for (i = 0; i < n; i++)
			reason_add(reason, sizeof(reason), jobs[i].part->id,
			    jobs[i].result.reason);
	if (c.status == PC_STATUS_SKIPPED)
		snprintf(reason, sizeof(reason), "%s", jobs[0].result.reason);
	c.reason = reason[0] ? reason : NULL;
	if (nc > 0 && (counts = calloc(nc, sizeof(char *))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	/* A line two parts both say (from config they share) is said once. */
	for (i = 0, nc = 0; i < n; i++)
		for (k = 0; k < jobs[i].result.ncounts; k++)
			if (!count_listed(counts, nc, jobs[i].result.counts[k]))
				counts[nc++] = jobs[i].result.counts[k];
	c.counts = counts;
	c.ncounts = nc;
	r = pc_report_add_check(report, &c);
	free(counts);
	return r;
}

/* Runs every check and appends results to the report. */
int
pc_runner_run(struct pc_report *report, const struct check *const *checks,
    const struct pc_config *cfg, const struct pc_policy *policy,
    const struct pc_run_opts *opts)
{
	struct pollfd pfds[64];
	struct job *jobs = NULL, *running[64];
	struct pc_findings *stage = NULL;
	size_t nchecks = 0, njobs = 0, next = 0, nrun = 0, i, k, p;
	int jobs_max = opts->jobs > 0 ? opts->jobs :
	    (int)sysconf(_SC_NPROCESSORS_ONLN);
	int r = 0, ws, timeout_ms;
	double now, soonest;

	if (jobs_max < 1)
		jobs_max = 1;
	if (jobs_max > 64)
		jobs_max = 64;
	/* One job per check, or per part of a check with parts. */
	for (nchecks = 0; checks[nchecks] != NULL; nchecks++) {
		for (p = 0; checks[nchecks]->parts &&
		     checks[nchecks]->parts[p].id; p++)
			;
		njobs += p ? p : 1;
	}
	if ((jobs = calloc(njobs + 1, sizeof(*jobs))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	if ((r = pc_findings_new(&stage, report, policy, opts->now)) != 0) {
		free(jobs);
		return r;
	}
	/*
	 * Decide what runs and refuse a missing or too-open secret file before
	 * any check starts: that is the operator's config to fix (exit 2),
	 * not a check result.
	 */
	for (i = 0, k = 0; i < nchecks; i++) {
		const struct pc_check_part *parts = checks[i]->parts;

		for (p = 0; p == 0 || (parts && parts[p].id); p++, k++) {
			jobs[k].runnable = prepare_job(&jobs[k], checks[i],
			    parts ? &parts[p] : NULL, cfg, policy, opts);
			jobs[k].stage = stage;
		}
	}
	for (i = 0; i < njobs; i++) {
		for (k = 0; jobs[i].runnable && k < jobs[i].needs.nsecret_files;
		     k++)
			if ((r = pc_secret_check(
				 jobs[i].needs.secret_files[k])) != 0)
				goto out;
	}

	while (next < njobs || nrun > 0) {
		/* Start jobs up to the limit; record those that do not run. */
		while (next < njobs && nrun < (size_t)jobs_max) {
			struct job *j = &jobs[next++];

			if (!j->runnable || start_job(j, cfg, policy, opts) != 0) {
				if (j->result.reason == NULL) {
					j->result.status = PC_STATUS_ERROR;
					j->result.reason = strdup(
					    j->fail_reason ? j->fail_reason :
							     pc_error_get());
				}
				progress_end(opts, j);
				continue;
			}
			running[nrun++] = j;
		}
		if (nrun == 0)
			continue;
		now = now_seconds();
		soonest = running[0]->deadline;
		for (i = 0; i < nrun; i++) {
			pfds[i].fd = running[i]->fd;
			pfds[i].events = POLLIN;
			pfds[i].revents = 0;
			if (running[i]->deadline < soonest)
				soonest = running[i]->deadline;
		}
		timeout_ms = soonest <= now ? 0 : (int)((soonest - now) * 1000)
		    + 1;
		if (poll(pfds, nrun, timeout_ms) < 0 && errno != EINTR) {
			r = pc_error_set(PC_EIO, "poll failed: %s",
			    strerror(errno));
			goto out;
		}
		now = now_seconds();
		for (i = 0; i < nrun;) {
			struct job *j = running[i];
			int end = 0;

			if (pfds[i].revents & (POLLIN | POLLHUP | POLLERR))
				end = read_child(report, j, policy, opts);
			if (end == 0 && now >= j->deadline) {
				j->killed_timeout = true;
				end = -1;
			}
			if (end == 0) {
				i++;
				continue;
			}
			if (end < 0)
				kill(j->pid, SIGKILL);
			while (waitpid(j->pid, &ws, 0) < 0 && errno == EINTR)
				;
			close(j->fd);
			pc_buf_free(&j->line);
			settle_job(j, ws);
			progress_end(opts, j);
			for (k = i; k + 1 < nrun; k++) {
				running[k] = running[k + 1];
				pfds[k] = pfds[k + 1];
			}
			nrun--;
		}
	}
	/* Results go into the report in registry order, one per check. */
	for (i = 0; i < njobs; i += k) {
		for (k = 1; i + k < njobs && jobs[i + k].check == jobs[i].check;
		     k++)
			;
		if ((r = merge_check(report, &jobs[i], k)) != 0)
			goto out;
	}
out:
	for (i = 0; i < nrun; i++) {
		kill(running[i]->pid, SIGKILL);
		waitpid(running[i]->pid, &ws, 0);
		close(running[i]->fd);
	}
	for (i = 0; i < njobs; i++) {
		pc_needs_free(&jobs[i].needs);
		free(jobs[i].fail_reason);
		for (k = 0; k < jobs[i].result.ncounts; k++)
			free(jobs[i].result.counts[k]);
		free(jobs[i].result.counts);
		if (jobs[i].result.reason)
			free(jobs[i].result.reason);
		pc_buf_free(&jobs[i].line);
	}
	free(jobs);
	pc_findings_free(stage);
	return r;
}
