/* The shared HTTPS client for API checks (libcurl): the transfer engine,
 * its retries and caps. Paging is http_pages.c, reading answers
 * http_response.c, retry timing http_backoff.c.
 *
 * long file: 970 lines because the streaming transfer (pc_http_stream)
 * and the broker's socket hooks share this file's private client and job
 * structs; the next split moves them into an internal header so that
 * pc_http_stream can go to http_stream.c (about 680 lines left here). */
#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
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

#define HDR_CAP        (64 * 1024)
#define SYSTEM_CA_PATH "/etc/ssl/certs"

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

static int curl_ready;
static const struct pc_http_broker *broker;

/*
 * Placeholder addresses for pinned hosts: 192.0.2.0/24 is TEST-NET-1 (RFC
 * 5737), never routed; host i is pinned to 192.0.2.(i + 1). libcurl hands
 * the address back to broker_open(), which maps it to the host's name.
 */
#define PIN_NET 0xc0000200u

/* Routes connections through b. */
void
pc_http_set_broker(const struct pc_http_broker *b)
{
	broker = b;
}

/* The CURLOPT_RESOLVE entries pinning every brokered host; NULL if none. */
static int
broker_pins(struct curl_slist **pins_out)
{
	struct curl_slist *list = NULL, *next;
	char entry[300];
	size_t i;

	*pins_out = NULL;
	for (i = 0; broker && i < broker->n && i < PC_HTTP_BROKER_MAX; i++) {
		/* An IPv6 literal is never resolved; it needs no pin. */
		if (broker->hosts[i][0] == '[')
			continue;
		snprintf(entry, sizeof(entry), "%s:%u:192.0.2.%zu",
		    broker->hosts[i], (unsigned)broker->ports[i], i + 1);
		if ((next = curl_slist_append(list, entry)) == NULL) {
			curl_slist_free_all(list);
			return pc_error_set(PC_ENOMEM, "out of memory");
		}
		list = next;
	}
	*pins_out = list;
	return 0;
}

/* CURLOPT_OPENSOCKETFUNCTION: a connected socket from the broker. */
static curl_socket_t
broker_open(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct job *j = arg;
	char addr[INET6_ADDRSTRLEN], host[INET6_ADDRSTRLEN + 2];
	const char *name = host;
	unsigned port = 0;
	uint32_t ip;
	int fd = -1;

	if (purpose != CURLSOCKTYPE_IPCXN || broker == NULL)
		return CURL_SOCKET_BAD;
	host[0] = '\0';
	if (a->family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)&a->addr;

		port = ntohs(sin->sin_port);
		ip = ntohl(sin->sin_addr.s_addr);
		if ((ip & 0xffffff00u) == PIN_NET && (ip & 0xff) >= 1 &&
		    (ip & 0xff) <= broker->n)
			name = broker->hosts[(ip & 0xff) - 1];
		else if (inet_ntop(AF_INET, &sin->sin_addr, addr, sizeof(addr)))
			snprintf(host, sizeof(host), "%s", addr);
	} else if (a->family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const void *)&a->addr;

		port = ntohs(sin6->sin6_port);
		if (inet_ntop(AF_INET6, &sin6->sin6_addr, addr, sizeof(addr)))
			snprintf(host, sizeof(host), "[%s]", addr);
	}
	if (name[0] == '\0' ||
	    broker->connect(broker->arg, name, port, &fd) != 0) {
		j->broker_refused = pc_error_code() == PC_EPERM;
		snprintf(j->broker_err, sizeof(j->broker_err), "%s",
		    name[0] ? pc_error_get()
			    : "an address the broker cannot name");
		return CURL_SOCKET_BAD;
	}
	return fd;
}

/* CURLOPT_SOCKOPTFUNCTION: the broker's sockets arrive connected. */
static int
broker_sockopt(void *arg, curl_socket_t fd, curlsocktype purpose)
{
	(void)arg;
	(void)fd;
	(void)purpose;
	return CURL_SOCKOPT_ALREADY_CONNECTED;
}

/* Monotonic milliseconds. */
static long long
now_ms(void)
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
		v = (uint32_t)now_ms();
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
	if (broker_pins(&h->pins) != 0)
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

/* Clears what one attempt captured, keeping the body cap. */
static void
resp_reset(struct pc_http_resp *resp, size_t cap)
{
	pc_http_resp_free(resp);
	pc_buf_init(&resp->body, cap);
	resp->status = 0;
}

