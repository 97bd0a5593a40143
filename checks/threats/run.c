/*
 * The threats check's run in the sandboxed child: the rule engine from
 * the policy, the protected details under the office HMAC key, then each
 * source that names the check read message by message. One finding per
 * flagged message and rule; an unreadable source makes the check
 * incomplete, never a pass.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent/lib/err.h"
#include "checks/content/redact.h"
#include "checks/exposure/exposure.h"
#include "check_int.h"
#include "date.h"
#include "engine.h"
#include "read.h"
#include "run_int.h"
#include "targets.h"

#define RUN_MAX_NAMES 8

/* Where a unit is inside its source: the file relative to the source's
 * path ("" for a single-file source). */
static const char *
relpath(const struct pc_source *s, const char *path)
{
	size_t n = strlen(s->path);

	if (strncmp(path, s->path, n) == 0 && path[n] == '/')
		return path + n + 1;
	return strcmp(path, s->path) == 0 ? "" : path;
}

/* "row 4" from "row 4, column 'x'"; "$[3]" from "$[3].a.b". */
static void
row_of(char *out, size_t cap, const char *place)
{
	const char *c = strstr(place, ", column");

	if (place[0] == '$' && (c = strchr(place, ']')) != NULL)
		c++;
	snprintf(out, cap, "%.*s", (int)(c ? c - place : (long)strlen(place)),
	    place);
}

/* The subject and locator of a flagged unit (run_int.h). */
void
pc_threats_subject(const struct trun *t, const struct pc_threats_flag *f,
    char *subject, size_t scap, char *locator, size_t lcap)
{
	const char *rel = relpath(t->src, f->path);
	char where[512], row[300] = "";

	if (f->record_id)
		snprintf(row, sizeof(row), "%.250s", f->record_id);
	else if (f->place && f->place[0] == '$' && !strchr(f->place, ']') &&
	    f->line > 0) /* a JSON line: its line number */
		snprintf(row, sizeof(row), "line %llu", f->line);
	else if (f->place)
		row_of(row, sizeof(row), f->place);
	if (f->message_id)
		snprintf(where, sizeof(where), "%s", f->message_id);
	else
		snprintf(where, sizeof(where), "%s%s%s", rel,
		    *rel && *row ? " " : "",
		    *row       ? row
			: *rel ? ""
			       : "whole file");
	snprintf(subject, scap, "%s: %s", t->src->path, where);
	snprintf(locator, lcap, "%s%s%s", rel, *rel ? " " : "",
	    f->message_id ? f->message_id
		: *row    ? row
			  : "");
}

/* "from j***@example.org (sender #1a2b3c4d5e6f), 2025-02-03; " or "". */
static int
who_when(const struct trun *t, const struct pc_threats_flag *f, char *out,
    size_t cap)
{
	char masked[160], hash[PC_THREATS_SENDER_HEX], day[11];
	int r;

	*out = '\0';
	pc_threats_day(day, pc_threats_date_parse(f->date));
	if (f->sender == NULL) {
		if (*day)
			snprintf(out, cap, "dated %s; ", day);
		return 0;
	}
	if ((r = pc_threats_sender_key(hash, t->key, f->sender)) != 0)
		return r;
	pc_threats_mask_sender(masked, sizeof(masked), f->sender);
	snprintf(out, cap, "from %s%s%s%s%s%s; ", masked,
	    *hash ? " (sender #" : "", hash, *hash ? ")" : "", *day ? ", " : "",
	    day);
	return 0;
}

