/* The child side of a check run: what run() calls to report to the parent. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "check_ctx.h"
#include "agent/lib/err.h"
#include "agent/lib/fileio.h"

/* Serialises obj as one line and sends it; frees obj. */
int
pc_check_ctx_send(struct pc_check_ctx *ctx, struct cJSON *obj)
{
	char *text;
	size_t n;
	int r;

	text = cJSON_PrintUnformatted(obj);
	cJSON_Delete(obj);
	if (text == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	n = strlen(text);
	if (n + 1 > PC_PROTO_MAX_LINE) {
		free(text);
		return pc_error_set(PC_ELIMIT,
		    "a finding is longer than %d bytes", PC_PROTO_MAX_LINE);
	}
	text[n] = '\n';
	r = pc_write_all(ctx->fd, text, n + 1) == 0
	    ? 0
	    : pc_error_set(PC_EIO, "cannot report to the parent process: %s",
		  strerror(errno));
	free(text);
	return r;
}

/* Adds a string member when s is set. */
static void
add_opt(cJSON *o, const char *k, const char *s)
{
	if (s != NULL)
		cJSON_AddStringToObject(o, k, s);
}

/*
 * Masks personal data in text a finding or a count line carries, into
 * out (cap bytes); *changed says whether anything was. Runs in the child,
 * which already reads the hostile content: the parent never matches it.
 * Fails closed: text that could not be masked is never sent.
 */
static int
mask_text(struct pc_check_ctx *ctx, const char *in, char *out, size_t cap,
    bool *changed)
{
	int r;

	*changed = false;
	if (in == NULL)
		return 0;
	if (ctx->masker == NULL &&
	    (r = pc_locator_masker.make(&ctx->masker, ctx->policy)) != 0)
		return r;
	return pc_locator_masker.apply(ctx->masker, in, out, cap, changed);
}

/* Masks text the child's runner sends (the done line's reason). */
int
pc_check_ctx_mask(
    struct pc_check_ctx *ctx, const char *in, char *out, size_t cap)
{
	bool changed;

	return mask_text(ctx, in, out, cap, &changed);
}

/* The masked texts of one finding. */
struct masked {
	char subject[1025], title[513], evidence[1025];
	bool subject_changed;
};

/* Masks a finding's subject, title and evidence. */
static int
mask_finding(
    struct pc_check_ctx *ctx, const struct pc_finding *f, struct masked *m)
{
	bool unused;
	int r;

	if ((r = mask_text(ctx, f->subject, m->subject, sizeof(m->subject),
		 &m->subject_changed)) != 0 ||
	    (r = mask_text(
		 ctx, f->title, m->title, sizeof(m->title), &unused)) != 0 ||
	    (r = mask_text(ctx, f->evidence, m->evidence, sizeof(m->evidence),
		 &unused)) != 0)
		return r;
	return 0;
}

/* Streams one finding to the parent, its locators masked. */
int
pc_check_emit(struct pc_check_ctx *ctx, const struct pc_finding *f)
{
	struct masked *m;
	cJSON *o;
	int r;

	if ((m = calloc(1, sizeof(*m))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	if ((r = mask_finding(ctx, f, m)) != 0) {
		free(m);
		return r;
	}
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "t", "finding");
	add_opt(o, "rule", f->rule);
	add_opt(o, "subject", f->subject ? m->subject : NULL);
	add_opt(o, "title", f->title ? m->title : NULL);
	add_opt(o, "evidence", f->evidence ? m->evidence : NULL);
	add_opt(o, "remediation", f->remediation);
	add_opt(o, "owner", f->owner);
	/* Identity is taken before masking: without a key of its own a
	 * finding is keyed on its real subject, so two files whose names
	 * differ only in a masked number stay two findings. */
	add_opt(o, "key",
	    f->key ? f->key : (m->subject_changed ? f->subject : NULL));
	add_opt(o, "locator", f->locator);
	add_opt(o, "content_key", f->content_key);
	if (m->subject_changed)
		add_opt(o, "where", f->subject);
	free(m);
	return pc_check_ctx_send(ctx, o);
}

/* Sends a {"t":type, key: formatted text} line. */
static int
send_text(struct pc_check_ctx *ctx, const char *type, const char *scope,
    const char *key, const char *fmt, va_list ap)
{
	char text[1024], masked[1024];
	bool changed;
	cJSON *o;
	int r;

	vsnprintf(text, sizeof(text), fmt, ap);
	/* count and incomplete lines name files too: masked the same way
	 * (progress stays on the office's terminal) */
	if (strcmp(type, "progress") != 0) {
		if ((r = mask_text(
			 ctx, text, masked, sizeof(masked), &changed)) != 0)
			return r;
		memcpy(text, masked, sizeof(text));
	}
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "t", type);
	add_opt(o, "scope", scope);
	cJSON_AddStringToObject(o, key, text);
	return pc_check_ctx_send(ctx, o);
}

/* Records a count line for the report. */
int
pc_check_count(
    struct pc_check_ctx *ctx, const char *scope, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = send_text(ctx, "count", scope, "text", fmt, ap);
	va_end(ap);
	return r;
}

/* Records a problem that makes the check incomplete. */
int
pc_check_incomplete(struct pc_check_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = send_text(ctx, "incomplete", NULL, "reason", fmt, ap);
	va_end(ap);
	return r;
}

/* Says there was nothing to examine. */
int
pc_check_not_applicable(struct pc_check_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = send_text(ctx, "notapplicable", NULL, "reason", fmt, ap);
	va_end(ap);
	return r;
}

/* Sends a progress note. */
int
pc_check_progress(struct pc_check_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = send_text(ctx, "progress", NULL, "text", fmt, ap);
	va_end(ap);
	return r;
}

/* The config. */
const struct pc_config *
pc_check_config(struct pc_check_ctx *ctx)
{
	return ctx->config;
}

/* The secret files' identities the parent recorded in the config. */
const struct pc_file_id *
pc_check_secret_ids(struct pc_check_ctx *ctx, size_t *n_out)
{
	*n_out = ctx->config ? ctx->config->nsecret_ids : 0;
	return ctx->config ? ctx->config->secret_ids : NULL;
}

/* This check's policy entry. */
const struct pc_policy_check *
pc_check_policy(struct pc_check_ctx *ctx)
{
	return ctx->policy_check;
}

/* The whole policy. */
const struct pc_policy *
pc_check_full_policy(struct pc_check_ctx *ctx)
{
	return ctx->policy;
}

/* A secret the parent loaded for this check. */
const struct pc_buf *
pc_check_secret(struct pc_check_ctx *ctx, const char *path)
{
	size_t i;

	for (i = 0; i < ctx->nsecrets; i++)
		if (strcmp(ctx->secrets[i].path, path) == 0)
			return &ctx->secrets[i].bytes;
	return NULL;
}

/* Unix time the scan started. */
long long
pc_check_now(struct pc_check_ctx *ctx)
{
	return ctx->now;
}
