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
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <openssl/crypto.h>

#include "check_ctx.h"
#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "runner.h"
#include "runner_child.h"
#include "runner_job.h"
#include "findings.h"
#include "learned_hosts.h"
#include "runner_proto.h"
#include "sandbox.h"

#define DEFAULT_MAX_FINDINGS 10000

/* Monotonic seconds. */
double
pc_runner_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
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
		if ((r = pc_secret_read(
			 &ctx->secrets[i].bytes, n->secret_files[i])) != 0)
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

/* What the job's child runs: the check's (or part's) run, or its probe
 * for config check (NULL when it has none). A check with parts probes in
 * its first part's child, with that part's needs. */
static int (*job_entry(const struct job *j, const struct pc_run_opts *opts))(
    struct pc_check_ctx *)
{
	if (opts->probe) /* a check with parts probes in its first part */
		return j->part && j->part != &j->check->parts[0]
		    ? NULL
		    : j->check->probe;
	return j->part ? j->part->run : j->check->run;
}

/* Settles a finished job's status and reason from how its child ended. */
static void
settle_job(struct job *j, int wstatus)
{
	struct pc_report_check *c = &j->result;
	char reason[2200];

	c->duration_seconds = pc_runner_now() - j->started;
	c->nfindings = j->nfindings;
	c->sandbox.broker_connections = j->nconnects;
	reason[0] = '\0';
	if (j->killed_timeout)
		snprintf(reason, sizeof(reason),
		    "the check took longer than %ld seconds and was stopped",
		    j->pc->timeout_seconds);
	else if (WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGSYS)
		snprintf(reason, sizeof(reason),
		    "the check was stopped by the sandbox: it made a forbidden system call");
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
	} else if (j->nfindings == 0 && j->not_applicable != NULL) {
		c->status = PC_STATUS_NOT_APPLICABLE;
		free(c->reason);
		c->reason = strdup(j->not_applicable);
	} else {
		c->status = j->nfindings > 0 ? PC_STATUS_FAIL : PC_STATUS_PASS;
	}
}

/* Hands a finding line to the findings stage, within the check's cap. */
static int
take_finding(struct job *j, const cJSON *o)
{
	long max;
	bool added;

	max = j->pc->max_findings ? j->pc->max_findings : DEFAULT_MAX_FINDINGS;
	if ((long)j->nfindings >= max) {
		pc_job_fail(j,
		    "the check sent more than %ld findings (the policy's max_findings)",
		    max);
		return -1;
	}
	if (pc_findings_take(j->stage, j->check->id, j->pc, o, &added) != 0) {
		if (pc_error_code() == PC_ENOMEM)
			return pc_error_code();
		pc_job_fail(j, "%s", pc_error_get());
		return -1;
	}
	if (added)
		j->nfindings++;
	return 0;
}

/* The protocol's finding handler: validates and adds one finding. */
int
pc_runner_take_finding(struct run *run, struct job *j, const cJSON *o)
{
	(void)run;
	return take_finding(j, o);
}

/* Starts a job's child; on failure records the error without forking. */
static int
start_job(struct job *j, const struct pc_config *cfg,
    const struct pc_policy *policy, const struct pc_run_opts *opts)
{
	struct pc_check_ctx ctx = { 0 };
	pid_t pid, parent = getpid();
	int pfd[2];
	int r;

	ctx.check = j->check;
	ctx.config = cfg;
	ctx.policy = policy;
	ctx.policy_check = j->pc;
	ctx.now = opts->now;
	if (j->learner != NULL) {
		/* the learner's child has ended: its hosts join the allowlist */
		if ((r = pc_learned_hosts_allow(&j->needs, j->learner->learned,
			 j->learner->nlearned)) != 0) {
			pc_job_fail(j, "%s", pc_error_get());
			return r;
		}
		ctx.learned_hosts = (const char *const *)j->learner->learned;
		ctx.nlearned_hosts = j->learner->nlearned;
		ctx.hosts_learned = j->learner->hosts_sent;
	}
	if ((r = load_secrets(&ctx, &j->needs)) != 0) {
		pc_job_fail(j, "%s", pc_error_get());
		wipe_secrets(&ctx);
		return r;
	}
	/* A socketpair, not a pipe: the parent's replies (and the sockets
	 * the broker passes with SCM_RIGHTS) go back on it. */
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pfd) != 0) {
		wipe_secrets(&ctx);
		return pc_error_set(
		    PC_EIO, "cannot create a socket pair: %s", strerror(errno));
	}
	fflush(NULL);
	if ((pid = fork()) < 0) {
		r = pc_error_set(
		    PC_EIO, "cannot start a process: %s", strerror(errno));
		close(pfd[0]);
		close(pfd[1]);
		wipe_secrets(&ctx);
		return r;
	}
	if (pid == 0) {
		close(pfd[0]);
		pc_runner_child_main(&ctx, job_entry(j, opts), &j->needs,
		    pfd[1], opts->no_sandbox, parent);
	}
	/* The parent keeps no copy of this check's secrets. */
	wipe_secrets(&ctx);
	close(pfd[1]);
	fcntl(pfd[0], F_SETFL, O_NONBLOCK);
	j->pid = pid;
	j->fd = pfd[0];
	j->started = pc_runner_now();
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
		j->result.reason =
		    strdup("the policy has no entry for this check");
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
		/* a part without a probe does not hide its siblings' */
		j->result.status = part && chk->probe ? PC_STATUS_NOT_APPLICABLE
						      : PC_STATUS_SKIPPED;
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
		j->result.reason = strdup(j->needs.not_applicable_reason
			? j->needs.not_applicable_reason
			: "not applicable");
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
			reason_add(reason, sizeof(reason),
			    jobs[i].part ? jobs[i].part->id : NULL, p->reason);
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
			c.sandbox.broker &= p->sandbox.broker;
			c.sandbox.seccomp_debug |= p->sandbox.seccomp_debug;
			c.sandbox.broker_connections +=
			    p->sandbox.broker_connections;
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

