/* Paging for the HTTPS client: Link headers, the pager's guards (same
 * origin, no loops, a page cap), next-page styles and the one page loop
 * every provider uses. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "agent/lib/err.h"
#include "agent/lib/http.h"
#include "agent/lib/json.h"

#define HDR_CAP      (64 * 1024)
#define LINK_URL_CAP 8192

/* Lowercases a copy of s[0..n). */
static char *
lower_dup(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	size_t i;

	if (d == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		d[i] = (char)tolower((unsigned char)s[i]);
	d[n] = '\0';
	return d;
}

/* True when a space-separated rel value includes "next". */
static bool
rel_has_next(const char *v, size_t n)
{
	size_t i = 0, start;

	while (i < n) {
		while (i < n && (v[i] == ' ' || v[i] == '\t'))
			i++;
		start = i;
		while (i < n && v[i] != ' ' && v[i] != '\t')
			i++;
		if (i - start == 4 && strncasecmp(v + start, "next", 4) == 0)
			return true;
	}
	return false;
}

/* The first rel="next" target of an RFC 8288 Link header. */
int
pc_http_link_next(char **next_out, const char *link)
{
	const char *p = link, *uri, *uri_end, *name, *val;
	size_t name_len, val_len;
	bool next;

	*next_out = NULL;
	if (link == NULL)
		return 0;
	if (strlen(link) > HDR_CAP)
		return pc_error_set(PC_ELIMIT,
		    "a Link header is longer than %d bytes", HDR_CAP);
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '\0')
			return 0;
		if (*p != '<') {
			/* Not a link-value: skip to the next comma. */
			while (*p != '\0' && *p != ',')
				p++;
			continue;
		}
		uri = p + 1;
		if ((uri_end = strchr(uri, '>')) == NULL)
			return 0;
		p = uri_end + 1;
		next = false;
		/* Parameters: ; name=value or ; name="value" */
		for (;;) {
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p != ';')
				break;
			p++;
			while (*p == ' ' || *p == '\t')
				p++;
			name = p;
			while (*p != '\0' && *p != '=' && *p != ';' &&
			    *p != ',' && *p != ' ' && *p != '\t')
				p++;
			name_len = (size_t)(p - name);
			while (*p == ' ' || *p == '\t')
				p++;
			val = p;
			val_len = 0;
			if (*p == '=') {
				p++;
				while (*p == ' ' || *p == '\t')
					p++;
				if (*p == '"') {
					val = ++p;
					while (*p != '\0' && *p != '"') {
						if (*p == '\\' && p[1] != '\0')
							p++;
						p++;
					}
					val_len = (size_t)(p - val);
					if (*p == '"')
						p++;
				} else {
					val = p;
					while (*p != '\0' && *p != ';' &&
					    *p != ',' && *p != ' ' &&
					    *p != '\t')
						p++;
					val_len = (size_t)(p - val);
				}
			}
			if (name_len == 3 && strncasecmp(name, "rel", 3) == 0 &&
			    rel_has_next(val, val_len))
				next = true;
		}
		if (next) {
			size_t n = (size_t)(uri_end - uri);

			if (n == 0 || n > LINK_URL_CAP)
				return pc_error_set(PC_EPARSE,
				    "the next-page link is empty or longer than %d bytes",
				    LINK_URL_CAP);
			if ((*next_out = strndup(uri, n)) == NULL)
				return pc_error_set(PC_ENOMEM, "out of memory");
			return 0;
		}
		while (*p != '\0' && *p != ',')
			p++;
	}
}

/* Scheme, host (lowercase) and port of url; 0 or -1. */
static int
origin_of(const char *url, char **scheme, char **host, long *port)
{
	CURLU *u = curl_url();
	char *s = NULL, *h = NULL, *pt = NULL;
	int r = -1;

	*scheme = *host = NULL;
	if (u == NULL)
		return -1;
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &s, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &h, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PORT, &pt, CURLU_DEFAULT_PORT) !=
		CURLUE_OK)
		goto out;
	*scheme = lower_dup(s, strlen(s));
	*host = lower_dup(h, strlen(h));
	*port = strtol(pt, NULL, 10);
	r = (*scheme && *host) ? 0 : -1;
