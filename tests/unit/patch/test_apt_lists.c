/* apt lists: security suites recognised from Release files, the newest
 * fixed version per installed package, architecture matching, errors. */
#include <criterion/criterion.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/lib/err.h"
#include "checks/patch/apt_lists.h"

/* Loads a fixture's dpkg status. */
static struct pc_dpkg_db *
load_db(const char *scenario)
{
	struct pc_dpkg_db *db = NULL;
	char path[256];

	snprintf(path, sizeof(path), "tests/data/patch/%s/var/lib/dpkg/status",
	    scenario);
	cr_assert_eq(pc_dpkg_status_load(&db, path), 0, "%s", pc_error_get());
	return db;
}

/* Scans a fixture's lists folder. */
static struct pc_apt_lists *
scan(const char *scenario, const struct pc_dpkg_db *db)
{
	struct pc_apt_lists *l = NULL;
	char path[256];

	snprintf(path, sizeof(path), "tests/data/patch/%s/var/lib/apt/lists",
	    scenario);
	cr_assert_eq(pc_apt_lists_scan(&l, path, db), 0, "%s", pc_error_get());
	return l;
}

/* The update for package name, or NULL. */
static const struct pc_apt_update *
update_for(const struct pc_apt_lists *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->nupdates; i++)
		if (strcmp(l->updates[i].pkg->name, name) == 0)
			return &l->updates[i];
	return NULL;
}

Test(patch, apt_security_suite_detection)
{
	cr_expect(pc_apt_is_security("oldstable-security", "bookworm-security",
	    "Debian-Security", "x"));
	cr_expect(pc_apt_is_security("jammy-security", NULL, "Ubuntu", "x"));
	cr_expect(pc_apt_is_security("oldoldstable", "buster/updates",
	    "Debian-Security", "x"));
	cr_expect(pc_apt_is_security(NULL, NULL, NULL,
	    "security.ubuntu.com_ubuntu_dists_jammy-security_InRelease"));
	cr_expect_not(pc_apt_is_security("oldstable", "bookworm", "Debian",
	    "deb.debian.org_debian_dists_bookworm_InRelease"));
	cr_expect_not(pc_apt_is_security("stable-updates", "trixie-updates",
	    "Debian", "deb.debian.org_debian_dists_trixie-updates_InRelease"));
}

Test(patch, apt_pending_updates)
{
	struct pc_dpkg_db *db = load_db("pending");
	struct pc_apt_lists *l = scan("pending", db);
	const struct pc_apt_update *u;

	cr_expect_eq(l->nreleases, 2);
	cr_expect_eq(l->nlists, 2);
	cr_expect_eq(l->nsecurity_lists, 1);
	cr_assert_eq(l->nupdates, 5, "got %zu updates", l->nupdates);
	u = update_for(l, "openssl");
	cr_assert_not_null(u);
	cr_expect_str_eq(u->pkg->version, "3.0.15-1~deb12u1");
	cr_expect_str_eq(u->fixed, "3.0.17-1~deb12u2");
	cr_expect_str_eq(u->suite, "bookworm-security");
	/* The highest of two listed versions wins. */
	cr_expect_str_eq(update_for(l, "libssl3")->fixed, "3.0.17-1~deb12u2");
	/* amd64 is installed; the i386 entry's higher version is ignored. */
	cr_expect_str_eq(update_for(l, "libcurl4")->fixed,
	    "7.88.1-10+deb12u12");
	cr_expect_not_null(update_for(l, "curl"));
	cr_expect_str_eq(update_for(l, "linux-image-amd64")->fixed,
	    "6.1.153-1");
	/* Older in security than installed; newer only outside security. */
	cr_expect_null(update_for(l, "libc6"));
	cr_expect_null(update_for(l, "bash"));
	cr_expect_null(update_for(l, "zlib1g"));
	cr_expect_gt(l->newest_release, 0);
	pc_apt_lists_free(l);
	pc_dpkg_db_free(db);
}

Test(patch, apt_uptodate_has_none)
{
	struct pc_dpkg_db *db = load_db("uptodate");
	struct pc_apt_lists *l = scan("uptodate", db);

	cr_expect_eq(l->nsecurity_lists, 1);
	cr_expect_eq(l->nupdates, 0);
	pc_apt_lists_free(l);
	pc_dpkg_db_free(db);
}

