/* The mfa check's internal model: one account's 2FA state, per provider. */
#ifndef PC_MFA_H
#define PC_MFA_H

#include <stdbool.h>
#include <stddef.h>

#include "agent/check.h"
#include "agent/config.h"
#include "agent/lib/http.h"

enum mfa_state {
	MFA_STRONG,  /* an active strong second factor */
	MFA_NONE,    /* no second factor (email alone counts as none) */
	MFA_WEAK,    /* only SMS / voice call second factors */
	MFA_UNKNOWN, /* the provider would not say */
};

/* One account as a provider reports it. Strings are borrowed. */
struct mfa_account {
	const char *account; /* UPN, e-mail or login */
	bool admin;
	enum mfa_state state;
	const char *methods;	 /* "fido2, push"; NULL when not known */
	const char *unknown_why; /* for MFA_UNKNOWN */
};

/* Where accounts go: the check context, or a test's sink. */
struct mfa_provider {
	struct pc_check_ctx *ctx;
	const struct pc_config *cfg;
	const char *id;	   /* provider key in config and staff accounts */
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

/* A new HTTP client for provider p named what, trusting tls.ca_file. */
int pc_mfa_http(struct mfa_provider *p, struct pc_http **http_out,
    const char *what);

/*
 * The secret in path (declared in needs) as a trimmed NUL-terminated copy;
 * caller wipes and frees with pc_mfa_secret_free(). In tests without a
 * check context it reads the file with pc_secret_read.
 */
int pc_mfa_secret(struct mfa_provider *p, char **secret_out,
    const char *path);
void pc_mfa_secret_free(char *secret);

/* Each provider examines every account and reports; 0 or an error with
 * pc_error_set detail that names the provider and the cause. */
int pc_mfa_graph(struct mfa_provider *p, const struct pc_m365 *cfg);
int pc_mfa_google(struct mfa_provider *p, const struct pc_google *cfg);
int pc_mfa_github(struct mfa_provider *p, const struct pc_github *cfg);
int pc_mfa_slack(struct mfa_provider *p, const struct pc_slack *cfg);
int pc_mfa_okta(struct mfa_provider *p, const struct pc_okta *cfg);

/* Page parsers (exposed for tests over recorded responses). Each reads one
 * page and reports its accounts to p. */
int pc_mfa_graph_regdetails_page(struct mfa_provider *p, const cJSON *page);
int pc_mfa_graph_methods(enum mfa_state *state_out, char *methods,
    size_t n, const cJSON *page);
int pc_mfa_google_users_page(struct mfa_provider *p, const cJSON *page,
    size_t *not_enforced);
int pc_mfa_slack_members_page(struct mfa_provider *p, const cJSON *page);
int pc_mfa_okta_factors(enum mfa_state *state_out, char *methods, size_t n,
    const cJSON *factors);
int pc_mfa_graph_ca_enforced(const cJSON *page);

#endif
