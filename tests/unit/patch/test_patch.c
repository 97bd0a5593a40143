/* The patch check's run logic on fixture roots: which findings, counts and
 * errors each machine produces (the sandboxed runner path is tested by
 * the runner's own tests). */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "agent/check_ctx.h"
#include "agent/lib/err.h"
#include "checks/patch/kernel.h"
#include "checks/patch/patch.h"
#include "checks/patch/settings.h"

#define DAY 86400LL
/* 2026-11-23 00:00 UTC */
#define NOW 1795392000LL
#define MAX_LINES 256

/* What one scan sent to the parent. */
struct outcome {
	int ret;
	char *msg;
	cJSON *lines[MAX_LINES];
	size_t nlines;
};

/* Sets the mtime of every Release file in a fixture's lists folder. */
static void
age_lists(const char *root, long long t)
{
	static const char *const names[] = {
		"deb.debian.org_debian_dists_trixie_InRelease",
		"deb.debian.org_debian-security_dists_trixie-security_InRelease",
		"deb.debian.org_debian_dists_bookworm_InRelease",
		"deb.debian.org_debian-security_dists_bookworm-security_"
		"InRelease",
		"deb.debian.org_debian-security_dists_buster_updates_InRelease",
	};
	static const char *const stamps[] = {
		"upgrade-stamp", "unattended-upgrades-stamp",
	};
	struct timespec ts[2] = { { (time_t)t, 0 }, { (time_t)t, 0 } };
	char path[512];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/var/lib/apt/lists/%s", root,
		    names[i]);
		(void)utimensat(AT_FDCWD, path, ts, 0);
	}
	for (i = 0; i < sizeof(stamps) / sizeof(stamps[0]); i++) {
		snprintf(path, sizeof(path), "%s/var/lib/apt/periodic/%s", root,
		    stamps[i]);
		(void)utimensat(AT_FDCWD, path, ts, 0);
	}
}

/* Runs the scan on root and collects every protocol line. */
static void
run_scan(struct outcome *out, const char *root, long long now)
{
	struct pc_patch_opts o = { .root = root,
		.eol_path = "policies/eol.yaml", .now = now,
		.max_list_age_days = PC_PATCH_MAX_LIST_AGE_DAYS };
	struct pc_check_ctx ctx = { .now = now };
	char line[PC_PROTO_MAX_LINE];
	FILE *f = tmpfile();

	cr_assert_not_null(f);
	memset(out, 0, sizeof(*out));
	ctx.fd = fileno(f);
	pc_error_clear();
	out->ret = pc_patch_scan(&ctx, &o);
	out->msg = strdup(out->ret ? pc_error_get() : "");
	rewind(f);
	while (fgets(line, sizeof(line), f) != NULL && out->nlines < MAX_LINES)
		cr_assert_not_null(out->lines[out->nlines++] =
		    cJSON_Parse(line), "%s", line);
	fclose(f);
}

/* Frees an outcome. */
static void
outcome_free(struct outcome *out)
{
	size_t i;

	for (i = 0; i < out->nlines; i++)
		cJSON_Delete(out->lines[i]);
	free(out->msg);
}

/* A string member of a line, or "". */
static const char *
str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? v->valuestring : "";
}

/* Lines of type t (and rule, for findings). */
static size_t
count(const struct outcome *out, const char *t, const char *rule)
{
	size_t i, n = 0;

	for (i = 0; i < out->nlines; i++)
		if (strcmp(str(out->lines[i], "t"), t) == 0 &&
		    (rule == NULL || strcmp(str(out->lines[i], "rule"), rule) ==
		    0))
			n++;
	return n;
}

/* The finding with rule and subject, or NULL. */
static const cJSON *
finding(const struct outcome *out, const char *rule, const char *subject)
{
	size_t i;

	for (i = 0; i < out->nlines; i++)
		if (strcmp(str(out->lines[i], "t"), "finding") == 0 &&
		    strcmp(str(out->lines[i], "rule"), rule) == 0 &&
		    (subject == NULL ||
		    strcmp(str(out->lines[i], "subject"), subject) == 0))
			return out->lines[i];
	return NULL;
}

/* Whether some line of type t has key containing text. */
static int
has_text(const struct outcome *out, const char *t, const char *key,
    const char *text)
{
	size_t i;

	for (i = 0; i < out->nlines; i++)
		if (strcmp(str(out->lines[i], "t"), t) == 0 &&
		    strstr(str(out->lines[i], key), text) != NULL)
			return 1;
	return 0;
}

