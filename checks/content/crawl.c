/* Crawls the office website (same origin, capped) into text units. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "agent/lib/err.h"
#include "agent/lib/http.h"
#include "crawl.h"
#include "extract.h"

/* The crawl's frontier and what was already queued. */
struct crawl {
	const char *prefix;
	char **urls; /* every URL queued, in order; head = next to fetch */
	size_t n, alloc, head;
	bool queue_full;
};

/* Resolves href against base; NULL unless it is a page under prefix. */
char *
pc_crawl_resolve(const char *base, const char *href, const char *prefix)
{
	CURLU *u = curl_url();
	char *got = NULL, *out = NULL;
	const char *ext;

	if (u == NULL || href == NULL)
		goto out;
	while (*href == ' ' || *href == '\t' || *href == '\n')
		href++;
	if (strncasecmp(href, "mailto:", 7) == 0 ||
	    strncasecmp(href, "tel:", 4) == 0 ||
	    strncasecmp(href, "javascript:", 11) == 0 ||
	    strncasecmp(href, "data:", 5) == 0 || href[0] == '#')
		goto out;
	if (curl_url_set(u, CURLUPART_URL, base, 0) != CURLUE_OK ||
	    curl_url_set(u, CURLUPART_URL, href, 0) != CURLUE_OK ||
	    curl_url_set(u, CURLUPART_FRAGMENT, NULL, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_URL, &got, 0) != CURLUE_OK)
		goto out;
	if (!pc_http_same_origin(prefix, got) ||
	    strncmp(got, prefix, strlen(prefix)) != 0)
		goto out;
	/* Skip what is plainly not a page, before spending a request. */
	ext = strrchr(got, '.');
	if (ext != NULL && strchr(ext, '/') == NULL &&
	    (strcasecmp(ext, ".css") == 0 || strcasecmp(ext, ".js") == 0 ||
		strcasecmp(ext, ".png") == 0 || strcasecmp(ext, ".jpg") == 0 ||
		strcasecmp(ext, ".jpeg") == 0 || strcasecmp(ext, ".gif") == 0 ||
		strcasecmp(ext, ".svg") == 0 || strcasecmp(ext, ".ico") == 0 ||
		strcasecmp(ext, ".pdf") == 0 || strcasecmp(ext, ".zip") == 0))
		goto out;
	out = strdup(got);
out:
	curl_free(got);
	curl_url_cleanup(u);
	return out;
}

/* Queues url (owned) unless already seen or the queue is full. */
static void
enqueue(struct crawl *c, char *url)
{
	char **grown;
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->urls[i], url) == 0) {
			free(url);
			return;
		}
	if (c->n >= PC_CRAWL_MAX_QUEUE) {
		c->queue_full = true;
		free(url);
		return;
	}
	if (c->n == c->alloc) {
		c->alloc = c->alloc ? c->alloc * 2 : 64;
		if ((grown = realloc(c->urls, c->alloc * sizeof(*grown))) ==
		    NULL) {
			free(url);
			return;
		}
		c->urls = grown;
	}
	c->urls[c->n++] = url;
}

/* The page being read, for the link callback. */
struct page {
	struct crawl *c;
	const char *url;
};

/* A link on a page: resolve and queue it. */
static void
on_link(void *arg, const char *href)
{
	struct page *p = arg;
	char *abs = pc_crawl_resolve(p->url, href, p->c->prefix);

	if (abs != NULL)
		enqueue(p->c, abs);
}

/* The folder of url (up to and including the last '/' of its path). */
static char *
folder_of(const char *url)
{
	const char *path = strstr(url, "://"), *q, *last;

	if (path == NULL || (path = strchr(path + 3, '/')) == NULL)
		return NULL;
	q = path + strcspn(path, "?#");
	for (last = q; last > path && last[-1] != '/'; last--)
		;
	return strndup(url, (size_t)(last - url));
}

/* Fetches one page and hands its text to the sink. */
static int
fetch_page(struct pc_http *http, struct crawl *c, const char *url,
    const struct pc_text_sink *sink, pc_crawl_note_fn note, void *arg,
    struct pc_crawl_stats *st, uint64_t max_bytes)
{
	struct pc_http_resp resp = { 0 };
	struct pc_text_loc loc = { .path = url, .base_line = 1 };
	struct pc_extract_result res;
	struct page page = { c, url };
	char reason[400];
	const char *ct;
	int r;