/* The body cap of request q: its own when set and lower, else h's. */
static size_t
req_cap(const struct pc_http *h, const struct pc_http_req *q)
{
	return q->body_cap > 0 && q->body_cap < h->o.body_cap ? q->body_cap
							      : h->o.body_cap;
}

/* curl write callback: body into the capped buffer. */
static size_t
on_body(char *p, size_t size, size_t nmemb, void *arg)
{
	struct job *j = arg;
	size_t n = size * nmemb;

	if (pc_buf_add(&j->resp->body, p, n) != 0) {
		j->over_cap = true;
		return 0;
	}
	return n;
}

/* Sets *slot to a trimmed copy of v (or appends to it for Link). */
static void
set_header(char **slot, const char *v, size_t n, bool append)
{
	char *s;

	while (n > 0 &&
	    (v[n - 1] == '\r' || v[n - 1] == '\n' || v[n - 1] == ' ' ||
		v[n - 1] == '\t'))
		n--;
	while (n > 0 && (*v == ' ' || *v == '\t')) {
		v++;
		n--;
	}
	if (append && *slot != NULL) {
		size_t old = strlen(*slot);

		if ((s = realloc(*slot, old + 2 + n + 1)) == NULL)
			return;
		memcpy(s + old, ", ", 2);
		memcpy(s + old + 2, v, n);
		s[old + 2 + n] = '\0';
		*slot = s;
		return;
	}
	free(*slot);
	*slot = strndup(v, n);
}

/* curl header callback: keeps the few headers the client uses. */
static size_t
on_header(char *p, size_t size, size_t nmemb, void *arg)
{
	static const struct {
		const char *name;
		size_t off;
		bool append;
	} keep[] = {
		{ "content-type:", offsetof(struct pc_http_resp, content_type),
		    false },
		{ "link:", offsetof(struct pc_http_resp, link), true },
		{ "retry-after:", offsetof(struct pc_http_resp, retry_after),
		    false },
		{ "www-authenticate:",
		    offsetof(struct pc_http_resp, www_authenticate), false },
		{ "location:", offsetof(struct pc_http_resp, location), false },
	};
	struct job *j = arg;
	size_t n = size * nmemb, i, l;

	j->hdr_bytes += n;
	if (j->hdr_bytes > HDR_CAP)
		return 0;
	if (n >= 5 && strncmp(p, "HTTP/", 5) == 0) {
		/* A new response (after 1xx): forget earlier headers. */
		size_t cap = j->resp->body.cap;

		resp_reset(j->resp, cap);
		return n;
	}
	for (i = 0; i < sizeof(keep) / sizeof(keep[0]); i++) {
		l = strlen(keep[i].name);
		if (n > l && strncasecmp(p, keep[i].name, l) == 0) {
			set_header((char **)((char *)j->resp + keep[i].off),
			    p + l, n - l, keep[i].append);
			break;
		}
	}
	return n;
}

/* Appends a header line; the list is wiped when freed. */
static int
add_header(struct curl_slist **list, const char *line)
{
	struct curl_slist *n = curl_slist_append(*list, line);

	if (n == NULL)
		return -1;
	*list = n;
	return 0;
}

/* Wipes header values (they may carry a token) and frees the list. */
static void
free_headers(struct curl_slist *list)
{
	struct curl_slist *s;

	for (s = list; s != NULL; s = s->next)
		OPENSSL_cleanse(s->data, strlen(s->data));
	curl_slist_free_all(list);
}

