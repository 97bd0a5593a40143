/* Reading the HTTPS client's answers: the provider's error code and
 * message (through its dialect), the one-line failure, JSON bodies. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "agent/lib/http.h"
#include "agent/lib/json.h"

/* Copies s into out as printable ASCII, at most n-1 bytes. */
static void
sanitise(char *out, size_t n, const char *s)
{
	size_t i = 0;

	if (n == 0)
		return;
	for (; s && *s && i + 1 < n; s++)
		out[i++] = (*s >= 0x20 && *s < 0x7f) ? *s : ' ';
	out[i] = '\0';
}

/* A string member of o, or NULL. */
static const char *
str_of(const cJSON *o, const char *key)
{
	const cJSON *j =
	    cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;

	return cJSON_IsString(j) ? j->valuestring : NULL;
}

/* Finds the provider's error code and message in a JSON body. */
static void
error_parts(const struct pc_http_resp *resp, char *code, size_t ncode,
    char *msg, size_t nmsg)
{
	const char *c = NULL, *m = NULL;
	cJSON *j = NULL;

	code[0] = msg[0] = '\0';
	if (resp->body.len == 0 || resp->body.len > (1u << 20) ||
	    pc_json_depth(resp->body.data, resp->body.len, 16) > 16)
		return;
	j = cJSON_ParseWithLength(resp->body.data, resp->body.len);
	if (!cJSON_IsObject(j))
		goto out;
	/* Each provider's shape is its dialect's (checks/providers/). */
	if (resp->dialect && resp->dialect->error_parts)
		resp->dialect->error_parts(j, &c, &m);
	else
		m = str_of(j, "message");
	sanitise(code, ncode, c);
	sanitise(msg, nmsg, m);
out:
	cJSON_Delete(j);
}

/* The provider's error code, or "". */
void
pc_http_error_code(char *out, size_t n, const struct pc_http_resp *resp)
{
	char msg[8];

	error_parts(resp, out, n, msg, sizeof(msg));
}

/* "code: message" from the body, or a note on a non-JSON body. */
void
pc_http_error_text(char *out, size_t n, const struct pc_http_resp *resp)
{
	char code[96], msg[200], ct[64];

	error_parts(resp, code, sizeof(code), msg, sizeof(msg));
	if (code[0] && msg[0])
		snprintf(out, n, "%s: %s", code, msg);
	else if (code[0] || msg[0])
		snprintf(out, n, "%s", code[0] ? code : msg);
	else if (resp->content_type &&
	    strstr(resp->content_type, "json") == NULL) {
		sanitise(ct, sizeof(ct), resp->content_type);
		ct[strcspn(ct, ";")] = '\0';
		snprintf(out, n, "a %s page instead of JSON", ct);
	} else {
		out[0] = '\0';
	}
}

/* Sets the error slot for an unexpected HTTP status. */
int
pc_http_fail(const struct pc_http_resp *resp, const char *what)
{
	char text[240];
	int code = resp->status == 401 ? PC_EAUTH
	    : resp->status == 403      ? PC_EPERM
				       : PC_EHTTP;

	pc_http_error_text(text, sizeof(text), resp);
	return pc_error_set(code, "HTTP %ld from %s%s%s", resp->status, what,
	    text[0] ? ": " : "", text);
}

/* Parses a JSON response body after checking its content type. */
int
pc_http_json(
    cJSON **json_out, const struct pc_http_resp *resp, const char *what)
{
	char ct[64];

	*json_out = NULL;
	if (resp->content_type == NULL ||
	    strstr(resp->content_type, "json") == NULL) {
		sanitise(ct, sizeof(ct),
		    resp->content_type ? resp->content_type
				       : "no content type");
		ct[strcspn(ct, ";")] = '\0';
		return pc_error_set(PC_EPARSE,
		    "%s: expected JSON but got %s (HTTP %ld); a sign-in page or a proxy may be in the way",
		    what, ct, resp->status);
	}
	return pc_json_parse(json_out, resp->body.data, resp->body.len,
	    resp->body.cap ? resp->body.cap : PC_HTTP_BODY_CAP, what);
}

/* Sends req and parses a 200 response as JSON. */
int
pc_http_get_json(cJSON **json_out, struct pc_http *http,
    const struct pc_http_req *req, struct pc_http_resp *resp, const char *what)
{
	int r;

	*json_out = NULL;
	if ((r = pc_http_request(http, req, resp)) != 0)
		return r;
	if (resp->status != 200)
		return 0;
	return pc_http_json(json_out, resp, what);
}
