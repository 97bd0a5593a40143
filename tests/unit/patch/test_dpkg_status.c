/* The dpkg status parser: installed packages, continuation lines, and a
 * precise error (never a crash) for truncated or oversized input. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent/lib/err.h"
#include "checks/patch/dpkg_status.h"

/* Parses text, expecting success. */
static struct pc_dpkg_db *
parse_ok(const char *text)
{
	struct pc_dpkg_db *db = NULL;

	cr_assert_eq(pc_dpkg_status_parse(&db, "status", text, strlen(text)),
	    0, "%s", pc_error_get());
	return db;
}

/* Parses text, expecting error code want; returns the message. */
static const char *
parse_err(const char *text, size_t len, int want)
{
	struct pc_dpkg_db *db = NULL;

	cr_assert_eq(pc_dpkg_status_parse(&db, "var/lib/dpkg/status", text,
	    len), want, "%s", pc_error_get());
	cr_assert_null(db);
	return pc_error_get();
}

/* Parses a string literal (which may hold NUL bytes), expecting a parse
 * error. */
#define PE(lit) parse_err(lit, sizeof(lit) - 1, PC_EPARSE)

Test(patch, dpkg_installed_only)
{
	struct pc_dpkg_db *db = parse_ok(
	    "Package: zlib1g\n"
	    "Status: install ok installed\n"
	    "Architecture: amd64\n"
	    "Source: zlib (1:1.2.13.dfsg-1)\n"
	    "Version: 1:1.2.13.dfsg-1\n"
	    "Description: compression library\n"
	    " zlib is a library.\n"
	    " .\n"
	    " More text.\n"
	    "\n"
	    "Package: oldtool\n"
	    "Status: deinstall ok config-files\n"
	    "Version: 1.0-1\n"
	    "\n"
	    "Package: gone\n"
	    "Status: purge ok not-installed\n"
	    "\n"
	    "Package: held\n"
	    "Status: hold ok installed\n"
	    "Architecture: all\n"
	    "Version: 2.0\n"
	    "\n");
	const struct pc_dpkg_pkg *p;

	cr_assert_eq(db->npkgs, 2);
	cr_expect_eq(db->nrecords, 4);
	p = pc_dpkg_find(db, "zlib1g", "amd64");
	cr_assert_not_null(p);
	cr_expect_str_eq(p->version, "1:1.2.13.dfsg-1");
	cr_expect_str_eq(p->source, "zlib");
	cr_expect_str_eq(p->arch, "amd64");
	cr_expect_null(pc_dpkg_find(db, "zlib1g", "i386"));
	cr_expect_not_null(pc_dpkg_find(db, "zlib1g", "all"));
	p = pc_dpkg_find(db, "held", "arm64");
	cr_assert_not_null(p);
	cr_expect_str_eq(p->source, "held");
	cr_expect_null(pc_dpkg_find(db, "oldtool", "all"));
	cr_expect_null(pc_dpkg_find(db, "gone", "all"));
	pc_dpkg_db_free(db);
}

Test(patch, dpkg_multiarch_and_empty)
{
	struct pc_dpkg_db *db = parse_ok(
	    "Package: libc6\nStatus: install ok installed\n"
	    "Architecture: i386\nVersion: 2.36-9\n\n"
	    "Package: libc6\nStatus: install ok installed\n"
	    "Architecture: amd64\nVersion: 2.36-9+deb12u9\n\n");

	cr_assert_eq(db->npkgs, 2);
	cr_expect_str_eq(pc_dpkg_find(db, "libc6", "amd64")->version,
	    "2.36-9+deb12u9");
	cr_expect_str_eq(pc_dpkg_find(db, "libc6", "i386")->version,
	    "2.36-9");
	pc_dpkg_db_free(db);
	db = parse_ok("");
	cr_expect_eq(db->npkgs, 0);
	pc_dpkg_db_free(db);
	db = parse_ok("\n\n\n");
	cr_expect_eq(db->npkgs, 0);
	pc_dpkg_db_free(db);
}

Test(patch, dpkg_truncated_mid_stanza)
{
	const char *text = "Package: a\nStatus: install ok installed\n"
	    "Version: 1\n\nPackage: b\nStatus: install ok installed\n";
	const char *msg = parse_err(text, strlen(text), PC_EPARSE);

	cr_expect(strstr(msg, "var/lib/dpkg/status:6:") != NULL, "%s", msg);
	cr_expect(strstr(msg, "truncated") != NULL, "%s", msg);
	cr_expect(strstr(msg, "line 5") != NULL, "%s", msg);
}

Test(patch, dpkg_truncated_mid_line)
{
	const char *text = "Package: a\nStatus: install ok installed\n"
	    "Version: 1";
	const char *msg = parse_err(text, strlen(text), PC_EPARSE);

	cr_expect(strstr(msg, "var/lib/dpkg/status:3: the file ends in the "
	    "middle of a line") != NULL, "%s", msg);
}