/* Emits one flagged message and rule. */
static int
on_flag(void *arg, const struct pc_threats_flag *f)
{
	struct trun *t = arg;
	const struct pc_rule *rule =
	    pc_policy_find_rule(pc_check_policy(t->ctx), f->rule);
	char subject[1024], locator[1024], evidence[768], who[256];
	char key[PC_REDACT_HMAC_HEX];
	int r;

	pc_threats_subject(
	    t, f, subject, sizeof(subject), locator, sizeof(locator));
	if ((r = who_when(t, f, who, sizeof(who))) != 0)
		return r;
	snprintf(evidence, sizeof(evidence), "%smatched %s", who, f->why);
	/* the key names the message (its Message-ID, else its place) */
	if ((r = pc_redact_hmac(key, (const unsigned char *)t->key->data,
		 t->key->len, locator, strlen(locator))) != 0)
		return r;
	t->flagged++;
	return pc_check_emit(t->ctx,
	    &(struct pc_finding){ .rule = f->rule,
		.subject = subject,
		.title = rule ? rule->title : f->rule,
		.evidence = evidence,
		.key = key,
		.locator = locator });
}

/* Reports content that was not read (issue 11, hole 4) as a
 * content_not_scanned finding naming the file and why, when the policy
 * has the rule. */
static int
not_scanned(struct trun *t, const char *path, const char *reason)
{
	const char *rel = relpath(t->src, path);
	char evidence[700];

	if (pc_policy_find_rule(
		pc_check_policy(t->ctx), "content_not_scanned") == NULL)
		return 0;
	snprintf(evidence, sizeof(evidence), "not read: %.600s", reason);
	return pc_check_emit(t->ctx,
	    &(struct pc_finding){ .rule = "content_not_scanned",
		.subject = path,
		.evidence = evidence,
		.key = "content_not_scanned",
		.locator = *rel ? rel : path });
}

/* Notes a file that was skipped, could not be read or was read in part. */
static void
on_event(void *arg, enum pc_walk_event ev, const char *path, const char *reason)
{
	struct trun *t = arg;

	if (ev == PC_WALK_UNREADABLE && !t->src->optional)
		(void)pc_check_incomplete(t->ctx,
		    "%s: %.200s could not be read: %.160s", t->src->path, path,
		    reason);
	if (ev == PC_WALK_UNREADABLE || ev == PC_WALK_NOT_READ)
		(void)not_scanned(t, path, reason);
}

/* The document kind of a source: a json source whose file is JSON Lines
 * (.jsonl, .ndjson) is read line by line. */
static enum pc_doc_kind
kind_of(const struct pc_source *s)
{
	size_t n = strlen(s->path);

	if (strcmp(s->kind, "json") == 0 &&
	    ((n > 6 && strcmp(s->path + n - 6, ".jsonl") == 0) ||
		(n > 7 && strcmp(s->path + n - 7, ".ndjson") == 0)))
		return PC_DOC_JSONL;
	return pc_doc_kind_of_source(s->kind);
}

/* Reads one source through the sink. */
static int
read_source(struct trun *t, struct pc_threats_sink *sink)
{
	const struct pc_source *s = t->src;
	struct pc_walk_opts o = { .include = s->include,
		.ninclude = s->ninclude,
		.exclude = s->exclude,
		.nexclude = s->nexclude };
	struct pc_threats_read_stats st;
	const char *cols[PC_THR_NCOLS] = { s->text_column, s->id_column,
		s->author_column, s->date_column };
	const char *none[PC_THR_NCOLS] = { NULL };
	int export =
	    strcmp(s->kind, "csv") == 0 || strcmp(s->kind, "json") == 0;
	size_t units, with_col;
	int r;

	o.deny = pc_check_secret_ids(t->ctx, &o.ndeny);
	if ((r = pc_threats_sink_set_columns(sink, export ? cols : none)) != 0)
		return r;
	pc_check_progress(t->ctx, "reading %s", s->path);
	r = pc_threats_read(s->path, &o, kind_of(s), sink, on_event, t, &st);
	if (r > 0)
		return r;
	if (r < 0 && s->optional) {
		char why[600];

		snprintf(why, sizeof(why),
		    "the optional %s source could not be read: %.500s", s->kind,
		    pc_error_get());
		(void)pc_check_count(t->ctx, s->kind,
		    "%s: not read (optional source): %s", s->path,
		    pc_error_get());
		return not_scanned(t, s->path, why);
	}
	if (r < 0)
		return pc_check_incomplete(t->ctx,
		    "%s source %s could not be read: %s", s->kind, s->path,
		    pc_error_get());
	pc_threats_sink_counts(sink, &units, &with_col);
	(void)pc_check_count(t->ctx, s->kind,
	    "%s: %zu file%s, %zu unit%s (messages, parts or rows) read",
	    s->path, st.walk.files, st.walk.files == 1 ? "" : "s", units,
	    units == 1 ? "" : "s");
	if (st.extract_failed > 0 && !s->optional)
		(void)pc_check_incomplete(t->ctx,
		    "%s: %zu file(s) could not be read as %s", s->path,
		    st.extract_failed, s->kind);
	if (s->text_column && export && units > 0 && with_col == 0)
		(void)pc_check_incomplete(t->ctx,
		    "%s: no column '%s' (text_column) in the export; name the column that holds the message text",
		    s->path, s->text_column);
	return 0;
}

