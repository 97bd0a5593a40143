/* pc_content_scan: one entry point walks, extracts, matches and reports. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/lib/err.h"
#include "checks/content/scan.h"

#define MAXF 64

/* What the report saw, in order. */
struct seen {
	size_t n, nnotes;
	char det[MAXF][64], path[MAXF][256];
	enum pc_content_event ev[MAXF];
	char note_path[MAXF][256];
	int stop_after; /* return 7 from this finding on (0: never) */
};

/* Keeps one finding. */
static int
on_match(void *arg, const struct pc_match *m)
{
	struct seen *s = arg;

	if (s->n < MAXF) {
		snprintf(s->det[s->n], 64, "%s", m->detector);
		snprintf(s->path[s->n], 256, "%s", m->path);
	}
	s->n++;
	return s->stop_after > 0 && (int)s->n >= s->stop_after ? 7 : 0;
}

/* Keeps one note. */
static void
on_note(void *arg, const struct pc_content_note *n)
{
	struct seen *s = arg;

	if (s->nnotes < MAXF) {
		s->ev[s->nnotes] = n->event;
		snprintf(s->note_path[s->nnotes], 256, "%s", n->path);
	}
	s->nnotes++;
}

/* Writes text to dir/name. */
static void
put(const char *dir, const char *name, const char *text, size_t len)
{
	char p[512];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	cr_assert_not_null(f = fopen(p, "wb"));
	cr_assert_eq(fwrite(text, 1, len, f), len);
	fclose(f);
}

/* A folder with a CSV, a text file, a binary file and a Maildir tmp/. */
static void
make_tree(char *dir)
{
	char p[512];

	cr_assert_not_null(mkdtemp(dir));
	put(dir, "a.csv", "name,ni\nA Person,JK482739B\n", 27);
	put(dir, "b.txt", "Contact: jo.bloggs@gmail.com\nNI JK482739B\n", 42);
	put(dir, "c.bin", "\0\0\0\1\2binary\0\0", 13);
	snprintf(p, sizeof(p), "%s/tmp", dir);
	cr_assert_eq(mkdir(p, 0700), 0);
	put(dir, "tmp/d.eml", "From: a@b.org\n\nNI JK482739B\n", 28);
}

/* Makes a scan over the shipped detectors. */
static struct pc_content_scan *
scan_new(struct pc_detectors **set, struct seen *s)
{
	static const unsigned char key[] = "test-key-for-content-scan";
	struct pc_content_scan *sc = NULL;

	cr_assert_eq(pc_detectors_load_dir(set,
			 PC_SOURCE_DIR "/policies/detectors"), 0, "%s",
	    pc_error_get());
	cr_assert_eq(pc_content_scan_new(&sc,
			 &(struct pc_content_opts){ .set = *set, .key = key,
			     .keylen = sizeof(key) - 1 },
			 &(struct pc_content_report){ on_match, on_note, s }),
	    0, "%s", pc_error_get());
	return sc;
}

Test(content_scan, walks_extracts_and_reports_in_walk_order)
{
	char dir[] = "/tmp/pc-scan-XXXXXX";
	struct pc_detectors *set = NULL;
	struct seen s = { 0 };
	struct pc_content_scan *sc;
	struct pc_content_stats st;
	size_t i;

	make_tree(dir);
	sc = scan_new(&set, &s);
	cr_assert_eq(pc_content_scan(sc, &(struct pc_content_source){
			 .path = dir, .maildir = true }, &st), 0, "%s",
	    pc_error_get());
	cr_assert_eq(st.read, 2, "a.csv and b.txt are read");
	cr_assert_eq(st.skipped, 2, "the binary file and Maildir tmp/");
	cr_assert_eq(st.unreadable, 0);
	cr_assert_geq(s.n, 2);
	for (i = 1; i < s.n && i < MAXF; i++)
		cr_assert_geq(strcmp(s.path[i], s.path[i - 1]), 0,
		    "findings come in walk (name) order");
	cr_assert(strstr(s.path[0], "a.csv") != NULL);
	cr_assert(strstr(s.path[s.n - 1], "b.txt") != NULL);
	for (i = 0; i < s.nnotes; i++)
		cr_assert_eq(s.ev[i], PC_CONTENT_SKIPPED);
	pc_content_scan_free(sc);
	pc_detectors_free(set);
}

