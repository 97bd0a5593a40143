/* Matches -> findings for the exposure check (the matcher's consumer). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/check.h"
#include "agent/lib/err.h"
#include "checks/content/detectors.h"
#include "checks/content/matcher.h"
#include "checks/content/scan.h"
#include "exposure.h"
#include "scan.h"
#include "sharing.h"

#define HMAC_KEY_MIN 16

/* Builds the finding's subject: where a person finds the item again. */
static void
subject_of(char *out, size_t n, const struct pc_match *m)
{
	size_t used;

	used = (size_t)snprintf(out, n, "%s", m->path ? m->path : "?");
	if (used < n && m->member != NULL && strcmp(m->member, "headers") != 0)
		used +=
		    (size_t)snprintf(out + used, n - used, " [%s]", m->member);
	if (used < n && m->message_id != NULL)
		used += (size_t)snprintf(out + used, n - used,
		    " message <%s>%s", m->message_id,
		    m->member && strcmp(m->member, "headers") == 0 ? " headers"
								   : "");
	if (used < n)
		used += (size_t)snprintf(
		    out + used, n - used, ":%llu", (unsigned long long)m->line);
	if (used < n && m->locator[0] != '\0')
		snprintf(out + used, n - used, " (%s)", m->locator);
}

/* Is the rule's route the data protection lead's (personal data)? */
static bool
is_personal(const struct pc_rule *rule)
{
	return rule != NULL && rule->escalate_to != NULL &&
	    strcmp(rule->escalate_to, "data_protection") == 0;
}

/* Counts a match (and a record's identifiers) into x->collect. */
static int
collect_match(struct pc_exposure_scan *x, const struct pc_match *m,
    const struct pc_rule *rule)
{
	const struct pc_policy_check *pc = pc_check_policy(x->ctx);
	size_t i;

	pc_share_content_add(x->collect, m->detector, is_personal(rule));
	for (i = 0; i < m->nparts; i++) {
		const struct pc_rule *pr =
		    pc_policy_find_rule(pc, m->parts[i].detector);

		if (pr != NULL)
			pc_share_content_add(
			    x->collect, m->parts[i].detector, is_personal(pr));
	}
	return 0;
}

/* Turns one match record into a finding (or a count, for weak signals
 * the policy rates info: an office's own address and phone are public). */
static int
on_match(void *arg, const struct pc_match *m)
{
	struct pc_exposure_scan *x = arg;
	const struct pc_policy_check *pc = pc_check_policy(x->ctx);
	const struct pc_rule *rule = pc_policy_find_rule(pc, m->detector);
	char subject[1024], evidence[1024];
	struct pc_exposure_identity id;
	long max = pc->max_findings > 0 ? pc->max_findings : 10000;
	int r;

	if (rule == NULL) {
		/* A detector the policy has no rule for cannot be reported;
		 * say so once rather than failing the whole check. */
		if (x->unknown_rules++ == 0)
			(void)pc_check_count(x->ctx, "policy",
			    "detector %s has no rule under exposure in the policy; its matches are not reported",
			    m->detector);
		return 0;
	}
	if (rule->severity == PC_SEV_INFO &&
	    strcmp(m->detector, PC_PERSONAL_RECORD) != 0) {
		x->weak_alone++;
		return 0;
	}
	if (x->collect != NULL)
		return collect_match(x, m, rule);
	if ((long)x->findings >= max - 1) {
		if (!x->capped)
			(void)pc_check_incomplete(x->ctx,
			    "more than %ld exposure findings; only the first were listed (the policy's max_findings)",
			    max - 1);
		x->capped = true;
		return 0;
	}
	subject_of(subject, sizeof(subject), m);
	if (m->contains[0] != '\0')
		snprintf(evidence, sizeof(evidence),
		    "%zu identifiers (%s) at line %llu column %llu%s; keyed hash %s",
		    m->nparts, m->counts, (unsigned long long)m->line,
		    (unsigned long long)m->column,
		    m->exact ? "" : " of the extracted text", m->hmac);
	else
		snprintf(evidence, sizeof(evidence),
		    "%s%s at line %llu column %llu (byte %llu, %llu bytes%s); keyed hash %s",
		    m->preview[0] ? m->preview : "(value not shown)",
		    m->context ? " next to a context word" : "",
		    (unsigned long long)m->line, (unsigned long long)m->column,
		    (unsigned long long)m->offset,
		    (unsigned long long)m->length,
		    m->exact ? "" : " of the extracted text", m->hmac);
	pc_exposure_identity(&id, m, x->root, &x->file_hash);
	r = pc_check_emit(x->ctx,
	    &(struct pc_finding){ .rule = m->detector,
		.subject = subject,
		.evidence = evidence,
		.key = id.key,
		.locator = id.locator,
		.content_key = id.content_key[0] ? id.content_key : NULL });
	if (r != 0) {
		x->stop = r;
		return r;
	}
	x->findings++;
	return 0;
}

