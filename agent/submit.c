/* Sends a report folder to `portcullis serve` and reads its one answer. */
#include <stdio.h>
#include <string.h>

#include "agent/lib/err.h"
#include "agent/lib/http.h"
#include "agent/lib/json.h"
#include "agent/upload_build.h"
#include "agent/submit.h"
#include "agent/report_parse.h"

/* True if url is https:// with a host and nothing that hides a secret. */
bool
pc_submit_url_ok(const char *url)
{
	if (url == NULL || strncmp(url, "https://", 8) != 0 || url[8] == '\0' ||
	    url[8] == '/')
		return false;
	return strpbrk(url + 8, "@?# \t\r\n") == NULL && strlen(url) < 1024;
}

/* Copies s into out with anything but printable ASCII made '?'. */
static void
printable(char *out, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i + 1 < n && s[i]; i++)
		out[i] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	out[i] = '\0';
}

/* Reads the server's JSON answer into res. */
static int
read_answer(struct pc_submit_result *res, const struct pc_http_resp *resp)
{
	const cJSON *sha, *chain, *err;
	cJSON *j = NULL;

	if (pc_json_parse(&j, resp->body.data, resp->body.len, 64 * 1024,
		"submit") != 0 ||
	    !cJSON_IsObject(j)) {
		cJSON_Delete(j);
		return pc_error_set(PC_EPARSE,
		    "the server answered HTTP %ld without a JSON object; is --to a portcullis serve URL?",
		    resp->status);
	}
	sha = cJSON_GetObjectItemCaseSensitive(j, "sha256");
	chain = cJSON_GetObjectItemCaseSensitive(j, "chain");
	err = cJSON_GetObjectItemCaseSensitive(j, "error");
	if (cJSON_IsString(sha))
		printable(res->sha256, sizeof(res->sha256), sha->valuestring);
	if (cJSON_IsString(chain))
		printable(res->chain, sizeof(res->chain), chain->valuestring);
	if (cJSON_IsString(err))
		printable(res->reason, sizeof(res->reason), err->valuestring);
	cJSON_Delete(j);
	return 0;
}

/* Sends the report folder. */
int
pc_submit_report(struct pc_submit_result *res, const char *dir, const char *url,
    const char *ca_file)
{
	struct pc_http_opts o = { 0 };
	struct pc_http_req req = { 0 };
	struct pc_http_resp resp;
	struct pc_http *http = NULL;
	struct pc_buf tar;
	char target[1100];
	size_t n;
	int r;

	memset(res, 0, sizeof(*res));
	memset(&resp, 0, sizeof(resp));
	pc_buf_init(&tar, PC_REPORT_MAX_BYTES + (1u << 16));
	if (!pc_submit_url_ok(url)) {
		r = pc_error_set(PC_EUSAGE,
		    "submit URL \"%.80s\" must be https://HOST[:PORT][/PATH] (plain http is never used)",
		    url ? url : "");
		goto out;
	}
	n = strlen(url);
	snprintf(target, sizeof(target), "%.*s%s", (int)n, url,
	    n >= 11 && strcmp(url + n - 11, "/v1/reports") == 0 ? ""
		: url[n - 1] == '/'                             ? "v1/reports"
				    : "/v1/reports");
	if ((r = pc_upload_build_dir(&tar, dir)) != 0)
		goto out;
	o.what = "submit";
	o.ca_file = ca_file;
	o.max_attempts = 4;
	o.body_cap = 64 * 1024;
	o.retry_after_cap_ms = 5000;
	o.backoff_base_ms = 500;
	if ((r = pc_http_new(&http, &o)) != 0)
		goto out;
	req.method = "POST";
	req.url = target;
	req.body = tar.data;
	req.body_len = tar.len;
	req.content_type = "application/x-tar";
	req.no_auth = true;
	if ((r = pc_http_request(http, &req, &resp)) != 0)
		goto out;
	res->status = resp.status;
	if ((r = read_answer(res, &resp)) != 0)
		goto out;
	if (resp.status == 200 || resp.status == 201)
		r = 0;
	else if (resp.status == 400 || resp.status == 403 || resp.status == 413)
		r = pc_error_set(PC_EINVALID, "refused by %s (HTTP %ld): %s",
		    target, resp.status, res->reason);
	else
		r = pc_error_set(PC_ENET,
		    "%s answered HTTP %ld: %s; try again later", target,
		    resp.status, res->reason);
out:
	pc_http_resp_free(&resp);
	pc_http_free(http);
	pc_buf_free(&tar);
	return r;
}
