/* chunk.c: a big text file read in chunks reports what one read reports. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/lib/err.h"
#include "checks/content/chunk.h"
#include "checks/content/detectors.h"
#include "checks/content/matcher.h"
#include "checks/content/scan.h"

/* Findings as text lines, in report order. */
struct lines {
	char *buf;
	size_t len, cap, n;
	size_t chunk_start; /* offset in buf where this chunk's lines start */
};

/* Appends one formatted line. */
static void
add_line(struct lines *l, const char *one, size_t k)
{
	if (l->len + k + 1 > l->cap) {
		l->cap = (l->cap + k + 1) * 2;
		cr_assert_not_null(l->buf = realloc(l->buf, l->cap));
	}
	memcpy(l->buf + l->len, one, k);
	l->len += k;
	l->buf[l->len] = '\0';
	l->n++;
}

/* Keeps one finding (and a record's parts) as lines. */
static int
on_line(void *arg, const struct pc_match *m)
{
	struct lines *l = arg;
	char one[1024];
	size_t i, k;

	for (i = 0; i <= m->nparts; i++) {
		const struct pc_match *x = i == 0 ? m : &m->parts[i - 1];
		k = (size_t)snprintf(one, sizeof(one),
		    "%s L%llu C%llu O%llu N%llu %d %s %s %llu\n", x->detector,
		    (unsigned long long)x->line, (unsigned long long)x->column,
		    (unsigned long long)x->offset,
		    (unsigned long long)x->length, x->exact, x->preview,
		    x->hmac, (unsigned long long)x->record);
		add_line(l, one, k);
	}
	return 0;
}

/* Writes len bytes of text to a new temporary file; returns its fd. */
static int
temp_file(char *path, const char *text, size_t len)
{
	int fd;

	cr_assert_geq(fd = mkstemp(path), 0);
	cr_assert_eq(write(fd, text, len), (ssize_t)len);
	return fd;
}

/* The shipped detectors and a matcher reporting lines into l. */
static struct pc_matcher *
matcher_new(struct pc_detectors **set, struct lines *l)
{
	static const unsigned char key[] = "test-key-for-chunks";
	struct pc_matcher *m = NULL;

	if (*set == NULL)
		cr_assert_eq(pc_detectors_load_dir(
				 set, PC_SOURCE_DIR "/policies/detectors"),
		    0, "%s", pc_error_get());
	cr_assert_eq(pc_matcher_new(&m, *set, key, sizeof(key) - 1, on_line, l),
	    0, "%s", pc_error_get());
	return m;
}

/* Adds add to the "L<line>" of every line from l->chunk_start on. */
static void
shift_lines(struct lines *l, uint64_t add)
{
	char *p = l->buf + l->chunk_start, *end = l->buf + l->len, *q, *out;
	size_t cap = (size_t)(end - p) * 2 + 64, o = 0;
	unsigned long long line;

	if (l->len == l->chunk_start)
		return;
	cr_assert_not_null(out = malloc(cap));
	while (p < end) {
		q = strstr(p, " L");
		cr_assert_not_null(q);
		memcpy(out + o, p, (size_t)(q - p) + 2);
		o += (size_t)(q - p) + 2;
		line = strtoull(q + 2, &p, 10);
		o += (size_t)snprintf(
		    out + o, cap - o, "%llu", line + (unsigned long long)add);
		q = strchr(p, '\n');
		memcpy(out + o, p, (size_t)(q + 1 - p));
		o += (size_t)(q + 1 - p);
		p = q + 1;
	}
	l->len = l->chunk_start;
	for (p = out; p < out + o; p = q + 1) {
		q = strchr(p, '\n');
		l->n--;
		add_line(l, p, (size_t)(q + 1 - p));
	}
	free(out);
}

/*
 * Reads the file at fd whole, then in chunks cut at every `every`-th
 * paragraph start, and checks both give the same findings in the same
 * order. Returns the number of chunks.
 */
static size_t
whole_vs_chunks(const char *path, int fd, const char *text, size_t len,
    size_t every, struct lines *whole, struct lines *chunks)
{
	struct pc_detectors *set = NULL;
	struct pc_matcher *m;
	struct pc_text_sink sink;
	struct pc_extract_result res;
	struct pc_chunk_lines nl;
	uint64_t cuts[4096], lines = 0;
	size_t n = 1, at = 0, c, k, seen = 0;
	bool stopped;

	m = matcher_new(&set, whole);
	pc_matcher_sink(m, &sink);
	cr_assert_eq(pc_extract_fd(fd, path, len, PC_DOC_AUTO, &sink, &res), 0,
	    "%s", pc_error_get());
	pc_matcher_free(m);
	cuts[0] = 0;
	while (at < len && n < 4095) {
		c = pc_chunk_find_cut(text + at, len - at);
		if (at + c >= len)
			break;
		at += c;
		if (++seen % every == 0)
			cuts[n++] = at;
	}
	m = matcher_new(&set, chunks);
	pc_matcher_sink(m, &sink);
	for (k = 0; k < n; k++) {
		uint64_t hi = k + 1 == n ? UINT64_MAX : cuts[k + 1];
		chunks->chunk_start = chunks->len;
		pc_matcher_set_range(m, cuts[k], hi);
		cr_assert_eq(
		    pc_chunk_read(fd, path, cuts[k], hi, &sink, &nl, &stopped),
		    0, "%s", pc_error_get());
		shift_lines(chunks, lines - nl.before);
		lines += nl.in;
	}
	pc_matcher_free(m);
	pc_detectors_free(set);
	return n;
}

