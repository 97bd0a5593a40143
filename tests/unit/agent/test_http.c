/* Unit tests for the HTTP client's helpers: Retry-After, backoff, Link
 * headers, next-link origin checks and the pager's loop/cap guards. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "agent/lib/http.h"

Test(http, retry_after_seconds)
{
	cr_assert_eq(pc_http_retry_after_ms("1", 0), 1000);
	cr_assert_eq(pc_http_retry_after_ms(" 120 ", 0), 120000);
	cr_assert_eq(pc_http_retry_after_ms("0", 0), 0);
}

Test(http, retry_after_http_date)
{
	/* Sun, 06 Nov 1994 08:49:37 GMT = 784111777 (RFC 9110 example). */
	cr_assert_eq(pc_http_retry_after_ms("Sun, 06 Nov 1994 08:49:37 GMT",
	    784111777 - 5), 5000);
	/* A date in the past means "now". */
	cr_assert_eq(pc_http_retry_after_ms("Sun, 06 Nov 1994 08:49:37 GMT",
	    784111777 + 60), 0);
}

Test(http, retry_after_garbage_is_invalid)
{
	cr_assert_eq(pc_http_retry_after_ms("soon", 0), -1);
	cr_assert_eq(pc_http_retry_after_ms("12abc", 0), -1);
	cr_assert_eq(pc_http_retry_after_ms("-5", 0), -1);
	cr_assert_eq(pc_http_retry_after_ms("99999999999999999999", 0), -1);
	cr_assert_eq(pc_http_retry_after_ms(NULL, 0), -1);
}

Test(http, backoff_grows_and_stays_in_bounds)
{
	uint32_t rnd;
	int attempt;
	long d, lo, hi;

	for (attempt = 0; attempt < 12; attempt++) {
		hi = 250L << attempt;
		if (hi > 60000)
			hi = 60000;
		lo = hi / 2;
		for (rnd = 0; rnd < 5000; rnd += 7) {
			d = pc_http_backoff_ms(attempt, 250, 60000,
			    rnd * 2654435761u);
			cr_assert(d >= lo && d <= hi,
			    "attempt %d: %ld not in [%ld, %ld]", attempt, d, lo,
			    hi);
		}
	}
	cr_assert_eq(pc_http_backoff_ms(40, 250, 60000, 0), 30000);
}

Test(http, link_next_github_style)
{
	char *next = NULL;

	cr_assert_eq(pc_http_link_next(&next,
	    "<https://api.github.com/orgs/x/members?page=1>; rel=\"prev\", "
	    "<https://api.github.com/orgs/x/members?page=3>; rel=\"next\", "
	    "<https://api.github.com/orgs/x/members?page=9>; rel=\"last\""),
	    0);
	cr_assert_str_eq(next, "https://api.github.com/orgs/x/members?page=3");
	free(next);
}

Test(http, link_next_okta_two_headers_joined)
{
	char *next = NULL;

	cr_assert_eq(pc_http_link_next(&next,
	    "<https://o.example/api/v1/users?limit=2>; rel=\"self\", "
	    "<https://o.example/api/v1/users?after=00u1&limit=2>; rel=\"next\""),
	    0);
	cr_assert_str_eq(next,
	    "https://o.example/api/v1/users?after=00u1&limit=2");
	free(next);
}

Test(http, link_next_variants)
{
	char *next = NULL;

	/* Unquoted, upper case, several relation types, extra params. */
	cr_assert_eq(pc_http_link_next(&next,
	    "<https://a/x?a=1,2>; title=\"a, b; c\"; REL=\"last next\""), 0);
	cr_assert_str_eq(next, "https://a/x?a=1,2");
	free(next);
	cr_assert_eq(pc_http_link_next(&next, "<https://a/y>;rel=next"), 0);
	cr_assert_str_eq(next, "https://a/y");
	free(next);
	/* No next, garbage, nothing. */
	cr_assert_eq(pc_http_link_next(&next, "<https://a/z>; rel=\"prev\""),
	    0);
	cr_assert_null(next);
	cr_assert_eq(pc_http_link_next(&next, "garbage; rel=next, <"), 0);
	cr_assert_null(next);
	cr_assert_eq(pc_http_link_next(&next, "<https://a/q>; rel=\"nextx\""),
	    0);
	cr_assert_null(next);
	cr_assert_eq(pc_http_link_next(&next, NULL), 0);
	cr_assert_null(next);
	cr_assert_neq(pc_http_link_next(&next, "<>; rel=next"), 0);
}