/* Builds the easy handle for one attempt of j. */
static int
job_setup(struct pc_http *h, struct job *j)
{
	const struct pc_http_req *q = j->req;
	struct pc_http_auth *auth = q->auth ? q->auth : h->auth;
	struct pc_buf line;
	CURL *e;
	size_t i;
	int r = 0;

	if ((e = curl_easy_init()) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	j->easy = e;
	j->hdrs = NULL;
	j->errbuf[0] = '\0';
	j->broker_err[0] = '\0';
	j->broker_refused = false;
	j->over_cap = false;
	j->hdr_bytes = 0;
	resp_reset(j->resp, req_cap(h, q));
	j->resp->dialect = h->o.dialect;
	pc_buf_init(&line, 16384);
	/* JSON unless the caller asks for something else (DNS over HTTPS
	 * wants application/dns-message). */
	for (i = 0; q->headers && q->headers[i]; i++)
		if (strncasecmp(q->headers[i], "Accept:", 7) == 0)
			break;
	if (((q->headers == NULL || q->headers[i] == NULL) &&
		add_header(&j->hdrs, "Accept: application/json") != 0) ||
	    add_header(&j->hdrs, "Expect:") != 0)
		goto oom;
	if (q->body && q->content_type) {
		pc_buf_reset(&line);
		if (pc_buf_addf(&line, "Content-Type: %s", q->content_type) ||
		    add_header(&j->hdrs, line.data) != 0)
			goto oom;
	}
	for (i = 0; q->headers && q->headers[i]; i++)
		if (add_header(&j->hdrs, q->headers[i]) != 0)
			goto oom;
	if (!q->no_auth && auth && auth->token) {
		pc_buf_reset(&line);
		if (pc_buf_addf(&line, "Authorization: %s %s", auth->scheme,
			auth->token) != 0 ||
		    add_header(&j->hdrs, line.data) != 0)
			goto oom;
	}
	curl_easy_setopt(e, CURLOPT_URL, q->url);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "https");
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "https");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(e, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	if (h->ca_file) {
		/* The extra CA is added to the system trust, not instead. */
		curl_easy_setopt(e, CURLOPT_CAINFO, h->ca_file);
		curl_easy_setopt(e, CURLOPT_CAPATH, SYSTEM_CA_PATH);
	}
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, h->o.connect_timeout_ms);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, h->o.timeout_ms);
	curl_easy_setopt(
	    e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)req_cap(h, q));
	curl_easy_setopt(e, CURLOPT_USERAGENT, "portcullis/" PC_VERSION);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, j->hdrs);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, j);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, j);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, j->errbuf);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_PRIVATE, j);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	if (broker != NULL) {
		curl_easy_setopt(e, CURLOPT_RESOLVE, h->pins);
		curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, broker_open);
		curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, j);
		curl_easy_setopt(e, CURLOPT_SOCKOPTFUNCTION, broker_sockopt);
	}
	if (q->method && strcmp(q->method, "GET") != 0)
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, q->method);
	if (q->body) {
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, q->body);
		curl_easy_setopt(
		    e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)q->body_len);
	}
	goto out;
oom:
	r = pc_error_set(PC_ENOMEM, "out of memory");
out:
	pc_buf_free(&line);
	return r;
}

