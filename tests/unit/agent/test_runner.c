/* The runner: findings are validated, and every way a child can misbehave
 * ends as that check's error while the other checks complete. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "agent/check_ctx.h"
#include "agent/lib/err.h"
#include "agent/runner.h"
#include "runner_checks.h"

static char secret_a[64], secret_b[64];

/* --- test-only checks --- */

static int
run_two_findings(struct pc_check_ctx *ctx)
{
	pc_check_count(ctx, "test", "%d things examined", 2);
	pc_check_emit(ctx, &(struct pc_finding){ .rule = "problem",
	    .subject = "thing-1", .title = "Thing 1 is broken",
	    .evidence = "th** 1" });
	return pc_check_emit(ctx, &(struct pc_finding){ .rule = "minor",
	    .subject = "thing-2" });
}

static int
run_hang(struct pc_check_ctx *ctx)
{
	for (;;)
		pause();
	return 0;
}

/* 3000 distinct findings, then the first 100 again. */
static int
run_many(struct pc_check_ctx *ctx)
{
	char subject[32];
	int i, r = 0;

	for (i = 0; i < 3100 && r == 0; i++) {
		snprintf(subject, sizeof(subject), "s%d", i % 3000);
		r = pc_check_emit(ctx, &(struct pc_finding){ .rule = "minor",
		    .subject = subject });
	}
	return r;
}

static int
run_bad_rule(struct pc_check_ctx *ctx)
{
	return pc_check_emit(ctx, &(struct pc_finding){ .rule = "nope",
	    .subject = "x" });
}

static int
run_fails(struct pc_check_ctx *ctx)
{
	return pc_error_set(PC_EAUTH, "provider refused the token");
}

static int
run_incomplete(struct pc_check_ctx *ctx)
{
	pc_check_incomplete(ctx, "slack: cannot determine 2FA for 3 members");
	pc_check_incomplete(ctx, "okta: HTTP 401: invalid token");
	return 0;
}

static int
run_exec(struct pc_check_ctx *ctx)
{
	char *argv[] = { "/bin/sh", "-c", "true", NULL };

	execv(argv[0], argv);
	return pc_error_set(PC_EIO, "execv failed");
}

/* Succeeds (a pass) if it could read /etc/shadow: only the sandbox stops it. */
static int
run_read_shadow(struct pc_check_ctx *ctx)
{
	int fd = open("/etc/shadow", O_RDONLY);

	if (fd < 0)
		return pc_error_set(PC_EPERM, "cannot read /etc/shadow: %s",
		    strerror(errno));
	close(fd);
	return 0;
}

static int
needs_secret_a(const struct pc_config *cfg, struct pc_needs *n)
{
	return pc_needs_add_secret(n, secret_a);
}

/* Reports whether it got its own secret and not the other one. */
static int
run_secret(struct pc_check_ctx *ctx)
{
	const struct pc_buf *a = pc_check_secret(ctx, secret_a);
	const struct pc_buf *b = pc_check_secret(ctx, secret_b);

	if (a == NULL || a->len != 8 || memcmp(a->data, "token-aa", 8) != 0)
		return pc_error_set(PC_EAUTH, "own secret missing");
	if (b != NULL)
		return pc_error_set(PC_EAUTH, "saw another check's secret");
	return 0;
}

static char pid_file[64];

/* Writes its pid where the test finds it, then waits to be killed. */
static int
run_orphan(struct pc_check_ctx *ctx)
{
	int fd = open(pid_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd >= 0) {
		dprintf(fd, "%d\n", (int)getpid());
		close(fd);
	}
	for (;;)
		pause();
	return 0;
}

/* Finds, once it has looked, that there was nothing to examine. */
static int
run_found_nothing(struct pc_check_ctx *ctx)
{
	return pc_check_not_applicable(ctx, "no Intune licence");
}

/* Says nothing to examine, then fails anyway: an error, not n/a. */
static int
run_na_then_fails(struct pc_check_ctx *ctx)
{
	(void)pc_check_not_applicable(ctx, "no Intune licence");
	return pc_error_set(PC_EHTTP, "Google refused");
}