Test(http, same_origin)
{
	const char *base = "https://127.0.0.1:8443/ok/graph/v1.0/users";

	cr_assert(pc_http_same_origin(base,
	    "https://127.0.0.1:8443/ok/graph/v1.0/users?$skiptoken=x"));
	cr_assert(pc_http_same_origin("https://graph.microsoft.com/v1.0",
	    "https://GRAPH.microsoft.com:443/v1.0/users?x"));
	cr_assert(!pc_http_same_origin(base,
	    "https://evil.example.invalid/ok/graph/v1.0/users"));
	cr_assert(!pc_http_same_origin(base,
	    "http://127.0.0.1:8443/ok/graph/v1.0/users"));
	cr_assert(!pc_http_same_origin(base,
	    "https://127.0.0.1:8444/ok/graph/v1.0/users"));
	cr_assert(!pc_http_same_origin(base,
	    "https://127.0.0.1:8443@evil.example/x"));
	cr_assert(!pc_http_same_origin(base, "/relative/path"));
	cr_assert(!pc_http_same_origin(base, "not a url"));
}

Test(http, pager_refuses_offhost_loop_and_cap)
{
	struct pc_pager p;

	cr_assert_eq(pc_pager_init(&p, "graph", "https://h/a?p=1", 3), 0);
	cr_assert_neq(pc_pager_follow(&p, "https://evil.example/a?p=2"), 0);
	cr_assert(strstr(pc_error_get(), "different address") != NULL);
	cr_assert_eq(pc_pager_follow(&p, "https://h/a?p=2"), 0);
	/* Back to the first page: a loop. */
	cr_assert_neq(pc_pager_follow(&p, "https://h/a?p=1"), 0);
	cr_assert(strstr(pc_error_get(), "loop") != NULL);
	cr_assert_eq(pc_pager_follow(&p, "https://h/a?p=3"), 0);
	cr_assert_eq(pc_pager_follow(&p, "https://h/a?p=4"), PC_ELIMIT);
	pc_pager_free(&p);

	cr_assert_eq(pc_pager_init(&p, "slack", "https://h/users.list", 0), 0);
	cr_assert_eq(pc_pager_token(&p, "dXNlcjpVMDYx"), 0);
	cr_assert_neq(pc_pager_token(&p, "dXNlcjpVMDYx"), 0);
	cr_assert(strstr(pc_error_get(), "same next-page token twice") !=
	    NULL);
	pc_pager_free(&p);
}

Test(http, url_with_param_encodes)
{
	char *u = NULL;

	cr_assert_eq(pc_http_url_with_param(&u, "https://h/a?x=1", "cursor",
	    "a+b/c=="), 0);
	cr_assert_str_eq(u, "https://h/a?x=1&cursor=a%2Bb%2Fc%3D%3D");
	free(u);
	cr_assert_eq(pc_http_url_with_param(&u, "https://h/a", "pageToken",
	    "t"), 0);
	cr_assert_str_eq(u, "https://h/a?pageToken=t");
	free(u);
}

