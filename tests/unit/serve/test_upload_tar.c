/* The upload parser: exactly three named regular files, streamed, capped. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "agent/upload_build.h"
#include "agent/upload_tar.h"

struct collected {
	struct pc_buf b[PC_UPLOAD_NMEMBERS];
	int begins, ends;
};

/* Sink: starts collecting a member. */
static int
c_begin(void *arg, enum pc_upload_member m, uint64_t size)
{
	struct collected *c = arg;

	c->begins++;
	pc_buf_init(&c->b[m], 1u << 20);
	return 0;
}

/* Sink: collects member bytes. */
static int
c_data(void *arg, enum pc_upload_member m, const void *p, size_t n)
{
	return pc_buf_add(&((struct collected *)arg)->b[m], p, n);
}

/* Sink: counts a finished member. */
static int
c_end(void *arg, enum pc_upload_member m)
{
	((struct collected *)arg)->ends++;
	return 0;
}

static const char *const sample[3] = { "{\"schema\":1}\n",
	"0123456789012345678901234567890123456789012345678901234567890123",
	"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n" };

/* Builds the sample archive. */
static void
build(struct pc_buf *tar)
{
	size_t len[3] = { strlen(sample[0]), strlen(sample[1]),
		strlen(sample[2]) };

	pc_buf_init(tar, 1u << 20);
	cr_assert_eq(pc_upload_build(tar, sample, len), 0);
}

/* Parses bytes fed in chunks of step; returns the parser's result. */
static int
parse(struct collected *c, const void *data, size_t len, size_t step,
    uint64_t cap)
{
	struct pc_upload_sink sink = { c_begin, c_data, c_end, c };
	struct pc_upload_tar t;
	size_t off, n;
	int r;

	memset(c, 0, sizeof(*c));
	pc_upload_tar_init(&t, &sink, cap);
	for (off = 0; off < len; off += n) {
		n = len - off < step ? len - off : step;
		if ((r = pc_upload_tar_feed(&t, (const char *)data + off,
			 n)) != 0)
			return r;
	}
	return pc_upload_tar_finish(&t);
}

/* Frees what a parse collected. */
static void
free_collected(struct collected *c)
{
	int i;

	for (i = 0; i < PC_UPLOAD_NMEMBERS; i++)
		pc_buf_free(&c->b[i]);
}

Test(upload_tar, round_trip_in_any_chunking)
{
	static const size_t steps[] = { 1, 7, 511, 512, 513, 100000 };
	struct collected c;
	struct pc_buf tar;
	size_t i;
	int m;

	build(&tar);
	cr_assert_eq(tar.len % 512, 0);
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		cr_assert_eq(parse(&c, tar.data, tar.len, steps[i], 1 << 20),
		    0, "step %zu: %s", steps[i], pc_error_get());
		for (m = 0; m < 3; m++)
			cr_assert_str_eq(c.b[m].data, sample[m]);
		cr_assert_eq(c.begins, 3);
		cr_assert_eq(c.ends, 3);
		free_collected(&c);
	}
	pc_buf_free(&tar);
}

Test(upload_tar, gnu_tar_output_is_accepted)
{
	struct collected c;
	struct pc_buf tar;

	build(&tar);
	/* GNU tar's magic "ustar  \0" in every header: fix the checksums. */
	for (size_t off = 0; off + 512 <= tar.len; off += 512) {
		unsigned char *h = (unsigned char *)tar.data + off;
		unsigned long sum = 0;

		if (memcmp(h + 257, "ustar", 5) != 0)
			continue;
		memcpy(h + 257, "ustar  ", 8);
		memset(h + 148, ' ', 8);
		for (int i = 0; i < 512; i++)
			sum += h[i];
		snprintf((char *)h + 148, 8, "%06lo", sum);
		h[155] = ' ';
	}
	cr_assert_eq(parse(&c, tar.data, tar.len, 4096, 1 << 20), 0, "%s",
	    pc_error_get());
	free_collected(&c);
	pc_buf_free(&tar);
}

/* Rewrites the first header's name and fixes its checksum. */
static void
rename_first(struct pc_buf *tar, const char *name, char type)
{
	unsigned char *h = (unsigned char *)tar->data;
	unsigned long sum = 0;

	memset(h, 0, 100);
	memcpy(h, name, strlen(name));
	h[156] = (unsigned char)type;
	memset(h + 148, ' ', 8);
	for (int i = 0; i < 512; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06lo", sum);
	h[155] = ' ';
}

Test(upload_tar, refuses_other_names_types_and_duplicates)
{
	struct collected c;
	struct pc_buf tar;

	build(&tar);
	rename_first(&tar, "../report.json", '0');
	cr_assert_eq(parse(&c, tar.data, tar.len, 512, 1 << 20), PC_EPARSE);
	cr_assert(strstr(pc_error_get(), "unexpected member") != NULL);
	free_collected(&c);
	rename_first(&tar, "report.json", '2'); /* a symlink */
	cr_assert_eq(parse(&c, tar.data, tar.len, 512, 1 << 20), PC_EPARSE);
	cr_assert(strstr(pc_error_get(), "not a regular file") != NULL);
	free_collected(&c);
	rename_first(&tar, "signer.pub", '0'); /* signer.pub twice */
	cr_assert_eq(parse(&c, tar.data, tar.len, 512, 1 << 20), PC_EPARSE);
	cr_assert(strstr(pc_error_get(), "twice") != NULL);
	free_collected(&c);
	rename_first(&tar, "./report.json", '0');
	cr_assert_eq(parse(&c, tar.data, tar.len, 512, 1 << 20), 0);
	free_collected(&c);
	pc_buf_free(&tar);
}

Test(upload_tar, refuses_bad_checksum_truncation_and_trailing_data)
{
	struct collected c;
	struct pc_buf tar;

	build(&tar);
	tar.data[0] ^= 1;
	cr_assert_eq(parse(&c, tar.data, tar.len, 512, 1 << 20), PC_EPARSE);
	cr_assert(strstr(pc_error_get(), "not a ustar archive") != NULL);
	free_collected(&c);
	tar.data[0] ^= 1;
	cr_assert_eq(parse(&c, tar.data, 700, 512, 1 << 20), PC_EPARSE);
	cr_assert(strstr(pc_error_get(), "middle of report.json") != NULL);
	free_collected(&c);
	cr_assert_eq(parse(&c, tar.data, 1024, 512, 1 << 20), PC_EPARSE);
	cr_assert(strstr(pc_error_get(), "is missing") != NULL);
	free_collected(&c);
	cr_assert_eq(pc_buf_adds(&tar, "x"), 0);
	cr_assert_eq(parse(&c, tar.data, tar.len, 512, 1 << 20), PC_EPARSE);
	cr_assert(strstr(pc_error_get(), "after the end") != NULL);
	free_collected(&c);
	pc_buf_free(&tar);
}

Test(upload_tar, caps_each_member_before_reading_it)
{
	struct collected c;
	struct pc_buf tar;

	build(&tar);
	/* report.json is 13 bytes: a cap of 12 refuses it at its header,
	 * before any of its bytes reach the sink. */
	cr_assert_eq(parse(&c, tar.data, tar.len, 512, 12), PC_ELIMIT);
	cr_assert_eq(c.begins, 0);
	cr_assert(strstr(pc_error_get(), "over the limit") != NULL);
	free_collected(&c);
	pc_buf_free(&tar);
}

Test(upload_tar, empty_input_is_not_an_upload)
{
	struct collected c;

	cr_assert_eq(parse(&c, "", 0, 1, 1 << 20), PC_EPARSE);
	free_collected(&c);
}
