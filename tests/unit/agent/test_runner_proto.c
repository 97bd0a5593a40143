/* The child protocol table: sandbox first and once (or a lone failed
 * done), done last, anything else refused; replies can carry a socket. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "agent/check_ctx.h"
#include "agent/findings.h"
#include "agent/lib/err.h"
#include "agent/runner_job.h"
#include "agent/runner_proto.h"

static struct pc_rule rules[1] = {
	{ .id = "minor",
	    .title = "A minor problem",
	    .severity = PC_SEV_LOW,
	    .escalate_to = "office_fixes",
	    .remediation = "Later." },
};
static struct pc_policy_check pcheck = { .id = "proto",
	.enabled = true,
	.timeout_seconds = 30,
	.max_findings = 50,
	.rules = rules,
	.nrules = 1 };
static struct pc_policy policy = { .path = "policies/baseline.yaml",
	.id = "test",
	.version = 1,
	.due_days = { 90, 90, 30, 7, 1 },
	.checks = &pcheck,
	.nchecks = 1 };
static const struct check proto_check = { .id = "proto", .title = "Proto" };

#define SANDBOX "{\"t\":\"sandbox\",\"applied\":true,\"seccomp\":true}\n"
#define FINDING "{\"t\":\"finding\",\"rule\":\"minor\",\"subject\":\"x\"}\n"
#define COUNT   "{\"t\":\"count\",\"text\":\"1 thing examined\"}\n"
#define DONE_OK "{\"t\":\"done\",\"ok\":true}\n"
#define DONE_FAIL                                                              \
	"{\"t\":\"done\",\"ok\":false,\"reason\":\"sandbox "                   \
	"unavailable: Landlock is not supported\"}\n"

struct session {
	struct pc_report *report;
	struct pc_run_opts opts;
	struct run run;
	struct pc_findings *stage;
	struct job job;
	int child; /* the child's end */
};

/* A job speaking to a test "child" over a socketpair. */
static void
session_open(struct session *s)
{
	int sv[2];

	memset(s, 0, sizeof(*s));
	cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	s->report = pc_report_new();
	s->opts.now = 1700000000;
	s->run = (struct run){ s->report, &policy, &s->opts };
	s->job.check = &proto_check;
	s->job.pc = &pcheck;
	cr_assert_eq(
	    pc_findings_new(&s->stage, s->report, &policy, s->opts.now), 0);
	s->job.stage = s->stage;
	s->job.fd = sv[0];
	s->child = sv[1];
	snprintf(s->job.name, sizeof(s->job.name), "proto");
	pc_buf_init(&s->job.line, PC_PROTO_MAX_LINE);
}

/* Frees a session. */
static void
session_close(struct session *s)
{
	close(s->job.fd);
	if (s->child >= 0)
		close(s->child);
	pc_buf_free(&s->job.line);
	free(s->job.fail_reason);
	free(s->job.result.reason);
	for (size_t i = 0; i < s->job.result.ncounts; i++)
		free(s->job.result.counts[i]);
	free(s->job.result.counts);
	pc_findings_free(s->stage);
	pc_report_free(s->report);
}

/* The child sends text then hangs up; returns what the last read said. */
static int
feed(struct session *s, const char *text)
{
	int r;

	cr_assert_eq(
	    write(s->child, text, strlen(text)), (ssize_t)strlen(text));
	close(s->child);
	s->child = -1;
	while ((r = pc_proto_read(&s->run, &s->job)) == 0)
		;
	return r;
}

/* Asserts the stream was refused with want in the reason. */
static void
assert_refused(struct session *s, int r, const char *want)
{
	cr_assert_eq(r, -1, "refused");
	cr_assert(s->job.fail_reason && strstr(s->job.fail_reason, want),
	    "reason \"%s\" lacks \"%s\"",
	    s->job.fail_reason ? s->job.fail_reason : "", want);
}

Test(runner_proto, a_well_ordered_stream_is_accepted)
{
	struct session s;

	session_open(&s);
	cr_assert_eq(feed(&s, SANDBOX COUNT FINDING DONE_OK), 1);
	cr_assert_null(s.job.fail_reason);
	cr_assert(s.job.done_seen && s.job.done_ok);
	cr_assert(s.job.result.sandboxed && s.job.result.sandbox.seccomp);
	cr_assert_eq(s.report->nfindings, 1);
	session_close(&s);
}

/* A check that counts per drive in a large office is not an error: the
 * report keeps 63 lines and says how many more came. */