Test(patch, apt_debian10_label_only)
{
	struct pc_dpkg_db *db = load_db("eol-debian10");
	struct pc_apt_lists *l = scan("eol-debian10", db);

	cr_expect_eq(l->nsecurity_lists, 1);
	cr_expect_eq(l->nupdates, 0);
	pc_apt_lists_free(l);
	pc_dpkg_db_free(db);
}

/* Writes text to dir/name. */
static void
put(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	cr_assert_not_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
}

/* Removes one entry (for nftw). */
static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

/* Removes a temporary folder tree. */
static void
rm_dir(const char *dir)
{
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

Test(patch, apt_security_origin_not_file_name)
{
	/* A mirror whose file names say nothing: the Release file's Label
	 * (Debian) or a -security codename (an Ubuntu pocket) decides. */
	char dir[] = "/tmp/pc-sec-XXXXXX";
	struct pc_dpkg_db *db = load_db("pending");
	struct pc_apt_lists *l = NULL;

	cr_assert_not_null(mkdtemp(dir));
	put(dir, "m_a_InRelease", "Origin: Debian\nLabel: Debian-Security\n"
	    "Suite: stable\nCodename: bookworm\n");
	put(dir, "m_a_main_binary-amd64_Packages", "Package: openssl\n"
	    "Version: 3.0.17-1~deb12u2\nArchitecture: amd64\n\n");
	put(dir, "m_b_InRelease", "Origin: Ubuntu\nLabel: Ubuntu\n"
	    "Suite: noble-security\nCodename: noble\n");
	put(dir, "m_b_main_binary-amd64_Packages", "Package: curl\n"
	    "Version: 7.88.1-10+deb12u14\nArchitecture: amd64\n\n");
	put(dir, "m_c_InRelease", "Origin: Debian\nLabel: Debian\n"
	    "Suite: stable-updates\nCodename: bookworm-updates\n");
	put(dir, "m_c_main_binary-amd64_Packages", "Package: bash\n"
	    "Version: 9.9-1\nArchitecture: amd64\n\n");
	cr_assert_eq(pc_apt_lists_scan(&l, dir, db), 0, "%s", pc_error_get());
	cr_expect_eq(l->nlists, 3);
	cr_expect_eq(l->nsecurity_lists, 2);
	cr_expect_eq(l->nupdates, 2);
	cr_expect_not_null(update_for(l, "openssl"));
	cr_expect_not_null(update_for(l, "curl"));
	cr_expect_null(update_for(l, "bash"));
	pc_apt_lists_free(l);
	pc_dpkg_db_free(db);
	rm_dir(dir);
}

Test(patch, apt_errors_and_compressed)
{
	char dir[] = "/tmp/pc-apt-XXXXXX";
	struct pc_dpkg_db *db = load_db("pending");
	struct pc_apt_lists *l = NULL;
	int ret;

	cr_assert_not_null(mkdtemp(dir));
	put(dir, "h_dists_x-security_InRelease", "Suite: x-security\n"
	    "Codename: x-security\n\n");
	/* A bad version in a security list is a parse error with file:line. */
	put(dir, "h_dists_x-security_main_binary-amd64_Packages",
	    "Package: openssl\nVersion: 3.0.1\nArchitecture: amd64\n\n"
	    "Package: openssl\nVersion: bad_version\nArchitecture: amd64\n\n");
	ret = pc_apt_lists_scan(&l, dir, db);
	cr_expect_eq(ret, PC_EPARSE);
	cr_expect(strstr(pc_error_get(), "binary-amd64_Packages:5:") != NULL,
	    "%s", pc_error_get());
	/* A signed InRelease cut before its signature looks truncated. */
	put(dir, "h_dists_x-security_main_binary-amd64_Packages", "");
	put(dir, "h_dists_x-security_InRelease", "-----BEGIN PGP SIGNED "
	    "MESSAGE-----\nHash: SHA512\n\nSuite: x-security\n");
	cr_expect_eq(pc_apt_lists_scan(&l, dir, db), PC_EPARSE);
	cr_expect(strstr(pc_error_get(), "truncated") != NULL, "%s",
	    pc_error_get());
	cr_expect_eq(pc_apt_lists_scan(&l, "/nonexistent/lists", db),
	    PC_ENOTFOUND);
	pc_dpkg_db_free(db);
	rm_dir(dir);
}

Test(patch, apt_lz4_lists)
{
	/* Two lz4 lists of ~190 KB (64 KiB blocks): linked blocks, and
	 * independent blocks with block checksums and a content size. The
	 * update sits in the last block. */
	struct pc_dpkg_db *db = load_db("pending");
	struct pc_apt_lists *l = scan("lz4-lists", db);
	const struct pc_apt_update *u;

	cr_expect_eq(l->nsecurity_lists, 2);
	cr_assert_eq(l->nupdates, 1);
	u = update_for(l, "openssl");
	cr_assert_not_null(u);
	cr_expect_str_eq(u->fixed, "3.0.17-1~deb12u2");
	pc_apt_lists_free(l);
	pc_dpkg_db_free(db);
}

Test(patch, apt_every_compression)
{
	/* One ~300 KB list per format (make.sh), the update in each list's
	 * last record: every list was read to its end. */
	static const char *const want[][2] = {
		{ "bash", "5.2.15-2+deb12u9" },		/* .gz */
		{ "curl", "7.88.1-10+deb12u14" },	/* .xz */
		{ "libc6", "2.36-9+deb12u13" },		/* .lzma */
		{ "libcurl4", "7.88.1-10+deb12u14" },	/* .zst */
		{ "libssl3", "3.0.17-1~deb12u3" },	/* .bz2 */
		{ "zlib1g", "1:1.2.13.dfsg-1+deb12u1" }, /* .lz4 */
	};
	struct pc_dpkg_db *db = load_db("pending");
	struct pc_apt_lists *l = scan("compressed-lists", db);
	const struct pc_apt_update *u;
	size_t i;

	cr_expect_eq(l->nlists, 6);
	cr_expect_eq(l->nsecurity_lists, 6);
	cr_assert_eq(l->nupdates, 6, "got %zu updates", l->nupdates);
	for (i = 0; i < 6; i++) {
		u = update_for(l, want[i][0]);
		cr_assert_not_null(u, "%s", want[i][0]);
		cr_expect_str_eq(u->fixed, want[i][1]);
		cr_expect_str_eq(u->suite, "x-security");
	}
	pc_apt_lists_free(l);
	pc_dpkg_db_free(db);
}

/* Copies the first n bytes of a fixture file to dir/name (all if n < 0),
 * then flips the byte at flip (if flip >= 0). */
static void
copy_prefix(const char *dir, const char *name, const char *from, long n,
    long flip)
{
	char path[512], buf[4096];
	FILE *in, *out;
	size_t got;
	long at = 0, k;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	cr_assert_not_null(in = fopen(from, "rb"));
	cr_assert_not_null(out = fopen(path, "wb"));
	if (n < 0)
		n = 1L << 30;
	while (n > 0 && (got = fread(buf, 1, n < (long)sizeof(buf) ?
	    (size_t)n : sizeof(buf), in)) > 0) {
		for (k = 0; k < (long)got; k++)
			if (at + k == flip)
				buf[k] ^= 0x55;
		fwrite(buf, 1, got, out);
		n -= (long)got;
		at += (long)got;
	}
	fclose(in);
	fclose(out);
}

Test(patch, apt_compressed_bad_files)
{
	/* Each format: cut short, corrupted in the middle, garbage, junk
	 * after the end. Every one is an error naming the file, never a
	 * silently shorter list. */
	static const char *const exts[] = { "gz", "xz", "lzma", "zst", "bz2",
		"lz4" };
	char dir[] = "/tmp/pc-z-XXXXXX", src[512], name[256], path[600];
	struct pc_dpkg_db *db = load_db("pending");
	struct pc_apt_lists *l = NULL;
	struct stat st;
	size_t i;
	FILE *f;

	cr_assert_not_null(mkdtemp(dir));
	put(dir, "h_dists_x-security_InRelease", "Suite: x-security\n");
	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		snprintf(src, sizeof(src), "tests/data/patch/compressed-lists/"
		    "var/lib/apt/lists/h_dists_x-security_%s_binary-amd64_"
		    "Packages.%s", exts[i], exts[i]);
		snprintf(name, sizeof(name), "h_dists_x-security_main_binary-"
		    "amd64_Packages.%s", exts[i]);
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		cr_assert_eq(stat(src, &st), 0, "%s", src);
		copy_prefix(dir, name, src, (long)st.st_size * 2 / 3, -1);
		cr_expect_eq(pc_apt_lists_scan(&l, dir, db), PC_EPARSE,
		    "%s cut short", exts[i]);
		cr_expect(strstr(pc_error_get(), "truncated") != NULL, "%s: %s",
		    exts[i], pc_error_get());
		cr_expect(strstr(pc_error_get(), name) != NULL, "%s",
		    pc_error_get());
		copy_prefix(dir, name, src, -1, (long)st.st_size / 2);
		cr_expect_neq(pc_apt_lists_scan(&l, dir, db), 0,
		    "%s corrupted", exts[i]);
		put(dir, name, "Package: not compressed\n");
		cr_expect_eq(pc_apt_lists_scan(&l, dir, db), PC_EPARSE,
		    "%s garbage", exts[i]);
		cr_expect(strstr(pc_error_get(), "corrupt") != NULL, "%s: %s",
		    exts[i], pc_error_get());
		copy_prefix(dir, name, src, -1, -1);
		cr_assert_not_null(f = fopen(path, "ab"));
		fputs("trailing junk", f);
		fclose(f);
		cr_expect_eq(pc_apt_lists_scan(&l, dir, db), PC_EPARSE,
		    "%s junk after the end", exts[i]);
		unlink(path);
	}
	pc_dpkg_db_free(db);
	rm_dir(dir);
}

