/* A text sink that judges each unit with the threats rules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "quote.h"
#include "sink.h"

#define SINK_MAX_DOX 8

struct pc_threats_sink {
	struct pc_threats_engine *engine;
	const struct pc_protect *prot;
	pc_threats_flag_fn fn;
	void *arg;
	struct pc_buf unit, text;
	char *path, *message_id, *member, *place, *sender, *column;
	int skip, headers, in_column, column_seen;
	size_t units, with_column;
};

/* Remembers the From of a mail's header unit (the sender; masked by the
 * caller before it is shown). */
static void
keep_sender(struct pc_threats_sink *s)
{
	const char *p = s->unit.data, *end = p + s->unit.len, *e;

	while (p != NULL && p < end) {
		e = memchr(p, '\n', (size_t)(end - p));
		if ((size_t)(end - p) > 5 && strncasecmp(p, "From:", 5) == 0) {
			p += 5;
			while (p < end && (*p == ' ' || *p == '\t'))
				p++;
			free(s->sender);
			s->sender = strndup(p, (size_t)((e ? e : end) - p));
			return;
		}
		p = e ? e + 1 : NULL;
	}
}

/* A mark inside a unit: where the next text is (a CSV cell). */
static int
sink_mark(void *arg, const struct pc_text_mark *mk)
{
	struct pc_threats_sink *s = arg;
	const char *c;
	size_t n;

	if (s->place == NULL && mk->locator != NULL &&
	    (s->place = strdup(mk->locator)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	if (s->column == NULL || mk->locator == NULL)
		return 0;
	/* "row 4, column 'text'": only that column's cells are judged */
	c = strstr(mk->locator, ", column '");
	n = strlen(s->column);
	s->in_column = c != NULL && strncmp(c + 10, s->column, n) == 0 &&
	    strcmp(c + 10 + n, "'") == 0;
	if (s->in_column)
		s->column_seen = 1;
	return 0;
}

/* Starts a unit: remembers where it came from. */
static int
sink_begin(void *arg, const struct pc_text_loc *loc)
{
	struct pc_threats_sink *s = arg;

	free(s->path);
	free(s->message_id);
	free(s->member);
	free(s->place);
	s->place = NULL;
	s->path = strdup(loc->path ? loc->path : "");
	s->message_id = loc->message_id ? strdup(loc->message_id) : NULL;
	s->member = loc->member ? strdup(loc->member) : NULL;
	if (s->path == NULL || (loc->message_id && !s->message_id) ||
	    (loc->member && !s->member))
		return pc_error_set(PC_ENOMEM, "out of memory");
	/* a mail's header unit is addresses and dates, not what was said */
	s->skip = loc->member && strcmp(loc->member, "headers") == 0;
	s->headers = s->skip;
	if (!s->headers && (loc->member == NULL || loc->message_id == NULL)) {
		free(s->sender); /* not a part of the last mail */
		s->sender = NULL;
	}
	s->in_column = s->column == NULL;
	s->column_seen = 0;
	pc_buf_reset(&s->unit);
	return 0;
}

/* Collects a unit's text, up to the cap. */
static int
sink_data(void *arg, const char *p, size_t len)
{
	struct pc_threats_sink *s = arg;

	if ((s->skip && !s->headers) || !s->in_column ||
	    s->unit.len >= PC_THREATS_UNIT_MAX)
		return 0;
	if (len > PC_THREATS_UNIT_MAX - s->unit.len)
		len = PC_THREATS_UNIT_MAX - s->unit.len;
	return pc_buf_add(&s->unit, p, len) ? pc_error_set(PC_ENOMEM,
	    "out of memory") : 0;
}

/* Reports one rule. */
static int
flag(struct pc_threats_sink *s, const char *rule, const char *why)
{
	struct pc_threats_flag f = { rule, s->path, s->message_id, s->member,
		why, s->place, s->sender };

	return s->fn(s->arg, &f);
}

/* Ends a unit: splits off quotes, judges, reports. */
static int
sink_end(void *arg)
{
	struct pc_threats_sink *s = arg;
	struct pc_threats_verdict v;
	struct pc_protect_hit hits[SINK_MAX_DOX];
	char why[160];
	int r, i, n;

	if (s->headers) {
		keep_sender(s);
		return 0;
	}
	s->units++;
	if (s->column_seen)
		s->with_column++;
	if (s->skip || s->unit.len == 0)
		return 0;
	pc_buf_reset(&s->text);
	if ((r = pc_threats_quote_split(&s->text, s->unit.data, s->unit.len,
	    NULL)) != 0 || (r = pc_threats_judge(s->engine, s->text.data ?
	    s->text.data : "", s->text.len, &v)) != 0)
		return r;
	for (i = 0; i < PC_THR_NRULES; i++)
		if (v.hit[i] && (r = flag(s, pc_threats_rule_id(i), v.why[i])))
			return r;
	if (s->prot == NULL)
		return 0;
	n = pc_protect_find(s->prot, s->text.data ? s->text.data : "",
	    s->text.len, hits, SINK_MAX_DOX);
	if (n < 0)
		return n;
	for (i = 0; i < n; i++) {
		snprintf(why, sizeof(why), "%s of %s: '%s'",
		    pc_protect_kind_name(hits[i].kind), hits[i].person,
		    hits[i].masked);
		if ((r = flag(s, "doxxing", why)) != 0)
			return r;
	}
	return 0;
}

/* A new sink. */
int
pc_threats_sink_new(struct pc_threats_sink **out,
    struct pc_threats_engine *engine, const struct pc_protect *prot,
    pc_threats_flag_fn fn, void *arg)
{
	struct pc_threats_sink *s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	s->engine = engine;
	s->prot = prot;
	s->fn = fn;
	s->arg = arg;
	pc_buf_init(&s->unit, PC_THREATS_UNIT_MAX);
	pc_buf_init(&s->text, PC_THREATS_UNIT_MAX);
	*out = s;
	return 0;
}

/* The pc_text_sink for the extractors. */
void
pc_threats_sink_get(struct pc_threats_sink *s, struct pc_text_sink *out)
{
	out->begin = sink_begin;
	out->data = sink_data;
	out->end = sink_end;
	out->mark = sink_mark;
	out->arg = s;
}

/* Frees the sink. */
void
pc_threats_sink_free(struct pc_threats_sink *s)
{
	if (s == NULL)
		return;
	pc_buf_free(&s->unit);
	pc_buf_free(&s->text);
	free(s->path);
	free(s->message_id);
	free(s->member);
	free(s->place);
	free(s->sender);
	free(s->column);
	free(s);
}

/* Judges only one export column. */
int
pc_threats_sink_set_column(struct pc_threats_sink *s, const char *column)
{
	free(s->column);
	s->column = column ? strdup(column) : NULL;
	return column && !s->column ? pc_error_set(PC_ENOMEM,
	    "out of memory") : 0;
}

/* Units seen, and units in which the column was found. */
void
pc_threats_sink_counts(const struct pc_threats_sink *s, size_t *units,
    size_t *with_column)
{
	*units = s->units;
	*with_column = s->with_column;
}

/* The sender as "s***@domain" (no name, no local part). */
void
pc_threats_mask_sender(char *out, size_t cap, const char *from)
{
	const char *lt, *at, *end;

	if (from == NULL || (at = strchr(from, '@')) == NULL) {
		snprintf(out, cap, "unknown sender");
		return;
	}
	lt = memrchr(from, '<', (size_t)(at - from));
	lt = lt ? lt + 1 : from;
	while (lt < at && (*lt == ' ' || *lt == '"'))
		lt++;
	end = at + strcspn(at, "> \t\r\n");
	snprintf(out, cap, "%c***%.*s", lt < at ? *lt : '?',
	    (int)(end - at > 100 ? 100 : end - at), at);
}
