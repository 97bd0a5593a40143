/* The child side of a check run: the context and its line protocol. */
#ifndef PC_CHECK_CTX_H
#define PC_CHECK_CTX_H

#include "check.h"

/*
 * The child writes one JSON object per line to fd (an AF_UNIX stream
 * socketpair with the parent; the parent's replies come back on it):
 *   {"t":"sandbox", ...what was applied...}
 *   {"t":"finding","rule":..,"subject":..,"title":..,"evidence":..,
 *    "remediation":..,"owner":..,"where":..}  (subject, title, evidence
 *    masked by pc_locator_masker; where: the unmasked subject, when it
 *    differs, for the office's checklist only)
 *   {"t":"count","scope":..,"text":..}
 *   {"t":"incomplete","reason":..}
 *   {"t":"progress","text":..}
 *   {"t":"hosts","hosts":[..]}  (once, from a part with hosts_for)
 *   {"t":"done","ok":true} or {"t":"done","ok":false,"reason":..}
 * The parent treats every line as untrusted and enforces the order in a
 * table (runner_proto.c): sandbox first and once, or a lone done with
 * ok:false when the sandbox could not be applied; done last; any other
 * order or type makes the check an error.
 */
#define PC_PROTO_MAX_LINE 16384

struct pc_check_secret {
	const char *path;
	struct pc_buf bytes;
};

struct pc_check_ctx {
	const struct check *check;
	const struct pc_config *config;
	const struct pc_policy *policy;
	const struct pc_policy_check *policy_check;
	struct pc_check_secret *secrets;
	size_t nsecrets;
	long long now;
	int fd;
	void *masker; /* pc_locator_masker's, made at the first use */
	/* hosts another part learned for this one (runner.c) */
	const char *const *learned_hosts;
	size_t nlearned_hosts;
	bool hosts_learned;
};

/* Masks personal data in text for the parent (see pc_locator_masker) into
 * out (cap bytes); 0, or an error and out is not to be sent. */
int pc_check_ctx_mask(
    struct pc_check_ctx *ctx, const char *in, char *out, size_t cap);

/* Writes one protocol object (consumes obj); used by the runner too. */
struct cJSON;
int pc_check_ctx_send(struct pc_check_ctx *ctx, struct cJSON *obj);

#endif