Test(patch, apt_release_dates)
{
	long long t = 0;

	cr_expect_eq(pc_apt_release_date(&t, "Sun, 25 Oct 2026 18:00:00 UTC"),
	    0);
	cr_expect_eq(t, 1792951200LL);
	cr_expect_eq(pc_apt_release_date(&t, "Sun, 25 Oct 2026 18:00:00 "
	    "+0000"), 0);
	cr_expect_eq(pc_apt_release_date(&t, "25 Oct 2026 18:00:00 GMT"), 0);
	cr_expect_eq(t, 1792951200LL);
	cr_expect_neq(pc_apt_release_date(&t, "Sun, 25 Oct 2026 18:00:00 "
	    "+0100"), 0);
	cr_expect_neq(pc_apt_release_date(&t, "yesterday"), 0);
	cr_expect_neq(pc_apt_release_date(&t, "Sun, 31 Feb 2026 18:00:00 "
	    "UTC"), 0);
	cr_expect_neq(pc_apt_release_date(&t, "Sun, 25 Okt 2026 18:00:00 "
	    "UTC"), 0);
	cr_expect_neq(pc_apt_release_date(&t, "Sun, 25 Oct 2026 18:00:00 "
	    "UTC junk"), 0);
	cr_expect_neq(pc_apt_release_date(&t, ""), 0);
}

Test(patch, apt_valid_until)
{
	char dir[] = "/tmp/pc-vu-XXXXXX";
	struct pc_dpkg_db *db = load_db("pending");
	struct pc_apt_lists *l = NULL;

	/* The earliest Valid-Until wins; a file without one is ignored. */
	l = scan("pending", db);
	cr_expect_eq(l->valid_until, 1795456800LL); /* 2026-11-23 18:00 */
	cr_expect_str_eq(l->valid_until_suite, "bookworm-security");
	pc_apt_lists_free(l);
	cr_assert_not_null(mkdtemp(dir));
	put(dir, "h_dists_x-security_InRelease", "Suite: x-security\n"
	    "Valid-Until: next week\n");
	cr_expect_eq(pc_apt_lists_scan(&l, dir, db), PC_EPARSE);
	cr_expect(strstr(pc_error_get(), "x-security_InRelease:1: "
	    "Valid-Until:") != NULL, "%s", pc_error_get());
	pc_dpkg_db_free(db);
	rm_dir(dir);
}
