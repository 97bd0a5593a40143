/* The shared HTTPS client for API checks (libcurl): retries, paging, caps. */
#ifndef PC_HTTP_H
#define PC_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "agent/lib/buf.h"
#include "agent/lib/json.h"

/*
 * Every request is HTTPS with certificate verification on (the system
 * trust plus tls.ca_file); redirects are never followed. Requests that hit
 * 429/500/502/503/504, what the dialect calls throttling, a timeout or a
 * dropped connection are retried with exponential backoff and jitter,
 * honouring Retry-After (capped), up to max_attempts per request and
 * retry_budget retries per client. No token, secret or query string ever
 * goes into an error message.
 */
struct pc_http_dialect;

struct pc_http_opts {
	const char *what; /* provider name in messages: "graph" */
	const struct pc_http_dialect *dialect; /* NULL = generic errors */
	const char *ca_file;     /* extra CA file; NULL = system trust only */
	long connect_timeout_ms; /* 0 = 10 s */
	long timeout_ms;         /* per attempt; 0 = 60 s */
	size_t body_cap;         /* 0 = PC_HTTP_BODY_CAP */
	int max_attempts;        /* per request; 0 = 5 */
	int retry_budget;        /* retries across the client; 0 = 100 */
	long retry_after_cap_ms; /* 0 = 60 s */
	long backoff_base_ms;    /* 0 = 250 ms */
	int concurrency;         /* parallel requests in _many; 0 = 8 */
};

#define PC_HTTP_BODY_CAP (16u << 20)

/*
 * Authorization for a client: "<scheme> <token>". On a 401 whose
 * WWW-Authenticate says invalid_token, refresh() is called (at most once
 * per request, three times per client) to replace token.
 */
struct pc_http_auth {
	const char *scheme; /* "Bearer", "SSWS", "token" */
	char *token;        /* owned by the caller; wiped by it */
	int (*refresh)(void *arg, struct pc_http_auth *auth);
	void *arg;
	int refreshes;
};

struct pc_http_req {
	const char *method; /* NULL = GET */
	const char *url;    /* https only; never carries a secret */
	const char *body;   /* borrowed; POST body */
	size_t body_len;
	const char *content_type;   /* of body */
	const char *const *headers; /* extra "Name: value", NULL-terminated */
	bool no_auth;               /* token endpoints: send no Authorization */
	struct pc_http_auth *auth;  /* borrowed; NULL = the client's (a
				    * session per impersonated user) */
	bool redirect_final;        /* a 3xx is a final response with its
				   * Location in resp->location (still never
				   * followed here: the caller vets it) */
	size_t body_cap; /* bytes of body kept, below the client's cap (a
			  * download as large as its listing says); 0 =
			  * the client's */
};

struct pc_http_resp {
	long status;
	struct pc_buf body;
	char *content_type;
	char *link; /* every Link header, joined with ", " */
	char *retry_after;
	char *www_authenticate;
	char *location; /* Location, when req.redirect_final */
	int attempts;
	int err;          /* 0 or the pc_err of a failed request */
	char errmsg[320]; /* its message (also in the error slot) */
	const struct pc_http_dialect *dialect; /* of the client; borrowed */
};

/*
 * How one provider's API says what went wrong, set per client by the
 * provider's session (checks/providers/). error_parts() finds the error
 * code and message in a JSON error body (an object; both may stay NULL,
 * pointers into body). throttled() says whether a final response that is
 * not 429 or 5xx still means "slow down" (Google's 403 rate-limit
 * reasons); such responses are retried like a 429. Without a dialect,
 * the message is a top-level "message" member (GitHub, HIBP).
 */
struct pc_http_dialect {
	void (*error_parts)(
	    const cJSON *body, const char **code, const char **msg);
	bool (*throttled)(const struct pc_http_resp *resp);
};

struct pc_http;

/*
 * A process with no socket of its own (a check child) gets its connections
 * from a broker. Every client then pins each host in hosts to a placeholder
 * address (CURLOPT_RESOLVE), so libcurl never resolves a name, and opens a
 * connection by asking connect() for host:port; libcurl is told that the
 * socket arrives connected (CURLOPT_SOCKOPTFUNCTION). TLS and certificate
 * checks are unchanged. Process-wide; borrowed until reset with NULL.
 */
struct pc_http_broker {
	/* A connected TCP socket for host:port in *fd_out, or nonzero with
	 * pc_error_set() detail (PC_EPERM: the pair is not allowed). */
	int (*connect)(void *arg, const char *host, unsigned port, int *fd_out);
	void *arg;
	const char *const *hosts; /* as in the URLs; hosts[i] with ports[i] */
	const unsigned short *ports;
	size_t n; /* at most PC_HTTP_BROKER_MAX */
};

