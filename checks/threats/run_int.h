/* Shared between the threats child's run (run.c) and its
 * harassment_pattern findings (harass.c). */
#ifndef PC_THREATS_RUN_INT_H
#define PC_THREATS_RUN_INT_H

#include "agent/check.h"
#include "agent/lib/buf.h"
#include "pattern.h"
#include "sink.h"

#define PC_THREATS_SENDER_HEX 13 /* 12 hex digits of the sender's hash */

/* One run of the check in its child. */
struct trun {
	struct pc_check_ctx *ctx;
	const struct pc_source *src;
	const struct pc_buf *key;
	size_t flagged;
	struct pc_threats_tracker *pattern; /* NULL: rule not in policy */
	char last_subject[1024]; /* the last message the pattern counted */
};

/* "<source path>: <Message-ID, record id, row N or $[N]>" and the
 * locator relative to the source, for one flagged unit. */
void pc_threats_subject(const struct trun *t, const struct pc_threats_flag *f,
    char *subject, size_t scap, char *locator, size_t lcap);
/* The keyed hash (12 hex digits) of a normalised sender (a mail address
 * without +tag, or an export author without '@'); "" when none. */
int pc_threats_sender_key(char out[PC_THREATS_SENDER_HEX],
    const struct pc_buf *key, const char *sender);
/* A date as YYYY-MM-DD, or "" when unknown. */
void pc_threats_day(char out[11], int64_t when);
/* Counts one judged unit towards harassment_pattern (sink callback). */
int pc_threats_harass_unit(void *arg, const struct pc_threats_unit *u);
/* Emits the harassment_pattern findings once every source is read. */
int pc_threats_harass_finish(struct trun *t);

#endif
