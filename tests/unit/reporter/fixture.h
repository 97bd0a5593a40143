/*
 * Helpers shared by the reporter tests: temp folders, reports built with the
 * report model (reporter/report.h), office keys, signed report folders
 * written the way scan writes them, and running a program (openssl) with
 * fork/exec.
 */
#ifndef PC_TEST_REPORTER_FIXTURE_H
#define PC_TEST_REPORTER_FIXTURE_H

#include <criterion/criterion.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "agent/lib/buf.h"
#include "agent/config.h"
#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "agent/policy.h"
#include "agent/cli/scan_report.h"
#include "agent/report.h"
#include "reporter/sign.h"

#define FX_OFFICE "exampleshire-north"
/* 2026-10-01T09:00:00Z and 2026-11-02T09:00:00Z: a month apart. */
#define FX_OCT 1790845200LL
#define FX_NOV 1793610000LL
#define FX_DEC 1796288400LL /* 2026-12-03T09:00:00Z */

/* Removes one path for nftw. */
static inline int
fx_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Removes a folder tree. */
static inline void
fx_rmrf(const char *dir)
{
	if (dir)
		nftw(dir, fx_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* A new temp folder; caller frees the string (and removes it). */
static inline char *
fx_tmpdir(void)
{
	char t[] = "/tmp/pc-reporter-XXXXXX";

	cr_assert_not_null(mkdtemp(t));
	return strdup(t);
}

/* Joins a and b with a slash into a static-size buffer. */
static inline void
fx_path(char *out, size_t len, const char *a, const char *b)
{
	cr_assert_lt(snprintf(out, len, "%s/%s", a, b), (int)len);
}

/* Reads a whole file (cap 64 MiB); caller frees with pc_buf_free. */
static inline struct pc_buf
fx_read(const char *path)
{
	struct pc_buf b;

	cr_assert_eq(pc_file_read(&b, path, 64u << 20), 0, "%s",
	    pc_error_get());
	return b;
}

/* Reads a whole file as a malloc'd C string. */
static inline char *
fx_slurp(const char *path)
{
	struct pc_buf b = fx_read(path);
	char *s = strdup(b.data ? b.data : "");

	pc_buf_free(&b);
	return s;
}

/* Replaces a file's contents (mode 0644). */
static inline void
fx_write(const char *path, const void *data, size_t len)
{
	int fd;

	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	cr_assert_geq(fd, 0, "cannot write %s", path);
	cr_assert_eq(pc_write_all(fd, data, len), 0);
	close(fd);
}

/* Runs argv[0] with argv (no shell), stdout and stderr to /dev/null;
 * returns its exit status, or -1 if it did not exit normally. */
static inline int
fx_run(char *const argv[])
{
	pid_t pid;
	int st, fd;

	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		fd = open("/dev/null", O_WRONLY);
		dup2(fd, 1);
		dup2(fd, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Adds a check result to r. */
static inline void
fx_check(struct pc_report *r, const char *id, enum pc_status st)
{
	struct pc_report_check c = { .id = (char *)id, .title = (char *)id,
		.status = st, .mandatory = true, .sandboxed = true,
		.duration_seconds = 1.5 };

	cr_assert_eq(pc_report_add_check(r, &c), 0);
}

/*
 * Adds a finding as the runner would (fingerprint id, first seen = the
 * report's start, due = start + days) and counts it on its check (the
 * check must have been added, with status fail).
 */
static inline struct pc_report_finding *
fx_finding(struct pc_report *r, const char *check, const char *rule,
    const char *subject, enum pc_severity sev, const char *route,
    const char *owner, const char *title)
{
	static const long days[] = { 90, 90, 30, 7, 1 };
	struct pc_report_finding f = { 0 };
	char id[33];
	long long start;
	size_t i;

	{
		struct tm tm = { 0 };

		cr_assert_not_null(strptime(r->started_at,
		    "%Y-%m-%dT%H:%M:%SZ", &tm));
		start = (long long)timegm(&tm);
	}
	pc_report_fingerprint(id, check, rule, subject);
	f.id = id;
	f.check = (char *)check;
	f.rule = (char *)rule;
	f.subject = (char *)subject;
	f.title = (char *)title;
	f.evidence = "masked ** ** preview";
	f.remediation = "Fix it the plain English way.";
	f.confirm = "Run portcullis scan again; the finding is gone.";
	f.escalate_to = (char *)route;
	f.owner = (char *)owner;
	f.severity = sev;
	pc_time_iso(f.first_seen, start);
	pc_time_iso(f.due, start + days[sev] * 86400LL);
	cr_assert_eq(pc_report_add_finding(r, &f), 0);
	for (i = 0; i < r->nchecks; i++)
		if (strcmp(r->checks[i].id, check) == 0)
			r->checks[i].nfindings++;
	return &r->findings[r->nfindings - 1];
}

/* Fills the report header fields scan's prepare would (for reports that
 * are rendered or chained without a config). */
static inline struct pc_report *
fx_report(long long start)
{
	struct pc_report *r = pc_report_new();

	cr_assert_not_null(r);
	r->office_id = strdup(FX_OFFICE);
	r->office_name = strdup("Exampleshire North constituency office");
	r->digital_lead = strdup("Sam Example");
	r->agent_version = strdup("0.1.0");
	r->host = strdup("office-pc");
	r->policy_id = strdup("baseline");
	/* A one-file manifest, and the policy's hash over it. */
	r->policy_files = calloc(1, sizeof(*r->policy_files));
	cr_assert_not_null(r->policy_files);
	r->policy_files[0].path = strdup("baseline.yaml");
	snprintf(r->policy_files[0].sha256, 65, "%s",
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	r->npolicy_files = 1;
	r->policy_sha256 = calloc(1, 65);
	cr_assert_not_null(r->policy_sha256);
	pc_sha256_manifest(r->policy_sha256, r->policy_files, 1);
	r->policy_version = 1;
	r->fail_on = PC_SEV_HIGH;
	pc_time_iso(r->started_at, start);
	pc_time_iso(r->finished_at, start + 60);
	return r;
}

/* The demo month: five checks, four findings on three routes. */
static inline void
fx_fill_demo(struct pc_report *r)
{
	fx_check(r, "mfa", PC_STATUS_FAIL);
	fx_check(r, "patch", PC_STATUS_FAIL);
	fx_check(r, "email", PC_STATUS_PASS);
	fx_check(r, "exposure", PC_STATUS_FAIL);
	fx_check(r, "threats", PC_STATUS_PASS);
	fx_finding(r, "mfa", "admin_no_2fa", "microsoft365:sam.example",
	    PC_SEV_HIGH, "office_fixes", "Sam Example",
	    "Administrator account without two-factor sign-in");
	fx_finding(r, "mfa", "member_no_2fa", "google:alex.caseworker",
	    PC_SEV_MEDIUM, "office_fixes", "Alex Caseworker",
	    "Account without two-factor sign-in");
	fx_finding(r, "patch", "security_update", "package:openssl",
	    PC_SEV_HIGH, "office_fixes", NULL,
	    "Security update waiting to be installed");
	fx_finding(r, "exposure", "uk_nino", "casework/letters.txt:12",
	    PC_SEV_HIGH, "data_protection", "Alex Caseworker",
	    "National Insurance number in an office file");
}

/* The config scan would load, with only what the report writer reads. */
static inline struct pc_config
fx_config(const char *key_path)
{
	struct pc_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.path = "test-portcullis.yaml";
	cfg.office.id = FX_OFFICE;
	cfg.office.name = "Exampleshire North constituency office";
	cfg.office.digital_lead = "Sam Example";
	cfg.report.signing_key = (char *)key_path;
	cfg.report.fail_on = "high";
	return cfg;
}

/* Makes an office key pair in dir (office.key, office.pub). */
static inline void
fx_keygen(const char *dir, char key_id[PC_SIGN_KEY_ID_LEN + 1])
{
	char id[PC_SIGN_KEY_ID_LEN + 1];

	cr_assert_eq(pc_sign_keygen(dir, key_id ? key_id : id), 0, "%s",
	    pc_error_get());
}

/*
 * Writes a signed report folder under out_dir/<office>/ exactly as scan
 * does (prepare, history, sign, render, all-or-nothing write), with
 * fill() adding checks and findings. Returns scan's code; the folder's
 * path goes to dir_out.
 */
static inline int
fx_scan(char *dir_out, size_t dir_len, const char *out_dir,
    const char *key_path, long long now, void (*fill)(struct pc_report *))
{
	struct pc_config cfg = fx_config(key_path);
	struct pc_policy *policy = NULL;
	struct pc_report *r;
	int rc;

	cr_assert_eq(pc_policy_load(&policy, "policies/baseline.yaml"), 0,
	    "%s", pc_error_get());
	r = pc_report_new();
	cr_assert_not_null(r);
	rc = pc_scan_report_prepare(r, &cfg, policy, out_dir, &now, false);
	if (rc == 0) {
		fill(r);
		pc_time_iso(r->finished_at, now + 60);
		rc = pc_scan_report_write(r, &cfg, policy, out_dir, dir_out,
		    dir_len);
	}
	pc_report_free(r);
	pc_policy_free(policy);
	return rc;
}

/* Signs bytes with the office key at key_path into dir/report.json.sig,
 * after writing them as dir/report.json (a report re-signed by its own
 * office after an edit: the signature is good, the content is not). */
static inline void
fx_resign(const char *dir, const char *key_path, const char *json,
    size_t len)
{
	unsigned char sig[PC_SIGN_SIG_LEN];
	char path[4096];
	EVP_PKEY *key = NULL;

	cr_assert_eq(pc_sign_load_private(&key, key_path), 0, "%s",
	    pc_error_get());
	cr_assert_eq(pc_sign_data(sig, key, json, len), 0);
	EVP_PKEY_free(key);
	fx_path(path, sizeof(path), dir, "report.json");
	fx_write(path, json, len);
	fx_path(path, sizeof(path), dir, "report.json.sig");
	fx_write(path, sig, sizeof(sig));
}

/* Replaces the first occurrence of from with to in s (same or shorter
 * result fits; the string is reallocated). */
static inline char *
fx_replace(char *s, const char *from, const char *to)
{
	char *at = strstr(s, from), *out;
	size_t n;

	cr_assert_not_null(at, "\"%s\" not found", from);
	n = strlen(s) - strlen(from) + strlen(to) + 1;
	out = malloc(n);
	cr_assert_not_null(out);
	snprintf(out, n, "%.*s%s%s", (int)(at - s), s, to, at + strlen(from));
	free(s);
	return out;
}

/* Position of needle in hay, or -1; asserts it is there when must. */
static inline long
fx_pos(const char *hay, const char *needle)
{
	const char *p = strstr(hay, needle);

	cr_assert_not_null(p, "\"%s\" is missing from the output", needle);
	return (long)(p - hay);
}

#endif
