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
	const char *member;	/* or NULL */
	const char *why;
	const char *place;  /* first mark of the unit ("row 4, column 'x'"),
			       or NULL */
	const char *sender; /* the mail's From, or NULL (not masked) */
};

typedef int (*pc_threats_flag_fn)(void *arg, const struct pc_threats_flag *f);

struct pc_threats_sink;

/* A sink over engine and (optional) protected details; fn is called for
 * each rule a unit matches. Caller frees with pc_threats_sink_free(). */
int pc_threats_sink_new(struct pc_threats_sink **out,
    struct pc_threats_engine *engine, const struct pc_protect *prot,
    pc_threats_flag_fn fn, void *arg);
void pc_threats_sink_get(struct pc_threats_sink *s, struct pc_text_sink *out);
void pc_threats_sink_free(struct pc_threats_sink *s);
/* Judges only the export column named column (CSV); NULL: all. */
int pc_threats_sink_set_column(struct pc_threats_sink *s,
    const char *column);
/* Units seen, and units in which the column was found. */
void pc_threats_sink_counts(const struct pc_threats_sink *s, size_t *units,
    size_t *with_column);

/* A mail's From as "s***@domain" (no name, no rest of the local part);
 * "unknown sender" without an address. */
void pc_threats_mask_sender(char *out, size_t cap, const char *from);

#define PC_THREATS_UNIT_MAX (32u << 20) /* bytes judged of one unit */

#endif
