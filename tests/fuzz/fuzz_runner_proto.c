/* Fuzz target: the bytes a hostile check child sends its parent. The
 * protocol table must never crash, never take a finding or a sandbox
 * report out of order, and never connect anywhere (the allowlist is empty,
 * so every connect request is refused before any name is resolved). */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "agent/check_ctx.h"
#include "agent/findings.h"
#include "agent/learned_hosts.h"
#include "agent/runner_job.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct pc_rule rules[1] = {
	{ .id = "minor", .title = "A minor problem", .severity = PC_SEV_LOW,
	    .escalate_to = "office_fixes", .remediation = "Later." },
};
static struct pc_policy_check pcheck = { .id = "fuzz", .enabled = true,
	.timeout_seconds = 30, .max_findings = 50, .rules = rules,
	.nrules = 1 };
static struct pc_policy policy = { .path = "fuzz", .id = "fuzz",
	.version = 1, .due_days = { 90, 90, 30, 7, 1 }, .checks = &pcheck,
	.nchecks = 1 };
static const struct check fuzz_check = { .id = "fuzz", .title = "Fuzz" };

/* Frees what a session allocated. */
static void
job_free(struct job *j)
{
	size_t i;

	pc_buf_free(&j->line);
	free(j->fail_reason);
	for (i = 0; i < j->result.ncounts; i++)
		free(j->result.counts[i]);
	free(j->result.counts);
	pc_learned_hosts_free(j->learned, j->nlearned);
}

/* Feeds data to the parent's side in chunks, draining its replies. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pc_report *report = pc_report_new();
	struct pc_run_opts opts = { .now = 1700000000 };
	struct run run = { report, &policy, &opts };
	struct pc_findings *stage = NULL;
	struct job j;
	char drain[4096];
	size_t off = 0, n;
	int sv[2], r = 0;
	ssize_t w;

	memset(&j, 0, sizeof(j));
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
		abort();
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	fcntl(sv[1], F_SETFL, O_NONBLOCK);
	j.check = &fuzz_check;
	j.pc = &pcheck;
	/* a part that learns hosts for another, on port 443 */
	j.needs.hosts_for = "next";
	j.needs.tcp_ports[0] = 443;
	j.needs.ntcp_ports = 1;
	if (pc_findings_new(&stage, report, &policy, opts.now) != 0)
		abort();
	j.stage = stage;
	j.fd = sv[0];
	j.deadline = 1e18;
	pc_buf_init(&j.line, PC_PROTO_MAX_LINE);
	while (r == 0) {
		n = size - off < 4096 ? size - off : 4096;
		if (n == 0 && sv[1] >= 0) {
			close(sv[1]);
			sv[1] = -1;
		}
		if (n > 0 && (w = write(sv[1], data + off, n)) > 0)
			off += (size_t)w;
		while ((r = pc_proto_read(&run, &j)) == 0 && n == 0)
			;
		while (sv[1] >= 0 && recv(sv[1], drain, sizeof(drain),
		    MSG_DONTWAIT) > 0)
			;
	}
	/* Invariants: nothing is taken before the sandbox report. */
	if (report->nfindings > 0 && !(j.msgs_seen & 1u))
		abort();
	if (j.nfindings > 50)
		abort();
	close(sv[0]);
	if (sv[1] >= 0)
		close(sv[1]);
	job_free(&j);
	pc_findings_free(stage);
	pc_report_free(report);
	return 0;
}
