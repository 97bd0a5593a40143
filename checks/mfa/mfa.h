/* The mfa check's internal model: one account's 2FA state, per provider. */
#ifndef PC_MFA_H
#define PC_MFA_H

#include <stdbool.h>
#include <stddef.h>

#include "agent/check.h"
#include "agent/config.h"
#include "agent/lib/http.h"
#include "checks/providers/provider.h"

enum mfa_state {
	MFA_STRONG,  /* an active strong second factor */
	MFA_NONE,    /* no second factor (M365's email alone counts as none) */
	MFA_WEAK,    /* only SMS / voice call (/ Okta e-mail) second factors */
	MFA_UNKNOWN, /* the provider would not say */
};

/* One account as a provider reports it. Strings are borrowed. */
struct mfa_account {
	const char *account; /* UPN, e-mail or login */
	bool admin;
	enum mfa_state state;
	const char *methods;     /* "fido2, push"; NULL when not known */
	const char *unknown_why; /* for MFA_UNKNOWN */
};

/* Where accounts go: the check context, or a test's sink. */
struct mfa_provider {
	struct pc_check_ctx *ctx;
	const struct pc_config *cfg;
	const char *id;    /* provider key in config and staff accounts */
	const char *label; /* "Microsoft 365" */
	int (*sink)(void *arg, const struct mfa_account *a);
	void *sink_arg;
	size_t examined, none, weak, unknown, unmatched, admins, excluded;
	size_t requests;
	int concurrency; /* per-user fan-out; 0 = 16 */
};

/* Records one account: tallies it and emits the findings it earns. */
int pc_mfa_account(struct mfa_provider *p, const struct mfa_account *a);

/* Emits not_enforced (enforced == 0) or status_unknown (enforced < 0) for
 * the organisation subject, with evidence. */
int pc_mfa_enforcement(struct mfa_provider *p, const char *subject,
    int enforced, const char *evidence);

/* Where provider p's session runs: its check context (or none in tests),
 * tls.ca_file and the per-user fan-out. */
struct pc_provider_env pc_mfa_env(const struct mfa_provider *p);

/*
 * One provider's 2FA mapping: the session it reads through, run (which
 * examines every account and reports; 0 or an error with pc_error_set
 * detail that names the provider and the cause) and probe (config
 * check: sign in and one small read per permission, each step a count
 * line; see probe.c). Each checks/mfa/<provider>.c defines one,
 * pc_mfa_<provider>_source, listed once in mfa.c's pc_mfa_sources.
 */
struct pc_mfa_source {
	const struct pc_provider *provider;
	int (*run)(struct mfa_provider *p, const struct pc_config *cfg);
	int (*probe)(struct pc_check_ctx *ctx, const struct pc_config *cfg);
};

/* Every provider the check reads, in order; NULL-terminated (mfa.c). */
extern const struct pc_mfa_source *const pc_mfa_sources[];

/* The check's probe for config check (checks/mfa/probe.c). */
int pc_mfa_probe(struct pc_check_ctx *ctx);

/* Records one probe step as an "ok: " or "failed: " count line; returns
 * r (probe.c). */
int pc_mfa_probe_step(struct pc_check_ctx *ctx, const char *id,
    const char *what, const char *permission, int r);

int pc_mfa_graph(struct mfa_provider *p, const struct pc_config *cfg);
int pc_mfa_google(struct mfa_provider *p, const struct pc_config *cfg);
int pc_mfa_github(struct mfa_provider *p, const struct pc_config *cfg);
int pc_mfa_slack(struct mfa_provider *p, const struct pc_config *cfg);
int pc_mfa_okta(struct mfa_provider *p, const struct pc_config *cfg);

/* The existing providers' probes (probe.c). */
int pc_mfa_probe_graph(struct pc_check_ctx *ctx, const struct pc_config *cfg);
int pc_mfa_probe_google(struct pc_check_ctx *ctx, const struct pc_config *cfg);
int pc_mfa_probe_github(struct pc_check_ctx *ctx, const struct pc_config *cfg);
int pc_mfa_probe_slack(struct pc_check_ctx *ctx, const struct pc_config *cfg);
int pc_mfa_probe_okta(struct pc_check_ctx *ctx, const struct pc_config *cfg);

/* Page parsers (exposed for tests over recorded responses). Each reads one
 * page and reports its accounts to p. */
int pc_mfa_graph_regdetails_page(struct mfa_provider *p, const cJSON *page);
int pc_mfa_graph_methods(
    enum mfa_state *state_out, char *methods, size_t n, const cJSON *page);
int pc_mfa_google_users_page(
    struct mfa_provider *p, const cJSON *page, size_t *not_enforced);
int pc_mfa_slack_members_page(struct mfa_provider *p, const cJSON *page);
int pc_mfa_okta_factors(
    enum mfa_state *state_out, char *methods, size_t n, const cJSON *factors);
int pc_mfa_graph_ca_enforced(const cJSON *page);

#endif