/* Opens the protected details, or says why doxxing is not checked. */
static int
open_protect(struct pc_check_ctx *ctx, const struct pc_buf *key,
    struct pc_protect **prot)
{
	const char *file =
	    pc_threats_settings_of(pc_check_config(ctx))->protected_file;

	*prot = NULL;
	if (file == NULL)
		return pc_check_count(ctx, "doxxing",
		    "not checked: no checks.threats.protected_file in the config");
	if (pc_protect_load(
		prot, file, (const unsigned char *)key->data, key->len) != 0)
		return pc_check_incomplete(
		    ctx, "doxxing not checked: %s", pc_error_get());
	return 0;
}

/* The harassment_pattern tracker from the rule's threshold and
 * window_days; none when the policy has no such rule. */
static int
open_pattern(struct pc_check_ctx *ctx, struct pc_threats_tracker **out)
{
	const struct pc_rule *rule =
	    pc_policy_find_rule(pc_check_policy(ctx), "harassment_pattern");

	*out = NULL;
	return rule
	    ? pc_threats_pattern_new(out, rule->threshold, rule->window_days)
	    : 0;
}

/* Runs the check over every source that names it. */
int
pc_threats_run(struct pc_check_ctx *ctx)
{
	const struct pc_config *cfg = pc_check_config(ctx);
	const char *names[RUN_MAX_NAMES];
	struct pc_threats_engine *eng = NULL;
	struct pc_threats_sink *sink = NULL;
	struct pc_protect *prot = NULL;
	char *keypath = pc_config_hmac_path(cfg);
	struct trun t = { .ctx = ctx };
	size_t i;
	int r;

	if (keypath == NULL ||
	    (t.key = pc_check_secret(ctx, keypath)) == NULL ||
	    t.key->len == 0) {
		r = pc_check_incomplete(ctx,
		    "the office HMAC key %s is missing; it sits beside report.signing_key (portcullis keys creates it)",
		    keypath ? keypath : "office.hmac");
		goto out;
	}
	if ((r = pc_threats_engine_from_policy(&eng, pc_check_full_policy(ctx),
		 names, pc_threats_mp_names(cfg, names, RUN_MAX_NAMES))) != 0 ||
	    (r = open_protect(ctx, t.key, &prot)) != 0 ||
	    (r = pc_threats_sink_new(&sink, eng, prot, on_flag, &t)) != 0 ||
	    (r = open_pattern(ctx, &t.pattern)) != 0)
		goto out;
	pc_threats_sink_on_unit(sink, pc_threats_harass_unit, &t);
	for (i = 0; i < cfg->nsources && r == 0; i++) {
		t.src = &cfg->sources[i];
		if (pc_threats_reads(t.src))
			r = read_source(&t, sink);
	}
	if (r == 0)
		r = pc_threats_harass_finish(&t);
out:
	pc_threats_pattern_free(t.pattern);
	pc_threats_sink_free(sink);
	pc_protect_free(prot);
	pc_threats_engine_free(eng);
	free(keypath);
	return r;
}
