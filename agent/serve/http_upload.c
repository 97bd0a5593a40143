/* POST /v1/reports: headers, streamed body into a stage, the answer. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "agent/lib/err.h"
#include "agent/serve/http_int.h"

/* Beyond max_upload_bytes, this much more is read and dropped before the
 * connection is closed without an answer. */
#define DISCARD_SLACK (1u << 20)

/* The client's address as 16 bytes (IPv4 mapped) and as text. */
static void
client_addr(
    struct MHD_Connection *c, unsigned char addr[16], char *text, size_t n)
{
	const union MHD_ConnectionInfo *ci;
	const struct sockaddr *sa;

	memset(addr, 0, 16);
	snprintf(text, n, "?");
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci == NULL || (sa = ci->client_addr) == NULL)
		return;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)sa;

		addr[10] = addr[11] = 0xff;
		memcpy(addr + 12, &in->sin_addr, 4);
		inet_ntop(AF_INET, &in->sin_addr, text, (socklen_t)n);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)sa;

		memcpy(addr, &in6->sin6_addr, 16);
		inet_ntop(AF_INET6, &in6->sin6_addr, text, (socklen_t)n);
	}
}

/* Prints the one log line of an upload: never report contents. */
static void
log_answer(const struct pc_upload_req *u)
{
	const struct pc_intake_answer *a = &u->answer;

	if (a->status == 200 || a->status == 201)
		fprintf(stderr,
		    "portcullis: serve: %d %s office=%s sha256=%.16s chain=%s\n",
		    a->status, u->client, a->office, a->sha256,
		    pc_index_chain_name(a->chain));
	else
		fprintf(stderr, "portcullis: serve: %d %s %s\n", a->status,
		    u->client, a->error);
}

/* Answers now, before the body is read (MHD then closes after it). */
static enum MHD_Result
answer_now(struct MHD_Connection *c, struct pc_upload_req *u, int status,
    const char *msg)
{
	pc_intake_refuse(&u->answer, status, msg);
	u->replied = true;
	log_answer(u);
	return pc_serve_reply_answer(c, &u->answer);
}

/* Starts an upload at its headers. */
enum MHD_Result
pc_serve_upload_begin(
    struct pc_intake *in, struct MHD_Connection *c, void **con_cls)
{
	const char *ctype, *clen;
	unsigned char addr[16];
	struct pc_upload_req *u;
	struct pc_upload_sink sink = pc_store_stage_sink;
	unsigned long long len;
	char msg[160], *end;
	long long max = in->cfg->limits.max_upload_bytes;

	if ((u = calloc(1, sizeof(*u))) == NULL)
		return MHD_NO;
	*con_cls = u;
	client_addr(c, addr, u->client, sizeof(u->client));
	ctype = MHD_lookup_connection_value(
	    c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	if (ctype == NULL || strncasecmp(ctype, "application/x-tar", 17) != 0)
		return answer_now(c, u, 400,
		    "send the report as Content-Type: application/x-tar (report.json, report.json.sig and signer.pub)");
	clen = MHD_lookup_connection_value(
	    c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (clen != NULL) {
		errno = 0;
		len = strtoull(clen, &end, 10);
		if (errno == 0 && *end == '\0' &&
		    len > (unsigned long long)max) {
			snprintf(msg, sizeof(msg),
			    "upload of %llu bytes is over the limit of %lld bytes",
			    len, max);
			return answer_now(c, u, 413, msg);
		}
	}
	if (!pc_ratelimit_take(&in->per_ip, addr, (long long)time(NULL)))
		return answer_now(c, u, 429,
		    "too many uploads from this address; try again in a minute");
	if (pc_store_stage_new(&u->stage, in->store) != 0) {
		fprintf(stderr, "portcullis: serve: %s\n", pc_error_get());
		return answer_now(c, u,
		    pc_error_code() == PC_ELIMIT ? 507 : 500,
		    "the server cannot take uploads now; the report was not stored, send it again later");
	}
	u->staged = true;
	sink.arg = &u->stage;
	pc_upload_tar_init(&u->tar, &sink, (uint64_t)max);
	return MHD_YES;
}

/* Records why the body is refused; the rest of it is dropped. */
static void
refuse_body(struct pc_upload_req *u, int r)
{
	int status = u->stage.full ? 507
	    : r == PC_ELIMIT       ? 413
	    : r == PC_EPARSE       ? 400
				   : 500;

	pc_intake_refuse(&u->answer, status,
	    status == 507
		? "the server's disk is full; the report was not stored, send it again later"
		: status == 500 ? "the server could not write the upload"
				: pc_error_get());
	if (status == 500)
		fprintf(stderr, "portcullis: serve: %s\n", pc_error_get());
	pc_store_stage_discard(&u->stage);
}

/* Takes body bytes, or ends the upload and answers. */
enum MHD_Result
pc_serve_upload_step(struct pc_intake *in, struct MHD_Connection *c,
    struct pc_upload_req *u, const char *data, size_t *size)
{
	uint64_t max = (uint64_t)in->cfg->limits.max_upload_bytes;
	char msg[160];
	int r;

	if (u->replied) { /* MHD drops the rest and closes */
		*size = 0;
		return MHD_YES;
	}
	if (*size > 0) {
		u->received += *size;
		if (u->answer.status == 0 && u->received > max) {
			snprintf(msg, sizeof(msg),
			    "upload is over the limit of %llu bytes",
			    (unsigned long long)max);
			pc_intake_refuse(&u->answer, 413, msg);
			pc_store_stage_discard(&u->stage);
		}
		if (u->answer.status == 0 &&
		    (r = pc_upload_tar_feed(&u->tar, data, *size)) != 0)
			refuse_body(u, r);
		*size = 0;
		/* A refused body is dropped, but not forever. */
		return u->received > max + DISCARD_SLACK ? MHD_NO : MHD_YES;
	}
	if (u->answer.status == 0) {
		if ((r = pc_upload_tar_finish(&u->tar)) != 0)
			refuse_body(u, r);
		else
			pc_intake_accept(
			    &u->answer, in, &u->stage, (long long)time(NULL));
	}
	log_answer(u);
	return pc_serve_reply_answer(c, &u->answer);
}

/* Frees an upload's state. */
void
pc_serve_upload_free(struct pc_upload_req *u)
{
	if (u == NULL)
		return;
	if (u->staged)
		pc_store_stage_discard(&u->stage);
	free(u);
}
