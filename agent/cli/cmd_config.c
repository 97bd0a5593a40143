/*
 * portcullis config check: validates a config without scanning — its keys,
 * placeholders and policy, the secret files and sources as the user who
 * will run the scan, and each provider's sign-in and permissions from the
 * sandboxed check children a scan uses — then prints the systemd drop-in.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <limits.h>
#include <openssl/crypto.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "agent/accepted.h"
#include "agent/check.h"
#include "agent/cli/cli.h"
#include "agent/cli/help.h"
#include "agent/cli/dropin.h"
#include "agent/config.h"
#include "agent/lib/date.h"
#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "agent/policy.h"
#include "agent/report.h"
#include "agent/runner.h"

/* The package's service user, and where its unit is installed. */
#define SERVICE_USER "portcullis"
static const char *const unit_paths[] = {
	"/lib/systemd/system/portcullis.service",
	"/usr/lib/systemd/system/portcullis.service",
	"/etc/systemd/system/portcullis.service",
};

/* The user the scan will run as. */
struct scan_user {
	char name[64];
	uid_t uid;
	gid_t gid;
	bool service; /* the package's service user */
};

/* What config check found, item by item. */
struct outcome {
	cJSON *items; /* [{item, ok, detail}] */
	bool ok;
	bool json;
	bool colour;
};

/* Records and (unless --json) prints one item. */
static void item(struct outcome *o, bool ok, const char *what, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));
static void
item(struct outcome *o, bool ok, const char *what, const char *fmt, ...)
{
	char detail[2048];
	cJSON *it;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	if (!ok)
		o->ok = false;
	if ((it = cJSON_CreateObject()) == NULL ||
	    !cJSON_AddStringToObject(it, "item", what) ||
	    !cJSON_AddBoolToObject(it, "ok", ok) ||
	    !cJSON_AddStringToObject(it, "detail", detail) ||
	    !cJSON_AddItemToArray(o->items, it)) {
		fputs("portcullis: out of memory\n", stderr);
		exit(2);
	}
	if (o->json)
		return;
	printf("%s%-4s%s %s: %s\n",
	    o->colour ? (ok ? "\033[32m" : "\033[31m") : "", ok ? "ok" : "FAIL",
	    o->colour ? "\033[0m" : "", what, detail);
}

/* The portcullis user when it exists and its unit is installed, else the
 * invoking user. */
static int
find_scan_user(struct scan_user *u)
{
	const struct passwd *pw;
	size_t i;

	for (i = 0; i < sizeof(unit_paths) / sizeof(unit_paths[0]); i++)
		if (access(unit_paths[i], F_OK) == 0 &&
		    (pw = getpwnam(SERVICE_USER)) != NULL) {
			snprintf(u->name, sizeof(u->name), "%s", pw->pw_name);
			u->uid = pw->pw_uid;
			u->gid = pw->pw_gid;
			u->service = true;
			return 0;
		}
	u->uid = getuid();
	u->gid = getgid();
	u->service = false;
	if ((pw = getpwuid(u->uid)) != NULL)
		snprintf(u->name, sizeof(u->name), "%s", pw->pw_name);
	else
		snprintf(u->name, sizeof(u->name), "uid %u", (unsigned)u->uid);
	return 0;
}

/* Can the current user read path (a folder: list and enter it)? */
static int
readable(const char *path)
{
	if (access(path, R_OK) != 0)
		return pc_error_set(
		    PC_EPERM, "cannot read %s: %s", path, strerror(errno));
	return 0;
}

/*
 * Runs test(path) as u: directly when that is this process's user, else
 * (as root) in a child that takes u's identity. The message of a failure
 * is copied into msg.
 */
static int
as_user(const struct scan_user *u, int (*test)(const char *), const char *path,
    char *msg, size_t len)
{
	int pfd[2], status, r;
	ssize_t n;
	pid_t pid;

	msg[0] = '\0';
	if (u->uid == geteuid()) {
		if ((r = test(path)) != 0)
			snprintf(msg, len, "%s", pc_error_get());
		return r;
	}
	if (geteuid() != 0) {
		snprintf(msg, len,
		    "cannot check as the %s user without root; run portcullis config check with sudo",
		    u->name);
		return PC_EPERM;
	}
	if (pipe(pfd) != 0 || (pid = fork()) < 0) {
		snprintf(
		    msg, len, "cannot start a process: %s", strerror(errno));
		return PC_EIO;
	}
	if (pid == 0) {
		close(pfd[0]);
		if (initgroups(u->name, u->gid) != 0 || setgid(u->gid) != 0 ||
		    setuid(u->uid) != 0) {
			dprintf(pfd[1], "cannot become the %s user: %s",
			    u->name, strerror(errno));
			_exit(1);
		}
		r = test(path);
		if (r != 0)
			dprintf(pfd[1], "%s", pc_error_get());
		_exit(r != 0);
	}
	close(pfd[1]);
	n = read(pfd[0], msg, len - 1);
	msg[n > 0 ? n : 0] = '\0';
	close(pfd[0]);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		if (!msg[0])
			snprintf(msg, len, "the check as %s failed", u->name);
		return PC_EPERM;
	}
	return 0;
}