Test(patch, run_uptodate_machine_passes)
{
	struct outcome out;

	age_lists("tests/data/patch/uptodate", NOW - DAY);
	run_scan(&out, "tests/data/patch/uptodate", NOW);
	cr_expect_eq(out.ret, 0, "%s", out.msg);
	cr_expect_eq(count(&out, "finding", NULL), 0);
	cr_expect_eq(count(&out, "incomplete", NULL), 0);
	cr_expect(has_text(&out, "count", "text",
	    "7 packages installed, 0 with security updates"));
	cr_expect(has_text(&out, "count", "text", "Debian 13 (trixie): "
	    "regular security support until 2028-08-09"));
	outcome_free(&out);
}

Test(patch, run_pending_machine)
{
	const cJSON *f;
	struct outcome out;

	age_lists("tests/data/patch/pending", NOW - 30 * DAY);
	run_scan(&out, "tests/data/patch/pending", NOW);
	cr_expect_eq(out.ret, 0, "%s", out.msg);
	cr_expect_eq(count(&out, "finding", "security_update"), 5);
	f = finding(&out, "security_update", "openssl");
	cr_assert_not_null(f);
	cr_expect_str_eq(str(f, "title"), "Security update for openssl: "
	    "3.0.15-1~deb12u1 -> 3.0.17-1~deb12u2");
	cr_expect_str_eq(str(f, "evidence"), "installed 3.0.15-1~deb12u1, "
	    "fixed in 3.0.17-1~deb12u2 (suite bookworm-security)");
	cr_expect_str_eq(str(f, "remediation"), "sudo apt-get update && sudo "
	    "apt-get install --only-upgrade openssl");
	cr_expect_not_null(finding(&out, "security_update", "libcurl4"));
	cr_expect_not_null(finding(&out, "security_update",
	    "linux-image-amd64"));
	cr_expect_null(finding(&out, "security_update", "bash"));
	f = finding(&out, "reboot_required", "this computer");
	cr_assert_not_null(f);
	cr_expect(strstr(str(f, "evidence"), "for linux-image-6.1.0-25-amd64, "
	    "libssl3") != NULL, "%s", str(f, "evidence"));
	/* proc/sys/kernel/osrelease in the fixture: an older kernel runs. */
	cr_expect(strstr(str(f, "evidence"), "; the running kernel "
	    "6.1.0-23-amd64 is older than the installed kernel "
	    "6.1.0-25-amd64") != NULL, "%s", str(f, "evidence"));
	f = finding(&out, "auto_updates_off", NULL);
	cr_assert_not_null(f);
	cr_expect(strstr(str(f, "evidence"), "unattended-upgrades package is "
	    "not installed") != NULL, "%s", str(f, "evidence"));
	cr_expect(strstr(str(f, "evidence"), "Unattended-Upgrade is \"0\"") !=
	    NULL, "%s", str(f, "evidence"));
	f = finding(&out, "package_lists_stale", NULL);
	cr_assert_not_null(f);
	cr_expect(strstr(str(f, "evidence"), "30 days ago") != NULL, "%s",
	    str(f, "evidence"));
	cr_expect_not_null(finding(&out, "os_lts_only",
	    "Debian 12 (bookworm)"));
	cr_expect(has_text(&out, "count", "text",
	    "9 packages installed, 5 with security updates"));
	outcome_free(&out);
}

Test(patch, run_fresh_lists_not_stale)
{
	struct outcome out;

	age_lists("tests/data/patch/pending", NOW - 6 * DAY);
	run_scan(&out, "tests/data/patch/pending", NOW);
	cr_expect_eq(count(&out, "finding", "package_lists_stale"), 0);
	outcome_free(&out);
}

Test(patch, run_expired_lists_are_stale)
{
	const cJSON *f;
	struct outcome out;

	/* Downloaded yesterday, but the security Release file's Valid-Until
	 * (2026-11-23 18:00) has passed: stale whatever the age. */
	age_lists("tests/data/patch/pending", NOW + DAY);
	run_scan(&out, "tests/data/patch/pending", NOW + 2 * DAY);
	f = finding(&out, "package_lists_stale", NULL);
	cr_assert_not_null(f);
	cr_expect_str_eq(str(f, "title"), "The list of available updates has "
	    "expired");
	cr_expect(strstr(str(f, "evidence"), "the bookworm-security lists "
	    "expired on 2026-11-23") != NULL, "%s", str(f, "evidence"));
	outcome_free(&out);
	/* The same lists the day before Valid-Until are fine. */
	age_lists("tests/data/patch/pending", NOW - DAY);
	run_scan(&out, "tests/data/patch/pending", NOW);
	cr_expect_null(finding(&out, "package_lists_stale", NULL));
	outcome_free(&out);
}