Test(patch, dpkg_truncated_fixture)
{
	struct pc_dpkg_db *db = NULL;

	cr_assert_eq(pc_dpkg_status_load(&db,
	    "tests/data/patch/truncated/var/lib/dpkg/status"), PC_EPARSE);
	cr_expect(strstr(pc_error_get(), "truncated/var/lib/dpkg/status:") !=
	    NULL, "%s", pc_error_get());
}

Test(patch, dpkg_one_megabyte_line)
{
	size_t n = 1u << 20, head;
	char *text = malloc(n + 200);
	const char *msg;

	head = (size_t)snprintf(text, 200, "Package: a\nStatus: install ok "
	    "installed\nVersion: 1\n\nPackage: b\nDescription: ");
	memset(text + head, 'x', n);
	memcpy(text + head + n, "\n\n", 3);
	msg = parse_err(text, head + n + 2, PC_ELIMIT);
	cr_expect(strstr(msg, "var/lib/dpkg/status:6: line longer than 65536 "
	    "bytes") != NULL, "%s", msg);
	free(text);
}

Test(patch, dpkg_line_at_cap_is_fine)
{
	size_t n = PC_DEB822_MAX_LINE - strlen("Description: "), head;
	char *text = malloc(n + 200);
	struct pc_dpkg_db *db = NULL;

	head = (size_t)snprintf(text, 200, "Package: a\nStatus: install ok "
	    "installed\nVersion: 1\nDescription: ");
	memset(text + head, 'x', n);
	memcpy(text + head + n, "\n\n", 3);
	cr_expect_eq(pc_dpkg_status_parse(&db, "s", text, head + n + 2), 0,
	    "%s", pc_error_get());
	pc_dpkg_db_free(db);
	free(text);
}

Test(patch, dpkg_record_size_cap)
{
	/* Many continuation lines: each short, the record too big. */
	size_t lines = PC_DPKG_MAX_STANZA / 1000 + 10, i, off;
	char *text = malloc(lines * 1001 + 200);

	off = (size_t)snprintf(text, 200, "Package: a\nStatus: install ok "
	    "installed\nVersion: 1\nConffiles:\n");
	for (i = 0; i < lines; i++) {
		text[off] = ' ';
		memset(text + off + 1, 'c', 998);
		text[off + 999] = '\n';
		off += 1000;
	}
	memcpy(text + off, "\n", 2);
	parse_err(text, off + 1, PC_ELIMIT);
	cr_expect(strstr(pc_error_get(), "larger than") != NULL);
	free(text);
}

Test(patch, dpkg_bad_records)
{
	const char *m;

	m = PE("Package: a\nStatus: install ok installed\n\n");
	cr_expect(strstr(m, "no Version field") != NULL, "%s", m);
	m = PE("Package: a\nVersion: 1\n\n");
	cr_expect(strstr(m, "no Status field") != NULL, "%s", m);
	m = PE("Status: install ok installed\nVersion: 1\n\n");
	cr_expect(strstr(m, "Package") != NULL, "%s", m);
	m = PE("Package: a\nStatus: installed\nVersion: 1\n\n");
	cr_expect(strstr(m, "Status") != NULL, "%s", m);
	m = PE("Package: a\nStatus: install ok installed\n"
	    "Version: 1.0_bad\n\n");
	cr_expect(strstr(m, "status:1: package a:") != NULL, "%s", m);
	m = PE(" continuation first\n\n");
	cr_expect(strstr(m, "continuation") != NULL, "%s", m);
	m = PE("no colon here\n\n");
	cr_expect(strstr(m, "status:1:") != NULL, "%s", m);
	m = PE("Package: a\nPackage: b\n\n");
	cr_expect(strstr(m, "twice") != NULL, "%s", m);
	m = PE("Package: a\0b\nStatus: x\n\n");
	cr_expect(strstr(m, "NUL") != NULL, "%s", m);
}

Test(patch, dpkg_missing_file)
{
	struct pc_dpkg_db *db = NULL;

	cr_expect_eq(pc_dpkg_status_load(&db, "tests/data/patch/nope/status"),
	    PC_ENOTFOUND);
	cr_expect_neq(pc_dpkg_status_load(&db, "tests/data/patch"), 0);
	cr_expect(strstr(pc_error_get(), "not a regular file") != NULL);
}

Test(patch, dpkg_fixture_uptodate)
{
	struct pc_dpkg_db *db = NULL;

	cr_assert_eq(pc_dpkg_status_load(&db,
	    "tests/data/patch/uptodate/var/lib/dpkg/status"), 0, "%s",
	    pc_error_get());
	cr_expect_eq(db->npkgs, 7);
	cr_expect_eq(db->nrecords, 8);
	cr_expect_str_eq(pc_dpkg_find(db, "libssl3t64", "amd64")->source,
	    "openssl");
	pc_dpkg_db_free(db);
}
