/* The exposure check: personal data and secrets in office content; breaches. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/check.h"
#include "agent/lib/err.h"
#include "checks/content/crawl.h"
#include "checks/content/extract.h"
#include "checks/content/hibp.h"
#include "checks/content/scan.h"
#include "checks/content/walk.h"
#include "checks/providers/hibp.h"
#include "exposure.h"
#include "gdrive.h"
#include "scan.h"

/* Is a content source meant for this check (checks: empty or exposure)? */
bool
pc_exposure_reads(const struct pc_source *s)
{
	size_t i;

	if (s->nchecks == 0)
		return true;
	for (i = 0; i < s->nchecks; i++)
		if (strcmp(s->checks[i], "exposure") == 0)
			return true;
	return false;
}

/* Is a source read from local files (not the website)? */
static bool
is_file_source(const struct pc_source *s)
{
	return s->path != NULL && strcmp(s->kind, "website") != 0;
}

/* Needs of the files part: the sources' paths, no network. */
int
pc_exposure_needs_files(const struct pc_config *cfg, struct pc_needs *n)
{
	size_t i, count = 0;
	int r;

	for (i = 0; i < cfg->nsources; i++) {
		const struct pc_source *s = &cfg->sources[i];

		if (!is_file_source(s) || !pc_exposure_reads(s))
			continue;
		if ((r = pc_needs_add_path(n, s->path)) != 0)
			return r;
		count++;
	}
	if (count == 0)
		return pc_needs_not_applicable(n,
		    "no file, mail or export sources are configured for this check");
	if ((r = pc_needs_add_office_key(cfg, n)) != 0 ||
	    (r = pc_needs_add_iconv(n)) != 0)
		return r;
	/* files are read by one worker per core, plus the walking thread */
	n->cpu_threads = pc_content_default_workers() + 1;
	return 0;
}

/* Needs of the website part: the start URLs' ports, no files. */
int
pc_exposure_needs_website(const struct pc_config *cfg, struct pc_needs *n)
{
	size_t i, count = 0;
	int r;

	for (i = 0; i < cfg->nsources; i++) {
		const struct pc_source *s = &cfg->sources[i];

		if (strcmp(s->kind, "website") != 0 || s->url == NULL ||
		    !pc_exposure_reads(s))
			continue;
		if ((r = pc_needs_add_url(n, s->url)) != 0)
			return r;
		count++;
	}
	if (count == 0)
		return pc_needs_not_applicable(
		    n, "no office website is configured");
	return pc_needs_add_office_key(cfg, n);
}

/* Needs of the breaches part: the HIBP URL and API key. */
int
pc_exposure_needs_breaches(const struct pc_config *cfg, struct pc_needs *n)
{
	const struct pc_hibp *h = pc_hibp_cfg(cfg);
	static const char def[] = "https://haveibeenpwned.com/api/v3";
	int r;

	if (!h->present)
		return pc_needs_not_applicable(
		    n, "Have I Been Pwned is not configured (providers.hibp)");
	if (h->api_key_file == NULL)
		return pc_error_set(PC_ECONFIG,
		    "providers.hibp.api_key_file is missing; put the API key in a file readable only by portcullis and name it there");
	if ((r = pc_needs_add_url(n, h->api_url ? h->api_url : def)) != 0 ||
	    (r = pc_needs_add_secret(n, h->api_key_file)) != 0)
		return r;
	return 0;
}

/* --- files ------------------------------------------------------------ */

/* Walks one file source through the content pipeline. */
static int
scan_source(struct pc_exposure_scan *x, const struct pc_source *s)
{
	struct pc_walk_opts o = { .include = s->include,
		.ninclude = s->ninclude,
		.exclude = s->exclude,
		.nexclude = s->nexclude };
	struct pc_content_source src = { .path = s->path,
		.kind = pc_doc_kind_of_source(s->kind),
		.walk = &o,
		.maildir = strcmp(s->kind, "maildir") == 0 };
	struct pc_content_stats st;
	int r;

	o.deny = pc_check_secret_ids(x->ctx, &o.ndeny);
	pc_check_progress(x->ctx, "reading %s", s->path);
	r = pc_exposure_scan_source(x, &src, &st);
	if (r > 0)
		return r; /* the scan cannot go on (error already set) */
	if (r < 0) {
		if (s->optional) {
			char why[700];

			snprintf(why, sizeof(why),
			    "the optional %s source could not be read: %.500s",
			    s->kind, pc_error_get());
			(void)pc_check_count(x->ctx, s->kind,
			    "%s: not read (optional source): %s", s->path,
			    pc_error_get());
			return pc_exposure_not_scanned(x, s->path, why);
		}
		return pc_check_incomplete(x->ctx,
		    "%s source %s could not be read: %s", s->kind, s->path,
		    pc_error_get());
	}
	(void)pc_check_count(x->ctx, s->kind,
	    "%s: %zu file%s read, %zu skipped, %zu unreadable, %zu changed while read",
	    s->path, st.read, st.read == 1 ? "" : "s", st.skipped,
	    st.unreadable, st.changed);
	if (st.unreadable > 0 && !s->optional)
		(void)pc_check_incomplete(x->ctx,
		    "%zu file(s) in %s could not be read, so the check did not see everything (first: %s); give portcullis read access or mark the source optional",
		    st.unreadable, s->path, st.first_unreadable);
	return 0;
}

