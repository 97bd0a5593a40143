/* A file of a kind the readers read that they cannot parse (a truncated
 * PDF, a .docx whose zip directory is broken, an .xlsx that is no zip)
 * is damaged: not read, reported as such (pc_extract_not_read), never a
 * file skipped by design; a binary file no reader claims still is. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/lib/err.h"
#include "checks/content/extract.h"
#include "checks/content/scan.h"
#include "collect.h"

#define PDFS "tests/data/content/pdf/"

/* Writes len bytes of data to a new file under a temporary folder. */
static void
put(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	cr_assert(f != NULL, "cannot write %s", path);
	cr_assert_eq(fwrite(data, 1, len, f), len);
	fclose(f);
}

/* The first n bytes of file from into path. */
static void
put_head(const char *path, const char *from, size_t n)
{
	char buf[4096];
	FILE *f = fopen(from, "rb");
	size_t got;

	cr_assert(f != NULL, "cannot open %s", from);
	cr_assert(n <= sizeof(buf));
	got = fread(buf, 1, n, f);
	fclose(f);
	cr_assert_eq(got, n, "%s is shorter than %zu bytes", from, n);
	put(path, buf, n);
}

/* Extracts path as AUTO; returns the code, the message into why. */
static int
extract(const char *path, struct pc_extract_result *res, char *why, size_t n)
{
	struct collect c;
	struct pc_text_sink s;
	struct stat st;
	int fd, r;

	memset(&c, 0, sizeof(c));
	s = collect_sink(&c);
	fd = open(path, O_RDONLY);
	cr_assert(fd >= 0, "cannot open %s", path);
	fstat(fd, &st);
	pc_error_clear();
	r = pc_extract_fd(fd, path, (uint64_t)st.st_size, PC_DOC_AUTO, &s, res);
	close(fd);
	snprintf(why, n, "%s", r != 0 ? pc_error_get() : "");
	cr_assert(!c.open, "a unit was left open");
	collect_free(&c);
	return r;
}

/* A zip with one stored member; its central directory then damaged. */
static size_t
broken_zip(unsigned char *z, size_t cap)
{
	static const char name[] = "word/document.xml";
	static const char body[] = "<w:document>NI number</w:document>";
	size_t nl = sizeof(name) - 1, bl = sizeof(body) - 1, n = 0, cd;

	cr_assert(cap > 2 * (46 + nl) + bl + 22);
	memset(z, 0, cap);
	memcpy(z, "PK\3\4", 4); /* local header: stored, sizes */
	z[4] = 20;
	z[18] = z[22] = (unsigned char)bl;
	z[26] = (unsigned char)nl;
	n = 30;
	memcpy(z + n, name, nl);
	n += nl;
	memcpy(z + n, body, bl);
	n += bl;
	cd = n; /* central directory: its signature garbled */
	memcpy(z + n, "PK\7\7", 4);
	z[n + 20] = z[n + 24] = (unsigned char)bl;
	z[n + 28] = (unsigned char)nl;
	n += 46;
	memcpy(z + n, name, nl);
	n += nl;
	memcpy(z + n, "PK\5\6", 4); /* end of central directory */
	z[n + 8] = z[n + 10] = 1;
	z[n + 12] = (unsigned char)(46 + nl);
	z[n + 16] = (unsigned char)cd;
	return n + 22;
}

Test(damaged, truncated_pdf_is_not_read)
{
	char path[] = "/tmp/pc-damaged-XXXXXX", file[64], why[1024];
	struct pc_extract_result res;
	int r;

	cr_assert(mkdtemp(path) != NULL);
	snprintf(file, sizeof(file), "%s/letter.pdf", path);
	put_head(file, PDFS "word.pdf", 600);
	r = extract(file, &res, why, sizeof(why));
	cr_assert_eq(r, PC_EPARSE, "%d %s", r, why);
	cr_assert(res.damaged);
	cr_assert(pc_extract_not_read(r, &res));
	cr_assert(strncmp(why, "damaged or not understood PDF: ", 31) == 0,
	    "%s", why);
	cr_assert(strstr(why, path) == NULL, "path given twice: %s", why);
	unlink(file);
	rmdir(path);
}

Test(damaged, docx_with_a_broken_central_directory_is_not_read)
{
	char path[] = "/tmp/pc-damaged-XXXXXX", file[64], why[1024];
	unsigned char z[512];
	struct pc_extract_result res;
	int r;

	cr_assert(mkdtemp(path) != NULL);
	snprintf(file, sizeof(file), "%s/minutes.docx", path);
	put(file, z, broken_zip(z, sizeof(z)));
	r = extract(file, &res, why, sizeof(why));
	cr_assert_eq(r, PC_EPARSE, "%d %s", r, why);
	cr_assert(pc_extract_not_read(r, &res));
	cr_assert(
	    strncmp(why, "damaged or not understood Word document: ", 41) == 0,
	    "%s", why);
	unlink(file);
	rmdir(path);
}