#define PC_HTTP_BROKER_MAX 250

/* Routes every later client's connections through b (NULL: libcurl's own). */
void pc_http_set_broker(const struct pc_http_broker *b);

/* A client (its own connection pool and retry budget); caller frees with
 * pc_http_free(). */
int pc_http_new(struct pc_http **http_out, const struct pc_http_opts *opts);
void pc_http_free(struct pc_http *http);

/* Uses auth (borrowed until pc_http_free or the next call) for requests. */
void pc_http_set_auth(struct pc_http *http, struct pc_http_auth *auth);

/*
 * Sends one request with retries. Returns 0 once a final HTTP response
 * arrived (any status except 3xx; the caller checks resp->status), or an
 * error: network/TLS failure, body over the cap, redirect, or retries
 * exhausted. resp is initialised here; free with pc_http_resp_free().
 */
int pc_http_request(struct pc_http *http, const struct pc_http_req *req,
    struct pc_http_resp *resp);

/*
 * Sends n independent requests, at most opts.concurrency at a time, each
 * with the same retry rules. Fills resps[i] (free each); returns 0 or the
 * error of the first request that failed (the others still ran).
 */
int pc_http_request_many(struct pc_http *http, const struct pc_http_req *reqs,
    struct pc_http_resp *resps, size_t n);

void pc_http_resp_free(struct pc_http_resp *resp);

/*
 * A stream of independent requests, at most opts.concurrency in flight and
 * refilled as each one finishes (no waves), each with the same retry rules
 * as pc_http_request. next() is asked for another request whenever a slot
 * is free: it returns 1 with *req, *resp and *tag set (req and resp stay
 * the caller's and must live until done() is called for them; resp is
 * initialised here), 0 when it has nothing right now (it is asked again
 * after the next completion), or a negative pc_err to stop. done() gets
 * each request's final response (resp->err set when it failed) and its
 * tag; a nonzero return stops the stream: nothing new starts and requests
 * still in flight are abandoned without done() (free their responses).
 * Returns 0 once next() has nothing more and every request is done, or the
 * error that stopped the stream.
 */
struct pc_http_source {
	int (*next)(void *arg, const struct pc_http_req **req,
	    struct pc_http_resp **resp, void **tag);
	int (*done)(void *arg, struct pc_http_resp *resp, void *tag);
	void *arg;
};

int pc_http_stream(struct pc_http *http, const struct pc_http_source *src);

/* Requests sent (attempts) and retries used so far. */
size_t pc_http_requests(const struct pc_http *http);
int pc_http_retries(const struct pc_http *http);

/*
 * Takes one retry from the budget (for retries the caller drives itself,
 * such as throttled requests inside a Graph $batch); PC_ELIMIT when none
 * are left. delay_ms_out: how long to wait first, from retry_after (may be
 * NULL) or backoff for attempt.
 */
int pc_http_take_retry(struct pc_http *http, const char *retry_after,
    int attempt, long *delay_ms_out);

/* Sleeps ms milliseconds (used with pc_http_take_retry). */
void pc_http_sleep_ms(long ms);

/* Parses the body as JSON (bounded) after checking the content type is
 * JSON; messages name what. Caller frees with cJSON_Delete(). */
int pc_http_json(
    cJSON **json_out, const struct pc_http_resp *resp, const char *what);

/*
 * Sends req (pc_http_request) and, when the status is 200, parses the body
 * as JSON (pc_http_json, messages name what). Any other final status
 * returns 0 with *json_out NULL: the caller reads resp->status. Caller
 * frees *json_out with cJSON_Delete() and resp with pc_http_resp_free().
 */
int pc_http_get_json(cJSON **json_out, struct pc_http *http,
    const struct pc_http_req *req, struct pc_http_resp *resp, const char *what);

/* Sets the error slot to "HTTP 403 from graph: <code>: <message>" and
 * returns PC_EAUTH (401), PC_EPERM (403) or PC_EHTTP. */
int pc_http_fail(const struct pc_http_resp *resp, const char *what);

/* The provider's error code and message from a response body, sanitised
 * and short ("InvalidAuthenticationToken: Access token is empty."). */
void pc_http_error_text(char *out, size_t n, const struct pc_http_resp *resp);

/* The provider's machine-readable error code ("Authorization_RequestDenied",
 * "userRateLimitExceeded", "missing_scope", "E0000006"), or "" if none. */
void pc_http_error_code(char *out, size_t n, const struct pc_http_resp *resp);

