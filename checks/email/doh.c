/* DNS over HTTPS: each query POSTed as application/dns-message. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent/lib/err.h"
#include "agent/lib/http.h"
#include "doh.h"

#define DOH_TYPE     "application/dns-message"
#define DOH_BODY_CAP (1u << 20) /* read past 64 KiB to say what it was */

struct pc_doh {
	struct pc_http *http;
	char *url;
};

/* Creates a resolver client. */
int
pc_doh_new(struct pc_doh **doh_out, const char *url, const char *ca_file)
{
	struct pc_http_opts o = {
		.what = "dns-over-https",
		.ca_file = ca_file,
		.timeout_ms = 15000,
		.body_cap = DOH_BODY_CAP,
		.max_attempts = 3,
		.retry_budget = 30,
		.retry_after_cap_ms = 10000,
		.concurrency = 8,
	};
	struct pc_doh *d;
	int r;

	*doh_out = NULL;
	if ((d = calloc(1, sizeof(*d))) == NULL ||
	    (d->url = strdup(url)) == NULL) {
		free(d);
		return pc_error_set(PC_ENOMEM, "out of memory");
	}
	if ((r = pc_http_new(&d->http, &o)) != 0) {
		pc_doh_free(d);
		return r;
	}
	*doh_out = d;
	return 0;
}

/* Frees a resolver client. */
void
pc_doh_free(struct pc_doh *doh)
{
	if (doh == NULL)
		return;
	pc_http_free(doh->http);
	free(doh->url);
	free(doh);
}

/* Requests sent so far. */
size_t
pc_doh_requests(const struct pc_doh *doh)
{
	return pc_http_requests(doh->http);
}

/* Records a failed query's message. */
static void
query_fail(struct pc_doh_query *q, int err, const char *msg)
{
	q->err = err;
	snprintf(q->errmsg, sizeof(q->errmsg), "%s", msg);
}

/* Reads one query's HTTP response into its answer or error. */
static void
read_response(struct pc_doh_query *q, const struct pc_http_resp *resp)
{
	const char *tname = q->type == PC_DNS_TXT ? "TXT" : "MX";
	char text[200], ct[64], msg[400];
	size_t n;

	if (resp->err != 0) {
		query_fail(q, resp->err, resp->errmsg);
		return;
	}
	if (resp->status != 200) {
		pc_http_error_text(text, sizeof(text), resp);
		snprintf(msg, sizeof(msg),
		    "the DNS-over-HTTPS resolver answered HTTP %ld for %s (%s)%s%s; check checks.email.doh_url",
		    resp->status, q->name, tname, text[0] ? ": " : "", text);
		query_fail(q, PC_EHTTP, msg);
		return;
	}
	n = resp->content_type ? strcspn(resp->content_type, "; ") : 0;
	if (n != strlen(DOH_TYPE) ||
	    strncasecmp(resp->content_type, DOH_TYPE, n) != 0) {
		snprintf(ct, sizeof(ct), "%.*s", (int)(n < 60 ? n : 60),
		    resp->content_type ? resp->content_type : "");
		for (n = 0; ct[n]; n++)
			if (ct[n] < 0x20 || ct[n] > 0x7e)
				ct[n] = '?';
		snprintf(msg, sizeof(msg),
		    "the DNS-over-HTTPS resolver answered %s instead of a DNS message (%s) for %s; check that checks.email.doh_url is an RFC 8484 resolver and that no proxy or sign-in page is in the way",
		    ct[0] ? ct : "no content type", DOH_TYPE, q->name);
		query_fail(q, PC_EPARSE, msg);
		return;
	}
	if (pc_dns_parse(&q->answer, (const uint8_t *)resp->body.data,
		resp->body.len, q->name, q->type) != 0)
		query_fail(q, pc_error_code() ? pc_error_code() : PC_EPARSE,
		    pc_error_get());
}

/* Sends n queries in parallel and reads each answer. */
int
pc_doh_lookup(struct pc_doh *doh, struct pc_doh_query *qs, size_t n)
{
	static const char *const headers[] = { "Accept: " DOH_TYPE, NULL };
	struct pc_http_resp *resps = NULL;
	struct pc_http_req *reqs = NULL;
	uint8_t **msgs = NULL;
	size_t *which = NULL, i, k = 0, len;
	int r = 0;

	if (n == 0)
		return 0;
	reqs = calloc(n, sizeof(*reqs));
	resps = calloc(n, sizeof(*resps));
	msgs = calloc(n, sizeof(*msgs));
	which = calloc(n, sizeof(*which));
	if (reqs == NULL || resps == NULL || msgs == NULL || which == NULL) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		memset(&qs[i].answer, 0, sizeof(qs[i].answer));
		qs[i].err = 0;
		qs[i].errmsg[0] = '\0';
		/* A name that cannot be asked (too long) fails alone. */
		if (pc_dns_query(&msgs[k], &len, qs[i].name, qs[i].type) != 0) {
			query_fail(&qs[i], pc_error_code(), pc_error_get());
			continue;
		}
		which[k] = i;
		reqs[k] = (struct pc_http_req){
			.method = "POST",
			.url = doh->url,
			.body = (const char *)msgs[k],
			.body_len = len,
			.content_type = DOH_TYPE,
			.headers = headers,
			.no_auth = true,
		};
		k++;
	}
	/* Failures are per query (resp.err); the return is the first. */
	(void)pc_http_request_many(doh->http, reqs, resps, k);
	for (i = 0; i < k; i++)
		read_response(&qs[which[i]], &resps[i]);
	pc_error_clear();
out:
	for (i = 0; resps && i < k; i++)
		pc_http_resp_free(&resps[i]);
	for (i = 0; msgs && i < n; i++)
		free(msgs[i]);
	free(which);
	free(msgs);
	free(resps);
	free(reqs);
	return r;
}

/* Frees the answers of n queries. */
void
pc_doh_queries_free(struct pc_doh_query *qs, size_t n)
{
	size_t i;

	for (i = 0; qs && i < n; i++)
		pc_dns_answer_free(&qs[i].answer);
}