Test(patch, run_debian10_end_of_life)
{
	const cJSON *f;
	struct outcome out;

	age_lists("tests/data/patch/eol-debian10", NOW - DAY);
	run_scan(&out, "tests/data/patch/eol-debian10", NOW);
	cr_expect_eq(out.ret, 0, "%s", out.msg);
	cr_expect_eq(count(&out, "finding", NULL), 1);
	f = finding(&out, "os_end_of_life", "Debian 10 (buster)");
	cr_assert_not_null(f);
	cr_expect_str_eq(str(f, "title"), "Debian 10 (buster) no longer gets "
	    "security updates");
	cr_expect_str_eq(str(f, "evidence"), "regular security support ended "
	    "2022-09-10; Debian LTS ended 2024-06-30");
	outcome_free(&out);
}

Test(patch, run_eol_soon_and_lts)
{
	struct outcome out;

	/* Debian 10 two months before its LTS ended. */
	age_lists("tests/data/patch/eol-debian10", 1714521600LL - DAY);
	run_scan(&out, "tests/data/patch/eol-debian10", 1714521600LL);
	cr_expect_not_null(finding(&out, "os_end_of_life_soon", NULL));
	outcome_free(&out);
	/* A year before: only LTS left. */
	age_lists("tests/data/patch/eol-debian10", 1688169600LL - DAY);
	run_scan(&out, "tests/data/patch/eol-debian10", 1688169600LL);
	cr_expect_not_null(finding(&out, "os_lts_only", NULL));
	outcome_free(&out);
	age_lists("tests/data/patch/eol-debian10", NOW - DAY);
}

Test(patch, run_truncated_status_is_error)
{
	struct outcome out;

	run_scan(&out, "tests/data/patch/truncated", NOW);
	cr_expect_eq(out.ret, PC_EPARSE);
	cr_expect(strstr(out.msg, "truncated/var/lib/dpkg/status:") != NULL,
	    "%s", out.msg);
	cr_expect(strstr(out.msg, "truncated.") != NULL, "%s", out.msg);
	cr_expect(has_text(&out, "incomplete", "reason", "dpkg/status:"));
	/* No "all clear" on updates: that part did not run. */
	cr_expect_eq(count(&out, "count", NULL), 0);
	outcome_free(&out);
}

/* Removes one entry (for nftw). */
static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

/* Creates dir/rel's parent folders and writes len bytes of data. */
static void
write_in(const char *dir, const char *rel, const char *data, size_t len)
{
	char path[512], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	for (slash = strchr(path + strlen(dir) + 1, '/'); slash != NULL;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		(void)mkdir(path, 0700);
		*slash = '/';
	}
	cr_assert_not_null(f = fopen(path, "w"));
	cr_assert_eq(fwrite(data, 1, len, f), len);
	fclose(f);
}

