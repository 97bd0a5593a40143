/* A test sink that records every text unit (shared by content tests). */
#ifndef PC_TEST_CONTENT_COLLECT_H
#define PC_TEST_CONTENT_COLLECT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/buf.h"
#include "checks/content/text.h"

#define COLLECT_MAX 64

/* Units seen: their text (capped) and where they came from. */
struct collect {
	struct pc_buf text[COLLECT_MAX];
	char member[COLLECT_MAX][128];
	char message_id[COLLECT_MAX][128];
	unsigned long long base_line[COLLECT_MAX], base_offset[COLLECT_MAX];
	unsigned long long bytes; /* all data, including past the cap */
	int exact[COLLECT_MAX];
	size_t n, total, max_chunk;
	int open;
	int stop_after; /* return 1 from begin of unit number stop_after */
};

/* Starts a unit. */
static int
collect_begin(void *arg, const struct pc_text_loc *loc)
{
	struct collect *c = arg;

	if (c->open)
		return -100; /* begin without end: a producer bug */
	c->open = 1;
	c->total++;
	if (c->stop_after && (int)c->total >= c->stop_after)
		return 1;
	if (c->n < COLLECT_MAX) {
		pc_buf_init(&c->text[c->n], 1 << 20);
		snprintf(c->member[c->n], 128, "%s",
		    loc->member ? loc->member : "");
		snprintf(c->message_id[c->n], 128, "%s",
		    loc->message_id ? loc->message_id : "");
		c->base_line[c->n] = loc->base_line;
		c->base_offset[c->n] = loc->base_offset;
		c->exact[c->n] = loc->exact;
	}
	return 0;
}

/* Adds data to the open unit. */
static int
collect_data(void *arg, const char *p, size_t len)
{
	struct collect *c = arg;

	if (!c->open)
		return -101;
	c->bytes += len;
	if (len > c->max_chunk)
		c->max_chunk = len;
	if (c->n < COLLECT_MAX)
		(void)pc_buf_add(&c->text[c->n], p, len);
	return 0;
}

/* Ends the unit. */
static int
collect_end(void *arg)
{
	struct collect *c = arg;

	if (!c->open)
		return -102;
	c->open = 0;
	if (c->n < COLLECT_MAX)
		c->n++;
	return 0;
}

/* A sink over c. */
static inline struct pc_text_sink
collect_sink(struct collect *c)
{
	struct pc_text_sink s = { collect_begin, collect_data, collect_end,
		c, NULL };

	memset(c, 0, sizeof(*c));
	return s;
}

/* Frees recorded text. */
static inline void
collect_free(struct collect *c)
{
	size_t i;

	for (i = 0; i < c->n && i < COLLECT_MAX; i++)
		pc_buf_free(&c->text[i]);
}

/* The unit whose text contains needle, or -1. */
static inline int
collect_find(const struct collect *c, const char *needle)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->text[i].data && strstr(c->text[i].data, needle))
			return (int)i;
	return -1;
}

#endif
