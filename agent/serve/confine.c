/* Landlock for the serve process: the store read-write, little else read. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <linux/landlock.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "agent/lib/err.h"
#include "agent/serve/confine.h"

#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER (1ULL << 13)
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif

#define FS_READ (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)
#define FS_STORE                                                               \
	(FS_READ | LANDLOCK_ACCESS_FS_WRITE_FILE |                             \
	    LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE |   \
	    LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG |        \
	    LANDLOCK_ACCESS_FS_REFER | LANDLOCK_ACCESS_FS_TRUNCATE)

/* Everything Landlock ABI abi can refuse on files. */
static unsigned long long
handled_fs(int abi)
{
	unsigned long long all = (LANDLOCK_ACCESS_FS_MAKE_SYM << 1) - 1;

	if (abi >= 2)
		all |= LANDLOCK_ACCESS_FS_REFER;
	if (abi >= 3)
		all |= LANDLOCK_ACCESS_FS_TRUNCATE;
	return all;
}

/* Allows access (masked by handled) beneath path; absent paths are
 * skipped. */
static int
allow(int ruleset, const char *path, unsigned long long access,
    unsigned long long handled)
{
	struct landlock_path_beneath_attr attr = { 0 };
	struct stat st;
	int fd, r;

	if ((fd = open(path, O_PATH | O_CLOEXEC)) < 0)
		return errno == ENOENT
		    ? 0
		    : pc_error_set(PC_ESANDBOX, "cannot confine serve: %s: %s",
			  path, strerror(errno));
	if (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode))
		access &= LANDLOCK_ACCESS_FS_READ_FILE |
		    LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_TRUNCATE;
	attr.allowed_access = access & handled;
	attr.parent_fd = fd;
	r = (int)syscall(SYS_landlock_add_rule, ruleset,
	    LANDLOCK_RULE_PATH_BENEATH, &attr, 0);
	close(fd);
	if (r != 0)
		return pc_error_set(PC_ESANDBOX,
		    "cannot confine serve: Landlock rule for %s: %s", path,
		    strerror(errno));
	return 0;
}

/* Confines the process. */
int
pc_serve_confine(const struct pc_serve_config *cfg)
{
	struct landlock_ruleset_attr attr = { 0 };
	char ring_dir[PATH_MAX];
	int abi, ruleset = -1, r = 0;

	abi = (int)syscall(SYS_landlock_create_ruleset, NULL, 0,
	    LANDLOCK_CREATE_RULESET_VERSION);
	if (abi < 1)
		return 1;
	attr.handled_access_fs = handled_fs(abi);
	snprintf(ring_dir, sizeof(ring_dir), "%s", cfg->keyring);
	if ((ruleset = (int)syscall(
		 SYS_landlock_create_ruleset, &attr, sizeof(attr), 0)) < 0)
		return pc_error_set(PC_ESANDBOX,
		    "cannot confine serve: Landlock: %s", strerror(errno));
	if ((r = allow(
		 ruleset, cfg->store, FS_STORE, attr.handled_access_fs)) != 0 ||
	    (r = allow(ruleset, dirname(ring_dir), FS_READ,
		 attr.handled_access_fs)) != 0 ||
	    (r = allow(ruleset, "/etc/ssl", FS_READ, attr.handled_access_fs)) !=
		0 ||
	    (r = allow(ruleset, "/usr/lib/ssl", FS_READ,
		 attr.handled_access_fs)) != 0 ||
	    (r = allow(ruleset, "/dev/urandom", FS_READ,
		 attr.handled_access_fs)) != 0 ||
	    (r = allow(ruleset, "/proc", FS_READ, attr.handled_access_fs)) != 0)
		goto out;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
	    syscall(SYS_landlock_restrict_self, ruleset, 0) != 0)
		r = pc_error_set(
		    PC_ESANDBOX, "cannot confine serve: %s", strerror(errno));
out:
	close(ruleset);
	return r;
}
