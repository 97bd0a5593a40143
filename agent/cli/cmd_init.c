/* portcullis init: write a commented starter config (never overwriting). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <libgen.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/cli/cli.h"
#include "agent/check.h"
#include "agent/config.h"
#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "reporter/output.h"
#include "reporter/sign.h"

static const char init_help[] =
    "usage: portcullis init [--config FILE]\n"
    "\n"
    "Writes a commented starter config to FILE (default\n"
    PC_CONFIG_DEFAULT_PATH ") for you to fill in, and creates the\n"
    "office's signing key pair in the keys/ folder beside it (see\n"
    "portcullis keygen --help). An existing config or key is never\n"
    "overwritten.\n";

/* The account of the person running init (under sudo: theirs). */
static const char *
own_account(void)
{
	const char *sudo = getenv("SUDO_USER");
	struct passwd *pw;

	if (sudo != NULL && *sudo != '\0')
		return sudo;
	pw = getpwuid(getuid());
	return pw != NULL ? pw->pw_name : "YOUR-ACCOUNT";
}

/*
 * Says who can read the reports (files 0640, folders 0750, the group
 * portcullis) and how the digital lead adds their own account to it, so
 * they can open report.html and the checklist without root.
 */
static void
print_group_advice(void)
{
	const char *me = own_account();
	struct group *g = getgrnam(PC_OUTPUT_GROUP);

	printf("reports are readable only by their owner and the group "
	       "\"%s\" (files 0640, folders 0750)\n", PC_OUTPUT_GROUP);
	if (g == NULL)
		printf("the group %s does not exist yet (reports get your "
		       "own group until it does); to create it and read the "
		       "reports from your own account run: sudo groupadd "
		       "--system %s && sudo usermod -aG %s %s (then log out "
		       "and in again)\n",
		    PC_OUTPUT_GROUP, PC_OUTPUT_GROUP, PC_OUTPUT_GROUP, me);
	else
		printf("to read the reports from your own account run: sudo "
		       "usermod -aG %s %s (then log out and in again)\n",
		    PC_OUTPUT_GROUP, me);
}

/* Entry point for portcullis init. */
int
pc_cmd_init(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = PC_CONFIG_DEFAULT_PATH;
	char dir[PATH_MAX], keys[PATH_MAX + 8];
	char key_id[PC_SIGN_KEY_ID_LEN + 1];
	struct pc_buf text;
	const char *at, *p;
	int c, fd, rc = 2;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': path = optarg; break;
		case 'h': fputs(init_help, stdout); return 0;
		default:
			fprintf(stderr, "portcullis: init: unknown option "
					"\"%s\"; run portcullis init --help\n",
			    argv[optind - 1]);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "portcullis: init: unexpected argument \"%s\"\n",
		    argv[optind]);
		return 2;
	}
	snprintf(keys, sizeof(keys), "%s", path);
	snprintf(dir, sizeof(dir), "%s", dirname(keys));
	if (pc_mkdir_p(dir, 0755) != 0) {
		pc_cli_error(pc_error_get());
		return 2;
	}
	/* O_EXCL: an existing config is never replaced. */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (fd < 0) {
		fprintf(stderr, "portcullis: cannot create %s: %s%s\n", path,
		    strerror(errno), errno == EEXIST ?
			" (init never overwrites a config; edit it or choose "
			"another --config)" : "");
		return 2;
	}
	/* The keys live in keys/ beside the config, named in it. */
	snprintf(keys, sizeof(keys), "%s/keys", dir);
	pc_buf_init(&text, 1 << 20);
	for (p = pc_config_starter; (at = strstr(p, "@KEYS@")) != NULL;
	     p = at + 6)
		if (pc_buf_add(&text, p, (size_t)(at - p)) != 0 ||
		    pc_buf_adds(&text, keys) != 0)
			break;
	if (pc_buf_adds(&text, p) != 0 ||
	    pc_config_starter_checks(&text, pc_checks) != 0 ||
	    pc_write_all(fd, text.data, text.len) != 0 || fsync(fd) != 0) {
		fprintf(stderr, "portcullis: cannot write %s: %s\n", path,
		    strerror(errno));
		close(fd);
		unlink(path);
		goto out;
	}
	close(fd);
	printf("wrote %s: fill in the parts marked FILL IN\n", path);
	if (pc_sign_keygen(keys, key_id) == 0)
		printf("created the office signing key in %s\nkey id: %s "
		       "(give it to PDS to register in its keyring)\n", keys,
		    key_id);
	else if (pc_error_code() == PC_EEXIST)
		printf("kept the existing signing key in %s\n", keys);
	else {
		pc_cli_error(pc_error_get());
		goto out;
	}
	print_group_advice();
	printf("then run: portcullis scan --config %s\n", path);
	rc = 0;
out:
	pc_buf_free(&text);
	return rc;
}
