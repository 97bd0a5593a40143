/* The one page loop every provider uses, and its next-page styles. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "agent/lib/http.h"
#include "agent/lib/json.h"

/* The next page's link or token from a body; NULL when there is none. */
static int
body_member(const char **out, const struct pc_page_style *s,
    const cJSON *json)
{
	const cJSON *holder = json;
	int r;

	*out = NULL;
	if (s->object != NULL &&
	    (r = pc_json_opt_object(&holder, json, s->object,
		 s->json_what)) != 0)
		return r;
	return pc_json_opt_string(out, holder, s->member, s->json_what);
}

/* The next page under style s, accepted by the pager. */
int
pc_page_next(char **next_out, struct pc_pager *p,
    const struct pc_page_style *s, const char *base,
    const struct pc_http_resp *resp, const cJSON *json)
{
	const char *v = NULL;
	char *link = NULL;
	int r;

	*next_out = NULL;
	if (s->kind == PC_PAGE_LINK) {
		if ((r = pc_http_link_next(&link, resp->link)) != 0)
			return pc_error_set(r, "%s: %s", p->what,
			    pc_error_get());
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

	if ((r = pc_pager_init(&pager, pg->what, pg->url,
		 pg->max_pages)) != 0)
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
		r = pg->page(pg->arg, &resp, resp.status == 200 ? j : NULL,
		    pager.pages);
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
		if ((r = pc_page_next(&next, &pager, pg->style, pg->url, &resp,
			 j)) != 0 || next == NULL)
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
