/* The shared HTTPS client for API checks (libcurl): the client, and the
 * transfer engine that drives requests through the multi handle with
 * retries, a retry budget and concurrency. One attempt's handle is
 * http_easy.c, the broker's socket hooks http_broker.c, the streaming
 * transfer http_stream.c, paging http_pages.c, reading answers
 * http_response.c, retry timing http_backoff.c; http_private.h holds
 * what they share. */
#include <stdarg.h>
#include <stddef.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "agent/lib/err.h"
#include "agent/lib/http.h"
#include "agent/lib/http_private.h"

static int curl_ready;

/* Monotonic milliseconds. */
long long
pc_http_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A random 32-bit value for jitter. */
static uint32_t
jitter_rand(void)
{
	uint32_t v = 0;

	if (RAND_bytes((unsigned char *)&v, sizeof(v)) != 1)
		v = (uint32_t)pc_http_now_ms();
	return v;
}

/* Creates a client. */
int
pc_http_new(struct pc_http **http_out, const struct pc_http_opts *opts)
{
	struct pc_http *h;

	*http_out = NULL;
	if (!curl_ready) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			return pc_error_set(PC_ENET, "libcurl could not start");
		curl_ready = 1;
	}
	if ((h = calloc(1, sizeof(*h))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	h->o = *opts;
	snprintf(
	    h->what, sizeof(h->what), "%s", opts->what ? opts->what : "https");
	h->o.what = h->what;
	if (!h->o.connect_timeout_ms)
		h->o.connect_timeout_ms = 10000;
	if (!h->o.timeout_ms)
		h->o.timeout_ms = 60000;
	if (!h->o.body_cap)
		h->o.body_cap = PC_HTTP_BODY_CAP;
	if (h->o.max_attempts <= 0)
		h->o.max_attempts = 5;
	if (h->o.retry_budget <= 0)
		h->o.retry_budget = 100;
	if (h->o.retry_after_cap_ms <= 0)
		h->o.retry_after_cap_ms = 60000;
	if (h->o.backoff_base_ms <= 0)
		h->o.backoff_base_ms = 250;
	if (h->o.concurrency <= 0)
		h->o.concurrency = 8;
	if (opts->ca_file && (h->ca_file = strdup(opts->ca_file)) == NULL)
		goto oom;
	h->o.ca_file = h->ca_file;
	if (pc_http_broker_pins(&h->pins) != 0)
		goto oom;
	if ((h->multi = curl_multi_init()) == NULL)
		goto oom;
	curl_multi_setopt(
	    h->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)h->o.concurrency);
	curl_multi_setopt(
	    h->multi, CURLMOPT_MAXCONNECTS, (long)h->o.concurrency * 2);
	*http_out = h;
	return 0;
oom:
	pc_http_free(h);
	return pc_error_set(PC_ENOMEM, "out of memory");
}

/* Frees a client. */
void
pc_http_free(struct pc_http *http)
{
	if (http == NULL)
		return;
	if (http->multi)
		curl_multi_cleanup(http->multi);
	curl_slist_free_all(http->pins);
	free(http->ca_file);
	free(http);
}

/* Sets the client's authorization. */
void
pc_http_set_auth(struct pc_http *http, struct pc_http_auth *auth)
{
	http->auth = auth;
}

/* Requests sent so far. */
size_t
pc_http_requests(const struct pc_http *http)
{
	return http->requests;
}

/* Retries used so far. */
int
pc_http_retries(const struct pc_http *http)
{
	return http->retries;
}

/* Frees a response. */
void
pc_http_resp_free(struct pc_http_resp *resp)
{
	if (resp == NULL)
		return;
	pc_buf_free(&resp->body);
	free(resp->content_type);
	free(resp->link);
	free(resp->retry_after);
	free(resp->www_authenticate);
	free(resp->location);
	resp->content_type = resp->link = resp->retry_after = NULL;
	resp->www_authenticate = resp->location = NULL;
}

