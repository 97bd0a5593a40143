/* Each provider's error shapes and throttling signals (its dialect), and
 * the next-page styles the one page loop follows, over recorded bodies. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "agent/lib/http.h"
#include "checks/providers/github.h"
#include "checks/providers/google.h"
#include "checks/providers/graph.h"
#include "checks/providers/okta.h"
#include "checks/providers/slack.h"

/* A response with a JSON body, as the provider's client would hold it. */
static void
fake(struct pc_http_resp *r, const struct pc_http_dialect *d, long status,
    const char *ct, const char *body)
{
	memset(r, 0, sizeof(*r));
	r->status = status;
	r->dialect = d;
	r->content_type = strdup(ct);
	pc_buf_init(&r->body, 1 << 20);
	pc_buf_adds(&r->body, body);
}

/* The shapes test_http.c asserted when http.c knew every provider. */
Test(dialects, error_text_per_provider_shape)
{
	struct pc_http_resp r;
	char t[200];

	fake(&r, &pc_graph_dialect, 401, "application/json", "{\"error\":{"
	    "\"code\":\"InvalidAuthenticationToken\",\"message\":\"Access "
	    "token is empty.\"}}");
	cr_assert_eq(pc_http_fail(&r, "graph"), PC_EAUTH);
	cr_assert_str_eq(pc_error_get(), "HTTP 401 from graph: "
	    "InvalidAuthenticationToken: Access token is empty.");
	pc_http_resp_free(&r);

	fake(&r, &pc_google_dialect, 403, "application/json", "{\"error\":{"
	    "\"code\":403,\"message\":\"Quota\",\"errors\":[{\"domain\":"
	    "\"usageLimits\",\"reason\":\"userRateLimitExceeded\"}]}}");
	pc_http_error_code(t, sizeof(t), &r);
	cr_assert_str_eq(t, "userRateLimitExceeded");
	pc_http_resp_free(&r);

	fake(&r, &pc_slack_dialect, 200, "application/json", "{\"ok\":false,"
	    "\"error\":\"missing_scope\",\"needed\":\"users:read\"}");
	pc_http_error_text(t, sizeof(t), &r);
	cr_assert_str_eq(t, "missing_scope: users:read");
	pc_http_resp_free(&r);

	fake(&r, &pc_okta_dialect, 403, "application/json", "{\"errorCode\":"
	    "\"E0000006\",\"errorSummary\":\"You do not have permission\"}");
	pc_http_error_text(t, sizeof(t), &r);
	cr_assert_str_eq(t, "E0000006: You do not have permission");
	pc_http_resp_free(&r);

	fake(&r, &pc_github_dialect, 401, "application/json", "{\"message\":"
	    "\"Bad credentials\",\"status\":\"401\"}");
	pc_http_error_text(t, sizeof(t), &r);
	cr_assert_str_eq(t, "Bad credentials");
	pc_http_resp_free(&r);
}

/* The sign-in endpoints of Graph and Google answer in OAuth's shape. */
Test(dialects, oauth_token_endpoint_errors)
{
	static const char body[] = "{\"error\":\"invalid_client\","
	    "\"error_description\":\"AADSTS7000215: Invalid client secret\"}";
	const struct pc_http_dialect *ds[] = { &pc_graph_dialect,
		&pc_google_dialect };
	struct pc_http_resp r;
	char t[200];
	size_t i;

	for (i = 0; i < 2; i++) {
		fake(&r, ds[i], 401, "application/json", body);
		pc_http_error_text(t, sizeof(t), &r);
		cr_assert_str_eq(t, "invalid_client: AADSTS7000215: Invalid "
		    "client secret");
		pc_http_resp_free(&r);
	}
}

/* Only Google says "slow down" with a 403, and only for its quota
 * reasons; a 403 that is a refusal is not retried. */
Test(dialects, google_403_rate_limits_are_throttling)
{
	static const char *reasons[] = { "userRateLimitExceeded",
		"rateLimitExceeded", "quotaExceeded" };
	struct pc_http_resp r;
	char body[256];
	size_t i;

	for (i = 0; i < 3; i++) {
		snprintf(body, sizeof(body), "{\"error\":{\"code\":403,"
		    "\"errors\":[{\"reason\":\"%s\"}]}}", reasons[i]);
		fake(&r, &pc_google_dialect, 403, "application/json", body);
		cr_assert(pc_google_dialect.throttled(&r), "%s", reasons[i]);
		pc_http_resp_free(&r);
	}
	fake(&r, &pc_google_dialect, 403, "application/json", "{\"error\":{"
	    "\"code\":403,\"errors\":[{\"reason\":\"forbidden\"}],"
	    "\"status\":\"PERMISSION_DENIED\"}}");
	cr_assert_not(pc_google_dialect.throttled(&r));
	pc_http_resp_free(&r);
	cr_assert_null(pc_graph_dialect.throttled);
	cr_assert_null(pc_okta_dialect.throttled);
}

