/* The runner with the real sandbox on: test-only checks that try each
 * forbidden thing, crash, hang, flood or break the protocol all end as
 * error with a reason a person understands, while well-behaved checks in
 * the same run pass. */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "agent/broker.h"
#include "agent/check_ctx.h"
#include "agent/lib/err.h"
#include "agent/runner.h"
#include "agent/sandbox.h"
#include "sandbox_child.h"
#include "runner_checks.h"

static char dir[64], inside[128], keyfile[128], url_given[64];
static int listener = -1, listener2 = -1;
static uint16_t port_given, port_other;

/* --- test-only checks --- */

/* Declares the test folder only. */
static int
needs_dir(const struct pc_config *cfg, struct pc_needs *n)
{
	return pc_needs_add_path(n, dir);
}

/* Declares one URL: its port is the only one a network child may reach. */
static int
needs_url(const struct pc_config *cfg, struct pc_needs *n)
{
	return pc_needs_add_url(n, url_given);
}

/* Reads its declared file: passes only if the sandbox allows that. */
static int
run_read_inside(struct pc_check_ctx *ctx)
{
	char buf[16];
	int fd = open(inside, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return pc_error_set(PC_EIO, "cannot read %s: %s", inside,
		                    strerror(errno));
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n != 5 || memcmp(buf, "hello", 5) != 0)
		return pc_error_set(PC_EIO, "%s: unexpected bytes", inside);
	return pc_check_count(ctx, NULL, "1 file examined");
}

static int
run_exec(struct pc_check_ctx *ctx)
{
	char *argv[] = {"/bin/true", NULL};

	execv(argv[0], argv);
	return pc_error_set(PC_EIO, "execv failed: %s", strerror(errno));
}

static int
run_fork(struct pc_check_ctx *ctx)
{
	pid_t p = fork();

	if (p == 0)
		_exit(0);
	if (p > 0)
		waitpid(p, NULL, 0);
	return pc_error_set(PC_EIO, "fork: %s",
	                    p < 0 ? strerror(errno) : "the child was created");
}

/* Opens path; a pass if it could (only the sandbox stops it). */
static int
open_or_fail(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return pc_error_set(PC_EPERM, "cannot read %s: %s", path,
		                    strerror(errno));
	close(fd);
	return 0;
}

static int
run_read_shadow(struct pc_check_ctx *ctx)
{
	return open_or_fail("/etc/shadow");
}

static int
run_read_key(struct pc_check_ctx *ctx)
{
	return open_or_fail(keyfile);
}

/* Creates a file in its own folder; a pass if it could. */
static int
run_write(struct pc_check_ctx *ctx)
{
	char path[160];
	int fd;

	snprintf(path, sizeof(path), "%s/dropped.txt", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return pc_error_set(PC_EIO, "cannot create %s: %s", path,
		                    strerror(errno));
	close(fd);
	unlink(path);
	return 0;
}

/* Connects to 127.0.0.1:port; 0 when connected. */
static int
connect_to(uint16_t port)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), r = 0;

	if (fd < 0)
		return pc_error_set(PC_EIO, "socket: %s", strerror(errno));
	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
		r = pc_error_set(PC_EIO, "cannot connect to port %u: %s",
		                 (unsigned)port, strerror(errno));
	close(fd);
	return r;
}

static int
run_connect_given(struct pc_check_ctx *ctx)
{
	return connect_to(port_given);
}

/* Asks the parent's broker for host:port; a pass if it got a socket. */
static int
ask_broker(struct pc_check_ctx *ctx, const char *host, uint16_t port)
{
	int fd, r = pc_broker_request(&fd, ctx->fd, host, port);

	if (r == 0)
		close(fd);
	return r;
}

static int
run_broker_given(struct pc_check_ctx *ctx)
{
	return ask_broker(ctx, "127.0.0.1", port_given);
}

static int
run_broker_other_port(struct pc_check_ctx *ctx)
{
	return ask_broker(ctx, "127.0.0.1", port_other);
}

/* The declared port on a host the config does not name (reachable). */
static int
run_broker_other_host(struct pc_check_ctx *ctx)
{
	return ask_broker(ctx, "127.0.0.2", port_given);
}

/* Sleeps forever with calls the sandbox allows: only the timeout ends it. */
static int
run_hang(struct pc_check_ctx *ctx)
{
	struct timespec ts = {1, 0};

	for (;;)
		nanosleep(&ts, NULL);
	return 0;
}

/* Burns CPU forever. */
static int
run_spin(struct pc_check_ctx *ctx)
{
	volatile unsigned long x = 0;

	for (;;)
		x++;
	return 0;
}

