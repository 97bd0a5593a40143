/* A part that learns hosts for another (pc_needs.hosts_for): the other
 * part starts after it, with the hosts in its allowlist and in hand; a
 * host of the wrong shape or port, or hosts from a part that learns none,
 * make the check an error. */
#include <criterion/criterion.h>
#include <string.h>
#include <unistd.h>

#include "agent/check_ctx.h"
#include "agent/lib/err.h"
#include "agent/runner.h"

/* Needs of a learner: one https URL on port 8443, learning for "user". */
static int
needs_learner(const struct pc_config *cfg, struct pc_needs *n)
{
	(void)cfg;
	n->hosts_for = "user";
	return pc_needs_add_url(n, "https://login.example.org:8443/");
}

static int
needs_user(const struct pc_config *cfg, struct pc_needs *n)
{
	(void)cfg;
	return pc_needs_add_url(n, "https://api.example.org:8443/");
}

/* Learns two hosts, after a pause the user part must wait out. */
static int
run_learner(struct pc_check_ctx *ctx)
{
	const char *hosts[] = { "content.example.org:8443",
		"content-my.example.org:8443" };

	usleep(300000);
	return pc_check_learned_hosts_send(ctx, hosts, 2);
}

/* Sends a name that is not a DNS name. */
static int
run_bad_learner(struct pc_check_ctx *ctx)
{
	const char *hosts[] = { "evil.example.org/x" };

	return pc_check_learned_hosts_send(ctx, hosts, 1);
}

/* Sends a host on a port the learner may not use itself. */
static int
run_port_learner(struct pc_check_ctx *ctx)
{
	const char *hosts[] = { "content.example.org:22" };

	return pc_check_learned_hosts_send(ctx, hosts, 1);
}

/* Says what it was handed as a count line. */
static int
run_user(struct pc_check_ctx *ctx)
{
	size_t n, i;
	bool learned;
	const char *const *h = pc_check_learned_hosts(ctx, &n, &learned);
	char line[300] = "";

	for (i = 0; i < n; i++)
		snprintf(line + strlen(line), sizeof(line) - strlen(line),
		    "%s ", h[i]);
	return pc_check_count(
	    ctx, "user", "learned=%d hosts: %s", learned ? 1 : 0, line);
}

static const struct pc_check_part good[] = {
	{ "learner", needs_learner, run_learner },
	{ "user", needs_user, run_user },
	{ NULL, NULL, NULL },
};
static const struct pc_check_part bad[] = {
	{ "learner", needs_learner, run_bad_learner },
	{ "user", needs_user, run_user },
	{ NULL, NULL, NULL },
};
static const struct pc_check_part port[] = {
	{ "learner", needs_learner, run_port_learner },
	{ "user", needs_user, run_user },
	{ NULL, NULL, NULL },
};
static const struct pc_check_part rogue[] = {
	{ "user", needs_user, run_bad_learner },
	{ NULL, NULL, NULL },
};

static struct pc_policy_check pcheck = { .id = "learn",
	.enabled = true,
	.timeout_seconds = 30,
	.max_findings = 10 };
static struct pc_policy policy = { .path = "policies/baseline.yaml",
	.id = "test",
	.version = 1,
	.due_days = { 90, 90, 30, 7, 1 },
	.checks = &pcheck,
	.nchecks = 1 };
static struct pc_config config = { .path = "test.yaml" };

/* Runs the check of these parts; returns its result in the report r. */
static const struct pc_report_check *
run(struct pc_report **r, const struct pc_check_part *parts)
{
	static struct check chk = { .id = "learn", .title = "Learn" };
	const struct check *list[] = { &chk, NULL };
	struct pc_run_opts opts = {
		.jobs = 4, .no_sandbox = true, .now = 1700000000
	};

	chk.parts = parts;
	*r = pc_report_new();
	cr_assert_eq(pc_runner_run(*r, list, &config, &policy, &opts), 0, "%s",
	    pc_error_get());
	cr_assert_eq((*r)->nchecks, 1);
	return &(*r)->checks[0];
}

/* Is a count line containing want in c? */
static bool
counted(const struct pc_report_check *c, const char *want)
{
	size_t i;

	for (i = 0; i < c->ncounts; i++)
		if (strstr(c->counts[i], want))
			return true;
	return false;
}

Test(runner_learn, the_user_part_gets_the_learned_hosts_after_the_learner)
{
	struct pc_report *r;
	const struct pc_report_check *c = run(&r, good);

	cr_assert_eq(c->status, PC_STATUS_PASS, "%s", c->reason);
	cr_assert(counted(c,
		      "learned=1 hosts: content.example.org:8443 content-my.example.org:8443"),
	    "%s", c->ncounts ? c->counts[0] : "no counts");
	pc_report_free(r);
}

Test(runner_learn, a_host_that_is_not_a_dns_name_is_refused)
{
	struct pc_report *r;
	const struct pc_report_check *c = run(&r, bad);

	cr_assert_eq(c->status, PC_STATUS_ERROR);
	cr_assert(
	    strstr(c->reason, "not a lower-case DNS name"), "%s", c->reason);
	cr_assert(counted(c, "learned=0 hosts: "), "the user part still runs");
	pc_report_free(r);
}

Test(runner_learn, a_host_on_a_port_the_learner_may_not_use_is_refused)
{
	struct pc_report *r;
	const struct pc_report_check *c = run(&r, port);

	cr_assert_eq(c->status, PC_STATUS_ERROR);
	cr_assert(strstr(c->reason, "on a port it may not use itself"), "%s",
	    c->reason);
	pc_report_free(r);
}

Test(runner_learn, hosts_from_a_part_that_learns_none_are_refused)
{
	struct pc_report *r;
	const struct pc_report_check *c = run(&r, rogue);

	cr_assert_eq(c->status, PC_STATUS_ERROR);
	cr_assert(strstr(c->reason, "it learns none"), "%s", c->reason);
	pc_report_free(r);
}
