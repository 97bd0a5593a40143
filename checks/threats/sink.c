/* A text sink that judges each unit with the threats rules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "own_quote.h"
#include "quote.h"
#include "sink.h"

#define SINK_MAX_DOX   8
#define SINK_FIELD_MAX 256 /* bytes kept of an id, author or date */

struct pc_threats_sink {
	struct pc_threats_engine *engine;
	const struct pc_protect *prot;
	pc_threats_flag_fn fn;
	void *arg;
	struct pc_buf unit, text;
	struct pc_buf rest; /* what the unit quotes or forwards */
	char *path, *message_id, *member, *place, *sender, *date;
	char *cols[PC_THR_NCOLS];
	int skip, headers, in_column, column_seen;
	int cur; /* the column the next bytes belong to, or -1 */
	char field[PC_THR_NCOLS][SINK_FIELD_MAX];
	size_t flen[PC_THR_NCOLS];
	size_t units, with_column;
	unsigned long long line;
	pc_threats_unit_fn unit_fn;
	void *unit_arg;
};

/* A header's value (up to the line's end) when line is "name: value". */
static char *
header_value(const char *p, const char *end, const char *name)
{
	size_t n = strlen(name);

	if ((size_t)(end - p) <= n || strncasecmp(p, name, n) != 0)
		return NULL;
	p += n;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (end > p && (end[-1] == '\r' || end[-1] == ' '))
		end--;
	return strndup(p, (size_t)(end - p));
}

/* Remembers the From and Date of a mail's header unit (the sender is
 * masked by the caller before it is shown). */
static void
keep_sender(struct pc_threats_sink *s)
{
	const char *p = s->unit.data, *end = p + s->unit.len, *e;
	char *v;

	while (p != NULL && p < end) {
		e = memchr(p, '\n', (size_t)(end - p));
		if (s->sender == NULL &&
		    (v = header_value(p, e ? e : end, "From:")) != NULL)
			s->sender = v;
		else if (s->date == NULL &&
		    (v = header_value(p, e ? e : end, "Date:")) != NULL)
			s->date = v;
		p = e ? e + 1 : NULL;
	}
}

/* Ends the bytes of the current column before the field at next. */
static void
end_field(struct pc_threats_sink *s, const char *next)
{
	if (s->cur == PC_THR_COL_TEXT)
		s->unit.len = pc_threats_column_trim(
		    s->unit.data ? s->unit.data : "", s->unit.len, next);
	else if (s->cur > 0)
		s->flen[s->cur] = pc_threats_column_trim(
		    s->field[s->cur], s->flen[s->cur], next);
}

/* Which column the locator names, or -1. */
static int
column_of(const struct pc_threats_sink *s, const char *locator)
{
	int i;

	for (i = 0; i < PC_THR_NCOLS; i++)
		if (s->cols[i] && pc_threats_column_is(locator, s->cols[i]))
			return i;
	return -1;
}

