/* Matcher: chunk boundaries, offsets, context, records, normalisation. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

#include "checks/content/extract.h"
#include "matchrun.h"

Test(matcher, offsets_lines_and_columns_map_to_the_file)
{
	struct mr *r = mr_new();
	const char *t = "first line\nsecond: JK 48 27 39 B here\n";
	int i;

	mr_feed(r, t, strlen(t), 0);
	i = mr_find(r, "uk_nino");
	cr_assert_geq(i, 0);
	cr_assert_eq(r->line[i], 2);
	cr_assert_eq(r->col[i], 9);
	cr_assert_eq(r->off[i], 19);
	cr_assert_eq(r->len[i], 13);
	cr_assert_str_eq(r->preview[i], "JK ** ** ** B");
	cr_assert_eq(strlen(r->hmac[i]), 64);
	mr_free(r);
}

Test(matcher, a_match_across_every_chunk_boundary_is_found)
{
	struct mr *r = mr_new();
	char t[512];
	size_t split, n;
	int i;

	n = (size_t)snprintf(t, sizeof(t), "%s",
	    "Card on file 4539 5181 9093 7865, NINO JK482739B.\n");
	/* feed in two pieces split at every byte, and byte by byte */
	for (split = 1; split < n; split++) {
		struct pc_text_loc loc = { .path = "s", .exact = true,
			.base_line = 1 };
		r->n = 0;
		cr_assert_eq(r->sink.begin(r->sink.arg, &loc), 0);
		cr_assert_eq(r->sink.data(r->sink.arg, t, split), 0);
		cr_assert_eq(r->sink.data(r->sink.arg, t + split, n - split), 0);
		cr_assert_eq(r->sink.end(r->sink.arg), 0);
		cr_assert_eq(r->n, 1, "split at %zu: one record", split);
		cr_assert_str_eq(r->det[0], "personal_record");
		cr_assert_str_eq(r->contains[0], "payment_card+uk_nino");
		cr_assert_eq(r->off[0], 13, "split at %zu", split);
	}
	mr_feed(r, t, n, 1);
	cr_assert_eq(r->n, 1);
	i = mr_find(r, "personal_record");
	cr_assert_geq(i, 0);
	mr_free(r);
}

Test(matcher, match_exactly_at_the_piece_boundary_of_a_large_unit)
{
	struct mr *r = mr_new();
	size_t n = 3 * PC_MATCH_PIECE + 100, at, k;
	char *t = malloc(n);
	const char *token = "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";
	size_t tl = strlen(token);
	int i;

	cr_assert_not_null(t);
	/* the token straddles the internal 64 KiB piece boundary */
	for (k = 0; k < 40; k += 7) {
		memset(t, 'a', n);
		for (at = 80; at < n; at += 81)
			t[at] = '\n';
		at = PC_MATCH_PIECE - tl / 2 + k - 20;
		t[at - 1] = ' ';
		memcpy(t + at, token, tl);
		t[at + tl] = ' ';
		mr_feed(r, t, n, 0);
		i = mr_find(r, "github_token");
		cr_assert_geq(i, 0, "token at %zu found", at);
		cr_assert_eq(r->off[i], at);
		cr_assert_eq(r->len[i], tl);
		cr_assert_eq(r->line[i], at / 81 + 1);
		cr_assert_eq(r->col[i], at % 81 + 1);
	}
	free(t);
	mr_free(r);
}

Test(matcher, context_after_the_candidate_counts)
{
	struct mr *r = mr_new();
	const char *before = "NHS number: 452 601 8155\n";
	const char *after = "ref 452 601 8155 (NHS number)\n";
	const char *none = "invoice 452 601 8155 paid\n";
	size_t c;

	for (c = 0; c <= 5; c += 5) {
		mr_feed(r, before, strlen(before), c);
		cr_assert_geq(mr_find(r, "uk_nhs_number"), 0);
		mr_feed(r, after, strlen(after), c);
		cr_assert_geq(mr_find(r, "uk_nhs_number"), 0);
		mr_feed(r, none, strlen(none), c);
		cr_assert_lt(mr_find(r, "uk_nhs_number"), 0);
	}
	mr_free(r);
}