/* A well-formed line with a field of the wrong type. */
static int
run_wrong_type(struct pc_check_ctx *ctx)
{
	static const char line[] = "{\"t\":\"finding\",\"rule\":17,"
	                           "\"subject\":\"x\"}\n";

	(void)!write(ctx->fd, line, sizeof(line) - 1);
	return 0;
}

static int
run_one_finding(struct pc_check_ctx *ctx)
{
	return pc_check_emit(
	    ctx, &(struct pc_finding){.rule = "minor",
	                              .subject = "thing-1",
	                              .title = "Thing 1 is a little off"});
}

CHECK(clean, needs_nothing, run_clean);
CHECK(reads_its_file, needs_dir, run_read_inside);
CHECK(one_finding, needs_dir, run_one_finding);
CHECK(exec, needs_dir, run_exec);
CHECK(forks, needs_dir, run_fork);
CHECK(read_shadow, needs_dir, run_read_shadow);
CHECK(read_key, needs_dir, run_read_key);
CHECK(writes, needs_dir, run_write);
CHECK(connect_given, needs_url, run_connect_given);
CHECK(broker_given, needs_url, run_broker_given);
CHECK(broker_other_port, needs_url, run_broker_other_port);
CHECK(broker_other_host, needs_url, run_broker_other_host);
CHECK(content_connects, needs_dir, run_connect_given);
CHECK(crash, needs_nothing, run_crash);
CHECK(hang, needs_nothing, run_hang);
CHECK(spin, needs_nothing, run_spin);
CHECK(flood, needs_nothing, run_flood);
CHECK(long_line, needs_nothing, run_long_line);
CHECK(not_json, needs_nothing, run_not_json);
CHECK(wrong_type, needs_nothing, run_wrong_type);

/* --- a policy built in memory for these ids --- */

static struct pc_rule rules[1] = {
    {.id = "minor",
     .title = "A minor problem",
     .severity = PC_SEV_LOW,
     .escalate_to = "office_fixes",
     .remediation = "Later."},
};
static struct pc_policy_check pchecks[32];
static struct pc_policy policy = {.path = "policies/baseline.yaml",
                                  .id = "test",
                                  .version = 1,
                                  .due_days = {90, 90, 30, 7, 1},
                                  .checks = pchecks};
static struct pc_config config = {.path = "test.yaml"};

