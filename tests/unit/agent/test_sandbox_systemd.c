/* The sandbox applies under the packaged systemd unit's own filter: an
 * unprivileged agent whose capset calls get EPERM (~@privileged). */
#include <criterion/criterion.h>
#include <errno.h>
#include <linux/capability.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent/lib/err.h"
#include "agent/sandbox.h"

/* Clears every capability set, as User=portcullis with an empty
 * CapabilityBoundingSet= leaves the service. */
static int
drop_all_capabilities(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];

	memset(data, 0, sizeof(data));
	return (int)syscall(SYS_capset, &hdr, data);
}

/* Installs systemd's SystemCallFilter=~@privileged effect on capset with
 * SystemCallErrorNumber=EPERM. */
static int
refuse_capset(void)
{
	scmp_filter_ctx f = seccomp_init(SCMP_ACT_ALLOW);
	int r;

	if (f == NULL)
		return -1;
	r = seccomp_rule_add(f, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(capset), 0);
	if (r == 0)
		r = seccomp_load(f);
	seccomp_release(f);
	return r;
}

Test(sandbox_systemd, applies_when_capset_is_refused_and_nothing_to_drop)
{
	const char *paths[] = { "/tmp" };
	struct pc_sandbox_spec spec = { .ro_paths = paths, .nro_paths = 1,
		.cpu_seconds = 10, .open_files = 64,
		.landlock_optional = true };
	struct pc_sandbox_applied a;
	int ws;
	pid_t pid;

	fflush(NULL);
	if ((pid = fork()) == 0) {
		if (drop_all_capabilities() != 0 ||
		    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
		    refuse_capset() != 0)
			_exit(3);
		_exit(pc_sandbox_apply(&spec, &a) == 0 && a.seccomp ? 0 : 1);
	}
	cr_assert_eq(waitpid(pid, &ws, 0), pid);
	cr_assert(WIFEXITED(ws), "child died: status %d", ws);
	cr_assert_neq(WEXITSTATUS(ws), 3, "test setup failed");
	cr_assert_eq(WEXITSTATUS(ws), 0,
	    "the sandbox failed to apply under a filter refusing capset");
}
