/*
 * What the HTTPS client's files share (http.c, http_easy.c,
 * http_broker.c, http_stream.c): the client and one request in flight.
 * Private to agent/lib/http*.c.
 */
#ifndef PC_HTTP_PRIVATE_H
#define PC_HTTP_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

#include <curl/curl.h>

#include "agent/lib/http.h"

struct pc_http {
	struct pc_http_opts o;
	char what[64];
	char *ca_file;
	CURLM *multi;
	struct curl_slist *pins; /* CURLOPT_RESOLVE entries under a broker */
	struct pc_http_auth *auth;
	size_t requests;
	int retries;
};

/* One request being driven through the multi loop. */
struct job {
	const struct pc_http_req *req;
	struct pc_http_resp *resp;
	void *tag;
	CURL *easy;
	struct curl_slist *hdrs;
	long long not_before;
	bool running, done, refreshed, over_cap;
	size_t hdr_bytes;
	char errbuf[CURL_ERROR_SIZE];
	bool broker_refused;  /* the broker would not connect this pair */
	char broker_err[240]; /* why the broker gave no socket */
};

/* Monotonic milliseconds. */
long long pc_http_now_ms(void);

/* Builds the easy handle and headers for one attempt of j (http_easy.c);
 * releases them (also removing it from the multi handle). */
int pc_http_job_setup(struct pc_http *h, struct job *j);
void pc_http_job_release(struct pc_http *h, struct job *j);

/* Starts an attempt of j; false (and j failed) when it cannot. */
bool pc_http_job_start(struct pc_http *h, struct job *j);

/* Decides what happens after an attempt finished with result cr: done,
 * or a retry (not_before), or a token refresh. */
void pc_http_job_after(
    struct pc_http *h, struct job *j, CURLcode cr, long long now);

/* After curl_multi_perform: the next attempt that finished, settled by
 * pc_http_job_after and released (done, or waiting to retry); NULL when
 * none is left. */
struct job *pc_http_job_finished(struct pc_http *h);

/* The CURLOPT_RESOLVE pins of every brokered host (NULL without a
 * broker); routes j's connections through the broker (http_broker.c). */
int pc_http_broker_pins(struct curl_slist **pins_out);
void pc_http_broker_attach(struct pc_http *h, struct job *j);

/* The body cap of request q: its own when set and lower, else h's. */
static inline size_t
pc_http_req_cap(const struct pc_http *h, const struct pc_http_req *q)
{
	return q->body_cap > 0 && q->body_cap < h->o.body_cap ? q->body_cap
							      : h->o.body_cap;
}

#endif