	r = pc_http_request(
	    http, &(struct pc_http_req){ .url = url, .no_auth = true }, &resp);
	if (r != 0) {
		st->failed++;
		note(arg, url, pc_error_get());
		r = 0;
		goto out;
	}
	if (resp.status == 404 || resp.status == 410) {
		/* A broken link: nothing is published there. */
		st->missing++;
		snprintf(reason, sizeof(reason), "broken link (HTTP %ld)",
		    resp.status);
		note(arg, url, reason);
		goto out;
	}
	if (resp.status != 200) {
		st->failed++;
		snprintf(reason, sizeof(reason), "the page answered HTTP %ld",
		    resp.status);
		note(arg, url, reason);
		goto out;
	}
	st->bytes += resp.body.len;
	if (st->bytes > max_bytes) {
		st->byte_cap_hit = true;
		goto out;
	}
	ct = resp.content_type ? resp.content_type : "";
	if (strncasecmp(ct, "text/html", 9) == 0 ||
	    strncasecmp(ct, "application/xhtml", 17) == 0) {
		r = pc_extract_html(resp.body.data, resp.body.len, &loc, sink,
		    on_link, &page, &res);
	} else if (strncasecmp(ct, "text/plain", 10) == 0) {
		r = pc_extract_mem(resp.body.data, resp.body.len, &loc,
		    PC_DOC_TEXT, sink, &res);
	} else {
		st->ignored++;
		goto out;
	}
	if (r != 0 && !res.sink_stopped) {
		st->failed++;
		note(arg, url, pc_error_get());
		r = 0;
	} else if (r == 0) {
		st->pages++;
	}
out:
	pc_http_resp_free(&resp);
	return r;
}

/* Crawls from the start URL. */
int
pc_crawl(const struct pc_crawl_opts *opts, const struct pc_text_sink *sink,
    pc_crawl_note_fn note, void *note_arg, struct pc_crawl_stats *st)
{
	struct pc_http_opts ho = { .what = "website",
		.ca_file = opts->ca_file,
		.body_cap = PC_CRAWL_PAGE_CAP,
		.max_attempts = 3,
		.retry_budget = 20,
		.concurrency = 1 };
	struct crawl c = { 0 };
	struct pc_http *http = NULL;
	size_t max_pages =
	    opts->max_pages ? opts->max_pages : PC_CRAWL_DEFAULT_PAGES;
	uint64_t max_bytes =
	    opts->max_bytes ? opts->max_bytes : PC_CRAWL_DEFAULT_BYTES;
	char *prefix = NULL, *start;
	size_t i;
	int r;

	memset(st, 0, sizeof(*st));
	if (strncmp(opts->start_url, "https://", 8) != 0)
		return pc_error_set(PC_ECONFIG,
		    "website %s: only https:// sites are crawled",
		    opts->start_url);
	if ((prefix = folder_of(opts->start_url)) == NULL ||
	    (start = strdup(opts->start_url)) == NULL) {
		free(prefix);
		return pc_error_set(PC_ECONFIG,
		    "website %s: not a URL with a path", opts->start_url);
	}
	c.prefix = prefix;
	enqueue(&c, start);
	if ((r = pc_http_new(&http, &ho)) != 0)
		goto out;
	while (c.head < c.n) {
		if (st->pages + st->failed + st->missing >= max_pages) {
			st->page_cap_hit = true;
			break;
		}
		if (st->byte_cap_hit)
			break;
		i = c.head++;
		r = fetch_page(
		    http, &c, c.urls[i], sink, note, note_arg, st, max_bytes);
		if (r != 0)
			goto out;
		if (i == 0 && st->pages == 0) {
			r = pc_error_set(PC_ENET,
			    "website %s: the start page could not be read",
			    opts->start_url);
			goto out;
		}
	}
	r = 0;
out:
	pc_http_free(http);
	for (i = 0; i < c.n; i++)
		free(c.urls[i]);
	free(c.urls);
	free(prefix);
	return r;
}