/* The next page under a style, from a parsed body or a Link header. */
static char *
next_of(const struct pc_page_style *s, const char *body, const char *link,
    int *r_out)
{
	struct pc_http_resp resp = { .status = 200 };
	struct pc_pager p;
	char *next = NULL;
	cJSON *j = body ? cJSON_Parse(body) : NULL;

	resp.link = link ? strdup(link) : NULL;
	cr_assert_eq(pc_pager_init(&p, "prov", "https://h/api/list?limit=2",
	    10), 0);
	*r_out = pc_page_next(&next, &p, s, "https://h/api/list?limit=2",
	    &resp, j);
	pc_pager_free(&p);
	pc_http_resp_free(&resp);
	cJSON_Delete(j);
	return next;
}

Test(dialects, page_styles)
{
	const struct pc_page_style odata = { PC_PAGE_URL, NULL,
		"@odata.nextLink", NULL, "graph" };
	const struct pc_page_style token = { PC_PAGE_TOKEN, NULL,
		"nextPageToken", "pageToken", "google" };
	const struct pc_page_style cursor = { PC_PAGE_TOKEN,
		"response_metadata", "next_cursor", "cursor", "slack" };
	const struct pc_page_style link = { PC_PAGE_LINK, NULL, NULL, NULL,
		"okta" };
	char *n;
	int r;

	n = next_of(&odata, "{\"@odata.nextLink\":\"https://h/api/p2\"}",
	    NULL, &r);
	cr_assert_eq(r, 0);
	cr_assert_str_eq(n, "https://h/api/p2");
	free(n);
	cr_assert_null(next_of(&odata, "{\"value\":[]}", NULL, &r));
	cr_assert_eq(r, 0);
	/* Off-host next links are refused, with the provider's name. */
	cr_assert_null(next_of(&odata, "{\"@odata.nextLink\":"
	    "\"https://evil/p2\"}", NULL, &r));
	cr_assert_eq(r, PC_EPERM);
	cr_assert(strncmp(pc_error_get(), "prov: refused", 13) == 0);
	/* A wrong type names the provider and its JSON. */
	cr_assert_null(next_of(&odata, "{\"@odata.nextLink\":3}", NULL, &r));
	cr_assert_eq(r, PC_EPARSE);
	cr_assert(strncmp(pc_error_get(), "prov: graph: ", 13) == 0, "%s",
	    pc_error_get());

	n = next_of(&token, "{\"nextPageToken\":\"a+b\"}", NULL, &r);
	cr_assert_str_eq(n, "https://h/api/list?limit=2&pageToken=a%2Bb");
	free(n);
	cr_assert_null(next_of(&token, "{\"nextPageToken\":\"\"}", NULL, &r));
	cr_assert_eq(r, 0);

	n = next_of(&cursor, "{\"ok\":true,\"response_metadata\":"
	    "{\"next_cursor\":\"dXNlcjpVMEc5V0ZYTlo=\"}}", NULL, &r);
	cr_assert_str_eq(n, "https://h/api/list?limit=2&cursor="
	    "dXNlcjpVMEc5V0ZYTlo%3D");
	free(n);
	cr_assert_null(next_of(&cursor, "{\"ok\":true,\"response_metadata\":"
	    "{\"next_cursor\":\"\"}}", NULL, &r));
	cr_assert_null(next_of(&cursor, "{\"ok\":true}", NULL, &r));
	cr_assert_eq(r, 0);

	n = next_of(&link, NULL, "<https://h/api/list?after=x>; rel=\"next\", "
	    "<https://h/api/list>; rel=\"self\"", &r);
	cr_assert_str_eq(n, "https://h/api/list?after=x");
	free(n);
	cr_assert_null(next_of(&link, NULL, "<https://h/api/list>; "
	    "rel=\"self\"", &r));
	cr_assert_eq(r, 0);
}