/* Runs the files part: every file/mail/export source. */
int
pc_exposure_run_files(struct pc_check_ctx *ctx)
{
	const struct pc_config *cfg = pc_check_config(ctx);
	struct pc_exposure_scan *x = NULL;
	size_t i;
	int r;

	if ((r = pc_exposure_scan_new(&x, ctx)) != 0)
		return r;
	for (i = 0; i < cfg->nsources && r == 0; i++) {
		const struct pc_source *s = &cfg->sources[i];

		if (is_file_source(s) && pc_exposure_reads(s))
			r = scan_source(x, s);
	}
	if (r == 0)
		r = pc_exposure_scan_finish(x);
	pc_exposure_scan_free(x);
	return r;
}

/* --- website ---------------------------------------------------------- */

/* Notes a page that could not be read. */
static void
on_page_error(void *arg, const char *url, const char *reason)
{
	struct pc_exposure_scan *x = arg;

	if (x->skip_lines < PC_EXPOSURE_SKIP_LINES) {
		x->skip_lines++;
		(void)pc_check_count(
		    x->ctx, "website", "not read %.200s: %.160s", url, reason);
	}
}

/* Runs the website part: crawl each configured site into the matcher. */
int
pc_exposure_run_website(struct pc_check_ctx *ctx)
{
	const struct pc_config *cfg = pc_check_config(ctx);
	struct pc_exposure_scan *x = NULL;
	struct pc_crawl_stats st;
	size_t i;
	int r;

	if ((r = pc_exposure_scan_new(&x, ctx)) != 0)
		return r;
	for (i = 0; i < cfg->nsources && r == 0; i++) {
		const struct pc_source *s = &cfg->sources[i];
		struct pc_crawl_opts o = { .start_url = s->url,
			.max_pages =
			    s->max_pages > 0 ? (size_t)s->max_pages : 0,
			.ca_file = cfg->tls.ca_file };

		if (strcmp(s->kind, "website") != 0 || s->url == NULL ||
		    !pc_exposure_reads(s))
			continue;
		pc_check_progress(ctx, "crawling %s", s->url);
		r = pc_crawl(
		    &o, pc_exposure_scan_sink(x), on_page_error, x, &st);
		if (r < 0 && x->stop == 0) {
			r = 0;
			if (!s->optional)
				(void)pc_check_incomplete(ctx,
				    "website %s could not be crawled: %s",
				    s->url, pc_error_get());
			continue;
		}
		if (r != 0)
			break;
		(void)pc_check_count(ctx, "website",
		    "%s: %zu page%s read, %zu broken link%s, %zu failed%s%s",
		    s->url, st.pages, st.pages == 1 ? "" : "s", st.missing,
		    st.missing == 1 ? "" : "s", st.failed,
		    st.page_cap_hit ? ", stopped at the page limit" : "",
		    st.byte_cap_hit ? ", stopped at the size limit" : "");
		if (st.failed > 0 && !s->optional)
			(void)pc_check_incomplete(ctx,
			    "%zu page(s) of %s could not be read", st.failed,
			    s->url);
	}
	if (r == 0)
		r = pc_exposure_scan_finish(x);
	else if (x->stop != 0)
		r = x->stop;
	pc_exposure_scan_free(x);
	return r;
}

/* --- breaches --------------------------------------------------------- */

