/* The check child's side of a run: lock down, run the check, report. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "agent/lib/err.h"
#include "agent/lib/http.h"
#include "broker.h"
#include "runner_child.h"
#include "sandbox.h"

#if defined(__SANITIZE_ADDRESS__)
#define PC_UNDER_ASAN 1
#else
#define PC_UNDER_ASAN 0
#endif

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
		     np < sizeof(paths) / sizeof(paths[0]) - 1;
		     i++)
			paths[np++] = pc_sandbox_network_paths[i];
		if (ctx->config->tls.ca_file != NULL)
			paths[np++] = ctx->config->tls.ca_file;
	}
	spec.ro_paths = paths;
	spec.nro_paths = np;
	spec.tcp_ports = n->tcp_ports;
	spec.ntcp_ports = n->ntcp_ports;
	spec.network = n->network;
	/* RLIMIT_CPU counts every thread: a check reading with N workers
	 * gets N times the CPU time in the same wall-clock timeout */
	spec.cpu_seconds = (ctx->policy_check->timeout_seconds + 5) *
	    (n->cpu_threads > 1 ? (long)n->cpu_threads : 1);
	/* ASan reserves terabytes of address space; cap only without it. */
	spec.address_space = PC_UNDER_ASAN ? 0 : (2LL << 30);
	spec.open_files = 256;
	return pc_sandbox_apply(&spec, applied);
}

/* Sends what the sandbox applied. */
static void
send_sandbox(
    struct pc_check_ctx *ctx, bool on, const struct pc_sandbox_applied *a)
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
	cJSON_AddBoolToObject(o, "broker", a->broker);
	cJSON_AddBoolToObject(o, "seccomp_debug", a->seccomp_debug);
	cJSON_AddStringToObject(o, "detail", a->detail);
	(void)pc_check_ctx_send(ctx, o);
}

/* Sends the final line; mask: the check ran, so its reason may name a
 * file (a sandbox that could not be applied names none). */
static void
send_done(struct pc_check_ctx *ctx, int r, bool mask)
{
	cJSON *o = cJSON_CreateObject();
	char reason[512], masked[512];

	cJSON_AddStringToObject(o, "t", "done");
	cJSON_AddBoolToObject(o, "ok", r == 0);
	if (r != 0) {
		/* the reason may name a file: masked like a finding's subject
		 * (a sandbox that failed before the detectors could be read
		 * says so without a path) */
		snprintf(reason, sizeof(reason), "%s", pc_error_get());
		if (!mask)
			memcpy(masked, reason, sizeof(masked));
		else if (pc_check_ctx_mask(
			     ctx, reason, masked, sizeof(masked)) != 0)
			snprintf(masked, sizeof(masked),
			    "the check failed and its reason could not be masked for the report: %.300s",
			    pc_error_get());
		cJSON_AddStringToObject(o, "reason", masked);
	}
	(void)pc_check_ctx_send(ctx, o);
}

/* The child: lock down, run the check, report, exit. Never returns. */
void
pc_runner_child_main(struct pc_check_ctx *ctx,
    int (*run)(struct pc_check_ctx *), const struct pc_needs *n, int fd,
    bool no_sandbox, pid_t parent)
{
	struct pc_sandbox_applied applied = { 0 };
	int r;

	/* The child dies with the parent, so it cannot outlive it holding
	 * its secret; a parent that died before this line was set is seen
	 * as a new parent pid, and the child leaves at once. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
		_exit(125);
	/* The channel becomes fd 3; stdout goes to stderr so it cannot mix
	 * with the parent's results; every other inherited fd is closed. */
	if (fd != 3 && dup2(fd, 3) < 0)
		_exit(125);
	dup2(2, 1);
	for (r = 4; r < 1024; r++)
		close(r);
	ctx->fd = 3;
	signal(SIGPIPE, SIG_IGN);
	if (!no_sandbox) {
		if ((r = child_sandbox(ctx, n, &applied)) != 0) {
			send_done(ctx, r, false);
			_exit(0);
		}
	}
	send_sandbox(ctx, !no_sandbox, &applied);
	pc_broker_use(n, ctx->fd);
	pc_error_clear();
	r = run(ctx);
	send_done(ctx, r, true);
	_exit(0);
}
