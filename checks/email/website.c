/*
 * The email check's "website" part: the office website (sources of kind
 * website whose checks: are empty or name email), crawled with network
 * to that site only. personal_address_published for each personal
 * address the site gives as a way to contact the office.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "checks/content/crawl.h"
#include "addrlist.h"
#include "email.h"
#include "people.h"
#include "whose.h"

#define SITE_ADDRS_MAX 256 /* distinct personal addresses per site */
#define CONTEXT_BYTES  160 /* text before an address read for contact words */

/* A personal address the site gives. */
struct published {
	char addr[PC_ADDR_MAX];
	const struct pc_staff *staff;
	const char *personal;
	char first_url[1024];
	size_t pages;
	bool mailto;
	char last_url[1024]; /* counts each page once */
};

struct srun {
	struct pc_check_ctx *ctx;
	const struct pc_config *cfg;
	const struct pc_personal *personal;
	const struct pc_source *src;
	struct pc_buf page;
	char url[1024];
	struct published *v;
	size_t n, over;
	const char *lead; /* the digital lead's name, when on the staff */
	int stop;
};

/* Does the check read this website source (checks: empty or email)? */
static bool
reads_site(const struct pc_source *s)
{
	size_t i;

	if (strcmp(s->kind, "website") != 0 || s->url == NULL)
		return false;
	if (s->nchecks == 0)
		return true;
	for (i = 0; i < s->nchecks; i++)
		if (strcmp(s->checks[i], "email") == 0)
			return true;
	return false;
}

/* The site's URLs; no files. */
int
pc_email_site_needs(const struct pc_config *cfg, struct pc_needs *n)
{
	size_t count = 0;
	int r;

	if ((r = pc_needs_add_sources(cfg, n, reads_site, &count)) != 0)
		return r;
	if (count == 0)
		return pc_needs_not_applicable(
		    n, "no office website is configured");
	if (cfg->tls.ca_file && (r = pc_needs_add_path(n, cfg->tls.ca_file)))
		return r;
	return 0;
}

/* Does the text just before an address ask people to write to it? */
static bool
contact_words(const char *text, size_t start)
{
	static const char *const words[] = { "contact us", "contact the office",
		"contact me", "contact the mp", "email us", "e-mail us",
		"email me", "e-mail me", "email the office", "write to us",
		"write to me", "get in touch", "enquiries", "office email",
		"casework", "surgery", "surgeries", NULL };
	size_t from = start > CONTEXT_BYTES ? start - CONTEXT_BYTES : 0, i, k,
	       n;

	for (i = from; i < start; i++)
		for (k = 0; words[k] != NULL; k++) {
			n = strlen(words[k]);
			if (start - i >= n &&
			    strncasecmp(text + i, words[k], n) == 0)
				return true;
		}
	return false;
}

/* Is the page the site's contact page (its URL says so)? */
static bool
contact_page(const char *url)
{
	const char *path = strstr(url, "://");

	path = path ? strchr(path + 3, '/') : NULL;
	return path != NULL && strcasestr(path, "contact") != NULL;
}

/* Records one personal address on the current page. */
static int
add_published(
    struct srun *t, const char *addr, const struct pc_whose *w, bool mailto)
{
	struct published *p = NULL;
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->v[i].addr, addr) == 0)
			p = &t->v[i];
	if (p == NULL) {
		if (t->n >= SITE_ADDRS_MAX) {
			t->over++;
			return 0;
		}
		p = &t->v[t->n++];
		memset(p, 0, sizeof(*p));
		snprintf(p->addr, sizeof(p->addr), "%s", addr);
		snprintf(p->first_url, sizeof(p->first_url), "%s", t->url);
		p->staff = w->staff;
		p->personal = w->personal;
	}
	p->mailto |= mailto;
	if (strcmp(p->last_url, t->url) != 0) {
		p->pages++;
		snprintf(p->last_url, sizeof(p->last_url), "%s", t->url);
	}
	return 0;
}

/* Finds the personal addresses a page gives as contacts. */
static int
scan_page(struct srun *t)
{
	const char *text = t->page.data;
	size_t len = t->page.len, pos = 0, start;
	char addr[PC_ADDR_MAX];
	struct pc_whose w;
	bool mailto;
	int r;

	while (pc_addr_scan(text, len, &pos, &start, addr, sizeof(addr))) {
		pc_email_whose(&w, t->cfg, t->personal, addr, "");
		if (w.office || (w.personal == NULL && !w.staff_personal))
			continue;
		mailto = start >= 7 &&
		    strncasecmp(text + start - 7, "mailto:", 7) == 0;
		if (!w.staff_personal && !contact_page(t->url) &&
		    !contact_words(text, start))
			continue;
		if ((r = add_published(t, addr, &w, mailto)) != 0)
			return r;
	}
	return 0;
}

/* Sink: a page starts. */
static int
on_begin(void *arg, const struct pc_text_loc *loc)
{
	struct srun *t = arg;

	snprintf(t->url, sizeof(t->url), "%s", loc->path ? loc->path : "");
	pc_buf_reset(&t->page);
	return 0;
}

/* Sink: a page's text, up to the crawler's page cap. */
static int
on_data(void *arg, const char *p, size_t len)
{
	struct srun *t = arg;

	if (t->page.len >= PC_CRAWL_PAGE_CAP)
		return 0;
	if (len > PC_CRAWL_PAGE_CAP - t->page.len)
		len = PC_CRAWL_PAGE_CAP - t->page.len;
	return t->stop = pc_buf_add(&t->page, p, len);
}

