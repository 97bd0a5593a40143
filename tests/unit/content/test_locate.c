/*
 * Every identifier located: exact offsets are true over the whole corpus
 * under tests/data/, verbatim formats always get them, and each format
 * gives the locator a person uses (row and column, JSON path, cell,
 * paragraph, MIME part, HTML source line).
 */
#include <criterion/criterion.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "checks/content/scan.h"

#define MAXF 512
static const unsigned char key[] = "test-key-for-locate";

/* One identifier as reported. */
struct found {
	char det[48], path[256], locator[PC_MATCH_LOCATOR_MAX];
	unsigned long long line, off, len;
	bool exact, line_exact;
};

struct run {
	struct pc_detectors *set;
	struct found f[MAXF];
	size_t n, checked, records, parts;
	char bad[4096]; /* first failures, for the message */
};

/* Keeps alnum bytes (and '*' when star), lower-cased, into out. */
static size_t
squash(const char *s, size_t n, bool star, char *out, size_t cap)
{
	size_t i, o = 0;

	for (i = 0; i < n && o + 1 < cap; i++)
		if (isalnum((unsigned char)s[i]) || (star && s[i] == '*'))
			out[o++] = (char)tolower((unsigned char)s[i]);
	out[o] = '\0';
	return o;
}

/*
 * True when span (the file's bytes at a finding's offset) is the
 * identifier: its validator accepts it and gives the finding's keyed
 * hash, or (for values a validator only accepts with their keyword,
 * such as a date after "DOB:") it has the masked preview's shape.
 */
static bool
span_is(const struct run *r, const struct pc_match *m, const char *span,
    size_t n)
{
	const struct pc_detector *d = NULL;
	struct pc_value v;
	char hmac[PC_REDACT_HMAC_HEX], a[256], b[256];
	const char *at_p, *at_s;
	size_t i, la, lb;

	for (i = 0; i < r->set->n; i++)
		if (strcmp(r->set->items[i].id, m->detector) == 0)
			d = &r->set->items[i];
	if (d == NULL || n == 0)
		return false;
	memset(&v, 0, sizeof(v));
	if (d->validator->fn(span, n, &v) &&
	    pc_redact_hmac(hmac, key, sizeof(key) - 1, v.norm, v.len) == 0 &&
	    strcmp(hmac, m->hmac) == 0)
		return true;
	/* a secret's value after its name: the hash is of the bytes */
	if (pc_redact_hmac(hmac, key, sizeof(key) - 1, span, n) == 0 &&
	    strcmp(hmac, m->hmac) == 0)
		return true;
	at_p = strchr(m->preview, '@');
	at_s = memchr(span, '@', n);
	if (at_p != NULL) /* email: the domain is shown whole */
		return at_s != NULL && strlen(at_p) == (size_t)(span + n - at_s) &&
		    strncasecmp(at_p, at_s, strlen(at_p)) == 0;
	la = squash(m->preview, strlen(m->preview), true, a, sizeof(a));
	lb = squash(span, n, false, b, sizeof(b));
	if (la != lb)
		return false;
	for (i = 0; i < la; i++)
		if (a[i] != '*' && a[i] != b[i])
			return false;
	return true;
}

/* True for a file whose bytes a person reads as they are. */
static bool
verbatim_format(const char *path)
{
	static const char *const ext[] = { ".txt", ".md", ".csv", ".tsv",
		".json", ".jsonl", NULL };
	size_t i, n = strlen(path), k;

	if (strstr(path, "utf16") != NULL)
		return false; /* decoded: offsets are the decoded text's */
	for (i = 0; ext[i] != NULL; i++) {
		k = strlen(ext[i]);
		if (n > k && strcmp(path + n - k, ext[i]) == 0)
			return true;
	}
	return false;
}

/* Appends a failure to the message (capped). */
static void
fail(struct run *r, const struct pc_match *m, const char *why)
{
	size_t l = strlen(r->bad);

	if (l + 200 < sizeof(r->bad))
		snprintf(r->bad + l, sizeof(r->bad) - l, "%s:%llu %s: %s; ",
		    m->path, (unsigned long long)m->line, m->detector, why);
}