Test(content_scan, a_report_that_stops_stops_the_scan)
{
	char dir[] = "/tmp/pc-scan-XXXXXX";
	struct pc_detectors *set = NULL;
	struct seen s = { .stop_after = 1 };
	struct pc_content_scan *sc;
	struct pc_content_stats st;

	make_tree(dir);
	sc = scan_new(&set, &s);
	cr_assert_eq(pc_content_scan(sc, &(struct pc_content_source){
			 .path = dir }, &st), 7);
	cr_assert_eq(s.n, 1, "nothing is reported after the stop");
	pc_content_scan_free(sc);
	pc_detectors_free(set);
}

Test(content_scan, a_missing_root_is_an_error_with_detail)
{
	struct pc_detectors *set = NULL;
	struct seen s = { 0 };
	struct pc_content_scan *sc;
	struct pc_content_stats st;

	sc = scan_new(&set, &s);
	cr_assert_lt(pc_content_scan(sc, &(struct pc_content_source){
			 .path = "/nonexistent/pc-scan" }, &st), 0);
	cr_assert(strstr(pc_error_get(), "/nonexistent/pc-scan") != NULL,
	    "%s", pc_error_get());
	pc_content_scan_free(sc);
	pc_detectors_free(set);
}

/* Every finding of a scan of path with n workers, as text lines. */
static char *
scan_lines(const char *path, unsigned n, size_t *count)
{
	static const unsigned char key[] = "test-key-for-content-scan";
	struct pc_detectors *set = NULL;
	struct pc_content_scan *sc = NULL;
	struct pc_content_stats st;
	struct lines { char *buf; size_t len, cap, n; } l = { 0 };
	int on_line(void *arg, const struct pc_match *m);

	cr_assert_eq(pc_detectors_load_dir(&set,
			 PC_SOURCE_DIR "/policies/detectors"), 0);
	cr_assert_eq(pc_content_scan_new(&sc,
			 &(struct pc_content_opts){ .set = set, .key = key,
			     .keylen = sizeof(key) - 1, .workers = n },
			 &(struct pc_content_report){ on_line, NULL, &l }),
	    0, "%s", pc_error_get());
	cr_assert_eq(pc_content_scan(sc, &(struct pc_content_source){
			 .path = path }, &st), 0, "%s", pc_error_get());
	pc_content_scan_free(sc);
	pc_detectors_free(set);
	*count = l.n;
	return l.buf;
}

/* Appends one finding (and a record's parts) as a line. */
int
on_line(void *arg, const struct pc_match *m)
{
	struct lines { char *buf; size_t len, cap, n; } *l = arg;
	char one[1024];
	size_t i, k;

	for (i = 0; i <= m->nparts; i++) {
		const struct pc_match *x = i == 0 ? m : &m->parts[i - 1];
		k = (size_t)snprintf(one, sizeof(one), "%s %s %llu %llu %s %s "
		    "%llu\n", x->path, x->detector,
		    (unsigned long long)x->line, (unsigned long long)x->offset,
		    x->hmac, x->locator, (unsigned long long)x->record);
		if (l->len + k + 1 > l->cap) {
			l->cap = (l->cap + k + 1) * 2;
			cr_assert_not_null(l->buf = realloc(l->buf, l->cap));
		}
		memcpy(l->buf + l->len, one, k + 1);
		l->len += k;
		l->n++;
	}
	return 0;
}

Test(content_scan, workers_report_the_same_findings_in_walk_order)
{
	char dir[] = "/tmp/pc-scan-XXXXXX", name[32], *one, *many, *big;
	size_t n1, n4, i, len = 0;

	cr_assert_not_null(mkdtemp(dir));
	/* a file with thousands of findings between small ones: its copies
	 * pass the per-job cap, so it reports directly once at the head */
	cr_assert_not_null(big = malloc(3000 * 40));
	for (i = 0; i < 3000; i++)
		len += (size_t)snprintf(big + len, 40, "mail p%zu@gmail.com\n",
		    i);
	put(dir, "m-big.txt", big, len);
	free(big);
	for (i = 0; i < 24; i++) {
		snprintf(name, sizeof(name), "%c-%02zu.csv", i < 12 ? 'a' : 'z',
		    i);
		put(dir, name, "name,ni\nA Person,JK482739B\n", 27);
	}
	one = scan_lines(dir, 1, &n1);
	many = scan_lines(dir, 4, &n4);
	cr_assert_gt(n1, 3000);
	cr_assert_eq(n4, n1);
	cr_assert_str_eq(many, one, "the same findings, order and record ids");
	free(one);
	free(many);
}
