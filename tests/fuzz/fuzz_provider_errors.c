/* Fuzz target: each provider's error dialect and every next-page style on
 * arbitrary response bytes must give a bounded text or an error, never
 * crash or hang. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/http.h"
#include "agent/lib/json.h"
#include "checks/providers/github.h"
#include "checks/providers/google.h"
#include "checks/providers/graph.h"
#include "checks/providers/okta.h"
#include "checks/providers/slack.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every next-page style over one parsed body and Link header. */
static void
each_style(struct pc_http_resp *resp, const cJSON *j)
{
	static const struct pc_page_style styles[] = {
		{ PC_PAGE_URL, NULL, "@odata.nextLink", NULL, "graph" },
		{ PC_PAGE_TOKEN, NULL, "nextPageToken", "pageToken",
		    "google" },
		{ PC_PAGE_TOKEN, "response_metadata", "next_cursor", "cursor",
		    "slack" },
		{ PC_PAGE_LINK, NULL, NULL, NULL, "okta" },
	};
	struct pc_pager p;
	char *next;
	size_t i;

	for (i = 0; i < sizeof(styles) / sizeof(styles[0]); i++) {
		if (pc_pager_init(&p, "fuzz", "https://127.0.0.1:8443/api/x",
			5) != 0)
			return;
		next = NULL;
		(void)pc_page_next(&next, &p, &styles[i],
		    "https://127.0.0.1:8443/api/x", resp, j);
		free(next);
		pc_pager_free(&p);
	}
}

/* The bytes as an error body in every dialect, then as a page. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct pc_http_dialect *ds[] = { NULL, &pc_graph_dialect,
		&pc_google_dialect, &pc_github_dialect, &pc_slack_dialect,
		&pc_okta_dialect };
	struct pc_http_resp resp = { .status = 403 };
	char text[240];
	cJSON *j = NULL;
	size_t i;

	pc_buf_init(&resp.body, 1 << 20);
	if (pc_buf_add(&resp.body, data, size) != 0)
		goto out;
	resp.content_type = strdup("application/json");
	resp.link = strndup((const char *)data, size);
	for (i = 0; i < sizeof(ds) / sizeof(ds[0]); i++) {
		resp.dialect = ds[i];
		pc_http_error_text(text, sizeof(text), &resp);
		pc_http_error_code(text, sizeof(text), &resp);
		if (ds[i] && ds[i]->throttled)
			(void)ds[i]->throttled(&resp);
	}
	if (pc_json_parse(&j, (const char *)data, size, 1 << 20, "fuzz") == 0)
		each_style(&resp, j);
	else
		each_style(&resp, NULL);
out:
	cJSON_Delete(j);
	pc_http_resp_free(&resp);
	return 0;
}