/* Checks one identifier (not a record) and keeps it. */
static void
check_one(struct run *r, const struct pc_match *m)
{
	char *buf = NULL;
	size_t got = 0;
	FILE *f;

	if (m->exact) {
		buf = malloc(m->length + 1);
		cr_assert_not_null(buf);
		if ((f = fopen(m->path, "rb")) != NULL) {
			if (fseek(f, (long)m->offset, SEEK_SET) == 0)
				got = fread(buf, 1, m->length, f);
			fclose(f);
		}
		if (got != m->length || !span_is(r, m, buf, got))
			fail(r, m, "offset does not hold the identifier");
		free(buf);
		r->checked++;
	} else if (verbatim_format(m->path)) {
		fail(r, m, "no exact offset in a verbatim format");
	}
	if (r->n < MAXF) {
		struct found *x = &r->f[r->n++];
		snprintf(x->det, sizeof(x->det), "%s", m->detector);
		snprintf(x->path, sizeof(x->path), "%s", m->path);
		snprintf(x->locator, sizeof(x->locator), "%s", m->locator);
		x->line = m->line;
		x->off = m->offset;
		x->len = m->length;
		x->exact = m->exact;
		x->line_exact = m->line_exact;
	}
}

/* Report callback: each identifier, also those inside records. */
static int
on_match(void *arg, const struct pc_match *m)
{
	struct run *r = arg;
	size_t i;

	if (strcmp(m->detector, PC_PERSONAL_RECORD) != 0) {
		check_one(r, m);
		return 0;
	}
	r->records++;
	if (m->nparts < 2 || m->counts[0] == '\0')
		fail(r, m, "a record without its parts or counts");
	for (i = 0; i < m->nparts; i++) {
		if (m->parts[i].record != m->record || m->record == 0)
			fail(r, m, "a part without its record's id");
		r->parts++;
		check_one(r, &m->parts[i]);
	}
	return 0;
}

/* Scans path with every detector into r. The threats check's labelled
 * message set is not part of the content corpus: its JSON strings are
 * full of escapes, where offsets are honestly absent. */
static void
scan(struct run *r, const char *path)
{
	static char *const skip[] = { "threats/*", "threats" };
	static const struct pc_walk_opts walk = { .exclude = skip,
		.nexclude = 2 };
	struct pc_content_scan *sc = NULL;
	struct pc_content_stats st;

	cr_assert_eq(pc_detectors_load_dir(&r->set,
			 PC_SOURCE_DIR "/policies/detectors"), 0, "%s",
	    pc_error_get());
	cr_assert_eq(pc_content_scan_new(&sc,
			 &(struct pc_content_opts){ .set = r->set, .key = key,
			     .keylen = sizeof(key) - 1 },
			 &(struct pc_content_report){ on_match, NULL, r }),
	    0, "%s", pc_error_get());
	cr_assert_eq(pc_content_scan(sc, &(struct pc_content_source){
			 .path = path, .walk = &walk }, &st), 0, "%s",
	    pc_error_get());
	pc_content_scan_free(sc);
}

/* The first identifier of det in a file whose path ends with name. */
static const struct found *
find(const struct run *r, const char *name, const char *det, size_t nth)
{
	size_t i, k = strlen(name);

	for (i = 0; i < r->n; i++) {
		size_t l = strlen(r->f[i].path);
		if (l >= k && strcmp(r->f[i].path + l - k, name) == 0 &&
		    strcmp(r->f[i].det, det) == 0 && nth-- == 0)
			return &r->f[i];
	}
	return NULL;
}

Test(locate, every_exact_offset_in_the_corpus_holds_the_identifier)
{
	struct run *r = calloc(1, sizeof(*r));

	cr_assert_not_null(r);
	scan(r, PC_SOURCE_DIR "/tests/data");
	cr_assert_gt(r->checked, 40, "the corpus has exact findings (%zu)",
	    r->checked);
	cr_assert_gt(r->records, 3);
	cr_assert_str_eq(r->bad, "", "%s", r->bad);
	pc_detectors_free(r->set);
	free(r);
}

/* Asserts the locator (and line, when given) of the nth det in name. */
static void
expect(const struct run *r, const char *name, const char *det, size_t nth,
    const char *locator, unsigned long long line)
{
	const struct found *f = find(r, name, det, nth);

	cr_assert_not_null(f, "%s: no %s #%zu", name, det, nth);
	cr_assert_str_eq(f->locator, locator, "%s %s", name, det);
	if (line > 0) {
		cr_assert(f->line_exact, "%s %s: line is the file's", name,
		    det);
		cr_assert_eq(f->line, line, "%s %s: line %llu", name, det,
		    f->line);
	}
}