/* A mark inside a unit: where the next text is (a CSV cell). */
static int
sink_mark(void *arg, const struct pc_text_mark *mk)
{
	struct pc_threats_sink *s = arg;

	if (s->place == NULL && mk->locator != NULL &&
	    (s->place = strdup(mk->locator)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	if (s->cols[PC_THR_COL_TEXT] == NULL || mk->locator == NULL)
		return 0;
	/* "row 4, column 'text'", "$[3].text": only that column is judged,
	 * the id, author and date columns are kept */
	end_field(s, mk->locator);
	s->cur = column_of(s, mk->locator);
	s->in_column = s->cur == PC_THR_COL_TEXT;
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
	s->line = loc->base_line;
	if (s->path == NULL || (loc->message_id && !s->message_id) ||
	    (loc->member && !s->member))
		return pc_error_set(PC_ENOMEM, "out of memory");
	/* a mail's header unit is addresses and dates, not what was said */
	s->skip = loc->member && strcmp(loc->member, "headers") == 0;
	s->headers = s->skip;
	if (s->headers || loc->member == NULL || loc->message_id == NULL) {
		free(s->sender); /* not a part of the last mail */
		free(s->date);
		s->sender = s->date = NULL;
	}
	s->in_column = s->cols[PC_THR_COL_TEXT] == NULL;
	s->cur = s->in_column ? PC_THR_COL_TEXT : -1;
	memset(s->flen, 0, sizeof(s->flen));
	s->column_seen = 0;
	pc_buf_reset(&s->unit);
	return 0;
}

/* Collects a unit's text, up to the cap. */
static int
sink_data(void *arg, const char *p, size_t len)
{
	struct pc_threats_sink *s = arg;
	size_t room;

	if (s->cur > 0 && !s->skip) { /* an id, author or date cell */
		room = SINK_FIELD_MAX - 1 - s->flen[s->cur];
		len = len < room ? len : room;
		memcpy(s->field[s->cur] + s->flen[s->cur], p, len);
		s->flen[s->cur] += len;
		return 0;
	}
	if ((s->skip && !s->headers) || !s->in_column ||
	    s->unit.len >= PC_THREATS_UNIT_MAX)
		return 0;
	if (len > PC_THREATS_UNIT_MAX - s->unit.len)
		len = PC_THREATS_UNIT_MAX - s->unit.len;
	return pc_buf_add(&s->unit, p, len)
	    ? pc_error_set(PC_ENOMEM, "out of memory")
	    : 0;
}

/* A kept column's value, or NULL when the row had none. */
static const char *
field_of(struct pc_threats_sink *s, int col)
{
	if (s->cols[col] == NULL || s->flen[col] == 0)
		return NULL;
	s->field[col][s->flen[col]] = '\0';
	return s->field[col];
}

/* Where the unit is and who sent it, for a flag. */
static struct pc_threats_flag
flag_of(struct pc_threats_sink *s, const char *rule, const char *why)
{
	const char *author = field_of(s, PC_THR_COL_AUTHOR);
	const char *date = field_of(s, PC_THR_COL_DATE);

	return (struct pc_threats_flag){ .rule = rule,
		.path = s->path,
		.message_id = s->message_id,
		.member = s->member,
		.why = why,
		.place = s->place,
		.sender = author ? author : s->sender,
		.record_id = field_of(s, PC_THR_COL_ID),
		.date = date ? date : s->date,
		.line = s->line };
}

/* Reports one rule. */
static int
flag(struct pc_threats_sink *s, const char *rule, const char *why)
{
	struct pc_threats_flag f = flag_of(s, rule, why);

	return s->fn(s->arg, &f);
}

/* Tells the unit callback a unit was judged. */
static int
judged(struct pc_threats_sink *s, int abusive)
{
	struct pc_threats_flag f = flag_of(s, NULL, NULL);
	struct pc_threats_unit u = { &f, s->text.data ? s->text.data : "",
		s->text.len, abusive };

	return s->unit_fn ? s->unit_fn(s->unit_arg, &u) : 0;
}

/* What the writer quotes or forwards is judged as theirs when it is
 * their own earlier text ("Resending as you ignored this", the same
 * From, a bare forward): every rule; or when they back it ("Forwarded
 * so she can see it. Couldn't agree more." above a group chat's plan)
 * and wrote no threat of their own: the threat rules. quoted: the lines
 * the first split set aside (none: nothing to judge, no second split). */
static int
judge_quoted(
    struct pc_threats_sink *s, struct pc_threats_verdict *v, size_t quoted)
{
	struct pc_threats_verdict q;
	const char *author = field_of(s, PC_THR_COL_AUTHOR);
	char own[64];
	int r, i, last = PC_THR_THREAT;

	if (s->engine == NULL || quoted == 0 || v->sorry ||
	    ((v->hit[PC_THR_LIFE] || v->hit[PC_THR_THREAT]) && !v->model_only))
		return 0;
	pc_buf_reset(&s->rest);
	if ((r = pc_threats_quote_rest(&s->rest, s->unit.data, s->unit.len)) ||
	    s->rest.len == 0)
		return r;
	snprintf(own, sizeof(own), "%s", v->owns_why);
	if (own[0] != '\0' ||
	    pc_threats_quote_is_own(author ? author : s->sender, s->unit.data,
		s->unit.len, s->text.data ? s->text.data : "", s->text.len, own,
		sizeof(own)))
		last = PC_THR_ABUSE;
	else if (v->backs_why[0] == '\0')
		return 0;
	if ((r = pc_threats_judge(s->engine, s->rest.data, s->rest.len, &q)))
		return r;
	if (v->model_only && (q.hit[PC_THR_LIFE] || q.hit[PC_THR_THREAT]))
		v->hit[PC_THR_LIFE] = v->hit[PC_THR_THREAT] = false;
	for (i = PC_THR_LIFE; i <= last; i++)
		if (q.hit[i] && !v->hit[i]) {
			v->hit[i] = true;
			snprintf(v->why[i], sizeof(v->why[i]),
			    last == PC_THR_ABUSE
				? "what the writer quotes is theirs ('%.40s'): %.100s"
				: "the writer backs ('%.40s') what they quote: %.100s",
			    last == PC_THR_ABUSE ? own : v->backs_why,
			    q.why[i]);
			if (i < PC_THR_ABUSE)
				break; /* the higher threat rule says it */
		}
	return 0;
}

/* Ends a unit: splits off quotes, judges, reports. */
static int
sink_end(void *arg)
{
	struct pc_threats_sink *s = arg;
	struct pc_threats_verdict v;
	struct pc_protect_hit hits[SINK_MAX_DOX];
	char why[160];
	size_t quoted = 0;
	int r, i, n, abusive = 0;

	if (s->headers) {
		keep_sender(s);
		return 0;
	}
	end_field(s, NULL);
	s->units++;
	if (s->column_seen)
		s->with_column++;
	if (s->skip || s->unit.len == 0)
		return 0;
	pc_buf_reset(&s->text);
	memset(v.hit, 0, sizeof(v.hit));
	if ((r = pc_threats_quote_split(
		 &s->text, s->unit.data, s->unit.len, &quoted)) != 0 ||
	    (s->engine != NULL &&
		(r = pc_threats_judge(s->engine,
		     s->text.data ? s->text.data : "", s->text.len, &v))) ||
	    (r = judge_quoted(s, &v, quoted)) != 0)
		return r;
	for (i = 0; i < PC_THR_NRULES; i++) {
		if (v.hit[i] && (r = flag(s, pc_threats_rule_id(i), v.why[i])))
			return r;
		abusive |= v.hit[i];
	}
	n = s->prot == NULL
	    ? 0
	    : pc_protect_find(s->prot, s->text.data ? s->text.data : "",
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
	return judged(s, abusive || n > 0);
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
	pc_buf_init(&s->rest, PC_THREATS_UNIT_MAX);
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
	int i;

	if (s == NULL)
		return;
	pc_buf_free(&s->unit);
	pc_buf_free(&s->text);
	pc_buf_free(&s->rest);
	free(s->path);
	free(s->message_id);
	free(s->member);
	free(s->place);
	free(s->sender);
	free(s->date);
	for (i = 0; i < PC_THR_NCOLS; i++)
		free(s->cols[i]);
	free(s);
}

/* Judges only one export column. */
int
pc_threats_sink_set_column(struct pc_threats_sink *s, const char *column)
{
	const char *cols[PC_THR_NCOLS] = { column };

	return pc_threats_sink_set_columns(s, cols);
}

/* The export's text, id, author and date columns. */
int
pc_threats_sink_set_columns(
    struct pc_threats_sink *s, const char *const cols[PC_THR_NCOLS])
{
	int i;

	for (i = 0; i < PC_THR_NCOLS; i++) {
		free(s->cols[i]);
		s->cols[i] = NULL;
		if (cols[PC_THR_COL_TEXT] && cols[i] &&
		    (s->cols[i] = strdup(cols[i])) == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
	}
	return 0;
}

/* Calls fn after each judged unit. */
void
pc_threats_sink_on_unit(
    struct pc_threats_sink *s, pc_threats_unit_fn fn, void *arg)
{
	s->unit_fn = fn;
	s->unit_arg = arg;
}

/* Units seen, and units in which the column was found. */
void
pc_threats_sink_counts(
    const struct pc_threats_sink *s, size_t *units, size_t *with_column)
{
	*units = s->units;
	*with_column = s->with_column;
}

/* The sender as "s***@domain" (no name, no local part). */
void
pc_threats_mask_sender(char *out, size_t cap, const char *from)
{
	const char *lt, *at, *end;
	size_t n;

	if (from != NULL)
		from += strspn(from, " \t\"");
	if (from == NULL || *from == '\0') {
		snprintf(out, cap, "unknown sender");
		return;
	}
	if ((at = strchr(from, '@')) == NULL || at == from) {
		/* an export's author handle: its first letter only */
		from += strspn(from, "@ ");
		for (n = 1; ((unsigned char)from[n] & 0xc0) == 0x80 && n < 4;
		     n++)
			;
		snprintf(out, cap, "%.*s***", *from ? (int)n : 1,
		    *from ? from : "?");
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