/* Emits the finding for one breach of one staff member. */
static int
emit_breach(struct pc_check_ctx *ctx, const struct pc_staff *who,
    const struct pc_hibp_breach *b)
{
	char subject[600], title[400], evidence[900];
	const char *rule;

	if (!b->passwords)
		rule = "breach_other";
	else if (who->joined == NULL || b->date[0] == '\0' ||
	    strcmp(b->date, who->joined) >= 0)
		rule = "breach_password";
	else
		rule = "breach_password_before_joining";
	snprintf(
	    subject, sizeof(subject), "%s in breach %s", who->email, b->name);
	snprintf(title, sizeof(title),
	    "%s's address %s is in the %s breach%s%s%s", who->name, who->email,
	    b->title, b->date[0] ? " (" : "", b->date, b->date[0] ? ")" : "");
	snprintf(evidence, sizeof(evidence),
	    "Have I Been Pwned: breach \"%s\" dated %s exposed: %s%s%s",
	    b->title, b->date[0] ? b->date : "unknown", b->classes,
	    who->joined ? "; joined the office " : "",
	    who->joined ? who->joined : "");
	return pc_check_emit(ctx,
	    &(struct pc_finding){ .rule = rule,
		.subject = subject,
		.title = title,
		.evidence = evidence,
		.owner = who->name });
}

/* Runs the breaches part: each staff email against HIBP. */
int
pc_exposure_run_breaches(struct pc_check_ctx *ctx)
{
	const struct pc_config *cfg = pc_check_config(ctx);
	const struct pc_hibp *h = pc_hibp_cfg(cfg);
	struct pc_http_opts ho = {
		.what = "hibp", .ca_file = cfg->tls.ca_file, .concurrency = 1
	};
	struct pc_hibp_breach *b = NULL;
	const struct pc_buf *key;
	struct pc_http *http = NULL;
	size_t i, k, nb = 0, asked = 0, found = 0, failed = 0;
	long interval = pc_hibp_interval_ms(h->requests_per_minute);
	int r = 0;

	if (!h->present)
		return 0;
	if ((key = pc_check_secret(ctx, h->api_key_file)) == NULL ||
	    key->data == NULL)
		return pc_error_set(PC_ECONFIG,
		    "hibp: the API key file %s was not loaded",
		    h->api_key_file);
	if ((r = pc_http_new(&http, &ho)) != 0)
		return r;
	for (i = 0; i < cfg->nstaff && r == 0; i++) {
		const struct pc_staff *who = &cfg->staff[i];

		if (who->email == NULL)
			continue;
		if (asked > 0)
			pc_http_sleep_ms(interval);
		asked++;
		r = pc_hibp_lookup(&b, &nb, http,
		    h->api_url ? h->api_url
			       : "https://haveibeenpwned.com/api/v3",
		    key->data, who->email);
		if (r == PC_EAUTH || r == PC_EPERM) {
			/* The key is refused: asking again will not help. */
			break;
		}
		if (r != 0) {
			failed++;
			(void)pc_check_incomplete(ctx,
			    "hibp: %s could not be checked: %s", who->email,
			    pc_error_get());
			r = 0;
			continue;
		}
		found += nb > 0;
		for (k = 0; k < nb && r == 0; k++)
			r = emit_breach(ctx, who, &b[k]);
		pc_hibp_breaches_free(b, nb);
		b = NULL;
	}
	(void)pc_check_count(ctx, "hibp",
	    "%zu staff address%s checked, %zu in known breaches, %zu could not be checked",
	    asked - failed - (r != 0),
	    (asked - failed - (r != 0)) == 1 ? "" : "es", found, failed);
	pc_http_free(http);
	return r;
}

/* --- the check -------------------------------------------------------- */

/* The parts the runner runs in separate children, each sandboxed for
 * its own needs only. */
const struct pc_check_part pc_exposure_parts[] = {
	{ "files", pc_exposure_needs_files, pc_exposure_run_files },
	{ "website", pc_exposure_needs_website, pc_exposure_run_website },
	{ "breaches", pc_exposure_needs_breaches, pc_exposure_run_breaches },
	{ "gdrive", pc_exposure_needs_gdrive, pc_exposure_run_gdrive },
	{ "m365-hosts", pc_exposure_needs_m365_hosts,
	    pc_exposure_run_m365_hosts },
	{ "m365-sharing", pc_exposure_needs_m365, pc_exposure_run_m365 },
	{ NULL, NULL, NULL },
};

const struct check pc_check_exposure = {
	.id = "exposure",
	.title =
	    "Personal data and secrets exposed in office files, mail and website; staff addresses in known breaches",
	.parts = pc_exposure_parts,
};