/* Is path already among the n in seen? */
static bool
listed(char **seen, size_t n, const char *path)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(seen[i], path) == 0)
			return true;
	return false;
}

/* One secret file, checked as the scan user. */
static void
check_secret(struct outcome *o, const struct scan_user *u, const char *path)
{
	char msg[1024], what[1200];

	snprintf(what, sizeof(what), "secret %s", path);
	if (as_user(u, pc_secret_check, path, msg, sizeof(msg)) == 0)
		item(o, true, what, "owned by %s, no group or other access",
		    u->name);
	else if (u->service && geteuid() == 0 && pc_secret_check(path) == 0)
		item(o, true, what,
		    "root's only; the drop-in's LoadCredential= passes it to the service");
	else
		item(o, false, what, "%s", msg);
}

/* Every secret file a check declares, and the signing key: as u. */
static void
check_secrets(
    struct outcome *o, const struct scan_user *u, const struct pc_config *cfg)
{
	char *seen[4 * PC_NEEDS_MAX];
	size_t nseen = 0, i, k, p;

	for (i = 0; pc_checks[i] != NULL; i++) {
		const struct check *c = pc_checks[i];

		for (p = 0; p == 0 || (c->parts && c->parts[p].id); p++) {
			struct pc_needs n = { 0 };
			int (*needs)(
			    const struct pc_config *, struct pc_needs *) =
			    c->parts ? c->parts[p].needs : c->needs;

			if (needs(cfg, &n) != 0)
				item(o, false, c->id, "%s", pc_error_get());
			else if (!n.not_applicable)
				for (k = 0; k < n.nsecret_files; k++)
					if (nseen <
						sizeof(seen) / sizeof(*seen) &&
					    !listed(seen, nseen,
						n.secret_files[k]) &&
					    (seen[nseen] = strdup(
						 n.secret_files[k])) != NULL)
						check_secret(
						    o, u, seen[nseen++]);
			pc_needs_free(&n);
			if (!c->parts)
				break;
		}
	}
	if (cfg->report.signing_key &&
	    !listed(seen, nseen, cfg->report.signing_key))
		check_secret(o, u, cfg->report.signing_key);
	for (i = 0; i < nseen; i++)
		free(seen[i]);
}

/* Each local content source, readable by u. */
static void
check_sources(
    struct outcome *o, const struct scan_user *u, const struct pc_config *cfg)
{
	char msg[1024], what[1200];
	size_t i;

	for (i = 0; i < cfg->nsources; i++) {
		const struct pc_source *s = &cfg->sources[i];

		if (s->path == NULL)
			continue;
		snprintf(what, sizeof(what), "source %s (%s:%d)", s->path,
		    cfg->path, s->line);
		if (as_user(u, readable, s->path, msg, sizeof(msg)) == 0)
			item(o, true, what, "readable by %s", u->name);
		else if (s->optional)
			item(o, true, what,
			    "optional, and not readable by %s now: %s", u->name,
			    msg);
		else
			item(o, false, what, "%s", msg);
	}
}

/* Is the regular file at path owned by root or u, with no group or other
 * access (what systemd's LoadCredential= may read for the service)? */
static bool
credential_ok(const char *path, const struct scan_user *u)
{
	struct stat st;

	return lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (st.st_uid == 0 || st.st_uid == u->uid) && (st.st_mode & 077) == 0;
}

/* Copies the secrets a probe's needs declare into dir. */
static void
stage_needs(const char *dir, const struct pc_config *cfg,
    const struct scan_user *u,
    int (*needs)(const struct pc_config *, struct pc_needs *))
{
	char dst[PATH_MAX];
	struct pc_buf bytes;
	struct pc_needs n = { 0 };
	size_t k;

	/* a part or check without needs() stages nothing (not a crash) */
	if (needs == NULL || needs(cfg, &n) != 0)
		goto out;
	for (k = 0; k < n.nsecret_files; k++) {
		const char *path = n.secret_files[k];
		const char *base = strrchr(path, '/');

		if (!credential_ok(path, u))
			continue;
		if (pc_file_read(&bytes, path, 1 << 20) != 0) {
			pc_buf_free(&bytes);
			continue;
		}
		snprintf(
		    dst, sizeof(dst), "%s/%s", dir, base ? base + 1 : path);
		(void)pc_file_write_atomic(dst, bytes.data, bytes.len, 0600);
		OPENSSL_cleanse(bytes.data, bytes.len);
		pc_buf_free(&bytes);
	}
out:
	pc_needs_free(&n);
}

