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
#include "agent/cli/help.h"
#include "agent/check.h"
#include "agent/config.h"
#include "agent/policy.h"
#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "agent/cli/dropin.h"
#include "reporter/output.h"
#include "reporter/sign.h"

/* The system user the Debian package creates and the service runs as. */
#define SERVICE_USER "portcullis"

/* The starter config text with @KEYS@ replaced by keys and @POLICY@ by
 * the policy this binary uses (into text). */
static int
starter_text(struct pc_buf *text, const char *keys)
{
	struct pc_buf whole;
	const char *at, *p;
	int r = PC_ENOMEM;

	pc_buf_init(text, 1 << 20);
	pc_buf_init(&whole, 1 << 20);
	if (pc_config_starter_text(&whole, &pc_registry) != 0 ||
	    pc_buf_add(&whole, "", 1) != 0)
		goto out;
	p = whole.data;
	while ((at = strchr(p, '@')) != NULL) {
		const char *with = NULL;
		size_t n = 0;

		if (strncmp(at, "@KEYS@", 6) == 0)
			with = keys, n = 6;
		else if (strncmp(at, "@POLICY@", 8) == 0)
			with = pc_policy_default_path(), n = 8;
		if (pc_buf_add(text, p, (size_t)(at - p) + (with ? 0 : 1)) !=
			0 ||
		    (with != NULL && pc_buf_adds(text, with) != 0))
			goto out;
		p = at + (with ? n : 1);
	}
	if (pc_buf_adds(text, p) == 0)
		r = 0;
out:
	pc_buf_free(&whole);
	return r ? pc_error_set(PC_ENOMEM, "out of memory") : 0;
}

/* Prints the drop-in for the config at path; returns the exit status. */
static int
print_dropin(const char *path)
{
	struct pc_config *cfg = NULL;
	struct pc_buf text;
	int rc = 2;

	pc_buf_init(&text, 1 << 20);
	if (pc_config_load(&cfg, path, &pc_registry) != 0 ||
	    pc_dropin_text(&text, cfg) != 0)
		pc_cli_error(pc_error_get());
	else if (fwrite(text.data, 1, text.len, stdout) == text.len)
		rc = 0;
	pc_buf_free(&text);
	pc_config_free(cfg);
	return rc;
}

/* Gives path (not following a symlink) to uid:gid with mode. */
static int
give(const char *path, uid_t uid, gid_t gid, mode_t mode)
{
	int fd, r = 0;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0 || fchown(fd, uid, gid) != 0 || fchmod(fd, mode) != 0)
		r = pc_error_set(PC_EIO, "cannot give %s to the %s user: %s",
		    path, SERVICE_USER, strerror(errno));
	if (fd >= 0)
		close(fd);
	return r;
}

/*
 * Where the package is installed (root, and its service user exists):
 * the config to root:portcullis 0640 (readable by the scan, not writable
 * by it), keys/ and a new key pair, and secrets/ to portcullis, mode 0700.
 * Sets *service_out when it did so.
 */
static int
give_to_service(
    const char *config, const char *dir, bool new_key, bool *service_out)
{
	static const char *const keys[] = { "office.key", "office.pub",
		"office.hmac" };
	char path[PATH_MAX + 32];
	struct passwd *pw;
	size_t i;
	int r;

	*service_out = false;
	if (geteuid() != 0 || (pw = getpwnam(SERVICE_USER)) == NULL)
		return 0;
	if ((r = give(config, 0, pw->pw_gid, 0640)) != 0)
		return r;
	snprintf(path, sizeof(path), "%s/secrets", dir);
	/* An existing secrets/ folder is the office's: left as it is. */
	if (mkdir(path, 0700) == 0) {
		if ((r = give(path, pw->pw_uid, pw->pw_gid, 0700)) != 0)
			return r;
	} else if (errno != EEXIST)
		return pc_error_set(PC_EIO, "cannot create directory %s: %s",
		    path, strerror(errno));
	if (new_key) {
		snprintf(path, sizeof(path), "%s/keys", dir);
		if ((r = give(path, pw->pw_uid, pw->pw_gid, 0700)) != 0)
			return r;
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			snprintf(
			    path, sizeof(path), "%s/keys/%s", dir, keys[i]);
			if ((r = give(path, pw->pw_uid, pw->pw_gid,
				 i == 1 ? 0644 : 0600)) != 0)
				return r;
		}
	}
	*service_out = true;
	return 0;
}

