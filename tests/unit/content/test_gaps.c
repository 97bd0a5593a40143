/*
 * Detection gaps closed (issue 13), each a general capability: mail
 * told by its header block, UTF-16 without a byte order mark, keys and
 * identifiers inside HTML scripts and URL attributes.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "agent/lib/err.h"
#include "checks/content/extract.h"
#include "checks/content/scan.h"
#include "checks/content/utf16.h"

#define GAPS PC_SOURCE_DIR "/tests/data/content/gaps/"
#define MAXF 64

struct seen {
	size_t n;
	char det[MAXF][48], path[MAXF][256], member[MAXF][64];
};

/* Keeps each identifier (a record's parts too). */
static int
on_match(void *arg, const struct pc_match *m)
{
	struct seen *s = arg;
	size_t i;

	if (m->nparts > 0) {
		for (i = 0; i < m->nparts; i++)
			on_match(arg, &m->parts[i]);
		return 0;
	}
	if (s->n < MAXF) {
		snprintf(s->det[s->n], 48, "%s", m->detector);
		snprintf(s->path[s->n], 256, "%s", m->path);
		snprintf(s->member[s->n], 64, "%s", m->member ? m->member : "");
		s->n++;
	}
	return 0;
}

/* Scans one file of the gaps corpus. */
static void
scan(struct seen *s, const char *name)
{
	static const unsigned char key[] = "gaps-test-key";
	struct pc_detectors *set = NULL;
	struct pc_content_scan *sc = NULL;
	struct pc_content_stats st;
	char path[512];

	memset(s, 0, sizeof(*s));
	snprintf(path, sizeof(path), "%s%s", GAPS, name);
	cr_assert_eq(pc_detectors_load_dir(&set,
			 PC_SOURCE_DIR "/policies/detectors"), 0);
	cr_assert_eq(pc_content_scan_new(&sc,
			 &(struct pc_content_opts){ .set = set, .key = key,
			     .keylen = sizeof(key) - 1 },
			 &(struct pc_content_report){ on_match, NULL, s }),
	    0, "%s", pc_error_get());
	cr_assert_eq(pc_content_scan(sc, &(struct pc_content_source){
			 .path = path }, &st), 0, "%s", pc_error_get());
	cr_assert_eq(st.read, 1, "%s is read", name);
	pc_content_scan_free(sc);
	pc_detectors_free(set);
}

/* The kind of a file named path starting with text. */
static enum pc_doc_kind
kind(const char *path, const char *text)
{
	return pc_extract_kind(path, text, strlen(text));
}

/* True when detector det was found (in member, when given). */
static bool
has(const struct seen *s, const char *det, const char *member)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->det[i], det) == 0 &&
		    (member == NULL || strcmp(s->member[i], member) == 0))
			return true;
	return false;
}

Test(gaps, mail_is_told_by_its_header_block_whatever_comes_first)
{
	struct seen s;

	/* Maildir file names have no extension; this one starts with From: */
	cr_assert_eq(kind("cur/1733390000.M1P2.office",
			 "From: a@b.org\nTo: c@d.org\nSubject: x\n\nhi\n"),
	    PC_DOC_EML);
	cr_assert_eq(kind("x", "Subject: x\r\nDate: Mon, 2 Dec "
			       "2024 10:00:00 +0000\r\n\r\nhi"),
	    PC_DOC_EML, "any mail header first, CRLF lines");
	cr_assert_eq(kind("note.txt", "Name: Jane\nRef: C-12\n\nNI\n"),
	    PC_DOC_TEXT, "a note of Name: value lines is not mail");
	cr_assert_eq(kind("note.txt", "From: Jane\nNI number: x\n\n"),
	    PC_DOC_TEXT, "a field name with a space is not a header");
	scan(&s, "1733390000.M1P2.office");
	cr_assert(has(&s, "uk_nino", "text/plain"),
	    "the base64 body was decoded");
	scan(&s, "casenote_headers_like.txt");
	cr_assert(has(&s, "uk_nino", ""), "read as text");
}

Test(gaps, utf16_without_a_bom_is_told_by_its_nuls)
{
	struct seen s;
	size_t skip = 9;
	char le[40], be[40];
	size_t i;

	for (i = 0; i < 20; i++) {
		le[2 * i] = "NI JK 48 27 39 B ok."[i];
		le[2 * i + 1] = 0;
		be[2 * i] = 0;
		be[2 * i + 1] = "NI JK 48 27 39 B ok."[i];
	}
	cr_assert_eq(pc_bom_detect(le, sizeof(le), &skip), PC_BOM_UTF16LE);
	cr_assert_eq(skip, 0);
	cr_assert_eq(pc_bom_detect(be, sizeof(be), &skip), PC_BOM_UTF16BE);
	cr_assert_eq(pc_bom_detect("plain ascii text here", 21, &skip),
	    PC_BOM_NONE);
	cr_assert_eq(pc_bom_detect("\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 18,
			 &skip), PC_BOM_NONE, "all NULs is binary, not text");
	scan(&s, "export_utf16_nobom.csv");
	cr_assert(has(&s, "uk_nino", NULL));
	scan(&s, "notes_utf16be_nobom.txt");
	cr_assert(has(&s, "uk_nino", NULL));
}

Test(gaps, keys_in_html_scripts_and_url_attributes_are_found)
{
	struct seen s;

	scan(&s, "site.html");
	cr_assert(has(&s, "google_api_key", NULL), "a key in a script src");
	cr_assert(has(&s, "github_token", NULL), "a token in a script");
	cr_assert(has(&s, "uk_phone", NULL), "a number in a script");
	cr_assert(has(&s, "uk_nino", NULL), "an identifier in an img src");
}