/* Sink: a page ends; its addresses are read. */
static int
on_end(void *arg)
{
	struct srun *t = arg;
	int r = scan_page(t);

	return r ? (t->stop = r) : 0;
}

/* Notes a page that could not be read. */
static void
on_page_error(void *arg, const char *url, const char *reason)
{
	struct srun *t = arg;

	(void)pc_check_count(
	    t->ctx, "website", "not read %.200s: %.160s", url, reason);
}

/* Emits personal_address_published for each address found. */
static int
emit_site(struct srun *t)
{
	char title[400], ev[900], masked[300], why[200];
	size_t i;
	int r;

	for (i = 0; i < t->n; i++) {
		const struct published *p = &t->v[i];

		pc_email_mask(masked, sizeof(masked), p->addr);
		if (p->staff && p->personal)
			snprintf(why, sizeof(why),
			    "%s's address at a personal mail service (%s)",
			    p->staff->name, p->personal);
		else if (p->staff)
			snprintf(why, sizeof(why),
			    "%s's address outside the office's domains",
			    p->staff->name);
		else
			snprintf(why, sizeof(why),
			    "an address at a personal mail service (%s)",
			    p->personal);
		snprintf(title, sizeof(title),
		    "The office website gives a personal address (%s) to contact the office",
		    masked);
		snprintf(ev, sizeof(ev),
		    "%s on %zu page%s (first %.500s)%s: %s", masked, p->pages,
		    p->pages == 1 ? "" : "s", p->first_url,
		    p->mailto ? " as a mailto: link" : " in the text", why);
		if ((r = pc_check_emit(t->ctx,
			 &(struct pc_finding){
			     .rule = "personal_address_published",
			     .subject = p->first_url,
			     .title = title,
			     .evidence = ev,
			     .owner = p->staff ? p->staff->name : t->lead,
			     .key = p->addr,
			     .locator = t->src->url })) != 0)
			return r;
	}
	return 0;
}

/* Crawls one site and reports it. */
static int
crawl_site(struct srun *t, const struct pc_text_sink *sink)
{
	const struct pc_source *s = t->src;
	struct pc_crawl_opts o = { .start_url = s->url,
		.max_pages = s->max_pages > 0 ? (size_t)s->max_pages : 0,
		.ca_file = t->cfg->tls.ca_file };
	struct pc_crawl_stats st;
	int r;

	t->n = t->over = 0;
	pc_check_progress(t->ctx, "crawling %s", s->url);
	r = pc_crawl(&o, sink, on_page_error, t, &st);
	if (t->stop)
		return t->stop;
	if (r < 0)
		return s->optional ? pc_check_count(t->ctx, "website",
					 "%s: not read (optional source): %s",
					 s->url, pc_error_get())
				   : pc_check_incomplete(t->ctx,
					 "website %s could not be crawled: %s",
					 s->url, pc_error_get());
	if (r != 0)
		return r;
	if ((r = emit_site(t)) != 0)
		return r;
	(void)pc_check_count(t->ctx, "website",
	    "%s: %zu page%s read, %zu personal address%s given as a contact, %zu failed%s%s",
	    s->url, st.pages, st.pages == 1 ? "" : "s", t->n,
	    t->n == 1 ? "" : "es", st.failed,
	    st.page_cap_hit ? ", stopped at the page limit" : "",
	    st.byte_cap_hit ? ", stopped at the size limit" : "");
	if (st.failed > 0 && !s->optional)
		(void)pc_check_incomplete(t->ctx,
		    "%zu page(s) of %s could not be read", st.failed, s->url);
	return 0;
}

/* The staff member named as office.digital_lead ("Name <address>"). */
static const char *
lead_of(const struct pc_config *cfg)
{
	struct pc_addrs a;
	const struct pc_staff *s = NULL;

	if (pc_addrs_parse(&a, cfg->office.digital_lead) != 0)
		return NULL;
	if (a.n > 0)
		s = pc_config_find_staff(cfg, "", a.v[0].addr);
	pc_addrs_free(&a);
	return s ? s->name : NULL;
}

/* Runs the website part. */
int
pc_email_site_run(struct pc_check_ctx *ctx)
{
	const struct pc_config *cfg = pc_check_config(ctx);
	struct pc_personal *personal = NULL;
	struct srun t = {
		.ctx = ctx, .cfg = cfg, .page = { .cap = PC_CRAWL_PAGE_CAP }
	};
	struct pc_text_sink sink = {
		.begin = on_begin, .data = on_data, .end = on_end, .arg = &t
	};
	char *path = pc_policy_path_of(
	    pc_check_full_policy(ctx), "personal_domains.yaml");
	size_t i;
	int r;

	if (path == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	if ((r = pc_personal_load(&personal, path)) != 0)
		goto out;
	if ((t.v = calloc(SITE_ADDRS_MAX, sizeof(*t.v))) == NULL) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	t.personal = personal;
	t.lead = lead_of(cfg);
	pc_buf_init(&t.page, PC_CRAWL_PAGE_CAP);
	for (i = 0; i < cfg->nsources && r == 0; i++) {
		t.src = &cfg->sources[i];
		if (reads_site(t.src))
			r = crawl_site(&t, &sink);
	}
out:
	pc_buf_free(&t.page);
	free(t.v);
	pc_personal_free(personal);
	free(path);
	return r;
}