/* The children running now, and what poll() watches for them. */
struct supervisor {
	struct run *run;
	const struct pc_config *cfg;
	struct pollfd pfds[64];
	struct job *running[64];
	size_t nrun;
	size_t jobs_max;
};

/* Points each job another part of its check learns hosts for at that
 * part's job (pc_check_part.hosts_for). */
static void
link_learners(struct job *jobs, size_t njobs)
{
	size_t i, k;

	for (i = 0; i < njobs; i++) {
		const char *for_id =
		    jobs[i].runnable ? jobs[i].needs.hosts_for : NULL;

		for (k = i + 1; for_id != NULL && k < njobs &&
		     jobs[k].check == jobs[i].check;
		     k++)
			if (jobs[k].part &&
			    strcmp(jobs[k].part->id, for_id) == 0)
				jobs[k].learner = &jobs[i];
	}
}

/*
 * Makes one job per check, or per part of a check with parts, and decides
 * which of them get a child. Caller frees *jobs_out with free_jobs().
 */
static int
plan_jobs(struct job **jobs_out, size_t *njobs_out,
    const struct check *const *checks, const struct pc_config *cfg,
    struct run *run, struct pc_findings *stage)
{
	const struct pc_check_part *parts;
	struct job *jobs;
	size_t nchecks, njobs = 0, i, k, p;