/* Records a final failure on j. */
static void job_fail(struct job *j, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void
job_fail(struct job *j, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(j->resp->errmsg, sizeof(j->resp->errmsg), fmt, ap);
	va_end(ap);
	j->resp->err = err;
	j->done = true;
}

/* Host part of a URL for messages (never path or query). */
static void
host_of(char *out, size_t n, const char *url)
{
	const char *h = strstr(url, "://");
	size_t len;

	h = h ? h + 3 : url;
	len = strcspn(h, "/?#@");
	if (h[len] == '@') { /* userinfo: skip it */
		h += len + 1;
		len = strcspn(h, "/?#");
	}
	snprintf(out, n, "%.*s", (int)(len < 200 ? len : 200), h);
}

/* True when the provider's dialect says a response means "slow down". */
static bool
dialect_throttled(const struct pc_http *h, const struct pc_http_resp *r)
{
	return h->o.dialect && h->o.dialect->throttled &&
	    h->o.dialect->throttled(r);
}

/* True when a 401 says the token is invalid or expired. */
static bool
token_invalid(const struct pc_http_resp *r)
{
	return r->status == 401 && r->www_authenticate &&
	    strstr(r->www_authenticate, "invalid_token") != NULL;
}

/* Classifies an attempt's curl result: true when j failed for good
 * (job_fail called); *retry when it may be tried again, why saying why. */
static bool
transfer_failed(struct pc_http *h, struct job *j, CURLcode cr, const char *host,
    char *why, size_t nwhy, bool *retry)
{
	if ((j->over_cap || cr == CURLE_FILESIZE_EXCEEDED) &&
	    pc_http_req_cap(h, j->req) < h->o.body_cap) {
		job_fail(j, PC_ELIMIT,
		    "%s: the response from %s is larger than the %zu bytes expected; stopped reading it",
		    h->what, host, pc_http_req_cap(h, j->req));
		return true;
	}
	if (j->over_cap || cr == CURLE_FILESIZE_EXCEEDED) {
		job_fail(j, PC_ELIMIT,
		    "%s: the response from %s is larger than the %zu MiB limit; stopped reading it",
		    h->what, host, h->o.body_cap >> 20);
		return true;
	}
	if (cr != CURLE_OK && j->broker_refused) {
		job_fail(j, PC_EPERM, "%s: %s", h->what, j->broker_err);
		return true;
	}
	switch (cr) {
	case CURLE_OK: break;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
		job_fail(j, PC_ENET,
		    "%s: TLS failure talking to %s (%s); check the address and that its certificate is trusted (tls.ca_file)",
		    h->what, host,
		    j->errbuf[0] ? j->errbuf : curl_easy_strerror(cr));
		return true;
	case CURLE_UNSUPPORTED_PROTOCOL:
		job_fail(j, PC_ENET, "%s: refused a non-HTTPS address for %s",
		    h->what, host);
		return true;
	case CURLE_COULDNT_RESOLVE_HOST:
		job_fail(j, PC_ENET, "%s: cannot resolve the host name %s",
		    h->what, host);
		return true;
	case CURLE_WRITE_ERROR:
	case CURLE_OUT_OF_MEMORY:
		job_fail(j, PC_ENET,
		    "%s: reading the response from %s failed (%s)", h->what,
		    host, curl_easy_strerror(cr));
		return true;
	default:
		/* Timeouts, refused or reset connections, cut-off bodies. */
		snprintf(why, nwhy, "%s",
		    cr == CURLE_PARTIAL_FILE
			? "the response was cut off before its end"
			: cr == CURLE_OPERATION_TIMEDOUT
			? "the request timed out"
			: j->broker_err[0] ? j->broker_err
			: j->errbuf[0]     ? j->errbuf
					   : curl_easy_strerror(cr));
		*retry = true;
		break;
	}
	return false;
}

/* Decides what happens after an attempt finished with result cr. */
void
pc_http_job_after(struct pc_http *h, struct job *j, CURLcode cr, long long now)
{
	struct pc_http_resp *resp = j->resp;
	struct pc_http_auth *auth = j->req->auth ? j->req->auth : h->auth;
	char host[256], why[200];
	bool retry = false;
	long delay;

	host_of(host, sizeof(host), j->req->url);
	resp->attempts++;
	curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &resp->status);
	if (transfer_failed(h, j, cr, host, why, sizeof(why), &retry))
		return;
	if (!retry && resp->status >= 300 && resp->status < 400 &&
	    !j->req->redirect_final) {
		job_fail(j, PC_EHTTP,
		    "%s: %s answered HTTP %ld, a redirect; redirects are refused (check the configured URL)",
		    h->what, host, resp->status);
		return;
	}
	if (!retry && token_invalid(resp) && auth && auth->refresh &&
	    !j->refreshed && auth->refreshes < 3) {
		j->refreshed = true;
		auth->refreshes++;
		if (auth->refresh(auth->arg, auth) != 0) {
			job_fail(j,
			    pc_error_code() ? pc_error_code() : PC_EAUTH, "%s",
			    pc_error_get());
			return;
		}
		j->not_before = now;
		return;
	}
	if (!retry) {
		if (resp->status == 429 || resp->status == 500 ||
		    resp->status == 502 || resp->status == 503 ||
		    resp->status == 504 || dialect_throttled(h, resp)) {
			char text[160];

			pc_http_error_text(text, sizeof(text), resp);
			snprintf(why, sizeof(why), "HTTP %ld%s%s", resp->status,
			    text[0] ? ": " : "", text);
			retry = true;
		}
	}
	if (!retry) {
		j->done = true;
		return;
	}
	if (resp->attempts >= h->o.max_attempts) {
		job_fail(j,
		    resp->status == 429 || dialect_throttled(h, resp) ? PC_EHTTP
								      : PC_ENET,
		    "%s: gave up on %s after %d attempts (%s)%s", h->what, host,
		    resp->attempts, why,
		    resp->status == 429 || dialect_throttled(h, resp)
			? "; the provider is throttling, try again later"
			: "");
		return;
	}
	if (pc_http_take_retry(
		h, resp->retry_after, resp->attempts - 1, &delay) != 0) {
		job_fail(j, PC_EHTTP,
		    "%s: throttled or failing past the retry budget (%d retries) on %s (%s); try again later",
		    h->what, h->o.retry_budget, host, why);
		return;
	}
	j->not_before = now + delay;
}

