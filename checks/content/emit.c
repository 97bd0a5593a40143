/* The emitter: extractors -> the caller's text sink, errors kept apart. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "extract_int.h"

/* Starts a unit. */
int
pc_emit_begin(struct pc_emit *e, const struct pc_text_loc *loc)
{
	int r;

	if (e->rc != 0)
		return e->rc;
	if (e->open && (r = pc_emit_end(e)) != 0)
		return r;
	if ((r = e->sink->begin(e->sink->arg, loc)) != 0)
		return e->rc = r;
	e->open = true;
	e->res->units++;
	return 0;
}

/* Hands bytes of the open unit to the sink. */
int
pc_emit_data(struct pc_emit *e, const char *p, size_t len)
{
	int r;

	if (e->rc != 0)
		return e->rc;
	if (!e->open || len == 0)
		return 0;
	if ((r = e->sink->data(e->sink->arg, p, len)) != 0)
		return e->rc = r;
	return 0;
}

/* Marks the open unit's next byte (dropped when the sink has no marks). */
int
pc_emit_mark(struct pc_emit *e, const struct pc_text_mark *mk)
{
	int r;

	if (e->rc != 0)
		return e->rc;
	if (!e->open || e->sink->mark == NULL)
		return 0;
	if ((r = e->sink->mark(e->sink->arg, mk)) != 0)
		return e->rc = r;
	return 0;
}

/* Hands a C string of the open unit to the sink. */
int
pc_emit_str(struct pc_emit *e, const char *s)
{
	return pc_emit_data(e, s, strlen(s));
}

/* Ends the open unit, if any. */
int
pc_emit_end(struct pc_emit *e)
{
	int r;

	if (!e->open)
		return e->rc;
	e->open = false;
	if ((r = e->sink->end(e->sink->arg)) != 0 && e->rc == 0)
		e->rc = r;
	return e->rc;
}

/* Records a part that was not read. */
void
pc_emit_skip(struct pc_emit *e, const char *reason)
{
	e->res->parts_skipped++;
	if (e->res->note[0] == '\0')
		snprintf(e->res->note, sizeof(e->res->note), "%s", reason);
}