Test(content_chunk, a_cut_is_the_line_after_a_blank_line)
{
	cr_assert_eq(pc_chunk_find_cut("a\nb\n\nc", 6), 5);
	cr_assert_eq(pc_chunk_find_cut("a\n \t\r\nc", 7), 6);
	cr_assert_eq(pc_chunk_find_cut("a\r\n\r\nc", 6), 5);
	cr_assert_eq(pc_chunk_find_cut("a\n        \nb", 12), 12,
	    "eight spaces are not a blank line to the matcher either");
	cr_assert_eq(pc_chunk_find_cut("a\nb\nc\n", 6), 6);
	cr_assert_eq(pc_chunk_find_cut("a\n   ", 5), 5);
}

Test(content_chunk, a_match_across_the_cut_is_found_once_at_its_offset)
{
	/* the cut is after the blank line: the date of birth's keyword is
	 * in the first chunk, its date in the second; the NHS number's
	 * context word "patient" is in the first chunk only */
	static const char text[] =
	    "Letter to the patient about the visit.\n"
	    "NI number JK 48 27 39 B\n"
	    "\n"
	    "452 601 8155 was given at reception; date of birth\n"
	    "\n"
	    "03/04/1957 is on file.\n";
	char path[] = "/tmp/pc-chunk-XXXXXX";
	struct lines whole = { 0 }, chunks = { 0 };
	const char *dob = strstr(text, "03/04/1957");
	char want[64];
	int fd = temp_file(path, text, sizeof(text) - 1);

	cr_assert_eq(whole_vs_chunks(
			 path, fd, text, sizeof(text) - 1, 1, &whole, &chunks),
	    3);
	cr_assert_str_eq(chunks.buf, whole.buf);
	snprintf(want, sizeof(want), "date_of_birth L6 C1 O%zu N10 1",
	    (size_t)(dob - text));
	cr_assert_not_null(strstr(chunks.buf, want), "%s", chunks.buf);
	cr_assert_null(strstr(strstr(chunks.buf, want) + 1, "date_of_birth"),
	    "found once");
	snprintf(want, sizeof(want), "uk_nhs_number L4 C1 O%zu N12",
	    (size_t)(strstr(text, "452 601") - text));
	cr_assert_not_null(strstr(chunks.buf, want), "%s", chunks.buf);
	cr_assert_not_null(strstr(chunks.buf, "uk_nino L2"), "%s", chunks.buf);
	close(fd);
	unlink(path);
	free(whole.buf);
	free(chunks.buf);
}

/* Office text: paragraphs of identifiers and records, CRLF, NBSP. */
static char *
office_text(size_t paragraphs, size_t *len_out)
{
	static const char *const para[] = {
		"Caller gave NI number JK 48 27 39 B and phone 07911 123456, postcode SW1A 1AA.\n",
		"Patient: NHS number 452 601 8155, DOB 01/02/1960.\n"
		"Card 4539 5181 9093 7865 was declined.\n",
		"date of birth\n\n15/09/1961 (as written on the form)\n",
		"Contact carol.sample77@gmail.com\r\nor\xc2\xa0\x30\x37\x39\x31\x31 123456, licence MORGA753116SM9IJ.\r\n",
		"IBAN for the refund: GB83 MIDL 4027 1631 9268 19\n",
		"Nothing to see here, only the weather and the bins.\n",
		"Please pay into sort code 40-27-16, account number 31926819.\n",
	};
	size_t i, len = 0, cap = paragraphs * 200 + 1;
	char *t = malloc(cap);

	cr_assert_not_null(t);
	for (i = 0; i < paragraphs; i++)
		len += (size_t)snprintf(t + len, cap - len, "%s%s",
		    para[(i * 7 + i / 3) % 7], i % 5 == 4 ? " \t\n\n" : "\n");
	*len_out = len;
	return t;
}