Test(patch, run_megabyte_line_is_error)
{
	char root[] = "/tmp/pc-patch-XXXXXX";
	size_t n = 1u << 20, head;
	struct outcome out;
	char *text;

	cr_assert_not_null(mkdtemp(root));
	text = malloc(n + 256);
	head = (size_t)snprintf(text, 256, "Package: a\nStatus: install ok "
	    "installed\nVersion: 1\nDescription: ");
	memset(text + head, 'y', n);
	memcpy(text + head + n, "\n\n", 2);
	write_in(root, "var/lib/dpkg/status", text, head + n + 2);
	free(text);
	run_scan(&out, root, NOW);
	cr_expect_eq(out.ret, PC_ELIMIT);
	cr_expect(strstr(out.msg, "var/lib/dpkg/status:4: line longer than "
	    "65536 bytes") != NULL, "%s", out.msg);
	/* The OS part still ran: no os-release means support is unknown. */
	cr_expect_not_null(finding(&out, "os_support_unknown", NULL));
	outcome_free(&out);
	nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

Test(patch, run_no_lists_no_security_source)
{
	char root[] = "/tmp/pc-patch-XXXXXX";
	static const char status[] = "Package: a\nStatus: install ok "
	    "installed\nVersion: 1\n\n";
	static const char rel[] = "Suite: stable\nCodename: trixie\n";
	static const char os[] = "ID=ubuntu\nVERSION_ID=\"99.04\"\n";
	struct outcome out;

	cr_assert_not_null(mkdtemp(root));
	write_in(root, "var/lib/dpkg/status", status, sizeof(status) - 1);
	write_in(root, "etc/os-release", os, sizeof(os) - 1);
	/* No lists at all: an error and a finding, never a pass. */
	run_scan(&out, root, NOW);
	cr_expect_eq(out.ret, PC_ENOTFOUND, "%s", out.msg);
	cr_expect_not_null(finding(&out, "package_lists_stale", NULL));
	cr_expect_not_null(finding(&out, "os_support_unknown", NULL));
	cr_expect(has_text(&out, "finding", "evidence", "99.04"));
	outcome_free(&out);
	/* Lists, but none from a security suite. */
	write_in(root, "var/lib/apt/lists/h_dists_trixie_InRelease", rel,
	    sizeof(rel) - 1);
	write_in(root, "var/lib/apt/lists/h_dists_trixie_main_binary-amd64_"
	    "Packages", "", 0);
	run_scan(&out, root, NOW);
	cr_expect_eq(out.ret, 0, "%s", out.msg);
	cr_expect_not_null(finding(&out, "no_security_source", NULL));
	outcome_free(&out);
	nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

Test(patch, run_demo_office)
{
	struct outcome out;
	struct stat st;

	cr_assert_eq(stat("tests/data/patch/demo-office/var/lib/apt/lists/"
	    "deb.debian.org_debian-security_dists_bookworm-security_InRelease",
	    &st), 0);
	run_scan(&out, "tests/data/patch/demo-office",
	    (long long)st.st_mtime + DAY);
	cr_expect_eq(out.ret, 0, "%s", out.msg);
	cr_expect_eq(count(&out, "finding", "security_update"), 5);
	cr_expect_not_null(finding(&out, "security_update", "openssl"));
	cr_expect_not_null(finding(&out, "security_update", "libcurl4"));
	cr_expect_not_null(finding(&out, "security_update",
	    "linux-image-amd64"));
	cr_expect_not_null(finding(&out, "reboot_required", NULL));
	cr_expect_not_null(finding(&out, "auto_updates_off", NULL));
	cr_expect_null(finding(&out, "package_lists_stale", NULL));
	outcome_free(&out);
}

/* Points cfg's checks.patch settings at root (as the config loader would). */
static void
set_root(struct pc_config *cfg, const char *root)
{
	static struct pc_patch_settings ps;
	static struct pc_config_check cc;

	ps.root = (char *)root;
	ps.max_list_age_days = 0;
	cc.id = "patch";
	cc.table = &pc_patch_settings;
	cc.data = &ps;
	cfg->checks = &cc;
	cfg->nchecks = 1;
}

Test(patch, run_old_kernel_and_idle_upgrades)
{
	char root[] = "/tmp/pc-patch-XXXXXX";
	static const char status[] = "Package: linux-image-6.8.0-45-generic\n"
	    "Status: install ok installed\nArchitecture: amd64\n"
	    "Version: 6.8.0-45.45\n\nPackage: linux-image-6.8.0-51-generic\n"
	    "Status: install ok installed\nArchitecture: amd64\n"
	    "Version: 6.8.0-51.52\n\nPackage: linux-image-6.11.0-9-generic\n"
	    "Status: install ok installed\nArchitecture: amd64\n"
	    "Version: 6.11.0-9.9\n\nPackage: linux-image-6.8.0-52-lowlatency\n"
	    "Status: install ok installed\nArchitecture: amd64\n"
	    "Version: 6.8.0-52.53\n\nPackage: unattended-upgrades\n"
	    "Status: install ok installed\nArchitecture: all\n"
	    "Version: 2.9.1+nmu4ubuntu1\n\n";
	static const char conf[] = "APT::Periodic::Update-Package-Lists "
	    "\"1\";\nAPT::Periodic::Unattended-Upgrade \"1\";\n";
	struct timespec old[2] = { { (time_t)(NOW - 12 * DAY), 0 },
		{ (time_t)(NOW - 12 * DAY), 0 } };
	char path[512];
	const cJSON *f;
	struct outcome out;

	cr_assert_not_null(mkdtemp(root));
	write_in(root, "var/lib/dpkg/status", status, sizeof(status) - 1);
	write_in(root, "etc/apt/apt.conf.d/20auto-upgrades", conf,
	    sizeof(conf) - 1);
	write_in(root, "proc/sys/kernel/osrelease", "6.8.0-45-generic\n", 17);
	/* No reboot-required flag: the kernel alone says restart. The
	 * lowlatency flavour is not comparable and 6.11 beats 6.8. */
	run_scan(&out, root, NOW);
	f = finding(&out, "reboot_required", "this computer");
	cr_assert_not_null(f);
	cr_expect_str_eq(str(f, "evidence"), "the running kernel "
	    "6.8.0-45-generic is older than the installed kernel "
	    "6.11.0-9-generic");
	/* Installed and enabled, but no stamp: has never run. */
	f = finding(&out, "auto_updates_off", NULL);
	cr_assert_not_null(f);
	cr_expect_str_eq(str(f, "title"), "Automatic security updates are "
	    "turned on but have never run");
	outcome_free(&out);
	/* Running the newest: no restart. A stamp 12 days old: not running. */
	write_in(root, "proc/sys/kernel/osrelease", "6.11.0-9-generic\n", 17);
	write_in(root, "var/lib/apt/periodic/upgrade-stamp", "", 0);
	snprintf(path, sizeof(path), "%s/var/lib/apt/periodic/upgrade-stamp",
	    root);
	cr_assert_eq(utimensat(AT_FDCWD, path, old, 0), 0);
	run_scan(&out, root, NOW);
	cr_expect_null(finding(&out, "reboot_required", NULL));
	f = finding(&out, "auto_updates_off", NULL);
	cr_assert_not_null(f);
	cr_expect_str_eq(str(f, "title"), "Automatic security updates are "
	    "turned on but not running");
	cr_expect(strstr(str(f, "evidence"), "last ran 12 days ago") != NULL,
	    "%s", str(f, "evidence"));
	outcome_free(&out);
	/* A recent stamp: working. */
	old[0].tv_sec = old[1].tv_sec = (time_t)(NOW - DAY);
	cr_assert_eq(utimensat(AT_FDCWD, path, old, 0), 0);
	run_scan(&out, root, NOW);
	cr_expect_null(finding(&out, "auto_updates_off", NULL));
	outcome_free(&out);
	nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

Test(patch, run_ubuntu_2604_snapshot_then_distro_info)
{
	char root[] = "/tmp/pc-patch-XXXXXX";
	static const char status[] = "Package: a\nStatus: install ok "
	    "installed\nVersion: 1\n\n";
	static const char os[] = "ID=ubuntu\nVERSION_ID=\"26.04\"\n"
	    "VERSION_CODENAME=resolute\nPRETTY_NAME=\"Ubuntu 26.04 LTS\"\n";
	static const char csv[] = "version,codename,series,created,release,"
	    "eol,eol-server,eol-esm\n26.04 LTS,Resolute Raccoon,resolute,"
	    "2025-10-09,2026-04-23,2031-06-30,2031-06-30,2036-05-01\n";
	struct outcome out;

	cr_assert_not_null(mkdtemp(root));
	write_in(root, "var/lib/dpkg/status", status, sizeof(status) - 1);
	write_in(root, "etc/os-release", os, sizeof(os) - 1);
	/* No distro-info-data: the policy's snapshot knows 26.04. */
	run_scan(&out, root, NOW);
	cr_expect_null(finding(&out, "os_support_unknown", NULL));
	cr_expect(has_text(&out, "count", "text", "Ubuntu 26.04 LTS (Resolute "
	    "Raccoon): regular security support until 2031-05-29, then Ubuntu "
	    "Pro (ESM) until 2036-04-23 (dates from policies/eol.yaml)"));
	outcome_free(&out);
	/* The system's own table wins (its dates differ here on purpose). */
	write_in(root, "usr/share/distro-info/ubuntu.csv", csv,
	    sizeof(csv) - 1);
	run_scan(&out, root, NOW);
	cr_expect(has_text(&out, "count", "text", "regular security support "
	    "until 2031-06-30, then Ubuntu Pro (ESM) until 2036-05-01 (dates "
	    "from "));
	cr_expect(has_text(&out, "count", "text", "usr/share/distro-info/"
	    "ubuntu.csv)"));
	outcome_free(&out);
	/* A damaged table: incomplete, never a silent pass; the snapshot
	 * still answers. */
	write_in(root, "usr/share/distro-info/ubuntu.csv", "garbage\n", 8);
	run_scan(&out, root, NOW);
	cr_expect_neq(out.ret, 0);
	cr_expect(has_text(&out, "incomplete", "reason", "ubuntu.csv:1: "
	    "expected a header"));
	cr_expect(has_text(&out, "count", "text", "until 2031-05-29"));
	outcome_free(&out);
	nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

Test(patch, kernel_release_order)
{
	int cmp = 9;

	cr_expect_eq(pc_kernel_compare("6.1.0-25-amd64", "6.1.0-23-amd64",
	    &cmp), 0);
	cr_expect_gt(cmp, 0);
	cr_expect_eq(pc_kernel_compare("6.8.0-45-generic", "6.11.0-9-generic",
	    &cmp), 0);
	cr_expect_lt(cmp, 0);
	cr_expect_eq(pc_kernel_compare("6.1.0-25-cloud-amd64",
	    "6.1.0-25-cloud-amd64", &cmp), 0);
	cr_expect_eq(cmp, 0);
	cr_expect_eq(pc_kernel_compare("6.10.6+bpo-amd64", "6.1.0-25-amd64",
	    &cmp), 0);
	cr_expect_gt(cmp, 0);
	cr_expect_eq(pc_kernel_compare("6.1.0-25-amd64", "6.1.0-26-rt-amd64",
	    &cmp), PC_EINVALID);
	cr_expect_eq(pc_kernel_compare("6.1.0-25-amd64",
	    "6.1.0-26-amd64-unsigned", &cmp), PC_EINVALID);
	cr_expect_eq(pc_kernel_compare("amd64", "6.1.0-26-amd64", &cmp),
	    PC_EPARSE);
}

Test(patch, needs_declares_root_paths)
{
	struct pc_config cfg = { 0 };
	struct pc_needs n = { 0 };
	size_t i;
	int found_status = 0, found_lists = 0, found_reboot = 0;

	set_root(&cfg, "tests/data/patch/pending");
	cr_assert_eq(pc_patch_parts[0].needs(&cfg, &n), 0, "%s", pc_error_get());
	cr_expect_not(n.network);
	cr_expect_eq(n.nsecret_files, 0);
	for (i = 0; i < n.nro_paths; i++) {
		found_status |= strcmp(n.ro_paths[i], "tests/data/patch/"
		    "pending/var/lib/dpkg/status") == 0;
		found_lists |= strcmp(n.ro_paths[i], "tests/data/patch/"
		    "pending/var/lib/apt/lists") == 0;
		found_reboot |= strcmp(n.ro_paths[i], "tests/data/patch/"
		    "pending/var/run/reboot-required.pkgs") == 0;
		cr_expect(strncmp(n.ro_paths[i], "tests/data/patch/pending/",
		    25) == 0, "%s", n.ro_paths[i]);
	}
	cr_expect(found_status && found_lists && found_reboot);
	pc_needs_free(&n);
	memset(&n, 0, sizeof(n));
	set_root(&cfg, "tests/data/patch/does-not-exist");
	cr_expect_eq(pc_patch_parts[0].needs(&cfg, &n), PC_ENOTFOUND);
	cr_expect(strstr(pc_error_get(), "checks.patch.root") != NULL);
	pc_needs_free(&n);
}

Test(patch, run_entry_uses_policy_eol_file)
{
	struct pc_config cfg = { 0 };
	struct pc_policy pol = { 0 };
	struct pc_check_ctx ctx = { .now = NOW };
	FILE *f = tmpfile();
	char line[PC_PROTO_MAX_LINE];
	int saw_eol = 0;

	set_root(&cfg, "tests/data/patch/eol-debian10");
	pol.path = "policies/baseline.yaml";
	pol.eol_file = "eol.yaml";
	ctx.config = &cfg;
	ctx.policy = &pol;
	ctx.fd = fileno(f);
	age_lists("tests/data/patch/eol-debian10", NOW - DAY);
	cr_expect_eq(pc_patch_parts[0].run(&ctx), 0, "%s", pc_error_get());
	cr_expect_str_eq(pc_check_patch.id, "patch");
	rewind(f);
	while (fgets(line, sizeof(line), f) != NULL)
		saw_eol |= strstr(line, "\"os_end_of_life\"") != NULL;
	cr_expect(saw_eol);
	fclose(f);
	pol.eol_file = "missing-eol.yaml";
	f = tmpfile();
	ctx.fd = fileno(f);
	cr_expect_neq(pc_patch_parts[0].run(&ctx), 0);
	cr_expect(strstr(pc_error_get(), "missing-eol.yaml") != NULL, "%s",
	    pc_error_get());
	fclose(f);
}