/* ---- helpers, exposed for tests and for callers ---- */

/* Retry-After as milliseconds from now: delta-seconds or an HTTP date;
 * -1 when value is not valid. Dates in the past give 0. */
long pc_http_retry_after_ms(const char *value, time_t now);

/* Backoff for attempt (0-based): base * 2^attempt capped at cap_ms, with
 * jitter: a value in [d/2, d] chosen by rnd. */
long pc_http_backoff_ms(int attempt, long base_ms, long cap_ms, uint32_t rnd);

/* The target of the first rel="next" link in an RFC 8288 Link header
 * (rel may list several types); *next_out NULL when there is none.
 * Caller frees. */
int pc_http_link_next(char **next_out, const char *link);

/* 1 when url is https with the same host and port as base, else 0. */
int pc_http_same_origin(const char *base, const char *url);

/* Appends key=value to url's query, percent-encoding value; caller frees. */
int pc_http_url_with_param(
    char **url_out, const char *url, const char *key, const char *value);

/*
 * Follows a chain of pages safely: never a next link to another scheme,
 * host or port; never the same next link or token twice (a loop); never
 * more than max_pages pages.
 */
struct pc_pager {
	const char *what;
	char *first_url;
	uint64_t *seen;
	size_t nseen, alloc;
	size_t pages, max_pages;
};

/* Starts a chain at first_url (counts as page 1). */
int pc_pager_init(struct pc_pager *p, const char *what, const char *first_url,
    size_t max_pages);
/* Accepts a next link (absolute URL from the provider) or fails. */
int pc_pager_follow(struct pc_pager *p, const char *next_url);
/* Accepts a next link (pc_pager_follow), then replaces *url (freed; caller
 * frees the new one) with a copy of it. */
int pc_pager_follow_url(struct pc_pager *p, char **url, const char *next_url);
/* Accepts an opaque next-page token / cursor or fails. */
int pc_pager_token(struct pc_pager *p, const char *token);
/* Accepts a token (pc_pager_token), then replaces *url (freed; caller
 * frees the new one) with base plus key=token (pc_http_url_with_param). */
int pc_pager_token_url(struct pc_pager *p, char **url, const char *base,
    const char *key, const char *token);
void pc_pager_free(struct pc_pager *p);

/* Where a provider names the next page (checks/providers/ set one each). */
enum pc_page_kind {
	PC_PAGE_LINK,  /* RFC 8288 Link header, rel="next" (GitHub, Okta) */
	PC_PAGE_URL,   /* an absolute URL in the body (OData nextLink) */
	PC_PAGE_TOKEN, /* an opaque token in the body, sent back as a query
			* parameter of the first URL (Google, Slack) */
};

struct pc_page_style {
	enum pc_page_kind kind;
	const char *object;    /* URL/TOKEN: the member object holding it
			     * ("response_metadata"), NULL = top level */
	const char *member;    /* "@odata.nextLink", "nextPageToken" */
	const char *param;     /* TOKEN: "pageToken", "cursor" */
	const char *json_what; /* name in JSON messages: "graph" */
};

/*
 * The next page after a response (json: its parsed body; may be NULL for
 * PC_PAGE_LINK) under style s, accepted by pager p; base is the first
 * URL (token styles add the token to it). *next_out: a URL the caller
 * frees, or NULL after the last page (an empty token also ends). Parse
 * errors are prefixed "<p->what>: "; pager refusals name p->what.
 */
int pc_page_next(char **next_out, struct pc_pager *p,
    const struct pc_page_style *s, const char *base,
    const struct pc_http_resp *resp, const cJSON *json);

/* A page callback's return value that ends the loop without error. */
#define PC_PAGES_STOP 1

/*
 * The one page loop: GETs url, hands every final response to page()
 * with its page number (1-based) and, when the status is 200, its JSON
 * body (else NULL), then follows style to the next page (pc_page_next)
 * until the last. page() returns 0 to go on, PC_PAGES_STOP to end
 * without error, or an error (its message is its own). Transfer errors
 * are prefixed "<what>: ".
 */
struct pc_pages {
	struct pc_http *http;
	const char *what; /* provider id: "microsoft365" */
	const char *url;  /* the first page */
	const struct pc_page_style *style;
	const char *const *headers; /* extra request headers, or NULL */
	struct pc_http_auth *auth;  /* NULL = the client's */
	size_t max_pages;           /* 0 = 1000 */
	int (*page)(void *arg, const struct pc_http_resp *resp,
	    const cJSON *json, size_t pageno);
	void *arg;
};

int pc_pages_run(const struct pc_pages *pg);

#endif