Test(damaged, xlsx_that_is_no_zip_is_not_read)
{
	char path[] = "/tmp/pc-damaged-XXXXXX", file[64], why[1024];
	struct pc_extract_result res;
	static const char text[] = "Name,NI number\nJo,JT 48 61 27 B\n";
	int r;

	cr_assert(mkdtemp(path) != NULL);
	snprintf(file, sizeof(file), "%s/cases.xlsx", path);
	put(file, text, sizeof(text) - 1);
	r = extract(file, &res, why, sizeof(why));
	cr_assert_eq(r, PC_EPARSE, "%d %s", r, why);
	cr_assert(pc_extract_not_read(r, &res));
	cr_assert(
	    strstr(why, "damaged or not understood Excel workbook: ") == why,
	    "%s", why);
	cr_assert(strstr(why, "not a zip archive") != NULL, "%s", why);
	unlink(file);
	rmdir(path);
}

Test(damaged, encrypted_office_file_is_locked)
{
	char path[] = "/tmp/pc-damaged-XXXXXX", file[64], why[1024];
	unsigned char ole[512] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a,
		0xe1 };
	struct pc_extract_result res;
	int r;

	cr_assert(mkdtemp(path) != NULL);
	snprintf(file, sizeof(file), "%s/budget.xlsx", path);
	put(file, ole, sizeof(ole));
	r = extract(file, &res, why, sizeof(why));
	cr_assert_eq(r, PC_EPERM, "%d %s", r, why);
	cr_assert(pc_extract_not_read(r, &res));
	cr_assert(strstr(why, "password-protected") != NULL, "%s", why);
	unlink(file);
	rmdir(path);
}

Test(damaged, binary_files_stay_skipped)
{
	char path[] = "/tmp/pc-damaged-XXXXXX", file[64], why[1024];
	static const unsigned char png[] = { 0x89, 'P', 'N', 'G', '\r', '\n',
		0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };
	unsigned char z[512];
	struct pc_extract_result res;
	int r;

	cr_assert(mkdtemp(path) != NULL);
	snprintf(file, sizeof(file), "%s/photo.png", path);
	put(file, png, sizeof(png));
	r = extract(file, &res, why, sizeof(why));
	cr_assert_eq(r, PC_EPARSE);
	cr_assert(!res.damaged && !pc_extract_not_read(r, &res), "%s", why);
	unlink(file);
	/* a .zip is no document kind: skipped, damaged or not */
	snprintf(file, sizeof(file), "%s/backup.zip", path);
	put(file, z, broken_zip(z, sizeof(z)));
	r = extract(file, &res, why, sizeof(why));
	cr_assert(r != 0 && !pc_extract_not_read(r, &res), "%s", why);
	unlink(file);
	rmdir(path);
}

/* Scan report: counts notes by event. */
struct notes {
	size_t limit, skipped;
	char last[512];
};

static int
no_match(void *arg, const struct pc_match *m)
{
	(void)arg;
	(void)m;
	return 0;
}

static void
on_note(void *arg, const struct pc_content_note *n)
{
	struct notes *t = arg;

	if (n->event == PC_CONTENT_LIMIT)
		t->limit++;
	if (n->event == PC_CONTENT_SKIPPED)
		t->skipped++;
	snprintf(t->last, sizeof(t->last), "%s", n->reason);
}

/* Through the scan, one worker or several: a damaged file is a
 * PC_CONTENT_LIMIT note (not read), a binary one PC_CONTENT_SKIPPED. */
static void
scan_folder(unsigned workers)
{
	char path[] = "/tmp/pc-damaged-XXXXXX", file[64];
	unsigned char z[512];
	struct pc_detectors *set = NULL;
	struct pc_content_scan *s = NULL;
	struct pc_content_stats st;
	struct notes t = { 0 };
	static const char *const names[] = { "a.pdf", "b.docx", "c.xlsx",
		"d.bin" };
	size_t i;

	cr_assert(mkdtemp(path) != NULL);
	snprintf(file, sizeof(file), "%s/%s", path, names[0]);
	put_head(file, PDFS "word.pdf", 300);
	snprintf(file, sizeof(file), "%s/%s", path, names[1]);
	put(file, z, broken_zip(z, sizeof(z)));
	snprintf(file, sizeof(file), "%s/%s", path, names[2]);
	put(file, "not a spreadsheet\n", 18);
	snprintf(file, sizeof(file), "%s/%s", path, names[3]);
	put(file, "\0\1\2\3", 4);
	cr_assert_eq(pc_detectors_load_dir(&set, "policies/detectors"), 0, "%s",
	    pc_error_get());
	cr_assert_eq(pc_content_scan_new(&s,
			 &(struct pc_content_opts){ .set = set,
			     .key = (const unsigned char *)"k",
			     .keylen = 1,
			     .workers = workers },
			 &(struct pc_content_report){ no_match, on_note, &t }),
	    0, "%s", pc_error_get());
	cr_assert_eq(pc_content_scan(
			 s, &(struct pc_content_source){ .path = path }, &st),
	    0);
	cr_assert_eq(t.limit, 3, "workers %u: %zu not read (%s)", workers,
	    t.limit, t.last);
	cr_assert_eq(t.skipped, 1);
	cr_assert_eq(st.read, 0);
	pc_content_scan_free(s);
	pc_detectors_free(set);
	for (i = 0; i < 4; i++) {
		snprintf(file, sizeof(file), "%s/%s", path, names[i]);
		unlink(file);
	}
	rmdir(path);
}

Test(damaged, scan_reports_damaged_files_as_not_read)
{
	scan_folder(1);
	scan_folder(2);
}