Test(runner_proto, count_lines_past_the_cap_are_summarised_not_fatal)
{
	struct session s;
	size_t cap = 200 * sizeof(COUNT) + sizeof(SANDBOX DONE_OK), o, i;
	char *text = malloc(cap);

	cr_assert_not_null(text);
	o = (size_t)snprintf(text, cap, "%s", SANDBOX);
	for (i = 0; i < 200; i++)
		o += (size_t)snprintf(text + o, cap - o, "%s", COUNT);
	snprintf(text + o, cap - o, "%s", DONE_OK);
	session_open(&s);
	cr_assert_eq(feed(&s, text), 1);
	cr_assert_null(s.job.fail_reason);
	cr_assert_eq(s.job.result.ncounts, 64, "bounded");
	cr_assert_str_eq(s.job.result.counts[63],
	    "and 137 more count lines the report does not list (it keeps the first 63)");
	session_close(&s);
	free(text);
}

Test(runner_proto, a_finding_before_the_sandbox_report_is_refused)
{
	struct session s;

	session_open(&s);
	assert_refused(&s, feed(&s, FINDING SANDBOX DONE_OK),
	    "sent a \"finding\" message before its \"sandbox\" message");
	cr_assert_eq(s.report->nfindings, 0, "the finding was not taken");
	session_close(&s);
}

Test(runner_proto, a_late_sandbox_report_is_refused)
{
	struct session s;

	session_open(&s);
	assert_refused(&s, feed(&s, COUNT SANDBOX DONE_OK),
	    "sent a \"count\" message before its \"sandbox\" message");
	cr_assert(!s.job.result.sandboxed, "the late report was not taken");
	session_close(&s);
	/* After a failed done, a sandbox report is data after the end (the
	 * reason stays the child's first: why its sandbox failed). */
	session_open(&s);
	cr_assert_eq(feed(&s, DONE_FAIL SANDBOX), -1);
	cr_assert(!s.job.result.sandboxed);
	session_close(&s);
}

Test(runner_proto, a_second_sandbox_report_is_refused)
{
	struct session s;

	session_open(&s);
	assert_refused(&s,
	    feed(&s,
		SANDBOX "{\"t\":\"sandbox\",\"applied\":true,\"landlock_net\":true}\n" DONE_OK),
	    "sent its \"sandbox\" message twice");
	cr_assert(!s.job.result.sandbox.landlock_net, "not overwritten");
	session_close(&s);
}

Test(runner_proto, a_lone_failed_done_says_why_the_sandbox_failed)
{
	struct session s;

	session_open(&s);
	cr_assert_eq(feed(&s, DONE_FAIL), 1);
	cr_assert(s.job.done_seen && !s.job.done_ok);
	cr_assert(strstr(s.job.fail_reason, "Landlock is not supported"));
	session_close(&s);
	/* A successful done cannot stand in for the sandbox report. */
	session_open(&s);
	assert_refused(&s, feed(&s, DONE_OK),
	    "sent a \"done\" message before its \"sandbox\" message");
	session_close(&s);
}

Test(runner_proto, unknown_types_and_data_after_done_are_refused)
{
	struct session s;

	session_open(&s);
	assert_refused(
	    &s, feed(&s, SANDBOX "{\"t\":\"exec\"}\n"), "unknown message type");
	session_close(&s);
	session_open(&s);
	assert_refused(
	    &s, feed(&s, SANDBOX DONE_OK COUNT), "sent data after it finished");
	session_close(&s);
}

Test(runner_proto, a_reply_can_carry_a_descriptor)
{
	char cbuf[CMSG_SPACE(sizeof(int))], line[64];
	struct iovec iov = { line, sizeof(line) };
	struct msghdr mh = { .msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = cbuf,
		.msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm;
	struct session s;
	int passed, fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	session_open(&s);
	cr_assert_eq(pc_proto_reply(s.job.fd, cJSON_Parse("{\"ok\":true}"), fd),
	    0, "%s", pc_error_get());
	n = recvmsg(s.child, &mh, MSG_CMSG_CLOEXEC);
	cr_assert_eq(n, 12);
	cr_assert_eq(memcmp(line, "{\"ok\":true}\n", 12), 0);
	cm = CMSG_FIRSTHDR(&mh);
	cr_assert(cm && cm->cmsg_type == SCM_RIGHTS);
	memcpy(&passed, CMSG_DATA(cm), sizeof(int));
	cr_assert(passed >= 0 && passed != fd);
	close(passed);
	close(fd);
	session_close(&s);
}