	for (nchecks = 0; checks[nchecks] != NULL; nchecks++) {
		for (p = 0;
		     checks[nchecks]->parts && checks[nchecks]->parts[p].id;
		     p++)
			;
		njobs += p ? p : 1;
	}
	if ((jobs = calloc(njobs + 1, sizeof(*jobs))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (i = 0, k = 0; i < nchecks; i++) {
		parts = checks[i]->parts;
		for (p = 0; p == 0 || (parts && parts[p].id); p++, k++) {
			jobs[k].runnable = prepare_job(&jobs[k], checks[i],
			    parts ? &parts[p] : NULL, cfg, run->policy,
			    run->opts);
			jobs[k].stage = stage;
		}
	}
	link_learners(jobs, njobs);
	*jobs_out = jobs;
	*njobs_out = njobs;
	return 0;
}

/*
 * Refuses a missing or too-open secret file before any check starts: that
 * is the operator's config to fix (exit 2), not a check result.
 */
static int
check_secrets(const struct job *jobs, size_t njobs)
{
	size_t i, k;
	int r;

	for (i = 0; i < njobs; i++)
		for (k = 0; jobs[i].runnable && k < jobs[i].needs.nsecret_files;
		     k++)
			if ((r = pc_secret_check(
				 jobs[i].needs.secret_files[k])) != 0)
				return r;
	return 0;
}

/* Starts jobs up to the limit; records those that do not run. */
static void
start_more(struct supervisor *sv, struct job *jobs, size_t njobs, size_t *next)
{
	const struct pc_run_opts *opts = sv->run->opts;

	while (*next < njobs && sv->nrun < sv->jobs_max) {
		struct job *j = &jobs[*next];

		/* A part whose hosts another part learns waits for it. */
		if (j->runnable && j->learner && !j->learner->ended)
			return;
		(*next)++;
		if (!j->runnable ||
		    start_job(j, sv->cfg, sv->run->policy, opts) != 0) {
			j->ended = true;
			if (j->result.reason == NULL) {
				j->result.status = PC_STATUS_ERROR;
				j->result.reason =
				    strdup(j->fail_reason ? j->fail_reason
							  : pc_error_get());
			}
			progress_end(opts, j);
			continue;
		}
		sv->running[sv->nrun++] = j;
	}
}

/* Waits for output from a running child or the nearest deadline. */
static int
wait_children(struct supervisor *sv)
{
	double now = pc_runner_now(), soonest = sv->running[0]->deadline;
	int timeout_ms;
	size_t i;

	for (i = 0; i < sv->nrun; i++) {
		sv->pfds[i].fd = sv->running[i]->fd;
		sv->pfds[i].events = POLLIN;
		sv->pfds[i].revents = 0;
		if (sv->running[i]->deadline < soonest)
			soonest = sv->running[i]->deadline;
	}
	timeout_ms = soonest <= now ? 0 : (int)((soonest - now) * 1000) + 1;
	if (poll(sv->pfds, sv->nrun, timeout_ms) < 0 && errno != EINTR)
		return pc_error_set(PC_EIO, "poll failed: %s", strerror(errno));
	return 0;
}

/* Reaps child i (killing it first if it broke the rules), settles it. */
static void
finish_child(struct supervisor *sv, size_t i, bool kill_it)
{
	struct job *j = sv->running[i];
	size_t k;
	int ws;

	if (kill_it)
		kill(j->pid, SIGKILL);
	while (waitpid(j->pid, &ws, 0) < 0 && errno == EINTR)
		;
	close(j->fd);
	j->fd = -1;
	j->ended = true;
	pc_buf_free(&j->line);
	settle_job(j, ws);
	progress_end(sv->run->opts, j);
	for (k = i; k + 1 < sv->nrun; k++) {
		sv->running[k] = sv->running[k + 1];
		sv->pfds[k] = sv->pfds[k + 1];
	}
	sv->nrun--;
}

/* Reads from every child poll() woke and ends those that are done. */
static void
serve_children(struct supervisor *sv)
{
	double now = pc_runner_now();
	size_t i;
	int end;

	for (i = 0; i < sv->nrun;) {
		struct job *j = sv->running[i];

		end = 0;
		if (sv->pfds[i].revents & (POLLIN | POLLHUP | POLLERR))
			end = pc_proto_read(sv->run, j);
		if (end == 0 && now >= j->deadline) {
			j->killed_timeout = true;
			end = -1;
		}
		if (end == 0)
			i++;
		else
			finish_child(sv, i, end < 0);
	}
}

/* Frees the jobs of a run. */
static void
free_jobs(struct job *jobs, size_t njobs)
{
	size_t i, k;

	for (i = 0; jobs != NULL && i < njobs; i++) {
		pc_needs_free(&jobs[i].needs);
		pc_learned_hosts_free(jobs[i].learned, jobs[i].nlearned);
		free(jobs[i].fail_reason);
		free(jobs[i].not_applicable);
		for (k = 0; k < jobs[i].result.ncounts; k++)
			free(jobs[i].result.counts[k]);
		free(jobs[i].result.counts);
		free(jobs[i].result.reason);
		pc_buf_free(&jobs[i].line);
	}
	free(jobs);
}

/* Runs every check and appends results to the report. */
int
pc_runner_run(struct pc_report *report, const struct check *const *checks,
    const struct pc_config *cfg, const struct pc_policy *policy,
    const struct pc_run_opts *opts)
{
	struct run run = { report, policy, opts };
	struct supervisor sv = { .run = &run, .cfg = cfg };
	struct job *jobs = NULL;
	struct pc_findings *stage = NULL;
	size_t njobs = 0, next = 0, i, k;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int r, ws;

	sv.jobs_max = (size_t)(opts->jobs > 0 ? opts->jobs
		: cores > 0                   ? cores
					      : 1);
	if (sv.jobs_max > 64)
		sv.jobs_max = 64;
	if ((r = pc_findings_new(&stage, report, policy, opts->now)) != 0 ||
	    (r = plan_jobs(&jobs, &njobs, checks, cfg, &run, stage)) != 0 ||
	    (r = check_secrets(jobs, njobs)) != 0)
		goto out;
	while (next < njobs || sv.nrun > 0) {
		start_more(&sv, jobs, njobs, &next);
		if (sv.nrun == 0)
			continue;
		if ((r = wait_children(&sv)) != 0)
			goto out;
		serve_children(&sv);
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
	for (i = 0; i < sv.nrun; i++) {
		kill(sv.running[i]->pid, SIGKILL);
		waitpid(sv.running[i]->pid, &ws, 0);
		close(sv.running[i]->fd);
	}
	free_jobs(jobs, njobs);
	pc_findings_free(stage);
	return r;
}