Test(content_chunk, chunks_report_what_one_read_reports)
{
	char path[] = "/tmp/pc-chunk-XXXXXX";
	struct lines whole = { 0 }, chunks = { 0 };
	size_t len, every[] = { 1, 7 }, i;
	char *text = office_text(1500, &len);
	int fd = temp_file(path, text, len);

	for (i = 0; i < sizeof(every) / sizeof(every[0]); i++) {
		memset(&whole, 0, sizeof(whole));
		memset(&chunks, 0, sizeof(chunks));
		cr_assert_gt(whole_vs_chunks(path, fd, text, len, every[i],
				 &whole, &chunks),
		    20);
		cr_assert_gt(whole.n, 1000);
		cr_assert_eq(chunks.n, whole.n);
		cr_assert_str_eq(chunks.buf, whole.buf,
		    "same findings, positions and order");
		free(whole.buf);
		free(chunks.buf);
	}
	close(fd);
	unlink(path);
	free(text);
}

Test(content_chunk, only_big_plain_text_is_planned_in_chunks)
{
	char path[] = "/tmp/pc-chunk-XXXXXX";
	uint64_t cuts[PC_CHUNK_MAX + 1];
	size_t len, n, k;
	char *text = office_text(2 * PC_CHUNK_MIN / 60, &len);
	int fd = temp_file(path, text, len);

	cr_assert_geq(len, 2 * (size_t)PC_CHUNK_MIN);
	n = pc_chunk_plan(fd, path, len, PC_DOC_AUTO, 2, cuts);
	cr_assert_geq(n, 2);
	cr_assert_eq(cuts[0], 0);
	cr_assert_eq(cuts[n], len);
	for (k = 1; k < n; k++) {
		cr_assert_gt(cuts[k], cuts[k - 1]);
		cr_assert_eq(text[cuts[k] - 1], '\n');
		cr_assert_eq(pc_chunk_find_cut(text + cuts[k] - 9, 9), 9,
		    "a cut follows a blank line");
	}
	cr_assert_eq(pc_chunk_plan(fd, path, len, PC_DOC_AUTO, 1, cuts), 1);
	cr_assert_eq(pc_chunk_plan(fd, path, len, PC_DOC_CSV, 2, cuts), 1);
	cr_assert_eq(pc_chunk_plan(fd, "x.csv", len, PC_DOC_AUTO, 2, cuts), 1);
	cr_assert_eq(
	    pc_chunk_plan(fd, path, PC_CHUNK_MIN, PC_DOC_AUTO, 2, cuts), 1);
	cr_assert_eq(pwrite(fd, "\xff\xfe", 2, 0), 2);
	cr_assert_eq(pc_chunk_plan(fd, path, len, PC_DOC_AUTO, 2, cuts), 1,
	    "UTF-16 is decoded, not read as exact chunks");
	close(fd);
	unlink(path);
	free(text);
}

/* Every finding of a scan of path with n workers, as lines. */
static char *
scan_lines(const char *path, unsigned n, size_t *count)
{
	static const unsigned char key[] = "test-key-for-chunks";
	struct pc_detectors *set = NULL;
	struct pc_content_scan *sc = NULL;
	struct pc_content_stats st;
	struct lines l = { 0 };

	cr_assert_eq(
	    pc_detectors_load_dir(&set, PC_SOURCE_DIR "/policies/detectors"),
	    0);
	cr_assert_eq(pc_content_scan_new(&sc,
			 &(struct pc_content_opts){ .set = set,
			     .key = key,
			     .keylen = sizeof(key) - 1,
			     .workers = n },
			 &(struct pc_content_report){ on_line, NULL, &l }),
	    0, "%s", pc_error_get());
	cr_assert_eq(pc_content_scan(
			 sc, &(struct pc_content_source){ .path = path }, &st),
	    0, "%s", pc_error_get());
	cr_assert_eq(st.read, 1, "one file, read once");
	pc_content_scan_free(sc);
	pc_detectors_free(set);
	*count = l.n;
	return l.buf;
}

Test(content_chunk, workers_read_a_big_file_in_chunks_with_one_reads_findings)
{
	char path[] = "/tmp/pc-chunk-XXXXXX", *one, *two, *text;
	size_t n1, n2, len = 0, cap = 2 * PC_CHUNK_MIN + (1u << 20), i;
	uint64_t cuts[PC_CHUNK_MAX + 1];
	int fd;

	/* mostly quiet text, an identifier paragraph every ~32 KiB */
	cr_assert_not_null(text = malloc(cap + 256));
	for (i = 0; len < cap; i++)
		len += (size_t)snprintf(text + len, 256, "%s\n\n",
		    i % 400 == 0
			? "Caller NI number JK 48 27 39 B, phone 07911 123456."
			: "The weather was mild and the bins went out on Tuesday.");
	fd = temp_file(path, text, len);
	cr_assert_geq(pc_chunk_plan(fd, path, len, PC_DOC_AUTO, 2, cuts), 2);
	one = scan_lines(path, 1, &n1);
	two = scan_lines(path, 2, &n2);
	cr_assert_gt(n1, 100);
	cr_assert_eq(n2, n1);
	cr_assert_str_eq(two, one, "same lines, offsets, order, record ids");
	close(fd);
	unlink(path);
	free(text);
	free(one);
	free(two);
}