static int
needs_na(const struct pc_config *cfg, struct pc_needs *n)
{
	return pc_needs_not_applicable(n, "no provider configured");
}

CHECK(two_findings, needs_nothing, run_two_findings);
CHECK(clean, needs_nothing, run_clean);
CHECK(crash, needs_nothing, run_crash);
CHECK(hang, needs_nothing, run_hang);
CHECK(flood, needs_nothing, run_flood);
CHECK(long_line, needs_nothing, run_long_line);
CHECK(not_json, needs_nothing, run_not_json);
CHECK(bad_rule, needs_nothing, run_bad_rule);
CHECK(fails, needs_nothing, run_fails);
CHECK(incomplete, needs_nothing, run_incomplete);
CHECK(secret, needs_secret_a, run_secret);
CHECK(not_applicable, needs_na, run_clean);
CHECK(exec, needs_nothing, run_exec);
CHECK(found_nothing, needs_nothing, run_found_nothing);
CHECK(na_then_fails, needs_nothing, run_na_then_fails);
CHECK(many, needs_nothing, run_many);
CHECK(read_shadow, needs_nothing, run_read_shadow);
CHECK(sandbox_twice, needs_nothing, run_sandbox_twice);
CHECK(orphan, needs_nothing, run_orphan);

/* A check in parts, each its own child: one finds, one is not applicable,
 * one fails. */
static const struct pc_check_part good_parts[] = {
	{ "finds", needs_nothing, run_two_findings },
	{ "absent", needs_na, run_clean },
	{ NULL, NULL, NULL },
};
static const struct pc_check_part bad_parts[] = {
	{ "finds", needs_nothing, run_two_findings },
	{ "broken", needs_nothing, run_fails },
	{ NULL, NULL, NULL },
};
/* Both parts say the same line, from the config they share. */
static int
run_shared_count(struct pc_check_ctx *ctx)
{
	return pc_check_count(ctx, "shared", "2 of office.list not used");
}

static const struct pc_check_part count_parts[] = {
	{ "one", needs_nothing, run_shared_count },
	{ "two", needs_nothing, run_shared_count },
	{ NULL, NULL, NULL },
};
static const struct check parted_counts = { .id = "parted_counts",
	.title = "Parted, both saying one line", .parts = count_parts };
static const struct check parted = { .id = "parted", .title = "Parted",
	.parts = good_parts };
static const struct check parted_bad = { .id = "parted_bad",
	.title = "Parted, one part failing", .parts = bad_parts };

/* --- a policy built in memory for these ids --- */

static struct pc_rule rules[2] = {
	{ .id = "problem", .title = "A problem", .severity = PC_SEV_HIGH,
	    .escalate_to = "office_fixes", .remediation = "Fix it." },
	{ .id = "minor", .title = "A minor problem", .severity = PC_SEV_LOW,
	    .escalate_to = "office_fixes", .remediation = "Later." },
};
static struct pc_policy_check pchecks[32];
static struct pc_policy policy = { .path = "policies/baseline.yaml",
	.id = "test", .version = 1, .due_days = { 90, 90, 30, 7, 1 },
	.checks = pchecks };
static struct pc_config config = { .path = "test.yaml" };

/* Adds a check id to the in-memory policy. */
static void
policy_add(const char *id, bool mandatory)
{
	pchecks[policy.nchecks++] = (struct pc_policy_check){ .id = (char *)id,
		.enabled = true, .mandatory = mandatory,
		/* Only "hang" is meant to time out; the others get room for a
		 * loaded CI machine running the sanitizer build. */
		.timeout_seconds = strcmp(id, "hang") == 0 ? 2 : 30,
		.max_findings = 50, .rules = rules, .nrules = 2 };
}