Test(matcher, nino_without_context_is_medium_with_context_high)
{
	struct mr *r = mr_new();
	const char *a = "National Insurance number JK482739B\n";
	const char *b = "ref JK482739B\n";

	mr_feed(r, a, strlen(a), 0);
	cr_assert_eq(r->sev[mr_find(r, "uk_nino")], PC_SEV_HIGH);
	mr_feed(r, b, strlen(b), 0);
	cr_assert_eq(r->sev[mr_find(r, "uk_nino")], PC_SEV_MEDIUM);
	mr_free(r);
}

Test(matcher, several_identifiers_in_a_line_make_one_record)
{
	struct mr *r = mr_new();
	const char *csv = "Jane Example, JK482739B, DOB: 14/03/1985, EX4 7QT\n"
			  "Next, jane.doe84@gmail.com\n";
	int i;

	mr_feed(r, csv, strlen(csv), 0);
	i = mr_find(r, "personal_record");
	cr_assert_geq(i, 0);
	cr_assert_str_eq(r->contains[i], "uk_nino+date_of_birth+uk_postcode");
	cr_assert_eq(r->sev[i], PC_SEV_HIGH);
	cr_assert_eq(r->line[i], 1);
	cr_assert_lt(mr_find(r, "uk_nino"), 0, "no separate NINO finding");
	cr_assert_geq(mr_find(r, "email_address"), 0);
	cr_assert_eq(r->sev[mr_find(r, "email_address")], PC_SEV_INFO);
	cr_assert_eq(r->n, 2);
	mr_free(r);
}

Test(matcher, a_paragraph_about_one_person_is_one_record)
{
	struct mr *r = mr_new();
	const char *t = "Constituent: Jane Example\n"
			"NI number: JK 48 27 39 B\n"
			"Address: 14 Mill Lane, EX4 7QT\n"
			"Mobile: 07911 123456\n"
			"\n"
			"Office: 0161 555 0199\n";
	int i;

	mr_feed(r, t, strlen(t), 0);
	i = mr_find(r, "personal_record");
	cr_assert_geq(i, 0);
	cr_assert_str_eq(r->contains[i], "uk_nino+uk_postcode+uk_phone");
	cr_assert_eq(r->line[i], 2);
	i = mr_find(r, "uk_phone");
	cr_assert_geq(i, 0, "the next paragraph's phone stands alone");
	cr_assert_eq(r->line[i], 6);
	cr_assert_eq(r->sev[i], PC_SEV_LOW);
	cr_assert_eq(r->n, 2);
	mr_free(r);
}

Test(matcher, weak_signals_together_stay_weak)
{
	struct mr *r = mr_new();
	const char *t = "jane.doe84@gmail.com | 07911 123456\n";

	mr_feed(r, t, strlen(t), 0);
	cr_assert_lt(mr_find(r, "personal_record"), 0);
	cr_assert_eq(r->n, 2);
	mr_free(r);
}

Test(matcher, fullwidth_and_zero_width_obfuscation)
{
	struct mr *r = mr_new();
	/* "JK" + fullwidth "482739" + "B"; a zero-width space in a card */
	const char *t = "ni: JK\xef\xbc\x94\xef\xbc\x98\xef\xbc\x92\xef\xbc\x97"
			"\xef\xbc\x93\xef\xbc\x99"
			"B\n\n4539 5181\xe2\x80\x8b 9093 7865\n";
	int i;

	mr_feed(r, t, strlen(t), 0);
	i = mr_find(r, "uk_nino");
	cr_assert_geq(i, 0);
	cr_assert_eq(r->off[i], 4);
	cr_assert_eq(r->len[i], 2 + 18 + 1, "length in original bytes");
	i = mr_find(r, "payment_card");
	cr_assert_geq(i, 0);
	cr_assert_eq(r->line[i], 3);
	cr_assert_eq(r->len[i], 22);
	/* split the 3-byte sequences at every point */
	mr_feed(r, t, strlen(t), 1);
	cr_assert_geq(mr_find(r, "uk_nino"), 0);
	cr_assert_geq(mr_find(r, "payment_card"), 0);
	mr_free(r);
}