/*
 * Under the installed service the scan reads its secrets as systemd
 * credentials (LoadCredential=: systemd, as root, copies each file into a
 * folder private to the service). Does the same for the probe: copies each
 * secret a check declares into a new private folder under /run and points
 * $CREDENTIALS_DIRECTORY at it (pc_secret_read reads from there). Returns
 * 0 with dir set, or -1 (dir empty) when there is nothing to stage.
 */
static int
stage_credentials(char *dir, size_t len, const struct pc_config *cfg,
    const struct scan_user *u)
{
	size_t i;

	dir[0] = '\0';
	if (!u->service || geteuid() != 0)
		return -1;
	snprintf(dir, len, "%s/portcullis-check-XXXXXX",
	    access("/run", W_OK) == 0 ? "/run" : "/tmp");
	if (mkdtemp(dir) == NULL) {
		dir[0] = '\0';
		return -1;
	}
	/* a check with parts probes with its first part's needs */
	for (i = 0; pc_checks[i] != NULL; i++)
		if (pc_checks[i]->probe != NULL)
			stage_needs(dir, cfg, u,
			    pc_checks[i]->parts ? pc_checks[i]->parts[0].needs
						: pc_checks[i]->needs);
	setenv("CREDENTIALS_DIRECTORY", dir, 1);
	return 0;
}

/* Removes the staged credentials. */
static void
unstage_credentials(const char *dir)
{
	char **names = NULL, path[PATH_MAX];
	size_t n = 0, i;

	if (!dir[0])
		return;
	unsetenv("CREDENTIALS_DIRECTORY");
	if (pc_dir_names(&names, &n, dir, NULL, 4096) == 0)
		for (i = 0; i < n; i++) {
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
			unlink(path);
		}
	pc_dir_names_free(names, n);
	rmdir(dir);
}

/* Runs each check's probe in its sandboxed child and reports each step. */
static void
check_providers(struct outcome *o, const struct pc_config *cfg,
    const struct pc_policy *policy, const struct scan_user *u)
{
	struct pc_run_opts opts = { .probe = true };
	char creds[PATH_MAX];
	struct pc_report *report = NULL;
	char what[128];
	size_t i, k, failed;

	opts.now = (long long)time(NULL);
	stage_credentials(creds, sizeof(creds), cfg, u);
	if ((report = pc_report_new()) == NULL ||
	    pc_runner_run(report, pc_checks, cfg, policy, &opts) != 0) {
		item(o, false, "providers", "%s", pc_error_get());
		goto out;
	}
	for (i = 0; i < report->nchecks; i++) {
		const struct pc_report_check *c = &report->checks[i];

		if (c->status == PC_STATUS_SKIPPED ||
		    c->status == PC_STATUS_NOT_APPLICABLE)
			continue;
		for (k = 0, failed = 0; k < c->ncounts; k++) {
			const char *line = c->counts[k];
			const char *okay = strstr(line, ": ok: ");
			const char *bad = strstr(line, ": failed: ");
			const char *at = okay ? okay : bad;

			if (at == NULL)
				continue;
			snprintf(what, sizeof(what), "%s %.*s", c->id,
			    (int)(at - line), line);
			if (okay)
				item(o, true, what, "%s", okay + 6);
			else
				item(o, false, what, "%s", bad + 10), failed++;
		}
		if (c->status == PC_STATUS_ERROR && failed == 0)
			item(o, false, c->id, "%s",
			    c->reason ? c->reason : "error");
	}
out:
	unstage_credentials(creds);
	pc_report_free(report);
}

/* report.accepted_file (loaded and checked with the config): how many
 * entries, the first review date, and how many have expired already. */
static void
accepted_item(struct outcome *o, const struct pc_accepted *a)
{
	char today[11], first[11] = "";
	size_t i, expired = 0;

	pc_date_format(today, pc_date_of_time((long long)time(NULL)));
	for (i = 0; i < a->n; i++) {
		if (strcmp(a->v[i].expires, today) < 0)
			expired++;
		else if (first[0] == '\0' || strcmp(a->v[i].expires, first) < 0)
			snprintf(first, sizeof(first), "%s", a->v[i].expires);
	}
	item(o, true, "accepted risks",
	    "%s: %zu entr%s valid%s%s; %zu expired (they no longer apply)",
	    a->path, a->n, a->n == 1 ? "y" : "ies",
	    first[0] ? "; the first to review by " : "", first, expired);
}