Test(locate, each_format_gives_the_locator_a_person_uses)
{
	struct run *r = calloc(1, sizeof(*r));

	cr_assert_not_null(r);
	scan(r, PC_SOURCE_DIR "/tests/data/content");
	/* CSV/TSV: row (a header is row 1) and the column's header */
	expect(r, "locate/cases.csv", "uk_nino", 0,
	    "row 2, column 'NI number'", 2);
	expect(r, "locate/cases.csv", "date_of_birth", 0,
	    "row 2, column 'Date of birth'", 2);
	expect(r, "locate/cases.csv", "uk_nino", 1,
	    "row 3, column 'NI number'", 3);
	/* a quoted cell over two lines: row 4 starts on line 4 */
	expect(r, "locate/cases.csv", "uk_nino", 2,
	    "row 4, column 'NI number'", 5);
	expect(r, "locate/cases.csv", "uk_phone", 0, "row 4, column 'Notes'",
	    5);
	expect(r, "locate/cases.tsv", "email_address", 0,
	    "row 2, column 'Email'", 2);
	/* JSON: the path of the value */
	expect(r, "locate/cases.json", "uk_nino", 0, "$.cases[0].nino", 4);
	expect(r, "locate/cases.json", "email_address", 0,
	    "$.cases[0].contact.email", 4);
	expect(r, "locate/cases.json", "uk_phone", 0, "$.cases[1].phones[0]",
	    5);
	expect(r, "locate/cases.jsonl", "email_address", 0, "$.email", 2);
	/* JSON Lines in a .json file: each line its own record */
	expect(r, "locate/export-lines.json", "uk_nino", 0, "$.nino", 2);
	expect(r, "locate/export-lines.json", "uk_phone", 0, "$.phones[0]", 4);
	/* HTML: the source line */
	expect(r, "locate/page.html", "uk_nino", 0, "", 7);
	/* mail: MIME part, then the attachment's own locator */
	expect(r, "locate/mail.eml", "uk_nino", 0, "part 1", 0);
	expect(r, "locate/mail.eml", "uk_postcode", 0,
	    "part 2, row 2, column 'Postcode'", 0);
	/* spreadsheets: sheet and cell; documents: paragraph */
	expect(r, "corpus/cases_nhs.xlsx", "uk_nhs_number", 0, "Cases!B2", 0);
	expect(r, "locate/cases.xlsx", "uk_nino", 1, "Cases!B3", 0);
	expect(r, "locate/cases.xlsx", "email_address", 0, "Cases!C2", 0);
	expect(r, "locate/letter.docx", "uk_nino", 0, "paragraph 3", 0);
	expect(r, "locate/note.odt", "uk_phone", 0, "paragraph 2", 0);
	expect(r, "locate/note.odt", "uk_nino", 0, "paragraph 3", 0);
	/* PDF: the page (text is decoded: no file offset) */
	expect(r, "locate/letter.pdf", "uk_nino", 0, "page 1", 0);
	expect(r, "pdf/simple.pdf", "uk_phone", 0, "page 2", 0);
	pc_detectors_free(r->set);
	free(r);
}

/*
 * A mail part is exact only where its bytes stand verbatim in the file: an
 * 8bit text/plain body gives true offsets and lines; a base64 attachment
 * gives its own position, never called the file's.
 */
Test(locate, mail_text_is_exact_only_where_it_stands_verbatim)
{
	struct run *r = calloc(1, sizeof(*r));
	const struct found *nino, *pc;

	cr_assert_not_null(r);
	scan(r, PC_SOURCE_DIR "/tests/data/content/locate/mail.eml");
	cr_assert_gt(r->n, 0);
	nino = find(r, "locate/mail.eml", "uk_nino", 0);
	cr_assert_not_null(nino);
	cr_assert(nino->exact && nino->line_exact, "8bit body: exact");
	cr_assert_eq(nino->line, 13, "line %llu", nino->line);
	pc = find(r, "locate/mail.eml", "uk_postcode", 0);
	cr_assert_not_null(pc);
	cr_assert(!pc->exact && !pc->line_exact,
	    "base64 attachment: the part's position, not the file's");
	cr_assert_eq(r->bad[0], '\0', "%s", r->bad);
	pc_detectors_free(r->set);
	free(r);
}

/* In an mbox: a 7bit body is exact at its file line; a quoted-printable
 * body and one whose ">From " line was unquoted are not. */
Test(locate, mbox_bodies_are_exact_only_when_unchanged)
{
	struct run *r = calloc(1, sizeof(*r));
	const struct found *f;

	cr_assert_not_null(r);
	scan(r, PC_SOURCE_DIR "/tests/data/content/locate/verbatim.mbox");
	f = find(r, "locate/verbatim.mbox", "uk_nino", 0);
	cr_assert_not_null(f);
	cr_assert(f->exact && f->line_exact, "7bit body: exact");
	cr_assert_eq(f->line, 10, "line %llu", f->line);
	f = find(r, "locate/verbatim.mbox", "uk_nino", 1);
	cr_assert_not_null(f);
	cr_assert(!f->exact, "quoted-printable body: not exact");
	f = find(r, "locate/verbatim.mbox", "uk_nino", 2);
	cr_assert_not_null(f);
	cr_assert(!f->exact, "unquoted >From body: not exact");
	cr_assert_eq(r->bad[0], '\0', "%s", r->bad);
	pc_detectors_free(r->set);
	free(r);
}
