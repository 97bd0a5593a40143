/* One attempt of a request: its libcurl easy handle (TLS 1.2+, https
 * only, no redirects, caps, the system trust plus tls.ca_file), its
 * headers (wiped when freed: they carry the token) and the capture of the
 * body and the few response headers the client uses. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <openssl/crypto.h>

#include "agent/lib/err.h"
#include "agent/lib/http.h"
#include "agent/lib/http_private.h"

#define HDR_CAP        (64 * 1024)
#define SYSTEM_CA_PATH "/etc/ssl/certs"

/* Clears what one attempt captured, keeping the body cap. */
static void
resp_reset(struct pc_http_resp *resp, size_t cap)
{
	pc_http_resp_free(resp);
	pc_buf_init(&resp->body, cap);
	resp->status = 0;
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
int
pc_http_job_setup(struct pc_http *h, struct job *j)
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
	resp_reset(j->resp, pc_http_req_cap(h, q));
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
	    e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)pc_http_req_cap(h, q));
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
	pc_http_broker_attach(h, j);
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
void
pc_http_job_release(struct pc_http *h, struct job *j)
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