Test(http, pager_moves_the_url_to_the_next_page)
{
	struct pc_pager p;
	char *url = strdup("https://h/a?p=1");

	cr_assert_eq(pc_pager_init(&p, "graph", url, 0), 0);
	cr_assert_eq(pc_pager_follow_url(&p, &url, "https://h/a?p=2"), 0);
	cr_assert_str_eq(url, "https://h/a?p=2");
	/* A refused link leaves the current URL as it was. */
	cr_assert_neq(pc_pager_follow_url(&p, &url, "https://h/a?p=1"), 0);
	cr_assert_str_eq(url, "https://h/a?p=2");
	pc_pager_free(&p);

	cr_assert_eq(pc_pager_init(&p, "slack", "https://h/u?limit=2", 0), 0);
	cr_assert_eq(pc_pager_token_url(&p, &url, "https://h/u?limit=2",
	    "cursor", "a+b="), 0);
	cr_assert_str_eq(url, "https://h/u?limit=2&cursor=a%2Bb%3D");
	cr_assert_neq(pc_pager_token_url(&p, &url, "https://h/u?limit=2",
	    "cursor", "a+b="), 0);
	cr_assert_str_eq(url, "https://h/u?limit=2&cursor=a%2Bb%3D");
	pc_pager_free(&p);
	free(url);
}

/* A response with a JSON body for the error-text tests. */
static void
fake(struct pc_http_resp *r, long status, const char *ct, const char *body)
{
	memset(r, 0, sizeof(*r));
	r->status = status;
	r->content_type = strdup(ct);
	pc_buf_init(&r->body, 1 << 20);
	pc_buf_adds(&r->body, body);
}

/* Without a provider dialect only a top-level "message" is read (GitHub,
 * HIBP); provider shapes are tests/unit/providers/test_dialects.c. */
Test(http, error_text_generic_shape)
{
	struct pc_http_resp r;
	char t[200];

	fake(&r, 404, "application/json", "{\"message\":\"Not Found\","
	    "\"documentation_url\":\"https://docs.github.com/rest\"}");
	cr_assert_eq(pc_http_fail(&r, "GitHub"), PC_EHTTP);
	cr_assert_str_eq(pc_error_get(), "HTTP 404 from GitHub: Not Found");
	pc_http_resp_free(&r);

	fake(&r, 401, "application/json", "{\"error\":{\"code\":"
	    "\"InvalidAuthenticationToken\",\"message\":\"x\"}}");
	pc_http_error_code(t, sizeof(t), &r);
	cr_assert_str_eq(t, "");
	pc_http_resp_free(&r);

	fake(&r, 200, "text/html; charset=utf-8", "<html>Sign in</html>");
	pc_http_error_text(t, sizeof(t), &r);
	cr_assert_str_eq(t, "a text/html page instead of JSON");
	cJSON *j = NULL;
	cr_assert_neq(pc_http_json(&j, &r, "google token endpoint"), 0);
	cr_assert(strstr(pc_error_get(), "expected JSON but got text/html"));
	pc_http_resp_free(&r);
}

Test(http, refuses_plain_http)
{
	struct pc_http_opts o = { .what = "graph" };
	struct pc_http_req q = { .url = "http://127.0.0.1:1/x" };
	struct pc_http_resp resp;
	struct pc_http *h = NULL;

	cr_assert_eq(pc_http_new(&h, &o), 0);
	cr_assert_neq(pc_http_request(h, &q, &resp), 0);
	cr_assert(strstr(pc_error_get(), "non-HTTPS") != NULL);
	cr_assert_eq(pc_http_requests(h), 0);
	pc_http_resp_free(&resp);
	pc_http_free(h);
}

Test(http, retry_budget_is_bounded)
{
	struct pc_http_opts o = { .what = "x", .retry_budget = 3 };
	struct pc_http *h = NULL;
	long d;
	int i;

	cr_assert_eq(pc_http_new(&h, &o), 0);
	for (i = 0; i < 3; i++)
		cr_assert_eq(pc_http_take_retry(h, "2", i, &d), 0);
	cr_assert_eq(d, 2000);
	cr_assert_eq(pc_http_take_retry(h, NULL, 3, &d), PC_ELIMIT);
	cr_assert_eq(pc_http_retries(h), 3);
	pc_http_free(h);
	/* Retry-After is capped. */
	o.retry_budget = 5;
	o.retry_after_cap_ms = 60000;
	cr_assert_eq(pc_http_new(&h, &o), 0);
	cr_assert_eq(pc_http_take_retry(h, "86400", 0, &d), 0);
	cr_assert_eq(d, 60000);
	pc_http_free(h);
}
