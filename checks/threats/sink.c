/* A text sink that judges each unit with the threats rules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	char *path, *message_id, *member;
	int skip;
};

/* Starts a unit: remembers where it came from. */
static int
sink_begin(void *arg, const struct pc_text_loc *loc)
{
	struct pc_threats_sink *s = arg;

	free(s->path);
	free(s->message_id);
	free(s->member);
	s->path = strdup(loc->path ? loc->path : "");
	s->message_id = loc->message_id ? strdup(loc->message_id) : NULL;
	s->member = loc->member ? strdup(loc->member) : NULL;
	if (s->path == NULL || (loc->message_id && !s->message_id) ||
	    (loc->member && !s->member))
		return pc_error_set(PC_ENOMEM, "out of memory");
	/* a mail's header unit is addresses and dates, not what was said */
	s->skip = loc->member && strcmp(loc->member, "headers") == 0;
	pc_buf_reset(&s->unit);
	return 0;
}

/* Collects a unit's text, up to the cap. */
static int
sink_data(void *arg, const char *p, size_t len)
{
	struct pc_threats_sink *s = arg;

	if (s->skip || s->unit.len >= PC_THREATS_UNIT_MAX)
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
		why };

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
	free(s);
}
