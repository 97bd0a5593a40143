/* Have I Been Pwned v3: breaches that include a staff email address. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "agent/lib/err.h"
#include "agent/lib/json.h"
#include "hibp.h"

#define HIBP_BODY_CAP (4u << 20)

/* Percent-encodes an email address for one URL path segment. */
static int
encode_segment(char *out, size_t n, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (o + 4 > n)
			return pc_error_set(
			    PC_ELIMIT, "hibp: email address too long");
		if (isalnum(c) || c == '.' || c == '-' || c == '_' ||
		    c == '~' || c == '@' || c == '+') {
			out[o++] = (char)c;
		} else {
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	out[o] = '\0';
	return 0;
}

/* Copies a YYYY-MM-DD date if s is one. */
static void
take_date(char out[11], const char *s)
{
	int i;

	out[0] = '\0';
	if (s == NULL || strlen(s) < 10)
		return;
	for (i = 0; i < 10; i++)
		if ((i == 4 || i == 7) ? s[i] != '-'
				       : !isdigit((unsigned char)s[i]))
			return;
	memcpy(out, s, 10);
	out[10] = '\0';
}

/* Fills one breach from its JSON object. */
static int
take_breach(struct pc_hibp_breach *b, const cJSON *o)
{
	const cJSON *classes = NULL, *c;
	const char *name, *title = NULL, *date = NULL;
	struct pc_buf joined;
	int r;

	if ((r = pc_json_need_string(&name, o, "Name", "hibp")) != 0 ||
	    (r = pc_json_opt_string(&title, o, "Title", "hibp")) != 0 ||
	    (r = pc_json_opt_string(&date, o, "BreachDate", "hibp")) != 0 ||
	    (r = pc_json_opt_array(&classes, o, "DataClasses", "hibp")) != 0)
		return r;
	pc_buf_init(&joined, 4096);
	cJSON_ArrayForEach(c, classes)
	{
		if (!cJSON_IsString(c))
			continue;
		if (strcmp(c->valuestring, "Passwords") == 0)
			b->passwords = true;
		if (joined.len)
			(void)pc_buf_adds(&joined, ", ");
		(void)pc_buf_adds(&joined, c->valuestring);
	}
	b->name = strndup(name, 200);
	b->title = strndup(title ? title : name, 200);
	b->classes = pc_buf_take(&joined, NULL);
	if (b->classes == NULL)
		b->classes = strdup("");
	take_date(b->date, date);
	if (b->name == NULL || b->title == NULL || b->classes == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	return 0;
}

/* Looks one account up. */
int
pc_hibp_lookup(struct pc_hibp_breach **breaches_out, size_t *n_out,
    struct pc_http *http, const char *api_url, const char *api_key,
    const char *email)
{
	struct pc_http_resp resp = { 0 };
	struct pc_hibp_breach *b = NULL;
	char seg[800], url[2048], keyhdr[512];
	const char *headers[3];
	const cJSON *o;
	cJSON *json = NULL;
	size_t n = 0, klen;
	int r;

	*breaches_out = NULL;
	*n_out = 0;
	klen = strcspn(api_key, "\r\n");
	if (klen == 0 || klen > 200)
		return pc_error_set(PC_ECONFIG,
		    "hibp: the API key file is empty or not a single line; put the key from haveibeenpwned.com/API/Key in it");
	if ((r = encode_segment(seg, sizeof(seg), email)) != 0)
		return r;
	if ((size_t)snprintf(url, sizeof(url),
		"%s%sbreachedaccount/%s?truncateResponse=false", api_url,
		api_url[strlen(api_url) - 1] == '/' ? "" : "/",
		seg) >= sizeof(url))
		return pc_error_set(PC_ELIMIT, "hibp: API URL too long");
	snprintf(
	    keyhdr, sizeof(keyhdr), "hibp-api-key: %.*s", (int)klen, api_key);
	headers[0] = keyhdr;
	headers[1] = "User-Agent: portcullis/" PC_VERSION
		     " (UK Parliament office security check)";
	headers[2] = NULL;
	r = pc_http_request(http,
	    &(struct pc_http_req){
		.url = url, .headers = headers, .no_auth = true },
	    &resp);
	OPENSSL_cleanse(keyhdr, sizeof(keyhdr));
	if (r != 0)
		goto out;
	if (resp.status == 404)
		goto out; /* not in any breach */
	if (resp.status != 200) {
		r = pc_http_fail(&resp, "hibp");
		goto out;
	}
	if ((r = pc_http_json(&json, &resp, "hibp")) != 0 ||
	    (r = pc_json_expect_array(json, "the response", "hibp")) != 0)
		goto out;
	if (cJSON_GetArraySize(json) > PC_HIBP_MAX_BREACHES) {
		r = pc_error_set(PC_ELIMIT,
		    "hibp: more than %d breaches for one account",
		    PC_HIBP_MAX_BREACHES);
		goto out;
	}
	if ((b = calloc((size_t)cJSON_GetArraySize(json) + 1, sizeof(*b))) ==
	    NULL) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	cJSON_ArrayForEach(o, json)
	{
		if ((r = pc_json_expect_object(o, "a breach", "hibp")) != 0 ||
		    (r = take_breach(&b[n++], o)) != 0)
			goto out;
	}
out:
	cJSON_Delete(json);
	pc_http_resp_free(&resp);
	if (r != 0) {
		pc_hibp_breaches_free(b, n);
		return r;
	}
	*breaches_out = b;
	*n_out = n;
	return 0;
}

/* Frees breaches. */
void
pc_hibp_breaches_free(struct pc_hibp_breach *b, size_t n)
{
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(b[i].name);
		free(b[i].title);
		free(b[i].classes);
	}
	free(b);
}

/* Milliseconds between requests for a per-minute rate. */
long
pc_hibp_interval_ms(long requests_per_minute)
{
	if (requests_per_minute <= 0)
		requests_per_minute = 10;
	return (60000 + requests_per_minute - 1) / requests_per_minute;
}
