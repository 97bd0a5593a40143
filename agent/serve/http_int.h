/* Shared between http.c (daemon, routes) and http_upload.c (POST body). */
#ifndef PC_SERVE_HTTP_INT_H
#define PC_SERVE_HTTP_INT_H

#include <microhttpd.h>
#include <stdbool.h>
#include <stdint.h>

#include "agent/serve/intake.h"
#include "agent/upload_tar.h"

/* State of one upload request, from its headers to its answer. */
struct pc_upload_req {
	struct pc_upload_tar tar;
	struct pc_store_stage stage;
	bool staged;
	uint64_t received;
	struct pc_intake_answer answer; /* status 0 until decided */
	char client[64];                /* address, for the log line */
	bool replied;                   /* answered at its headers */
};

/* Answers with one JSON object for the intake answer. */
enum MHD_Result pc_serve_reply_answer(
    struct MHD_Connection *c, const struct pc_intake_answer *a);

/* Starts an upload at its headers; may answer at once (413, 429, 400). */
enum MHD_Result pc_serve_upload_begin(
    struct pc_intake *in, struct MHD_Connection *c, void **con_cls);

/* Takes body bytes, or (size 0) ends the upload and answers. */
enum MHD_Result pc_serve_upload_step(struct pc_intake *in,
    struct MHD_Connection *c, struct pc_upload_req *u, const char *data,
    size_t *size);

/* Frees an upload's state, removing a stage it did not store. */
void pc_serve_upload_free(struct pc_upload_req *u);

#endif
