/* Accepting one uploaded report: verify, dedupe, limit, chain, store, index. */
#ifndef PC_SERVE_INTAKE_H
#define PC_SERVE_INTAKE_H

#include <pthread.h>

#include "agent/serve/config.h"
#include "agent/serve/index.h"
#include "agent/serve/ratelimit.h"
#include "agent/serve/store.h"

/* What the server shares between connections. */
struct pc_intake {
	const struct pc_serve_config *cfg;
	struct pc_store *store;
	struct pc_index *index;
	pthread_mutex_t lock; /* around every index use and store commit */
	struct pc_ratelimit per_ip;
};

/* The answer to one upload: HTTP status and the JSON fields. */
struct pc_intake_answer {
	int status;      /* 201, 200, 400, 403, 413, 429, 500, 507 */
	char sha256[65]; /* set for 200 and 201 */
	char office[65];
	char folder[64]; /* where it is stored, under the office */
	enum pc_index_chain chain;
	char error[512]; /* set for the others */
};

/* Opens the store and index named by cfg (rebuilding an index that does
 * not match the files). Caller frees with pc_intake_close(). */
int pc_intake_open(struct pc_intake *in, const struct pc_serve_config *cfg);
void pc_intake_close(struct pc_intake *in);

/*
 * Decides on a fully received stage (its three files written), in order:
 * syncs it; 200 when the same three files are already stored (they were
 * verified then); pc_verify_report under the keyring (400 for schema and
 * consistency, 403 for signature, key and keyring); 200 when the same
 * report.json is stored; 429 when the office is over its daily limit;
 * then chains it against the office's head and stores it (201; chain
 * "broken" when previous_report_sha256 is not the head's hash, and then
 * it is kept aside and never becomes the head). 507 when the disk is
 * full; the stage is removed whenever it is not stored.
 */
void pc_intake_accept(struct pc_intake_answer *a, struct pc_intake *in,
    struct pc_store_stage *st, long long now);

/* Fills an error answer. */
void pc_intake_refuse(struct pc_intake_answer *a, int status, const char *msg);

#endif
