/*
 * Writing the signed report folder: all or nothing. A key that goes bad
 * between the start and the end of a scan, or a previous report that cannot
 * be read, never leaves an unsigned, partial or unchained report behind.
 */
#include <dirent.h>

#include "fixture.h"
#include "reporter/output.h"

static char *tmp;
static char key_dir[4096], key_path[4096], out_dir[4096], office_dir[4096];

/* An office key and an empty report folder. */
static void
setup(void)
{
	tmp = fx_tmpdir();
	fx_path(key_dir, sizeof(key_dir), tmp, "keys");
	fx_path(key_path, sizeof(key_path), key_dir, "office.key");
	fx_path(out_dir, sizeof(out_dir), tmp, "reports");
	fx_path(office_dir, sizeof(office_dir), out_dir, FX_OFFICE);
	fx_keygen(key_dir, NULL);
}

/* Removes the temp tree. */
static void
teardown(void)
{
	fx_rmrf(tmp);
	free(tmp);
}

TestSuite(signed_write, .init = setup, .fini = teardown);

/* How many entries (dot files too) the office folder holds. */
static int
entries(void)
{
	struct dirent *e;
	DIR *d = opendir(office_dir);
	int n = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

/* Runs prepare, then breaks something, then write: scan's order. */
static int
scan_breaking(void (*breaker)(void))
{
	struct pc_config cfg = fx_config(key_path);
	struct pc_policy *policy = NULL;
	struct pc_report *r = pc_report_new();
	long long now = FX_NOV;
	char dir[4096];
	int rc;

	cr_assert_eq(pc_policy_load(&policy, "policies/baseline.yaml"), 0);
	rc = pc_scan_report_prepare(r, &cfg, policy, out_dir, &now, false);
	cr_assert_eq(rc, 0, "%s", pc_error_get());
	fx_fill_demo(r);
	breaker();
	rc = pc_scan_report_write(r, &cfg, policy, out_dir, dir, sizeof(dir));
	pc_report_free(r);
	pc_policy_free(policy);
	return rc;
}

/* The key becomes readable by others during the scan. */
static void
open_the_key(void)
{
	cr_assert_eq(chmod(key_path, 0644), 0);
}

/* The key file is replaced by garbage during the scan. */
static void
swap_in_garbage(void)
{
	const char bad[] = "-----BEGIN PRIVATE KEY-----\nnot a key\n"
			   "-----END PRIVATE KEY-----\n";

	fx_write(key_path, bad, strlen(bad));
	cr_assert_eq(chmod(key_path, 0600), 0);
}

/* The key disappears during the scan. */
static void
remove_the_key(void)
{
	cr_assert_eq(unlink(key_path), 0);
}

Test(signed_write, key_opened_during_the_scan_writes_nothing)
{
	cr_assert_neq(scan_breaking(open_the_key), 0);
	cr_assert(strstr(pc_error_get(), "chmod 600") != NULL, "%s",
	    pc_error_get());
	cr_assert_eq(entries(), 0, "a report or staging folder was left");
}

Test(signed_write, key_corrupted_during_the_scan_writes_nothing)
{
	cr_assert_neq(scan_breaking(swap_in_garbage), 0);
	cr_assert_eq(entries(), 0, "a report or staging folder was left");
}

Test(signed_write, key_removed_during_the_scan_writes_nothing)
{
	cr_assert_neq(scan_breaking(remove_the_key), 0);
	cr_assert_eq(entries(), 0, "a report or staging folder was left");
}

Test(signed_write, scan_refuses_a_bad_key_before_any_check_runs)
{
	struct pc_config cfg = fx_config(key_path);
	struct pc_policy *policy = NULL;
	struct pc_report *r = pc_report_new();
	long long now = FX_NOV;

	cr_assert_eq(pc_policy_load(&policy, "policies/baseline.yaml"), 0);
	cr_assert_eq(chmod(key_path, 0640), 0);
	cr_assert_neq(pc_scan_report_prepare(r, &cfg, policy, out_dir, &now,
			  false),
	    0);
	cr_assert(strstr(pc_error_get(), "chmod 600") != NULL, "%s",
	    pc_error_get());
	pc_report_free(r);
	pc_policy_free(policy);
}

Test(signed_write, unreadable_previous_report_is_refused_before_scanning)
{
	struct pc_config cfg = fx_config(key_path);
	struct pc_policy *policy = NULL;
	struct pc_report *r = pc_report_new();
	char oct[4096], path[4200];
	long long now = FX_NOV;

	cr_assert_eq(fx_scan(oct, sizeof(oct), out_dir, key_path, FX_OCT,
			 fx_fill_demo),
	    0, "%s", pc_error_get());
	fx_path(path, sizeof(path), oct, "report.json");
	fx_write(path, "{}", 2);
	cr_assert_eq(pc_policy_load(&policy, "policies/baseline.yaml"), 0);
	cr_assert_neq(pc_scan_report_prepare(r, &cfg, policy, out_dir, &now,
			  false),
	    0, "a scan would run and then fail to chain");
	cr_assert(strstr(pc_error_get(), "2026-10-01T090000Z") != NULL, "%s",
	    pc_error_get());
	pc_report_free(r);
	pc_policy_free(policy);
}

Test(signed_write, folder_is_the_start_time_and_files_are_read_only_to_others)
{
	char dir[4096], path[4200];
	struct stat st;
	static const char *const names[] = { "report.json", "report.json.sig",
		"signer.pub", "report.html", "checklist.md", "checklist.html" };
	size_t i;

	cr_assert_eq(fx_scan(dir, sizeof(dir), out_dir, key_path, FX_NOV,
			 fx_fill_demo),
	    0, "%s", pc_error_get());
	cr_assert(strstr(dir, "/" FX_OFFICE "/2026-11-02T090000Z") != NULL,
	    "%s", dir);
	cr_assert_eq(entries(), 1);
	for (i = 0; i < 6; i++) {
		fx_path(path, sizeof(path), dir, names[i]);
		cr_assert_eq(lstat(path, &st), 0, "%s", names[i]);
		cr_assert(S_ISREG(st.st_mode));
		cr_assert_eq(st.st_mode & 022, 0, "%s is writable by others",
		    names[i]);
	}
	/* signer.pub is the office's public key, byte for byte. */
	{
		char pub[4096];
		char *a, *b;

		fx_path(pub, sizeof(pub), key_dir, "office.pub");
		fx_path(path, sizeof(path), dir, "signer.pub");
		a = fx_slurp(pub);
		b = fx_slurp(path);
		cr_assert_str_eq(a, b);
		free(a);
		free(b);
	}
}

/* Issue 11, hole 9: report files name constituents and staff, so they are
 * not world-readable: files 0640 and folders 0750 (whatever the umask),
 * in the report group; both HTML pages forbid loading or running
 * anything (the fleet page's Content-Security-Policy). */
Test(signed_write, report_files_are_0640_in_0750_folders_of_the_report_group)
{
	static const char *const names[] = { "report.json", "report.json.sig",
		"signer.pub", "report.html", "checklist.md", "checklist.html" };
	static const char csp[] = "<meta http-equiv=\"Content-Security-Policy"
				  "\" content=\"default-src 'none'; style-src "
				  "'unsafe-inline'\">";
	char dir[4096], path[4200];
	mode_t old = umask(0);
	struct stat st;
	char *html;
	size_t i;

	cr_assert_eq(fx_scan(dir, sizeof(dir), out_dir, key_path, FX_NOV,
			 fx_fill_demo), 0, "%s", pc_error_get());
	umask(old);
	for (i = 0; i < 6; i++) {
		fx_path(path, sizeof(path), dir, names[i]);
		cr_assert_eq(lstat(path, &st), 0, "%s", names[i]);
		cr_assert_eq(st.st_mode & 07777, 0640, "%s is %04o", names[i],
		    (unsigned)(st.st_mode & 07777));
		cr_assert_eq(st.st_gid, pc_output_group(), "%s", names[i]);
	}
	cr_assert_eq(lstat(dir, &st), 0);
	cr_assert_eq(st.st_mode & 07777, 0750, "report folder %04o",
	    (unsigned)(st.st_mode & 07777));
	cr_assert_eq(lstat(office_dir, &st), 0);
	cr_assert_eq(st.st_mode & 07777, 0750, "office folder %04o",
	    (unsigned)(st.st_mode & 07777));
	cr_assert_eq(st.st_gid, pc_output_group());
	for (i = 3; i < 6; i += 2) {
		fx_path(path, sizeof(path), dir, names[i]);
		html = fx_slurp(path);
		cr_assert(strstr(html, csp) != NULL, "%s has no CSP", names[i]);
		free(html);
	}
}
