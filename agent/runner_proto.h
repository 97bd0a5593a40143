/* The parent's side of the child protocol (see check_ctx.h for the lines). */
#ifndef PC_RUNNER_PROTO_H
#define PC_RUNNER_PROTO_H

#include "runner_job.h"

struct cJSON;

/*
 * Answers a child on its channel chan with one line (consumes obj),
 * passing fd with it (SCM_RIGHTS) when fd >= 0; the caller still owns and
 * closes fd. For table entries flagged MSG_REPLY.
 */
int pc_proto_reply(int chan, struct cJSON *obj, int fd);

#endif