/* The checks after the config has loaded; returns the drop-in text. */
static void
check_loaded(
    struct outcome *o, const struct pc_config *cfg, struct pc_buf *dropin)
{
	struct pc_policy *policy = NULL;
	struct scan_user u;
	size_t i;

	for (i = 0; i < cfg->nplaceholders; i++) {
		char what[160];

		snprintf(what, sizeof(what), "%s:%d: %s", cfg->path,
		    cfg->placeholders[i].line, cfg->placeholders[i].key);
		item(o, false, what,
		    "still the starter config's placeholder (%s); fill in the office's own value",
		    cfg->placeholders[i].mark);
	}
	if (pc_policy_load(&policy,
		cfg->policy ? cfg->policy : pc_policy_default_path()) != 0)
		item(o, false, "policy", "%s%s%d: policy: %s",
		    cfg->policy_line ? cfg->path : "",
		    cfg->policy_line ? ":" : "", cfg->policy_line,
		    pc_error_get());
	else
		item(o, true, "policy", "%s loads",
		    cfg->policy ? cfg->policy : pc_policy_default_path());
	if (cfg->accepted)
		accepted_item(o, cfg->accepted);
	find_scan_user(&u);
	item(o, true, "scan user", "%s (%s)", u.name,
	    u.service
		? "the installed portcullis.service runs as it"
		: "no installed portcullis.service: the scan runs as you");
	check_secrets(o, &u, cfg);
	check_sources(o, &u, cfg);
	if (policy != NULL)
		check_providers(o, cfg, policy, &u);
	if (pc_dropin_text(dropin, cfg) != 0)
		item(o, false, "systemd drop-in", "%s", pc_error_get());
	pc_policy_free(policy);
}

/* Prints the --json object; 0 or 2. */
static int
print_json(struct outcome *o, const char *user, const struct pc_buf *dropin)
{
	cJSON *top = cJSON_CreateObject();
	char *text = NULL;
	int rc = 2;

	if (top && cJSON_AddBoolToObject(top, "ok", o->ok) &&
	    (user == NULL || cJSON_AddStringToObject(top, "user", user)) &&
	    cJSON_AddItemReferenceToObject(top, "items", o->items) &&
	    (dropin->len == 0 ||
		cJSON_AddStringToObject(top, "dropin", dropin->data)) &&
	    (text = cJSON_PrintUnformatted(top)) != NULL) {
		puts(text);
		rc = o->ok ? 0 : 2;
	}
	cJSON_free(text);
	cJSON_Delete(top);
	return rc;
}

/* Entry point for portcullis config check. */
int
pc_cmd_config(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = PC_CONFIG_DEFAULT_PATH;
	struct outcome o = { .ok = true };
	struct pc_config *cfg = NULL;
	struct pc_buf dropin;
	struct scan_user u;
	int c, rc = 2;

	pc_buf_init(&dropin, 1 << 20);
	if (argc > 1 &&
	    (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		pc_help_print(stdout, "config check");
		return 0;
	}
	if (argc < 2 || strcmp(argv[1], "check") != 0) {
		fprintf(stderr,
		    "portcullis: config: expected \"check\"; run portcullis config --help\n");
		return 2;
	}
	argc--, argv++;
	optind = 1;
	while ((c = getopt_long(argc, argv, "c:jh", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': path = optarg; break;
		case 'j': o.json = true; break;
		case 'h': pc_help_print(stdout, "config check"); return 0;
		default:
			fprintf(stderr,
			    "portcullis: config check: unknown option \"%s\"; run portcullis config --help\n",
			    argv[optind - 1]);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr,
		    "portcullis: config check: unexpected argument \"%s\"; run portcullis config --help\n",
		    argv[optind]);
		return 2;
	}
	if ((o.items = cJSON_CreateArray()) == NULL)
		return 2;
	o.colour = !o.json && isatty(STDOUT_FILENO);
	if (pc_config_load(&cfg, path, &pc_registry) != 0)
		item(&o, false, "config", "%s", pc_error_get());
	else {
		item(&o, true, "config", "%s: every key known and valid", path);
		check_loaded(&o, cfg, &dropin);
	}
	find_scan_user(&u);
	if (o.json)
		rc = print_json(&o, u.name, &dropin);
	else {
		if (dropin.len > 0)
			printf(
			    "\nThe systemd drop-in this config needs (install it as %s):\n\n%s",
			    PC_DROPIN_PATH, dropin.data);
		rc = o.ok ? 0 : 2;
	}
	pc_buf_free(&dropin);
	pc_config_free(cfg);
	cJSON_Delete(o.items);
	return rc;
}
