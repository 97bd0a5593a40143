/* UTF-16 decoding: BOMs, surrogates, damage and chunk boundaries. */
#include <criterion/criterion.h>
#include <string.h>

#include "checks/content/utf16.h"

/* Decodes all of in (in chunks of step bytes) and finishes; NUL-ends out. */
static size_t
decode_all(const char *in, size_t len, bool be, size_t step, char *out,
    size_t cap)
{
	struct pc_utf16 d;
	size_t i = 0, n = 0, k, used;

	pc_utf16_init(&d, be);
	while (i < len) {
		k = len - i < step ? len - i : step;
		n +=
		    pc_utf16_decode(&d, in + i, k, &used, out + n, cap - n - 1);
		cr_assert_leq(used, k);
		i += used;
		cr_assert(used > 0 || cap - n - 1 < PC_UTF16_SLACK);
	}
	n += pc_utf16_finish(&d, out + n);
	out[n] = '\0';
	return n;
}

Test(utf16, byte_order_marks)
{
	size_t n;

	cr_assert_eq(pc_bom_detect("\xff\xfe"
	    "a",
	    3, &n),
	    PC_BOM_UTF16LE);
	cr_assert_eq(n, 2);
	cr_assert_eq(pc_bom_detect("\xfe\xff", 2, &n), PC_BOM_UTF16BE);
	cr_assert_eq(pc_bom_detect("\xef\xbb\xbfName", 7, &n), PC_BOM_UTF8);
	cr_assert_eq(n, 3);
	cr_assert_eq(pc_bom_detect("\xef\xbb", 2, &n), PC_BOM_NONE);
	cr_assert_eq(n, 0);
	cr_assert_eq(pc_bom_detect("\xff", 1, &n), PC_BOM_NONE);
	cr_assert_eq(pc_bom_detect("name,nino", 9, &n), PC_BOM_NONE);
	cr_assert_eq(pc_bom_detect(NULL, 0, &n), PC_BOM_NONE);
}

Test(utf16, little_and_big_endian_text)
{
	/* "Zoë €5 😀" : ASCII, U+00EB, U+20AC, U+1F600 (a surrogate pair) */
	const char le[] = "Z\0o\0\xeb\0 \0\xac\x20"
	    "5\0 \0\x3d\xd8\x00\xde";
	const char be[] = "\0Z\0o\0\xeb\0 \x20\xac\0"
	    "5\0 \xd8\x3d\xde\x00";
	const char want[] = "Zo\xc3\xab \xe2\x82\xac"
	    "5 \xf0\x9f\x98\x80";
	char out[64];

	cr_assert_eq(
	    decode_all(le, sizeof(le) - 1, false, 64, out, sizeof(out)),
	    strlen(want));
	cr_assert_str_eq(out, want);
	cr_assert_eq(decode_all(be, sizeof(be) - 1, true, 64, out, sizeof(out)),
	    strlen(want));
	cr_assert_str_eq(out, want);
}

Test(utf16, every_chunk_split_gives_the_same_text)
{
	const char le[] = "A\0\x3d\xd8\x00\xde"
	    "B\0\xac\x20\n\0";
	const char want[] = "A\xf0\x9f\x98\x80"
	    "B\xe2\x82\xac\n";
	char out[64];
	size_t step;

	for (step = 1; step <= sizeof(le) - 1; step++) {
		decode_all(le, sizeof(le) - 1, false, step, out, sizeof(out));
		cr_assert_str_eq(out, want, "split every %zu bytes", step);
	}
}

Test(utf16, unpaired_surrogates_become_replacement_characters)
{
	/* high then 'x'; lone low; high at the very end */
	const char le[] = "\x3d\xd8x\0\x00\xdey\0\x3d\xd8";
	const char want[] = "\xef\xbf\xbdx\xef\xbf\xbdy\xef\xbf\xbd";
	char out[64];

	decode_all(le, sizeof(le) - 1, false, 3, out, sizeof(out));
	cr_assert_str_eq(out, want);
}

Test(utf16, odd_trailing_byte_becomes_a_replacement_character)
{
	char out[16];

	decode_all("a\0b", 3, false, 8, out, sizeof(out));
	cr_assert_str_eq(out, "a\xef\xbf\xbd");
}

Test(utf16, nul_code_units_stay_nul_bytes)
{
	char out[16];
	size_t n = decode_all("a\0\0\0b\0", 6, false, 8, out, sizeof(out));

	cr_assert_eq(n, 3);
	cr_assert_eq(memcmp(out, "a\0b", 3), 0);
}

Test(utf16, output_never_passes_the_cap)
{
	/* 100 x U+20AC: 3 bytes each once decoded */
	char in[200], out[32];
	struct pc_utf16 d;
	size_t i, used, n, total = 0, pos = 0;

	for (i = 0; i < 100; i++) {
		in[2 * i] = '\xac';
		in[2 * i + 1] = '\x20';
	}
	pc_utf16_init(&d, false);
	while (pos < sizeof(in)) {
		n = pc_utf16_decode(&d, in + pos, sizeof(in) - pos, &used, out,
		    sizeof(out));
		cr_assert_leq(n, sizeof(out));
		cr_assert_gt(used, 0);
		total += n;
		pos += used;
	}
	cr_assert_eq(total, 300);
}
