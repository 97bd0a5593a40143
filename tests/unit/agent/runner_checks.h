/* Test-only checks and a result lookup shared by the runner tests
 * (test_runner.c without the sandbox, test_runner_sandbox.c with it). */
#ifndef PC_TEST_AGENT_RUNNER_CHECKS_H
#define PC_TEST_AGENT_RUNNER_CHECKS_H

#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "agent/check_ctx.h"
#include "agent/runner.h"

/* A test check named name: its id is the name, title "Test <name>". */
#define CHECK(name, needs_fn, run_fn) \
	static const struct check name = { .id = #name, .title = "Test " #name, \
		.needs = needs_fn, .run = run_fn }

/* Needs nothing. */
static inline int
needs_nothing(const struct pc_config *cfg, struct pc_needs *n)
{
	return 0;
}

/* Finds nothing: a pass. */
static inline int
run_clean(struct pc_check_ctx *ctx)
{
	return pc_check_count(ctx, NULL, "nothing wrong");
}

/* Dies of SIGSEGV. */
static inline int
run_crash(struct pc_check_ctx *ctx)
{
	/* Die by the signal itself, even where ASan catches SIGSEGV. */
	signal(SIGSEGV, SIG_DFL);
	raise(SIGSEGV);
	return 0;
}

/* Emits findings until the runner's cap refuses one. */
static inline int
run_flood(struct pc_check_ctx *ctx)
{
	char subject[32];
	int i;

	for (i = 0; i < 1000; i++) {
		snprintf(subject, sizeof(subject), "s%d", i);
		if (pc_check_emit(ctx, &(struct pc_finding){ .rule = "minor",
			.subject = subject }) != 0)
			break;
	}
	return 0;
}

/* Writes a protocol line twice the longest allowed. */
static inline int
run_long_line(struct pc_check_ctx *ctx)
{
	static char line[PC_PROTO_MAX_LINE * 2];

	memset(line, 'x', sizeof(line));
	line[sizeof(line) - 1] = '\n';
	(void)!write(ctx->fd, line, sizeof(line));
	return 0;
}

/* Writes a protocol line that is not JSON. */
static inline int
run_not_json(struct pc_check_ctx *ctx)
{
	(void)!write(ctx->fd, "{\"t\": \"finding\", oops\n", 22);
	return 0;
}

/* Writes raw protocol bytes, as a child hostile content took over would. */
static inline void
send_raw(struct pc_check_ctx *ctx, const char *line)
{
	(void)!write(ctx->fd, line, strlen(line));
}

/* Sends a second sandbox report claiming every layer, then finds nothing:
 * the report must keep what the child said first. */
static inline int
run_sandbox_twice(struct pc_check_ctx *ctx)
{
	send_raw(ctx, "{\"t\":\"sandbox\",\"applied\":true,\"rlimits\":true,"
	    "\"no_new_privs\":true,\"landlock_abi\":9,\"landlock_fs\":true,"
	    "\"landlock_net\":true,\"landlock_rules\":99,\"seccomp\":true,"
	    "\"detail\":\"forged\"}\n");
	return 0;
}

/* The result for check id in r (fails the test when there is none). */
static inline const struct pc_report_check *
result(const struct pc_report *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->nchecks; i++)
		if (strcmp(r->checks[i].id, id) == 0)
			return &r->checks[i];
	cr_assert_fail("no result for %s", id);
	return NULL;
}

#endif