out:
	curl_free(s);
	curl_free(h);
	curl_free(pt);
	curl_url_cleanup(u);
	return r;
}

/* 1 when url is https on the same host and port as base. */
int
pc_http_same_origin(const char *base, const char *url)
{
	char *s1 = NULL, *h1 = NULL, *s2 = NULL, *h2 = NULL;
	long p1 = 0, p2 = 0;
	int same = 0;

	if (base == NULL || url == NULL || strncasecmp(url, "https://", 8) != 0)
		return 0;
	if (origin_of(base, &s1, &h1, &p1) == 0 &&
	    origin_of(url, &s2, &h2, &p2) == 0)
		same = strcmp(s1, "https") == 0 && strcmp(s2, "https") == 0 &&
		    strcmp(h1, h2) == 0 && p1 == p2;
	free(s1);
	free(h1);
	free(s2);
	free(h2);
	return same;
}

/* Appends key=value (value percent-encoded) to url's query. */
int
pc_http_url_with_param(
    char **url_out, const char *url, const char *key, const char *value)
{
	struct pc_buf b;
	char *enc;
	int r;

	*url_out = NULL;
	if ((enc = curl_easy_escape(NULL, value, 0)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	pc_buf_init(&b, 16384);
	if ((r = pc_buf_addf(&b, "%s%c%s=%s", url, strchr(url, '?') ? '&' : '?',
		 key, enc)) != 0) {
		curl_free(enc);
		pc_buf_free(&b);
		return pc_error_set(r, "a next-page URL is too long");
	}
	curl_free(enc);
	*url_out = pc_buf_take(&b, NULL);
	return *url_out ? 0 : pc_error_set(PC_ENOMEM, "out of memory");
}

/* FNV-1a 64 of s. */
static uint64_t
fnv64(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

/* Remembers h; fails when it was seen before (a loop). */
static int
pager_remember(struct pc_pager *p, uint64_t h, const char *kind)
{
	uint64_t *n;
	size_t i;

	for (i = 0; i < p->nseen; i++)
		if (p->seen[i] == h)
			return pc_error_set(PC_EPARSE,
			    "%s: the provider sent the same next-page %s twice (a paging loop); stopped after %zu pages",
			    p->what, kind, p->pages);
	if (p->nseen == p->alloc) {
		size_t na = p->alloc ? p->alloc * 2 : 64;

		if ((n = realloc(p->seen, na * sizeof(*n))) == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
		p->seen = n;
		p->alloc = na;
	}
	p->seen[p->nseen++] = h;
	return 0;
}

/* Starts a page chain. */
int
pc_pager_init(struct pc_pager *p, const char *what, const char *first_url,
    size_t max_pages)
{
	memset(p, 0, sizeof(*p));
	p->what = what;
	p->max_pages = max_pages ? max_pages : 1000;
	p->pages = 1;
	if ((p->first_url = strdup(first_url)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	return pager_remember(p, fnv64(first_url), "link");
}

/* Counts one more page against the cap. */
static int
pager_count(struct pc_pager *p)
{
	if (p->pages >= p->max_pages)
		return pc_error_set(PC_ELIMIT,
		    "%s: more than %zu pages; stopped (the page cap guards against endless lists)",
		    p->what, p->max_pages);
	p->pages++;
	return 0;
}

/* Accepts a next link, refusing other origins, loops and the cap. */
int
pc_pager_follow(struct pc_pager *p, const char *next_url)
{
	int r;

	if (!pc_http_same_origin(p->first_url, next_url))
		return pc_error_set(PC_EPERM,
		    "%s: refused a next-page link to a different address than the one configured (it must stay on the same https host and port)",
		    p->what);
	if ((r = pager_remember(p, fnv64(next_url), "link")) != 0)
		return r;
	return pager_count(p);
}

/* Accepts an opaque next-page token. */
int
pc_pager_token(struct pc_pager *p, const char *token)
{
	int r;

	if ((r = pager_remember(
		 p, fnv64(token) ^ 0x9e3779b97f4a7c15ULL, "token")) != 0)
		return r;
	return pager_count(p);
}

/* Accepts a next link and makes a copy of it the current URL. */
int
pc_pager_follow_url(struct pc_pager *p, char **url, const char *next_url)
{
	int r;

	if ((r = pc_pager_follow(p, next_url)) != 0)
		return r;
	free(*url);
	if ((*url = strdup(next_url)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	return 0;
}

/* Accepts an opaque next-page token and makes the next page's URL. */
int
pc_pager_token_url(struct pc_pager *p, char **url, const char *base,
    const char *key, const char *token)
{
	int r;

	if ((r = pc_pager_token(p, token)) != 0)
		return r;
	free(*url);
	return pc_http_url_with_param(url, base, key, token);
}

/* Frees a pager. */
void
pc_pager_free(struct pc_pager *p)
{
	free(p->first_url);
	free(p->seen);
	memset(p, 0, sizeof(*p));
}

/* The next page's link or token from a body; NULL when there is none. */
static int
body_member(const char **out, const struct pc_page_style *s, const cJSON *json)
{
	const cJSON *holder = json;
	int r;

	*out = NULL;
	if (s->object != NULL &&
	    (r = pc_json_opt_object(&holder, json, s->object, s->json_what)) !=
		0)
		return r;
	return pc_json_opt_string(out, holder, s->member, s->json_what);
}

/* The next page under style s, accepted by the pager. */
int
pc_page_next(char **next_out, struct pc_pager *p, const struct pc_page_style *s,
    const char *base, const struct pc_http_resp *resp, const cJSON *json)
{
	const char *v = NULL;
	char *link = NULL;
	int r;

	*next_out = NULL;
	if (s->kind == PC_PAGE_LINK) {
		if ((r = pc_http_link_next(&link, resp->link)) != 0)
			return pc_error_set(
			    r, "%s: %s", p->what, pc_error_get());
		if (link == NULL)
			return 0;
		if ((r = pc_pager_follow(p, link)) != 0) {
			free(link);
			return r;
		}
		*next_out = link;
		return 0;
	}
	if ((r = body_member(&v, s, json)) != 0)
		return pc_error_set(r, "%s: %s", p->what, pc_error_get());
	if (s->kind == PC_PAGE_URL) {
		/* An empty link is refused as off-host, not taken as the end. */
		if (v == NULL)
			return 0;
		return pc_pager_follow_url(p, next_out, v);
	}
	if (v == NULL || v[0] == '\0')
		return 0;
	return pc_pager_token_url(p, next_out, base, s->param, v);
}

/* GETs every page from pg->url, handing each to pg->page. */
int
pc_pages_run(const struct pc_pages *pg)
{
	struct pc_http_resp resp = { 0 };
	struct pc_pager pager = { 0 };
	struct pc_http_req req = { .headers = pg->headers, .auth = pg->auth };
	char *url = NULL, *next = NULL;
	cJSON *j = NULL;
	int r;

	if ((r = pc_pager_init(&pager, pg->what, pg->url, pg->max_pages)) != 0)
		return r;
	if ((url = strdup(pg->url)) == NULL) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	for (;;) {
		pc_http_resp_free(&resp);
		cJSON_Delete(j);
		j = NULL;
		req.url = url;
		if ((r = pc_http_get_json(&j, pg->http, &req, &resp,
			 pg->style->json_what)) != 0) {
			pc_error_set(r, "%s: %s", pg->what, pc_error_get());
			goto out;
		}
		r = pg->page(
		    pg->arg, &resp, resp.status == 200 ? j : NULL, pager.pages);
		if (r == PC_PAGES_STOP) {
			r = 0;
			goto out;
		}
		if (r != 0)
			goto out;
		if (resp.status != 200) {
			/* A callback that let a refusal through: fail closed. */
			r = pc_http_fail(&resp, pg->what);
			goto out;
		}
		if ((r = pc_page_next(
			 &next, &pager, pg->style, pg->url, &resp, j)) != 0 ||
		    next == NULL)
			goto out;
		free(url);
		url = next;
		next = NULL;
	}
out:
	cJSON_Delete(j);
	pc_http_resp_free(&resp);
	pc_pager_free(&pager);
	free(url);
	free(next);
	return r;
}