/* Prints the next three steps, for the service or for a manual scan. */
static void
print_next_steps(const char *path, const char *dir, bool service)
{
	if (service) {
		printf(
		    "\nNext steps:\n"
		    "  1. Fill in the parts marked FILL IN:  sudoedit %s\n"
		    "     Put each provider's secret in %s/secrets/ (it may be readable by root only).\n"
		    "  2. Let the monthly scan read what the config names:\n"
		    "       sudo mkdir -p /etc/systemd/system/portcullis.service.d\n"
		    "       sudo portcullis init --print-dropin --config %s | sudo tee " PC_DROPIN_PATH
		    "\n"
		    "       sudo systemctl daemon-reload\n"
		    "  3. Check it (settings, secrets, each provider's permissions):\n"
		    "       sudo portcullis config check --config %s\n"
		    "     then scan now, and every month:\n"
		    "       sudo systemctl start portcullis.service; journalctl -u portcullis\n"
		    "       sudo systemctl enable --now portcullis.timer\n",
		    path, dir, path, path);
		return;
	}
	printf(
	    "\nNext steps:\n"
	    "  1. Fill in the parts marked FILL IN in %s\n"
	    "  2. Put each provider's secret in its own file, readable only by you (chmod 600)\n"
	    "  3. Check it (settings, secrets, each provider's permissions):\n"
	    "       portcullis config check --config %s\n"
	    "     then scan: portcullis scan --config %s\n",
	    path, path, path);
}

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

	printf(
	    "reports are readable only by their owner and the group \"%s\" (files 0640, folders 0750)\n",
	    PC_OUTPUT_GROUP);
	if (g == NULL)
		printf(
		    "the group %s does not exist yet (reports get your own group until it does); to create it and read the reports from your own account run: sudo groupadd --system %s && sudo usermod -aG %s %s (then log out and in again)\n",
		    PC_OUTPUT_GROUP, PC_OUTPUT_GROUP, PC_OUTPUT_GROUP, me);
	else
		printf(
		    "to read the reports from your own account run: sudo usermod -aG %s %s (then log out and in again)\n",
		    PC_OUTPUT_GROUP, me);
}

/* Writes the starter config and the key pair; returns the exit status. */
static int
write_starter(const char *path)
{
	char dir[PATH_MAX], keys[PATH_MAX + 8];
	char key_id[PC_SIGN_KEY_ID_LEN + 1];
	struct pc_buf text;
	bool new_key = false, service = false;
	int fd, rc = 2;

	snprintf(keys, sizeof(keys), "%s", path);
	snprintf(dir, sizeof(dir), "%s", dirname(keys));
	snprintf(keys, sizeof(keys), "%s/keys", dir);
	if (pc_mkdir_p(dir, 0755) != 0 || starter_text(&text, keys) != 0) {
		pc_cli_error(pc_error_get());
		return 2;
	}
	/* O_EXCL: an existing config is never replaced. */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (fd < 0) {
		fprintf(stderr, "portcullis: cannot create %s: %s%s\n", path,
		    strerror(errno),
		    errno == EEXIST
			? " (init never overwrites a config; edit it or choose another --config)"
			: "");
		goto out;
	}
	if (pc_write_all(fd, text.data, text.len) != 0 || fsync(fd) != 0) {
		fprintf(stderr, "portcullis: cannot write %s: %s\n", path,
		    strerror(errno));
		close(fd);
		unlink(path);
		goto out;
	}
	close(fd);
	printf("wrote %s: fill in the parts marked FILL IN\n", path);
	if (pc_sign_keygen(keys, key_id) == 0) {
		new_key = true;
		printf(
		    "created the office signing key in %s\nkey id: %s (give it to PDS to register in its keyring)\n",
		    keys, key_id);
	} else if (pc_error_code() == PC_EEXIST)
		printf("kept the existing signing key in %s\n", keys);
	else {
		pc_cli_error(pc_error_get());
		goto out;
	}
	if (give_to_service(path, dir, new_key, &service) != 0) {
		pc_cli_error(pc_error_get());
		goto out;
	}
	print_next_steps(path, dir, service);
	print_group_advice();
	rc = 0;
out:
	pc_buf_free(&text);
	return rc;
}

/* Entry point for portcullis init. */
int
pc_cmd_init(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "example", no_argument, NULL, 'e' },
		{ "print-dropin", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = PC_CONFIG_DEFAULT_PATH;
	char dir[PATH_MAX], keys[PATH_MAX + 8];
	struct pc_buf text;
	int c, mode = 0, rc;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': path = optarg; break;
		case 'e':
		case 'd': mode = c; break;
		case 'h': pc_help_print(stdout, "init"); return 0;
		default:
			fprintf(stderr,
			    "portcullis: init: unknown option \"%s\"; run portcullis init --help\n",
			    argv[optind - 1]);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr,
		    "portcullis: init: unexpected argument \"%s\"\n",
		    argv[optind]);
		return 2;
	}
	if (mode == 'd')
		return print_dropin(path);
	if (mode != 'e')
		return write_starter(path);
	snprintf(keys, sizeof(keys), "%s", path);
	snprintf(dir, sizeof(dir), "%s", dirname(keys));
	snprintf(keys, sizeof(keys), "%s/keys", dir);
	rc = starter_text(&text, keys) == 0 &&
		fwrite(text.data, 1, text.len, stdout) == text.len
	    ? 0
	    : 2;
	if (rc != 0)
		pc_cli_error(pc_error_get());
	pc_buf_free(&text);
	return rc;
}