/*
 * Reports content that was not read as a content_not_scanned finding
 * naming the file (or source) and why, so the checklist and PDS see what
 * the check could not vouch for. Identity: the path below its source.
 */
int
pc_exposure_not_scanned(
    struct pc_exposure_scan *x, const char *path, const char *why)
{
	const struct pc_policy_check *pc = pc_check_policy(x->ctx);
	long max = pc->max_findings > 0 ? pc->max_findings : 10000;
	char evidence[1024];
	int r;

	if (pc_policy_find_rule(pc, PC_EXPOSURE_NOT_SCANNED) == NULL)
		return 0; /* a policy without the rule: count lines only */
	if ((long)x->findings >= max - 1) {
		if (!x->capped)
			(void)pc_check_incomplete(x->ctx,
			    "more than %ld exposure findings; only the first were listed (the policy's max_findings)",
			    max - 1);
		x->capped = true;
		return 0;
	}
	snprintf(evidence, sizeof(evidence), "not read: %.900s", why);
	r = pc_check_emit(x->ctx,
	    &(struct pc_finding){ .rule = PC_EXPOSURE_NOT_SCANNED,
		.subject = path,
		.evidence = evidence,
		.key = PC_EXPOSURE_NOT_SCANNED,
		.locator = pc_exposure_relpath(path, x->root) });
	if (r != 0)
		return x->stop = r;
	x->findings++;
	return 0;
}

/* Notes a skipped/unreadable/changed file (a few get their own line);
 * content that should have been read and was not becomes a finding. */
static void
on_note(void *arg, const struct pc_content_note *n)
{
	struct pc_exposure_scan *x = arg;
	static const char *const what[] = { "skipped", "unreadable",
		"changed while read", "skipped", "not read" };
	char why[700];

	if (x->skip_lines < PC_EXPOSURE_SKIP_LINES) {
		x->skip_lines++;
		(void)pc_check_count(x->ctx, "skipped", "%s %.200s: %.160s",
		    what[n->event], n->path, n->reason);
	}
	if (x->stop != 0 ||
	    (n->event != PC_CONTENT_UNREADABLE &&
		n->event != PC_CONTENT_PARTIAL && n->event != PC_CONTENT_LIMIT))
		return;
	if (n->event == PC_CONTENT_PARTIAL)
		snprintf(why, sizeof(why), "%zu part%s of it (%.600s)",
		    n->parts, n->parts == 1 ? "" : "s", n->reason);
	else
		snprintf(why, sizeof(why), "%.600s", n->reason);
	(void)pc_exposure_not_scanned(x, n->path, why);
}

