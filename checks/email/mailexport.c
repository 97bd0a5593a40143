/*
 * The email check's "mail" part: the office's mail exports (mbox,
 * Maildir, .eml) whose checks: name email, read in a child with no
 * network. personal_address_in_use for each staff member's personal
 * address in them, casework_forwarded_personal for constituents' messages
 * forwarded there from the office.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/lib/err.h"
#include "checks/content/extract.h"
#include "checks/content/redact.h"
#include "checks/content/walk.h"
#include "checks/exposure/exposure.h"
#include "email.h"
#include "mailread.h"
#include "mailuse.h"
#include "people.h"

#define MAIL_PROBLEM_LINES 5 /* files named per source as not read */

/* One source being read. */
struct mrun {
	struct pc_check_ctx *ctx;
	const struct pc_source *src;
	const struct pc_buf *key;
	struct pc_mailread *reader;
	struct pc_mailuse *use;
	struct pc_text_sink sink;
	size_t files, not_mail, unreadable, skipped, problems;
	int err; /* what stopped the walk (detail in pc_error_get()) */
	char first_bad[256];
};

/* Does the check read this source (a mail export naming email)? */
bool
pc_email_reads_mail(const struct pc_source *s)
{
	size_t i;

	if (s->path == NULL ||
	    (strcmp(s->kind, "mbox") != 0 && strcmp(s->kind, "maildir") != 0 &&
		strcmp(s->kind, "eml") != 0))
		return false;
	for (i = 0; i < s->nchecks; i++)
		if (strcmp(s->checks[i], "email") == 0)
			return true;
	return false;
}

/* The mail sources (read-only), the office key; no network. */
int
pc_email_mail_needs(const struct pc_config *cfg, struct pc_needs *n)
{
	size_t count = 0;
	int r;

	if ((r = pc_needs_add_sources(cfg, n, pc_email_reads_mail, &count)) !=
	    0)
		return r;
	if (count == 0)
		return pc_needs_not_applicable(n,
		    "no mail export (mbox, maildir, eml) names this check (add email to its checks:)");
	/* a missing key is reported by run() for this part, not the scan */
	if ((r = pc_needs_add_office_key(cfg, n)) != 0)
		return r;
	return pc_needs_add_iconv(n);
}

/* True for a Maildir file that is not a delivered message (tmp/, index
 * and list files beside cur/ and new/). */
static bool
maildir_other(const struct pc_source *s, const char *path)
{
	size_t root = strlen(s->path);
	const char *slash, *dir;

	if (strcmp(s->kind, "maildir") != 0 || strncmp(path, s->path, root))
		return false;
	if ((slash = strrchr(path + root, '/')) == NULL || slash < path + 4)
		return true;
	for (dir = slash - 1; dir > path + root && *dir != '/'; dir--)
		;
	return !(
	    strncmp(dir, "/cur/", 5) == 0 || strncmp(dir, "/new/", 5) == 0);
}

/* Walker callback: one file's messages through the reader. */
static int
on_file(void *arg, int fd, const char *path, const struct stat *st)
{
	struct mrun *t = arg;
	struct pc_extract_result res;
	int r;

	if (maildir_other(t->src, path)) {
		t->skipped++;
		return 0;
	}
	t->files++;
	memset(&res, 0, sizeof(res));
	r = pc_extract_fd(fd, path, (uint64_t)st->st_size,
	    pc_doc_kind_of_source(t->src->kind), &t->sink, &res);
	if (r != 0 && res.sink_stopped) {
		t->err = r < 0 ? r : PC_ENOMEM; /* the sink's own error */
		return 1;
	}
	if (r != 0 && res.messages == 0 && t->not_mail++ == 0)
		snprintf(t->first_bad, sizeof(t->first_bad), "%.250s",
		    pc_error_get());
	if ((r = pc_mailread_flush(t->reader)) != 0) {
		t->err = r;
		return 1;
	}
	return 0;
}

/* Walker callback: a file skipped, unreadable or changed. */
static void
on_event(void *arg, enum pc_walk_event ev, const char *path, const char *reason)
{
	struct mrun *t = arg;

	if (ev == PC_WALK_SKIPPED) {
		t->skipped++;
		return;
	}
	if (ev == PC_WALK_UNREADABLE)
		t->unreadable++;
	/* the first few by name; finish_source() says how many in all */
	if (!t->src->optional && t->problems++ < MAIL_PROBLEM_LINES)
		(void)pc_check_incomplete(t->ctx, "%s: %.200s %s: %.160s",
		    t->src->path, path,
		    ev == PC_WALK_UNREADABLE     ? "could not be read"
			: ev == PC_WALK_NOT_READ ? "was not read"
						 : "changed while it was read",
		    reason);
}

