/* The HTTPS daemon of `portcullis serve`: routes, token auth, answers. */
#include <arpa/inet.h>
#include <cjson/cJSON.h>
#include <stdarg.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agent/lib/sha256.h"
#include "agent/lib/err.h"
#include "agent/serve/http.h"
#include "agent/serve/http_int.h"
#include "reporter/aggregate.h"
#include "reporter/keyring.h"
#include "reporter/sign.h"

#define MAX_CONNECTIONS 256
#define MAX_PER_IP      64
#define POOL_THREADS    2

struct pc_serve_http {
	struct MHD_Daemon *d;
	struct pc_intake *in;
	char token_sha[65];
};

/* Marks a request that is not an upload in *con_cls. */
static int not_upload;

/* Adds the headers every answer carries. */
static void
common_headers(struct MHD_Response *resp, const char *type)
{
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(
	    resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(
	    resp, "Strict-Transport-Security", "max-age=31536000");
}

/* Queues a body the response takes ownership of (freed by MHD). */
static enum MHD_Result
reply(struct MHD_Connection *c, unsigned status, char *body, size_t len,
    const char *type)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	resp =
	    MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (resp == NULL) {
		free(body);
		return MHD_NO;
	}
	common_headers(resp, type);
	if (status == 429)
		MHD_add_response_header(
		    resp, MHD_HTTP_HEADER_RETRY_AFTER, "60");
	if (status == 401)
		MHD_add_response_header(
		    resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
	ret = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* Queues one JSON object {"error": msg}. */
static enum MHD_Result
reply_error(struct MHD_Connection *c, unsigned status, const char *msg)
{
	struct pc_intake_answer a;

	memset(&a, 0, sizeof(a));
	pc_intake_refuse(&a, (int)status, msg);
	return pc_serve_reply_answer(c, &a);
}

/* Answers with one JSON object for the intake answer. */
enum MHD_Result
pc_serve_reply_answer(
    struct MHD_Connection *c, const struct pc_intake_answer *a)
{
	cJSON *o = cJSON_CreateObject();
	char *text = NULL, *body;
	size_t len;

	if (o == NULL)
		return MHD_NO;
	if (a->status == 200 || a->status == 201) {
		cJSON_AddStringToObject(o, "sha256", a->sha256);
		cJSON_AddStringToObject(o, "office", a->office);
		cJSON_AddStringToObject(
		    o, "chain", pc_index_chain_name(a->chain));
	} else {
		cJSON_AddStringToObject(o, "error", a->error);
	}
	text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (text == NULL)
		return MHD_NO;
	/* MHD frees with free(); cJSON's allocator is malloc, but copy so
	 * the two never depend on each other. */
	len = strlen(text);
	body = malloc(len + 2);
	if (body == NULL) {
		cJSON_free(text);
		return MHD_NO;
	}
	memcpy(body, text, len);
	body[len++] = '\n';
	cJSON_free(text);
	return reply(c, (unsigned)a->status, body, len, "application/json");
}

/* True if the request carries the bearer token (constant time). */
static bool
authorized(const struct pc_serve_http *h, struct MHD_Connection *c)
{
	const char *v = MHD_lookup_connection_value(
	    c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	char sha[65];

	if (v == NULL || strncmp(v, "Bearer ", 7) != 0)
		return false;
	/* Comparing hashes keeps the time independent of the token's
	 * length and of where the first differing byte is. */
	pc_sha256_hex(sha, v + 7, strlen(v + 7));
	return CRYPTO_memcmp(sha, h->token_sha, 64) == 0;
}

/* GET /: the aggregate fleet view of the store as one HTML page. */
static enum MHD_Result
fleet_page(struct pc_serve_http *h, struct MHD_Connection *c)
{
	struct pc_aggregate_opts o = { 0 };
	struct pc_fleet *fleet = NULL;
	char *text = NULL;
	size_t len = 0;

	o.dir = h->in->store->reports;
	o.keyring_path = h->in->cfg->keyring;
	o.now = (long long)time(NULL);
	if (pc_aggregate_scan(&fleet, &o) != 0 ||
	    pc_fleet_html(&text, &len, fleet) != 0) {
		fprintf(stderr, "portcullis: serve: fleet page: %s\n",
		    pc_error_get());
		pc_fleet_free(fleet);
		free(text);
		return reply_error(c, 500, "the fleet view could not be made");
	}
	pc_fleet_free(fleet);
	return reply(c, 200, text, len, "text/html; charset=utf-8");
}

/* GET /v1/offices/<id>/reports: the office's reports as JSON. */
static enum MHD_Result
office_reports(
    struct pc_serve_http *h, struct MHD_Connection *c, const char *url)
{
	const char *id = url + strlen("/v1/offices/"), *slash;
	char office[65];
	struct pc_buf b;
	int r;

	slash = strchr(id, '/');
	if (slash == NULL || strcmp(slash, "/reports") != 0 ||
	    (size_t)(slash - id) >= sizeof(office))
		return reply_error(c, 404, "no such page");
	memcpy(office, id, (size_t)(slash - id));
	office[slash - id] = '\0';
	if (!pc_keyring_office_id_ok(office))
		return reply_error(c, 404, "no such office");
	pc_buf_init(&b, 64u << 20);
	r = pc_buf_addf(&b, "{\"office\":\"%s\",\"reports\":", office);
	pthread_mutex_lock(&h->in->lock);
	if (r == 0)
		r = pc_index_list_json(&b, h->in->index, office);
	pthread_mutex_unlock(&h->in->lock);
	if (r == 0)
		r = pc_buf_adds(&b, "}\n");
	if (r != 0) {
		pc_buf_free(&b);
		return reply_error(c, 500, "the report list could not be made");
	}
	{
		size_t len = 0;
		char *body = pc_buf_take(&b, &len);

		return reply(c, 200, body, len, "application/json");
	}
}

/* Routes a request. */
static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *data, size_t *size,
    void **con_cls)
{
	struct pc_serve_http *h = cls;

	if (*con_cls != NULL && *con_cls != &not_upload)
		return pc_serve_upload_step(h->in, c, *con_cls, data, size);
	if (strcmp(url, "/v1/reports") == 0) {
		if (strcmp(method, "POST") != 0)
			return reply_error(c, 405, "use POST");
		return pc_serve_upload_begin(h->in, c, con_cls);
	}
	if (*con_cls == NULL && strcmp(method, "GET") != 0) {
		/* Wait for the (ignored) body before answering. */
		*con_cls = &not_upload;
		return MHD_YES;
	}
	if (*size > 0) {
		*size = 0;
		return MHD_YES;
	}
	if (strcmp(method, "GET") != 0)
		return reply_error(c, 405, "use GET");
	if (strcmp(url, "/") != 0 && strncmp(url, "/v1/offices/", 12) != 0)
		return reply_error(c, 404, "no such page");
	if (!authorized(h, c))
		return reply_error(c, 401,
		    "send Authorization: Bearer <token> (the token in auth.token_file)");
	return strcmp(url, "/") == 0 ? fleet_page(h, c)
				     : office_reports(h, c, url);
}

/* Frees a request's state when MHD is done with it (also on abort). */
static void
on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	if (*con_cls != NULL && *con_cls != &not_upload)
		pc_serve_upload_free(*con_cls);
	*con_cls = NULL;
}

/* Logs libmicrohttpd's own errors on one line each. */
static void
on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];
	size_t n;

	vsnprintf(line, sizeof(line), fmt, ap);
	n = strlen(line);
	while (n > 0 && line[n - 1] == '\n')
		line[--n] = '\0';
	fprintf(stderr, "portcullis: serve: libmicrohttpd: %s\n", line);
}

