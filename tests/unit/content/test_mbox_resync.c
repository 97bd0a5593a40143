/* The next "From " line of an mbox after an offset (mbox_resync.c). */
#include <criterion/criterion.h>
#include <string.h>

#include "checks/content/mbox_resync.h"

/* pc_mbox_next_from over text held in memory. */
static gint64
next(const char *text, gint64 after)
{
	GMimeStream *s = g_mime_stream_mem_new_with_buffer(text, strlen(text));
	gint64 r = pc_mbox_next_from(s, after);

	g_object_unref(s);
	return r;
}

Test(mbox_resync, finds_the_next_line_starting_from)
{
	const char t[] = "From a\nbody\nFrom the desk\nx\nFrom b\n";

	g_mime_init();
	cr_assert_eq(next(t, 0), 12); /* "From the desk" */
	cr_assert_eq(next(t, 1), 12);
	cr_assert_eq(next(t, 12), 12 + 14 + 2);
	cr_assert_eq(next(t, 13), 28);
	cr_assert_eq(next(t, 29), -1);
	/* "From" must open a line; "xFrom " is no separator */
	cr_assert_eq(next("xFrom a\nbody\n", 0), -1);
}

Test(mbox_resync, a_separator_across_the_read_chunk_is_found)
{
	static char t[65536 * 2 + 64];
	size_t i;

	g_mime_init();
	for (i = 0; i < 65536 - 3; i++)
		t[i] = 'a';
	memcpy(t + i, "\nFrom x\n", 8); /* "\nFr" | "om x" at the chunk end */
	cr_assert_eq(next(t, 0), (gint64)(65536 - 2));
}