/* Loads detectors, the office key and the content scan. */
int
pc_exposure_scan_new(struct pc_exposure_scan **out, struct pc_check_ctx *ctx)
{
	const struct pc_config *cfg = pc_check_config(ctx);
	struct pc_exposure_scan *x;
	const struct pc_buf *key;
	char *dir = NULL, *keypath = NULL;
	size_t unused = 0;
	int r;

	*out = NULL;
	if ((x = calloc(1, sizeof(*x))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	x->ctx = ctx;
	keypath = pc_config_hmac_path(cfg);
	key = keypath ? pc_check_secret(ctx, keypath) : NULL;
	if (key == NULL || key->len < HMAC_KEY_MIN) {
		r = pc_error_set(PC_ECONFIG,
		    "the office key %s (which keys the hashes in exposure evidence) is missing or shorter than %d bytes; run portcullis keygen to create it beside the signing key",
		    keypath ? keypath : "office.hmac", HMAC_KEY_MIN);
		goto out;
	}
	dir = pc_policy_path_of(pc_check_full_policy(ctx), "detectors");
	if (dir == NULL) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	if ((r = pc_detectors_load_dir(&x->detectors, dir)) != 0 ||
	    (r = pc_detectors_allow_public(x->detectors,
		 cfg->office.public_contacts, cfg->office.npublic_contacts,
		 &unused)) != 0)
		goto out;
	if (unused > 0)
		(void)pc_check_count(ctx, "public_contacts",
		    "%zu of office.public_contacts not used: only UK phone numbers, postcodes and email addresses are left out of findings",
		    unused);
	if ((r = pc_content_scan_new(&x->content,
		 &(struct pc_content_opts){ .set = x->detectors,
		     .key = (const unsigned char *)key->data,
		     .keylen = key->len },
		 &(struct pc_content_report){ on_match, on_note, x })) != 0)
		goto out;
	*out = x;
	x = NULL;
out:
	free(dir);
	free(keypath);
	pc_exposure_scan_free(x);
	return r;
}

/* The sink extractors write into. */
const struct pc_text_sink *
pc_exposure_scan_sink(struct pc_exposure_scan *x)
{
	return pc_content_scan_sink(x->content);
}

/* Walks one file source through the content pipeline. */
int
pc_exposure_scan_source(struct pc_exposure_scan *x,
    const struct pc_content_source *src, struct pc_content_stats *st_out)
{
	int r;

	x->root = src->path;
	r = pc_content_scan(x->content, src, st_out);
	x->root = NULL;
	return r;
}

/* Writes the part's count line. */
int
pc_exposure_scan_finish(struct pc_exposure_scan *x)
{
	struct pc_matcher_stats st;

	pc_content_scan_stats(x->content, &st);
	(void)pc_check_count(x->ctx, "matcher",
	    "%llu text units, %llu KiB scanned, %zu findings, %zu weak signals alone not reported (postcodes, email addresses), %llu candidates refused by validators",
	    (unsigned long long)st.units, (unsigned long long)(st.bytes >> 10),
	    x->findings, x->weak_alone, (unsigned long long)st.rejected);
	return x->stop;
}

/* Frees a scan; NULL-safe. */
void
pc_exposure_scan_free(struct pc_exposure_scan *x)
{
	if (x == NULL)
		return;
	pc_content_scan_free(x->content);
	pc_detectors_free(x->detectors);
	free(x);
}

/* Scans one in-memory document, counting its kinds into c. */
int
pc_exposure_scan_doc(struct pc_exposure_scan *x, const char *name,
    const char *data, size_t len, struct pc_share_content *c)
{
	struct pc_text_loc loc = { .path = name };
	struct pc_extract_result res;
	int r;

	memset(&res, 0, sizeof(res));
	x->collect = c;
	r = pc_extract_mem(
	    data, len, &loc, PC_DOC_AUTO, pc_exposure_scan_sink(x), &res);
	x->collect = NULL;
	if (res.sink_stopped || x->stop != 0)
		return r != 0 ? r : x->stop;
	if (r < 0) {
		c->scanned = false;
		snprintf(c->not_scanned, sizeof(c->not_scanned), "%s",
		    pc_error_get());
		return 0;
	}
	c->scanned = res.parts_skipped == 0;
	if (!c->scanned)
		snprintf(c->not_scanned, sizeof(c->not_scanned),
		    "%zu part(s) not read: %s", res.parts_skipped, res.note);
	return 0;
}