static void
setup(void)
{
	const char *ids[] = { "two_findings", "clean", "crash", "hang",
		"flood", "long_line", "not_json", "bad_rule", "fails",
		"incomplete", "secret", "not_applicable", "parted",
		"parted_bad", "parted_counts", "exec", "read_shadow",
		"sandbox_twice", "orphan", "found_nothing", "na_then_fails",
		"many" };
	size_t i;
	int fd;

	policy.nchecks = 0;
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		policy_add(ids[i], true);
	pchecks[policy.nchecks - 1].max_findings = 10000; /* many */
	snprintf(secret_a, sizeof(secret_a), "/tmp/pc-runner-a-%d", getpid());
	snprintf(secret_b, sizeof(secret_b), "/tmp/pc-runner-b-%d", getpid());
	fd = open(secret_a, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	cr_assert_eq(write(fd, "token-aa", 8), 8);
	close(fd);
	fd = open(secret_b, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	cr_assert_eq(write(fd, "token-bb", 8), 8);
	close(fd);
}

static void
teardown(void)
{
	unlink(secret_a);
	unlink(secret_b);
}

/* Runs the given checks and returns the report (caller frees). */
static struct pc_report *
run(const struct check *const *list, bool no_sandbox)
{
	struct pc_run_opts opts = { .jobs = 4, .no_sandbox = no_sandbox,
		.now = 1700000000 };
	struct pc_report *r = pc_report_new();

	cr_assert_eq(pc_runner_run(r, list, &config, &policy, &opts), 0, "%s",
	    pc_error_get());
	return r;
}

TestSuite(runner, .init = setup, .fini = teardown, .timeout = 60);

Test(runner, findings_take_severity_and_due_from_policy)
{
	const struct check *list[] = { &two_findings, &clean, NULL };
	struct pc_report *r = run(list, true);
	const struct pc_report_check *c = result(r, "two_findings");
	char id[33];

	cr_assert_eq(c->status, PC_STATUS_FAIL);
	cr_assert_eq(c->nfindings, 2);
	cr_assert_eq(c->ncounts, 1);
	cr_assert_str_eq(c->counts[0], "test: 2 things examined");
	cr_assert_eq(result(r, "clean")->status, PC_STATUS_PASS);
	cr_assert_eq(r->nfindings, 2);
	cr_assert_eq(r->findings[0].severity, PC_SEV_HIGH);
	cr_assert_str_eq(r->findings[0].due, "2023-11-21T22:13:20Z");
	cr_assert_str_eq(r->findings[0].title, "Thing 1 is broken");
	cr_assert_str_eq(r->findings[1].title, "A minor problem");
	cr_assert_str_eq(r->findings[1].remediation, "Later.");
	pc_report_fingerprint(id, "two_findings", "problem", "thing-1");
	cr_assert_str_eq(r->findings[0].id, id, "fingerprint is stable");
	pc_report_free(r);
}

Test(runner, misbehaving_children_are_errors_and_others_complete)
{
	const struct check *list[] = { &crash, &hang, &flood, &long_line,
		&not_json, &bad_rule, &fails, &incomplete, &clean, NULL };
	struct pc_report *r = run(list, true);
	struct {
		const char *id, *reason;
	} want[] = {
		{ "crash", "the check crashed (signal 11" },
		{ "hang", "took longer than 2 seconds" },
		{ "flood", "more than 50 findings" },
		{ "long_line", "longer than 16384 bytes" },
		{ "not_json", "not valid JSON" },
		{ "bad_rule", "rule \"nope\", which the policy does not define" },
		{ "fails", "provider refused the token" },
		{ "incomplete", "slack: cannot determine 2FA for 3 members; "
		    "okta: HTTP 401: invalid token" },
	};
	size_t i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct pc_report_check *c = result(r, want[i].id);

		cr_assert_eq(c->status, PC_STATUS_ERROR, "%s", want[i].id);
		cr_assert(c->reason && strstr(c->reason, want[i].reason),
		    "%s: %s", want[i].id, c->reason);
	}
	cr_assert_eq(result(r, "clean")->status, PC_STATUS_PASS);
	pc_report_free(r);
}

Test(runner, each_child_gets_only_its_own_secret)
{
	const struct check *list[] = { &secret, NULL };
	struct pc_report *r = run(list, true);

	cr_assert_eq(result(r, "secret")->status, PC_STATUS_PASS, "%s",
	    result(r, "secret")->reason);
	pc_report_free(r);
}

Test(runner, open_secret_file_is_refused_before_any_check_runs)
{
	const struct check *list[] = { &clean, &secret, NULL };
	struct pc_run_opts opts = { .jobs = 1, .no_sandbox = true,
		.now = 1700000000 };
	struct pc_report *r = pc_report_new();

	chmod(secret_a, 0644);
	cr_assert_eq(pc_runner_run(r, list, &config, &policy, &opts), PC_EPERM);
	cr_assert(strstr(pc_error_get(), "run chmod 600"), "%s",
	    pc_error_get());
	cr_assert_eq(r->nchecks, 0, "nothing ran");
	pc_report_free(r);
}

Test(runner, not_applicable_and_skipped_are_never_pass)
{
	const struct check *list[] = { &not_applicable, &clean, NULL };
	struct pc_run_opts opts = { .jobs = 1, .no_sandbox = true,
		.now = 1700000000 };
	char *only[] = { "not_applicable" };
	struct pc_report *r = pc_report_new();
	struct pc_report_summary s;

	opts.only = only;
	opts.nonly = 1;
	cr_assert_eq(pc_runner_run(r, list, &config, &policy, &opts), 0);
	cr_assert_eq(result(r, "not_applicable")->status,
	    PC_STATUS_NOT_APPLICABLE);
	cr_assert_eq(result(r, "clean")->status, PC_STATUS_SKIPPED);
	pc_report_summarize(r, &s);
	cr_assert(!s.complete, "a skipped mandatory check is incomplete");
	pc_report_free(r);
}

Test(runner, a_child_that_found_nothing_to_examine_is_not_applicable)
{
	const struct check *list[] = { &found_nothing, &na_then_fails, NULL };
	struct pc_report *r = run(list, true);
	const struct pc_report_check *c = result(r, "found_nothing");

	cr_assert_eq(c->status, PC_STATUS_NOT_APPLICABLE);
	cr_assert_str_eq(c->reason, "no Intune licence");
	c = result(r, "na_then_fails");
	cr_assert_eq(c->status, PC_STATUS_ERROR, "an error is never n/a");
	pc_report_free(r);
}

Test(runner, parts_run_apart_and_merge_into_one_result)
{
	const struct check *list[] = { &parted, &parted_bad, &clean, NULL };
	struct pc_report *r = run(list, false);
	const struct pc_report_check *c = result(r, "parted");

	cr_assert_eq(r->nchecks, 3, "one result per check, not per part");
	cr_assert_str_eq(r->checks[0].id, "parted", "registry order kept");
	cr_assert_eq(c->status, PC_STATUS_FAIL, "%s", c->reason);
	cr_assert_eq(c->nfindings, 2);
	cr_assert(c->sandboxed && c->sandbox.seccomp);
	c = result(r, "parted_bad");
	cr_assert_eq(c->status, PC_STATUS_ERROR);
	cr_assert(strstr(c->reason, "broken: provider refused the token"),
	    "%s", c->reason);
	pc_report_free(r);
}

Test(runner, a_count_line_two_parts_both_say_is_listed_once)
{
	const struct check *list[] = { &parted_counts, NULL };
	struct pc_report *r = run(list, false);
	const struct pc_report_check *c = result(r, "parted_counts");
	size_t i, shared = 0;

	cr_assert_eq(c->status, PC_STATUS_PASS, "%s", c->reason);
	for (i = 0; i < c->ncounts; i++)
		if (strstr(c->counts[i], "office.list not used"))
			shared++;
	cr_assert_eq(shared, 1, "the shared line is listed %zu times", shared);
	pc_report_free(r);
}

Test(runner, sandbox_violations_are_errors_a_person_understands)
{
	const struct check *list[] = { &exec, &read_shadow, &clean, NULL };
	struct pc_report *r = run(list, false);

	cr_assert_eq(result(r, "exec")->status, PC_STATUS_ERROR);
	cr_assert(strstr(result(r, "exec")->reason, "stopped by the sandbox: "
	    "it made a forbidden system call"), "%s",
	    result(r, "exec")->reason);
	cr_assert_eq(result(r, "read_shadow")->status, PC_STATUS_ERROR);
	cr_assert(strstr(result(r, "read_shadow")->reason,
	    "cannot read /etc/shadow: Permission denied"), "%s",
	    result(r, "read_shadow")->reason);
	cr_assert_eq(result(r, "clean")->status, PC_STATUS_PASS);
	pc_report_free(r);
}

Test(runner, a_problem_reported_twice_is_one_finding)
{
	const struct check *list[] = { &many, NULL };
	struct pc_report *r = run(list, true);
	size_t i, k;

	cr_assert_eq(r->nfindings, 3000);
	cr_assert_eq(result(r, "many")->nfindings, 3000);
	for (i = 0; i < 50; i++) /* spot-check ids are distinct */
		for (k = i + 1; k < r->nfindings; k++)
			cr_assert_str_neq(r->findings[i].id, r->findings[k].id);
	pc_report_free(r);
}

Test(runner, sandboxed_clean_check_records_layers)
{
	const struct check *list[] = { &clean, NULL };
	struct pc_report *r = run(list, false);
	const struct pc_report_check *c = result(r, "clean");

	cr_assert_eq(c->status, PC_STATUS_PASS, "%s", c->reason);
	cr_assert(c->sandboxed && c->sandbox.seccomp && c->sandbox.no_new_privs
	    && c->sandbox.landlock_fs && c->sandbox.rlimits);
	pc_report_free(r);
}

Test(runner, a_second_sandbox_report_is_refused_and_cannot_forge_layers)
{
	const struct check *list[] = { &sandbox_twice, &clean, NULL };
	struct pc_report *r = run(list, true);
	const struct pc_report_check *c = result(r, "sandbox_twice");

	cr_assert_eq(c->status, PC_STATUS_ERROR);
	cr_assert(strstr(c->reason, "sent its \"sandbox\" message twice"),
	    "%s", c->reason);
	cr_assert(!c->sandboxed, "--no-sandbox is what the child said first");
	cr_assert(!c->sandbox.seccomp && c->sandbox.landlock_abi == 0);
	cr_assert_eq(result(r, "clean")->status, PC_STATUS_PASS);
	pc_report_free(r);
}

/* Is pid gone (or a zombie nobody has reaped yet)? */
static bool
process_gone(pid_t pid)
{
	char path[64], state = '?';
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return true;
	if (fscanf(f, "%*d (%*[^)]) %c", &state) != 1)
		state = '?';
	fclose(f);
	return state == 'Z' || state == 'X';
}

Test(runner, a_check_child_dies_with_its_parent)
{
	const struct check *list[] = { &orphan, NULL };
	struct pc_run_opts opts = { .jobs = 1, .no_sandbox = true,
		.now = 1700000000 };
	pid_t runner, child = 0;
	bool gone;
	FILE *f;
	int i, ws;

	snprintf(pid_file, sizeof(pid_file), "/tmp/pc-runner-orphan-%d",
	    getpid());
	unlink(pid_file);
	fflush(NULL);
	if ((runner = fork()) == 0) {
		struct pc_report *r = pc_report_new();

		(void)pc_runner_run(r, list, &config, &policy, &opts);
		_exit(0);
	}
	/* Wait (capped) for the check child to say who it is. */
	for (i = 0; i < 600 && child <= 0; i++) {
		if ((f = fopen(pid_file, "r")) != NULL) {
			if (fscanf(f, "%d", &child) != 1)
				child = 0;
			fclose(f);
		}
		if (child <= 0)
			usleep(50000);
	}
	cr_assert_gt(child, 0, "the check child started");
	kill(runner, SIGKILL);
	waitpid(runner, &ws, 0);
	/* The death signal is sent when the parent dies; allow the kernel
	 * time to deliver it even on a loaded machine. */
	for (i = 0; i < 600 && !process_gone(child); i++)
		usleep(50000);
	gone = process_gone(child);
	if (!gone)
		kill(child, SIGKILL);
	unlink(pid_file);
	cr_assert(gone, "the check child outlived the killed parent (pid %d)",
	    (int)child);
}