/* Takes one retry from the budget and says how long to wait. */
int
pc_http_take_retry(struct pc_http *http, const char *retry_after, int attempt,
    long *delay_ms_out)
{
	long d = -1;

	if (http->retries >= http->o.retry_budget)
		return PC_ELIMIT;
	http->retries++;
	if (retry_after)
		d = pc_http_retry_after_ms(retry_after, time(NULL));
	if (d < 0)
		d = pc_http_backoff_ms(attempt, http->o.backoff_base_ms,
		    http->o.retry_after_cap_ms, jitter_rand());
	if (d > http->o.retry_after_cap_ms)
		d = http->o.retry_after_cap_ms;
	if (delay_ms_out)
		*delay_ms_out = d;
	return 0;
}

/* Runs jobs through the multi handle until all are done. */
static int
run_jobs(struct pc_http *h, struct job *jobs, size_t n)
{
	size_t ndone = 0, running = 0, next = 0, i, scanned;
	long long now, soonest;
	int still, first_err = 0;
	struct job *j;
	bool ready;
	long wait;

	while (ndone < n) {
		now = pc_http_now_ms();
		/* Start what may start, round-robin, up to the bound. */
		for (scanned = 0;
		     scanned < n && running < (size_t)h->o.concurrency;
		     scanned++) {
			j = &jobs[next];
			next = (next + 1) % n;
			if (j->done || j->running || j->not_before > now)
				continue;
			if (pc_http_job_start(h, j))
				running++;
			else
				ndone++;
		}
		if (ndone >= n)
			break;
		curl_multi_perform(h->multi, &still);
		while ((j = pc_http_job_finished(h)) != NULL) {
			running--;
			if (j->done)
				ndone++;
		}
		if (ndone >= n)
			break;
		/* Wait for traffic, or until the next delayed retry. A job
		 * held back only by the concurrency bound is no reason to
		 * wake: a finishing transfer frees its slot (waking for it
		 * made this loop spin on poll at full CPU). */
		now = pc_http_now_ms();
		soonest = now + 1000;
		ready = false;
		for (i = 0; i < n; i++) {
			if (jobs[i].done || jobs[i].running)
				continue;
			if (jobs[i].not_before <= now)
				ready = true;
			else if (jobs[i].not_before < soonest)
				soonest = jobs[i].not_before;
		}
		wait = ready && running < (size_t)h->o.concurrency
		    ? 0
		    : (long)(soonest - now);
		if (running > 0 || wait > 0)
			curl_multi_poll(h->multi, NULL, 0,
			    (int)(running > 0 && wait > 1000 ? 1000 : wait),
			    NULL);
	}
	for (i = 0; i < n; i++)
		if (jobs[i].resp->err != 0 && first_err == 0) {
			first_err = jobs[i].resp->err;
			pc_error_set(first_err, "%s", jobs[i].resp->errmsg);
		}
	return first_err;
}