/* Starts the daemon. */
int
pc_serve_http_start(struct pc_serve_http **h_out, struct pc_intake *in,
    const char *cert_pem, const char *key_pem, const char *token,
    size_t token_len)
{
	const struct pc_serve_config *cfg = in->cfg;
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
	struct sockaddr *sa;
	struct pc_serve_http *h;
	unsigned flags = MHD_USE_TLS | MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_EPOLL | MHD_USE_ERROR_LOG;

	*h_out = NULL;
	if ((h = calloc(1, sizeof(*h))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	h->in = in;
	pc_sha256_hex(h->token_sha, token, token_len);
	memset(&sin, 0, sizeof(sin));
	memset(&sin6, 0, sizeof(sin6));
	if (cfg->ipv6) {
		sin6.sin6_family = AF_INET6;
		sin6.sin6_port = htons((uint16_t)cfg->port);
		inet_pton(AF_INET6, cfg->host, &sin6.sin6_addr);
		sa = (struct sockaddr *)&sin6;
		flags |= MHD_USE_IPv6;
	} else {
		sin.sin_family = AF_INET;
		sin.sin_port = htons((uint16_t)cfg->port);
		inet_pton(AF_INET, cfg->host, &sin.sin_addr);
		sa = (struct sockaddr *)&sin;
	}
	h->d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, h,
	    MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL, MHD_OPTION_SOCK_ADDR,
	    sa, MHD_OPTION_HTTPS_MEM_CERT, cert_pem, MHD_OPTION_HTTPS_MEM_KEY,
	    key_pem, MHD_OPTION_HTTPS_PRIORITIES,
	    "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2",
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->limits.conn_timeout_s,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)MAX_CONNECTIONS,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)MAX_PER_IP,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)POOL_THREADS,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_END);
	if (h->d == NULL) {
		free(h);
		return pc_error_set(PC_EIO,
		    "cannot listen on %s with TLS: is the address in use, or are %s and %s not a matching PEM certificate and key?",
		    cfg->listen, cfg->tls.cert_file, cfg->tls.key_file);
	}
	*h_out = h;
	return 0;
}

/* The bound port. */
unsigned
pc_serve_http_port(const struct pc_serve_http *h)
{
	const union MHD_DaemonInfo *i =
	    MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);

	return i ? i->port : 0;
}

/* Stops the daemon. */
void
pc_serve_http_stop(struct pc_serve_http *h)
{
	if (h == NULL)
		return;
	MHD_stop_daemon(h->d);
	OPENSSL_cleanse(h->token_sha, sizeof(h->token_sha));
	free(h);
}