Test(matcher, normalisation_agrees_with_utf8proc_nfkc)
{
	char in[4], out[8];
	size_t cons, n;
	unsigned cp;
	utf8proc_uint8_t *nfkc;

	for (cp = 0xff01; cp <= 0xff5e; cp++) {
		n = (size_t)utf8proc_encode_char((utf8proc_int32_t)cp,
		    (utf8proc_uint8_t *)in);
		nfkc = utf8proc_NFKC((const utf8proc_uint8_t *)in);
		cr_assert_not_null(nfkc);
		cr_assert_eq(pc_matcher_normalise(in, n, true, out, &cons), 1);
		cr_assert_eq(out[0], (char)nfkc[0], "U+%04X", cp);
		free(nfkc);
	}
	/* invalid UTF-8 and NUL bytes pass through unchanged */
	cr_assert_eq(pc_matcher_normalise("\xef\x41\x00\xff", 4, true, out,
			 &cons),
	    4);
	cr_assert_eq(memcmp(out, "\xef\x41\x00\xff", 4), 0);
}

Test(matcher, invalid_utf8_and_nul_bytes_do_not_stop_matching)
{
	struct mr *r = mr_new();
	const char t[] = "\xff\xfe\x00garbage\xc3 nino JK482739B \xe2\x80\n";

	mr_feed(r, t, sizeof(t) - 1, 3);
	cr_assert_geq(mr_find(r, "uk_nino"), 0);
	mr_free(r);
}

/*
 * Memory stays flat by construction: every buffer holding unit data has a
 * fixed capacity, and a 60 MiB line without a newline never needs more
 * than that. (Peak RSS against input size is measured on the Release
 * binary in tests/bench/bench_inspect.sh, where the machine's load cannot
 * fail a test.)
 */
Test(matcher, memory_stays_flat_on_a_large_single_line_unit)
{
	struct mr *r = mr_new();
	struct pc_text_loc loc = { .path = "big", .exact = true,
		.base_line = 1 };
	struct pc_matcher_stats st;
	size_t chunk = 1 << 20, i;
	char *buf = malloc(chunk);

	cr_assert_not_null(buf);
	memset(buf, 'x', chunk);
	memcpy(buf + chunk / 2, " JK482739B ", 11);
	cr_assert_eq(r->sink.begin(r->sink.arg, &loc), 0);
	for (i = 0; i < 60; i++) /* 60 MiB on one line, no newline at all */
		cr_assert_eq(r->sink.data(r->sink.arg, buf, chunk), 0);
	cr_assert_eq(r->sink.end(r->sink.arg), 0);
	pc_matcher_stats(r->m, &st);
	cr_assert_eq(st.bytes, 60u * chunk, "every byte was scanned");
	cr_assert_gt(st.window_high, 0);
	cr_assert_leq(st.window_high, st.window_cap);
	cr_assert_leq(st.edits_high, st.edits_cap);
	cr_assert_leq(st.pending_high, st.pending_cap);
	cr_assert_lt(st.window_cap, 256u << 10, "the window is small");
	cr_assert_lt(st.window_cap, chunk, "less than one chunk of input");
	cr_assert_geq(r->n, 60, "a finding per MiB (records or NINOs)");
	free(buf);
	mr_free(r);
}

/* A labelled item: file, line, detector. */
struct label {
	char file[128];
	unsigned long line;
	char det[64];
	bool seen;
};