/* The next attempt that finished, settled and released; NULL if none. */
struct job *
pc_http_job_finished(struct pc_http *h)
{
	struct CURLMsg *msg;
	struct job *j;
	int left;

	while ((msg = curl_multi_info_read(h->multi, &left)) != NULL) {
		j = NULL;
		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(
		    msg->easy_handle, CURLINFO_PRIVATE, (char **)&j);
		if (j == NULL)
			continue;
		pc_http_job_after(h, j, msg->data.result, pc_http_now_ms());
		pc_http_job_release(h, j);
		return j;
	}
	return NULL;
}

/* Sends n requests concurrently with retries. */
int
pc_http_request_many(struct pc_http *http, const struct pc_http_req *reqs,
    struct pc_http_resp *resps, size_t n)
{
	struct job *jobs;
	size_t i;
	int r;

	for (i = 0; i < n; i++) {
		memset(&resps[i], 0, sizeof(resps[i]));
		pc_buf_init(&resps[i].body, pc_http_req_cap(http, &reqs[i]));
		resps[i].dialect = http->o.dialect;
	}
	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (reqs[i].url == NULL ||
		    strncasecmp(reqs[i].url, "https://", 8) != 0) {
			snprintf(resps[i].errmsg, sizeof(resps[i].errmsg),
			    "%s: refused a non-HTTPS address", http->what);
			resps[i].err = PC_ENET;
			return pc_error_set(PC_ENET, "%s", resps[i].errmsg);
		}
	if ((jobs = calloc(n, sizeof(*jobs))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		jobs[i].req = &reqs[i];
		jobs[i].resp = &resps[i];
	}
	r = run_jobs(http, jobs, n);
	free(jobs);
	return r;
}

/* Starts an attempt of j; false (and j failed) when it cannot. */
bool
pc_http_job_start(struct pc_http *h, struct job *j)
{
	int r;

	if (strncasecmp(j->req->url ? j->req->url : "", "https://", 8) != 0) {
		job_fail(
		    j, PC_ENET, "%s: refused a non-HTTPS address", h->what);
		return false;
	}
	if ((r = pc_http_job_setup(h, j)) != 0) {
		job_fail(j, r, "%s", pc_error_get());
		pc_http_job_release(h, j);
		return false;
	}
	if (curl_multi_add_handle(h->multi, j->easy) != CURLM_OK) {
		job_fail(j, PC_ENET, "%s: could not start a request", h->what);
		pc_http_job_release(h, j);
		return false;
	}
	h->requests++;
	j->running = true;
	return true;
}

/* Sends one request with retries. */
int
pc_http_request(struct pc_http *http, const struct pc_http_req *req,
    struct pc_http_resp *resp)
{
	return pc_http_request_many(http, req, resp, 1);
}
