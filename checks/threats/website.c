/*
 * The threats check's website part: doxxing on the office's own
 * website. A separate child with network to the sites' ports and no
 * files but the protected details and the office key; each page is
 * crawled (checks/content/crawl.c) and its text searched for the
 * protected private details. The other rules are for messages, not the
 * office's own pages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent/lib/err.h"
#include "checks/content/crawl.h"
#include "checks/content/redact.h"
#include "checks/exposure/exposure.h"
#include "check_int.h"
#include "sink.h"

/* Does the website source name threats (or no check at all)? */
static bool
reads_site(const struct pc_source *s)
{
	size_t i;

	if (strcmp(s->kind, "website") != 0 || s->url == NULL)
		return false;
	for (i = 0; i < s->nchecks; i++)
		if (strcmp(s->checks[i], "threats") == 0)
			return true;
	return s->nchecks == 0;
}

/* Needs of the website part: the sites' ports, the protected details
 * and the office key; not applicable without a site or without
 * protected details to look for. */
int
pc_threats_needs_website(const struct pc_config *cfg, struct pc_needs *n)
{
	const char *prot = pc_threats_settings_of(cfg)->protected_file;
	size_t count = 0;
	int r;

	if ((r = pc_needs_add_sources(cfg, n, reads_site, &count)) != 0)
		return r;
	if (count == 0)
		return pc_needs_not_applicable(
		    n, "no office website is configured for doxxing");
	if (prot == NULL)
		return pc_needs_not_applicable(n,
		    "no protected details (checks.threats.protected_file) to look for on the website");
	if (access(prot, F_OK) == 0 && (r = pc_needs_add_path(n, prot)) != 0)
		return r;
	return pc_needs_add_office_key(cfg, n);
}

struct site_run {
	struct pc_check_ctx *ctx;
	const struct pc_buf *key;
	size_t unread;
};

/* Emits one page that quotes a protected detail. */
static int
on_page_flag(void *arg, const struct pc_threats_flag *f)
{
	struct site_run *w = arg;
	const struct pc_rule *rule =
	    pc_policy_find_rule(pc_check_policy(w->ctx), f->rule);
	char evidence[512], key[PC_REDACT_HMAC_HEX], locator[1024];
	int r;

	snprintf(locator, sizeof(locator), "%s %s", f->path, f->why);
	snprintf(
	    evidence, sizeof(evidence), "on the office website: %s", f->why);
	if ((r = pc_redact_hmac(key, (const unsigned char *)w->key->data,
		 w->key->len, locator, strlen(locator))) != 0)
		return r;
	return pc_check_emit(w->ctx,
	    &(struct pc_finding){ .rule = f->rule,
		.subject = f->path,
		.title = rule ? rule->title : f->rule,
		.evidence = evidence,
		.key = key,
		.locator = f->path });
}

/* Notes a page that could not be read (the first few). */
static void
on_page_error(void *arg, const char *url, const char *reason)
{
	struct site_run *w = arg;

	if (w->unread++ < 5)
		(void)pc_check_count(
		    w->ctx, "website", "not read %.200s: %.160s", url, reason);
}

/* Crawls one site through the sink. */
static int
crawl_site(struct site_run *w, const struct pc_config *cfg,
    const struct pc_source *s, struct pc_threats_sink *sink)
{
	struct pc_crawl_opts o = { .start_url = s->url,
		.max_pages = s->max_pages > 0 ? (size_t)s->max_pages : 0,
		.ca_file = cfg->tls.ca_file };
	struct pc_crawl_stats st;
	struct pc_text_sink ts;
	int r;

	pc_threats_sink_get(sink, &ts);
	pc_check_progress(w->ctx, "crawling %s for protected details", s->url);
	if ((r = pc_crawl(&o, &ts, on_page_error, w, &st)) < 0) {
		if (!s->optional)
			(void)pc_check_incomplete(w->ctx,
			    "website %s could not be crawled: %s", s->url,
			    pc_error_get());
		return 0;
	}
	if (r != 0)
		return r;
	(void)pc_check_count(w->ctx, "website",
	    "%s: %zu page%s searched for protected details, %zu failed%s",
	    s->url, st.pages, st.pages == 1 ? "" : "s", st.failed,
	    st.page_cap_hit ? ", stopped at the page limit" : "");
	if (st.failed > 0 && !s->optional)
		(void)pc_check_incomplete(w->ctx,
		    "%zu page(s) of %s could not be read", st.failed, s->url);
	return 0;
}

/* Runs the website part: each site's pages against the protected
 * details. */
int
pc_threats_run_website(struct pc_check_ctx *ctx)
{
	const struct pc_config *cfg = pc_check_config(ctx);
	const char *file = pc_threats_settings_of(cfg)->protected_file;
	struct pc_threats_sink *sink = NULL;
	struct pc_protect *prot = NULL;
	char *keypath = pc_config_hmac_path(cfg);
	struct site_run w = { .ctx = ctx };
	size_t i;
	int r = 0;

	if (keypath == NULL ||
	    (w.key = pc_check_secret(ctx, keypath)) == NULL ||
	    w.key->len == 0) {
		r = pc_check_incomplete(ctx,
		    "the office HMAC key %s is missing; it sits beside report.signing_key (portcullis keys creates it)",
		    keypath ? keypath : "office.hmac");
		goto out;
	}
	if (pc_protect_load(&prot, file, (const unsigned char *)w.key->data,
		w.key->len) != 0) {
		r = pc_check_incomplete(ctx,
		    "doxxing on the website not checked: %s", pc_error_get());
		goto out;
	}
	if ((r = pc_threats_sink_new(&sink, NULL, prot, on_page_flag, &w)))
		goto out;
	for (i = 0; i < cfg->nsources && r == 0; i++)
		if (reads_site(&cfg->sources[i]))
			r = crawl_site(&w, cfg, &cfg->sources[i], sink);
out:
	pc_threats_sink_free(sink);
	pc_protect_free(prot);
	free(keypath);
	return r;
}