/* Releases one attempt's easy handle and headers. */
static void
job_release(struct pc_http *h, struct job *j)
{
	if (j->easy) {
		curl_multi_remove_handle(h->multi, j->easy);
		curl_easy_cleanup(j->easy);
		j->easy = NULL;
	}
	free_headers(j->hdrs);
	j->hdrs = NULL;
	j->running = false;
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
	    req_cap(h, j->req) < h->o.body_cap) {
		job_fail(j, PC_ELIMIT,
		    "%s: the response from %s is larger than the %zu bytes expected; stopped reading it",
		    h->what, host, req_cap(h, j->req));
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
static void
job_after(struct pc_http *h, struct job *j, CURLcode cr, long long now)
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
	struct CURLMsg *msg;
	long long now, soonest;
	int still, left, r, first_err = 0;
	bool ready;
	long wait;

	while (ndone < n) {
		now = now_ms();
		/* Start what may start, round-robin, up to the bound. */
		for (scanned = 0;
		     scanned < n && running < (size_t)h->o.concurrency;
		     scanned++) {
			struct job *j = &jobs[next];

			next = (next + 1) % n;
			if (j->done || j->running || j->not_before > now)
				continue;
			if ((r = job_setup(h, j)) != 0) {
				job_fail(j, r, "%s", pc_error_get());
				job_release(h, j);
				ndone++;
				continue;
			}
			if (curl_multi_add_handle(h->multi, j->easy) !=
			    CURLM_OK) {
				job_fail(j, PC_ENET,
				    "%s: could not start a request", h->what);
				job_release(h, j);
				ndone++;
				continue;
			}
			h->requests++;
			j->running = true;
			running++;
		}
		if (ndone >= n)
			break;
		curl_multi_perform(h->multi, &still);
		while ((msg = curl_multi_info_read(h->multi, &left)) != NULL) {
			struct job *j = NULL;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(
			    msg->easy_handle, CURLINFO_PRIVATE, (char **)&j);
			if (j == NULL)
				continue;
			job_after(h, j, msg->data.result, now_ms());
			job_release(h, j);
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
		now = now_ms();
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
		pc_buf_init(&resps[i].body, req_cap(http, &reqs[i]));
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
static bool
job_start(struct pc_http *h, struct job *j)
{
	int r;

	if (strncasecmp(j->req->url ? j->req->url : "", "https://", 8) != 0) {
		job_fail(
		    j, PC_ENET, "%s: refused a non-HTTPS address", h->what);
		return false;
	}
	if ((r = job_setup(h, j)) != 0) {
		job_fail(j, r, "%s", pc_error_get());
		job_release(h, j);
		return false;
	}
	if (curl_multi_add_handle(h->multi, j->easy) != CURLM_OK) {
		job_fail(j, PC_ENET, "%s: could not start a request", h->what);
		job_release(h, j);
		return false;
	}
	h->requests++;
	j->running = true;
	return true;
}

/* Hands a finished job to the source and frees its slot. */
static int
stream_finish(const struct pc_http_source *src, struct job *j)
{
	int r = src->done(src->arg, j->resp, j->tag);

	memset(j, 0, sizeof(*j));
	return r;
}

/* How long the stream may wait (ms): 0 when a slot can start now (ready:
 * the source may have more; idle: a transfer slot is free), else until the
 * soonest delayed retry, at most 1 s. */
static long
stream_wait(const struct job *slots, size_t nslots, bool ready, bool idle)
{
	long long now = now_ms(), soonest = now + 1000;
	size_t i;

	for (i = 0; i < nslots; i++) {
		if (slots[i].req == NULL || slots[i].running)
			continue;
		if (slots[i].not_before <= now)
			ready = true;
		else if (slots[i].not_before < soonest)
			soonest = slots[i].not_before;
	}
	return ready && idle ? 0 : (long)(soonest - now);
}

/* Sends a source's requests, refilling each slot as it frees. */
int
pc_http_stream(struct pc_http *h, const struct pc_http_source *src)
{
	size_t conc = (size_t)h->o.concurrency, nslots = 2 * conc;
	size_t used = 0, running = 0, i;
	const struct pc_http_req *req;
	struct pc_http_resp *resp;
	struct job *slots, *j;
	struct CURLMsg *msg;
	long long now;
	bool more = true;
	int still, left, r, err = 0;
	void *tag;
	long wait;

	/* Slots beyond the concurrency hold requests waiting to retry. */
	if ((slots = calloc(nslots, sizeof(*slots))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	while (err == 0) {
		now = now_ms();
		/* Due retries first, then new requests from the source. */
		for (i = 0; i < nslots && running < conc && err == 0; i++) {
			j = &slots[i];
			if (j->req == NULL || j->running || j->not_before > now)
				continue;
			if (job_start(h, j)) {
				running++;
			} else {
				used--;
				err = stream_finish(src, j);
				more = true;
			}
		}
		while (err == 0 && more && running < conc && used < nslots) {
			r = src->next(src->arg, &req, &resp, &tag);
			if (r < 0) {
				err = r;
				break;
			}
			if (r == 0) {
				more = false;
				break;
			}
			for (j = slots; j->req != NULL; j++)
				;
			memset(resp, 0, sizeof(*resp));
			pc_buf_init(&resp->body, h->o.body_cap);
			resp->dialect = h->o.dialect;
			j->req = req;
			j->resp = resp;
			j->tag = tag;
			used++;
			if (job_start(h, j)) {
				running++;
			} else {
				used--;
				err = stream_finish(src, j);
			}
		}
		if (err != 0 || (used == 0 && !more))
			break;
		curl_multi_perform(h->multi, &still);
		while ((msg = curl_multi_info_read(h->multi, &left)) != NULL) {
			j = NULL;
			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(
			    msg->easy_handle, CURLINFO_PRIVATE, (char **)&j);
			if (j == NULL)
				continue;
			job_after(h, j, msg->data.result, now_ms());
			job_release(h, j);
			running--;
			if (j->done && err == 0) {
				used--;
				err = stream_finish(src, j);
				more = true;
			}
		}
		if (err != 0)
			break;
		/* Wait for traffic, a due retry, or a free slot to fill. */
		wait = stream_wait(
		    slots, nslots, more && used < nslots, running < conc);
		if (running > 0 || wait > 0)
			curl_multi_poll(h->multi, NULL, 0, (int)wait, NULL);
	}
	/* Stopped: abandon what is still in flight or waiting. */
	for (i = 0; i < nslots; i++)
		if (slots[i].req != NULL)
			job_release(h, &slots[i]);
	free(slots);
	return err;
}

/* Sends one request with retries. */
int
pc_http_request(struct pc_http *http, const struct pc_http_req *req,
    struct pc_http_resp *resp)
{
	return pc_http_request_many(http, req, resp, 1);
}