/* Reader callback: one message into the tally. */
static int
on_message(void *arg, const struct pc_mail_msg *m)
{
	struct mrun *t = arg;

	return pc_mailuse_add(t->use, m);
}

/* "first 2025-01-06, last 2025-02-20" or that no message had a date. */
static void
span(char *out, size_t n, const char *first, const char *last)
{
	if (first[0] == '\0')
		snprintf(out, n, "no message dated");
	else if (strcmp(first, last) == 0)
		snprintf(out, n, "on %s", first);
	else
		snprintf(out, n, "first %s, last %s", first, last);
}

/* The finding key: the staff member and address under the office key,
 * so the same pair keeps its id and the report never holds the address. */
static int
pair_key(char key[PC_REDACT_HMAC_HEX], const struct mrun *t,
    const struct pc_mail_use *e, const char *rule)
{
	char text[PC_ADDR_MAX + 400];
	int n = snprintf(
	    text, sizeof(text), "%s\n%s\n%s", rule, e->staff->name, e->addr);

	return pc_redact_hmac(key, (const unsigned char *)t->key->data,
	    t->key->len, text,
	    (size_t)n < sizeof(text) ? (size_t)n : sizeof(text) - 1);
}

/* Emits personal_address_in_use (and casework_forwarded_personal when
 * constituents' messages were forwarded there) for one pair. */
static int
emit_pair(struct mrun *t, const struct pc_mail_use *e)
{
	char subject[600], title[400], ev[700], key[PC_REDACT_HMAC_HEX];
	char masked[300], when[64], why[160], unknown[80];
	int r;

	pc_email_mask(masked, sizeof(masked), e->addr);
	snprintf(
	    subject, sizeof(subject), "%s: %s", t->src->path, e->staff->name);
	if (e->personal)
		snprintf(why, sizeof(why), "a personal mail service (%s)",
		    e->personal);
	else
		snprintf(why, sizeof(why),
		    "%s name in an address outside the office's domains",
		    e->staff->name);
	span(when, sizeof(when), e->first, e->last);
	snprintf(title, sizeof(title),
	    "%s uses a personal mailbox (%s) for office mail", e->staff->name,
	    masked);
	snprintf(ev, sizeof(ev),
	    "%zu message%s from or to %s (%zu sent from it, %zu received), %s; %s",
	    e->msgs, e->msgs == 1 ? "" : "s", masked, e->sent, e->received,
	    when, why);
	if ((r = pair_key(key, t, e, "use")) != 0 ||
	    (r = pc_check_emit(t->ctx,
		 &(struct pc_finding){ .rule = "personal_address_in_use",
		     .subject = subject,
		     .title = title,
		     .evidence = ev,
		     .owner = e->staff->name,
		     .key = key,
		     .locator = t->src->path })) != 0)
		return r;
	if (e->fwd == 0)
		return 0;
	span(when, sizeof(when), e->fwd_first, e->fwd_last);
	snprintf(title, sizeof(title),
	    "%zu constituent message%s forwarded from the office to %s's personal address (%s)",
	    e->fwd, e->fwd == 1 ? " was" : "s were", e->staff->name, masked);
	snprintf(unknown, sizeof(unknown),
	    " (%zu with the original sender not shown)", e->fwd_origin_unknown);
	snprintf(ev, sizeof(ev),
	    "%zu forwarded message%s from an office address to %s, %s; the forwarded messages came from outside the office%s",
	    e->fwd, e->fwd == 1 ? "" : "s", masked, when,
	    e->fwd_origin_unknown ? unknown : "");
	if ((r = pair_key(key, t, e, "casework")) != 0)
		return r;
	return pc_check_emit(t->ctx,
	    &(struct pc_finding){ .rule = "casework_forwarded_personal",
		.subject = subject,
		.title = title,
		.evidence = ev,
		.owner = e->staff->name,
		.key = key,
		.locator = t->src->path });
}

