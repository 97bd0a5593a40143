/* A text sink that judges each unit (a mail part, an export row) with
 * the threats rules and the protected details. */
#ifndef PC_THREATS_SINK_H
#define PC_THREATS_SINK_H

#include "checks/content/text.h"
#include "engine.h"
#include "protect.h"

/* One flagged unit: rule id and the matched parts (masked). Borrowed. */
struct pc_threats_flag {
	const char *rule;
	const char *path;
	const char *message_id; /* or NULL */
	const char *member;     /* or NULL */
	const char *why;
	const char *place;     /* first mark of the unit ("row 4, column 'x'"),
			       or NULL */
	const char *sender;    /* the mail's From or the export's author column,
			       or NULL (not masked) */
	const char *record_id; /* the export's id column, or NULL */
	const char *date;      /* the mail's Date or the date column, or NULL */
	unsigned long long line; /* the unit's first line in its file (a JSON
				    line's number), 0 when unknown */
};

/* A unit once judged: what harassment_pattern needs. Borrowed. */
struct pc_threats_unit {
	const struct pc_threats_flag *where; /* rule and why unset */
	const char *text; /* what the sender wrote (quotes split off) */
	size_t len;
	int abusive; /* flagged threat_to_life, threat, abuse or doxxing */
};

typedef int (*pc_threats_unit_fn)(void *arg, const struct pc_threats_unit *u);

typedef int (*pc_threats_flag_fn)(void *arg, const struct pc_threats_flag *f);

struct pc_threats_sink;

/* A sink over engine and (optional) protected details; fn is called for
 * each rule a unit matches. engine NULL: doxxing only (web pages). Caller frees with pc_threats_sink_free(). */
int pc_threats_sink_new(struct pc_threats_sink **out,
    struct pc_threats_engine *engine, const struct pc_protect *prot,
    pc_threats_flag_fn fn, void *arg);
void pc_threats_sink_get(struct pc_threats_sink *s, struct pc_text_sink *out);
void pc_threats_sink_free(struct pc_threats_sink *s);
/* Judges only the export column named column (CSV); NULL: all. */
int pc_threats_sink_set_column(struct pc_threats_sink *s, const char *column);
/* The export's columns (CSV names, JSON dotted paths such as
 * tweet.full_text): text judged, record id, author, date; NULL: none.
 * The others are read only with a text column. */
enum {
	PC_THR_COL_TEXT,
	PC_THR_COL_ID,
	PC_THR_COL_AUTHOR,
	PC_THR_COL_DATE,
	PC_THR_NCOLS
};
int pc_threats_sink_set_columns(
    struct pc_threats_sink *s, const char *const cols[PC_THR_NCOLS]);
/* Calls fn after each judged unit (harassment_pattern). */
void pc_threats_sink_on_unit(
    struct pc_threats_sink *s, pc_threats_unit_fn fn, void *arg);
/* Does an export mark's locator ("row 4, column 'text'", "$[3].a.b")
 * name column (a CSV header name or a JSON dotted path)? */
int pc_threats_column_is(const char *locator, const char *column);
/* data's length without the separator written before the field at
 * locator next (NULL: the unit's end) and trailing white space. */
size_t pc_threats_column_trim(const char *data, size_t len, const char *next);
/* Units seen, and units in which the column was found. */
void pc_threats_sink_counts(
    const struct pc_threats_sink *s, size_t *units, size_t *with_column);

/* A mail's From as "s***@domain" (no name, no rest of the local part);
 * "unknown sender" without an address. */
void pc_threats_mask_sender(char *out, size_t cap, const char *from);

#define PC_THREATS_UNIT_MAX (32u << 20) /* bytes judged of one unit */

#endif