static void
setup(void)
{
	const char *ids[] = {"clean",
	                     "reads_its_file",
	                     "one_finding",
	                     "exec",
	                     "forks",
	                     "read_shadow",
	                     "read_key",
	                     "writes",
	                     "connect_given",
	                     "broker_given",
	                     "broker_other_port",
	                     "broker_other_host",
	                     "content_connects",
	                     "crash",
	                     "hang",
	                     "spin",
	                     "flood",
	                     "long_line",
	                     "not_json",
	                     "wrong_type"};
	size_t i;
	int fd;

	policy.nchecks = 0;
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		pchecks[policy.nchecks++] =
		    (struct pc_policy_check){.id = (char *)ids[i],
		                             .enabled = true,
		                             .mandatory = true,
		                             /* only hang and spin are meant to
		                              * time out; room for a loaded CI */
		                             .timeout_seconds =
		                                 strcmp(ids[i], "hang") == 0 ||
		                                         strcmp(ids[i], "spin") == 0
		                                     ? 2
		                                     : 30,
		                             .max_findings = 50,
		                             .rules = rules,
		                             .nrules = 1};
	snprintf(dir, sizeof(dir), "/tmp/pc-runsbx-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(inside, sizeof(inside), "%s/data.txt", dir);
	snprintf(keyfile, sizeof(keyfile), "%s.key", dir);
	fd = open(inside, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	cr_assert_eq(write(fd, "hello", 5), 5);
	close(fd);
	fd = open(keyfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	cr_assert_eq(write(fd, "not a real key", 14), 14);
	close(fd);
	listener = listen_any(&port_given);
	listener2 = listen_any(&port_other);
	snprintf(url_given, sizeof(url_given), "https://127.0.0.1:%u/",
	         (unsigned)port_given);
}

static void
teardown(void)
{
	close(listener);
	close(listener2);
	unlink(inside);
	unlink(keyfile);
	rmdir(dir);
}

TestSuite(runner_sandbox, .init = setup, .fini = teardown, .timeout = 60);

/* Runs the checks with the sandbox on; the caller frees the report. */
static struct pc_report *
run(const struct check *const *list)
{
	struct pc_run_opts opts = {.jobs = 4, .now = 1700000000};
	struct pc_report *r = pc_report_new();

	cr_assert_eq(pc_runner_run(r, list, &config, &policy, &opts), 0, "%s",
	             pc_error_get());
	return r;
}

/* Asserts check id ended as error with want in its reason. */
static void
assert_error(const struct pc_report *r, const char *id, const char *want)
{
	const struct pc_report_check *c = result(r, id);

	cr_assert_eq(c->status, PC_STATUS_ERROR, "%s: status %d (%s)", id,
	             (int)c->status, c->reason ? c->reason : "no reason");
	cr_assert(c->reason && strstr(c->reason, want),
	          "%s: \"%s\" lacks "
	          "\"%s\"",
	          id, c->reason ? c->reason : "", want);
}

/* Asserts the well-behaved checks passed, sandboxed. */
static void
assert_good(const struct pc_report *r)
{
	const struct pc_report_check *c = result(r, "clean");

	cr_assert_eq(c->status, PC_STATUS_PASS, "clean: %s", c->reason);
	cr_assert(c->sandboxed && c->sandbox.seccomp && c->sandbox.landlock_fs);
	c = result(r, "reads_its_file");
	cr_assert_eq(c->status, PC_STATUS_PASS, "reads_its_file: %s",
	             c->reason);
	c = result(r, "one_finding");
	cr_assert_eq(c->status, PC_STATUS_FAIL, "one_finding: %s", c->reason);
	cr_assert_eq(c->nfindings, 1);
}

Test(runner_sandbox, forbidden_actions_are_errors_and_others_pass)
{
	const struct check *list[] = {&clean,
	                              &exec,
	                              &forks,
	                              &read_shadow,
	                              &read_key,
	                              &writes,
	                              &content_connects,
	                              &reads_its_file,
	                              &one_finding,
	                              NULL};
	struct pc_report *r = run(list);
	char key_reason[200];

	assert_error(r, "exec",
	             "stopped by the sandbox: it made a forbidden "
	             "system call");
	assert_error(r, "forks",
	             "stopped by the sandbox: it made a forbidden "
	             "system call");
	assert_error(r, "read_shadow",
	             "cannot read /etc/shadow: Permission "
	             "denied");
	snprintf(key_reason, sizeof(key_reason),
	         "cannot read %s: Permission "
	         "denied",
	         keyfile);
	assert_error(r, "read_key", key_reason);
	assert_error(r, "writes", "/dropped.txt: Permission denied");
	assert_error(r, "content_connects", "socket: Permission denied");
	assert_good(r);
	pc_report_free(r);
}

Test(runner_sandbox, network_check_reaches_only_its_declared_host_and_port)
{
	const struct check *list[] = {&connect_given,  &broker_given,
	                              &broker_other_port, &broker_other_host,
	                              &clean, &reads_its_file, &one_finding,
	                              NULL};
	struct pc_report *r = run(list);
	const struct pc_report_check *c;
	char want[120];

	/* No socket of its own, even for its declared port. */
	assert_error(r, "connect_given", "socket: Permission denied");
	c = result(r, "broker_given");
	cr_assert_eq(c->status, PC_STATUS_PASS, "through the broker: %s",
	             c->reason);
	cr_assert(c->sandbox.broker && c->sandbox.broker_connections == 1);
	snprintf(want, sizeof(want), "127.0.0.1:%u, which its configuration "
	         "does not name", (unsigned)port_other);
	assert_error(r, "broker_other_port", want);
	snprintf(want, sizeof(want), "127.0.0.2:%u, which its configuration "
	         "does not name", (unsigned)port_given);
	assert_error(r, "broker_other_host", want);
	assert_good(r);
	pc_report_free(r);
}

Test(runner_sandbox, crash_hang_and_spin_are_errors_and_others_pass)
{
	const struct check *list[] = {
	    &crash, &hang, &spin, &clean, &reads_its_file, &one_finding, NULL};
	struct pc_report *r = run(list);

	assert_error(r, "crash", "the check crashed (signal 11");
	assert_error(r, "hang", "took longer than 2 seconds and was stopped");
	assert_error(r, "spin", "took longer than 2 seconds and was stopped");
	assert_good(r);
	pc_report_free(r);
}

Test(runner_sandbox, flood_and_malformed_lines_are_errors_and_others_pass)
{
	const struct check *list[] = {&flood,       &long_line, &not_json,
	                              &wrong_type,  &clean,     &reads_its_file,
	                              &one_finding, NULL};
	struct pc_report *r = run(list);
	const struct pc_report_check *c;

	assert_error(r, "flood", "more than 50 findings");
	assert_error(r, "long_line", "longer than 16384 bytes");
	assert_error(r, "not_json", "not valid JSON");
	c = result(r, "wrong_type");
	cr_assert_eq(c->status, PC_STATUS_ERROR, "wrong_type: %s", c->reason);
	cr_assert(c->reason && c->reason[0] != '\0');
	assert_good(r);
	pc_report_free(r);
}