/* Reports one source: its findings, its count line, what was not read. */
static int
finish_source(struct mrun *t)
{
	const struct pc_mailuse_stats *st = pc_mailuse_stats(t->use);
	size_t i, n;
	const struct pc_mail_use *v = pc_mailuse_list(t->use, &n);
	int r;

	for (i = 0; i < n; i++)
		if ((r = emit_pair(t, &v[i])) != 0)
			return r;
	(void)pc_check_count(t->ctx, t->src->kind,
	    "%s: %zu file%s, %zu message%s read; %zu with a staff member's personal address (%zu more were repeated copies, counted once), %zu casework forward%s; %zu file%s not readable as mail, %zu skipped",
	    t->src->path, t->files, t->files == 1 ? "" : "s", st->messages,
	    st->messages == 1 ? "" : "s", st->with_personal, st->duplicates,
	    st->forwards, st->forwards == 1 ? "" : "s", t->not_mail,
	    t->not_mail == 1 ? "" : "s", t->skipped);
	if (st->over_cap > 0 || st->seen_full)
		(void)pc_check_count(t->ctx, t->src->kind,
		    "%s: more staff personal addresses or messages than the limits; %zu not tallied%s",
		    t->src->path, st->over_cap,
		    st->seen_full
			? ", and later copies of a message may be counted again"
			: "");
	if (t->problems > MAIL_PROBLEM_LINES && !t->src->optional)
		(void)pc_check_incomplete(t->ctx,
		    "%s: %zu files in all could not be read or changed while read",
		    t->src->path, t->problems);
	if (t->not_mail > 0 && st->messages == 0 && !t->src->optional)
		(void)pc_check_incomplete(t->ctx,
		    "%s: no file could be read as mail (%zu tried; first: %s); check the source's kind",
		    t->src->path, t->not_mail, t->first_bad);
	return 0;
}

/* Reads one source and reports it. */
static int
read_source(struct mrun *t)
{
	const struct pc_source *s = t->src;
	struct pc_walk_opts o = { .include = s->include,
		.ninclude = s->ninclude,
		.exclude = s->exclude,
		.nexclude = s->nexclude };
	struct pc_walk_cb cb = { .file = on_file, .event = on_event, .arg = t };
	struct pc_walk_stats ws;
	int r;

	o.deny = pc_check_secret_ids(t->ctx, &o.ndeny);
	t->files = t->not_mail = t->unreadable = t->skipped = t->problems = 0;
	t->first_bad[0] = '\0';
	pc_mailuse_reset(t->use);
	pc_check_progress(t->ctx, "reading %s", s->path);
	r = pc_walk(s->path, &o, &cb, &ws);
	if (r > 0)
		return t->err;
	if (r < 0)
		return s->optional ? pc_check_count(t->ctx, s->kind,
					 "%s: not read (optional source): %s",
					 s->path, pc_error_get())
				   : pc_check_incomplete(t->ctx,
					 "%s source %s could not be read: %s",
					 s->kind, s->path, pc_error_get());
	return finish_source(t);
}

/* Loads the personal domain list beside the policy. */
static int
load_personal(struct pc_personal **list_out, struct pc_check_ctx *ctx)
{
	char *path = pc_policy_path_of(
	    pc_check_full_policy(ctx), "personal_domains.yaml");
	int r;

	if (path == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	r = pc_personal_load(list_out, path);
	free(path);
	return r;
}

/* Runs the mail part over every source that names the check. */
int
pc_email_mail_run(struct pc_check_ctx *ctx)
{
	const struct pc_config *cfg = pc_check_config(ctx);
	struct pc_personal *personal = NULL;
	char *keypath = pc_config_hmac_path(cfg);
	struct mrun t = { .ctx = ctx };
	size_t i;
	int r = 0;

	if (keypath == NULL ||
	    (t.key = pc_check_secret(ctx, keypath)) == NULL ||
	    t.key->len == 0) {
		r = pc_check_incomplete(ctx,
		    "mail exports not read: the office HMAC key %s is missing; it sits beside report.signing_key (portcullis keygen creates it)",
		    keypath ? keypath : "office.hmac");
		goto out;
	}
	if ((r = load_personal(&personal, ctx)) != 0 ||
	    (r = pc_mailread_new(&t.reader, on_message, &t)) != 0 ||
	    (r = pc_mailuse_new(&t.use, cfg, personal)) != 0)
		goto out;
	pc_mailread_sink(t.reader, &t.sink);
	for (i = 0; i < cfg->nsources && r == 0; i++) {
		t.src = &cfg->sources[i];
		if (pc_email_reads_mail(t.src))
			r = read_source(&t);
	}
out:
	pc_mailuse_free(t.use);
	pc_mailread_free(t.reader);
	pc_personal_free(personal);
	free(keypath);
	return r;
}