Test(matcher, labelled_corpus_every_true_item_and_no_negative)
{
	char path[512], lab[512];
	struct label labels[256];
	size_t nl = 0, i, j, total = 0;
	struct mr *r = mr_new();
	FILE *f;
	DIR *d;
	struct dirent *de;
	char linebuf[512];

	snprintf(lab, sizeof(lab), "%s/tests/data/content/corpus/labels.tsv",
	    PC_SOURCE_DIR);
	f = fopen(lab, "r");
	cr_assert_not_null(f);
	while (fgets(linebuf, sizeof(linebuf), f) != NULL) {
		if (linebuf[0] == '#' || linebuf[0] == '\n')
			continue;
		cr_assert_lt(nl, 256);
		cr_assert_eq(sscanf(linebuf, "%127s %lu %63s", labels[nl].file,
				 &labels[nl].line, labels[nl].det),
		    3, "label line: %s", linebuf);
		labels[nl].seen = false;
		nl++;
	}
	fclose(f);
	snprintf(path, sizeof(path), "%s/tests/data/content/corpus",
	    PC_SOURCE_DIR);
	d = opendir(path);
	cr_assert_not_null(d);
	while ((de = readdir(d)) != NULL) {
		struct pc_extract_result res;
		struct stat st;
		char fp[1024];
		int fd;

		if (de->d_name[0] == '.' || strcmp(de->d_name, "labels.tsv") == 0)
			continue;
		snprintf(fp, sizeof(fp), "%s/%s", path, de->d_name);
		fd = open(fp, O_RDONLY);
		cr_assert_geq(fd, 0);
		cr_assert_eq(fstat(fd, &st), 0);
		r->n = 0;
		memset(&res, 0, sizeof(res));
		cr_assert_eq(pc_extract_fd(fd, fp, (uint64_t)st.st_size,
				 PC_DOC_AUTO, &r->sink, &res),
		    0, "%s: %s", de->d_name, pc_error_get());
		close(fd);
		total++;
		for (i = 0; i < r->n; i++) {
			bool ok = false;
			for (j = 0; j < nl; j++)
				if (strcmp(labels[j].file, de->d_name) == 0 &&
				    labels[j].line == r->line[i] &&
				    strcmp(labels[j].det, r->det[i]) == 0) {
					labels[j].seen = true;
					ok = true;
				}
			cr_expect(ok, "unexpected %s at %s:%llu (%s)", r->det[i],
			    de->d_name, r->line[i], r->preview[i]);
		}
	}
	closedir(d);
	cr_assert_gt(total, 3);
	for (j = 0; j < nl; j++)
		cr_expect(labels[j].seen, "missed %s at %s:%lu", labels[j].det,
		    labels[j].file, labels[j].line);
	mr_free(r);
}

/* Extracts a corpus file (kind AUTO) into the matcher. */
static int
run_corpus_file(struct mr *r, const char *name)
{
	char fp[512];
	struct stat st;
	int fd, rc;

	snprintf(fp, sizeof(fp), "%s/tests/data/content/corpus/%s",
	    PC_SOURCE_DIR, name);
	fd = open(fp, O_RDONLY);
	cr_assert_geq(fd, 0, "%s", fp);
	cr_assert_eq(fstat(fd, &st), 0);
	r->n = 0;
	rc = pc_extract_fd(fd, fp, (uint64_t)st.st_size, PC_DOC_AUTO, &r->sink,
	    NULL);
	close(fd);
	return rc;
}

Test(matcher, utf16le_csv_with_a_nino_is_found)
{
	struct mr *r = mr_new();
	size_t i;
	int k;

	/* Excel's "Unicode Text" shape: FF FE, then UTF-16LE; was skipped
	 * as binary, hiding every NINO in it. */
	cr_assert_eq(run_corpus_file(r, "export_utf16le.csv"), 0, "%s",
	    pc_error_get());
	k = mr_find(r, "uk_nino");
	cr_assert_geq(k, 0, "the NINO in the UTF-16 export is found");
	cr_assert_eq(r->line[k], 2);
	cr_assert_str_eq(r->preview[k], "JG ** ** ** D");
	/* the row with only a name and a note is not a finding */
	for (i = 0; i < r->n; i++)
		cr_assert_neq(r->line[i], 3, "%s on line 3", r->det[i]);
	mr_free(r);
}
