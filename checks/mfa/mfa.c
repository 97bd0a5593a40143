/* The mfa check: two-factor status of every account in each provider. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "mfa.h"

/*
 * The providers the check reads, in the order it reads them: each a
 * session in checks/providers/ and its 2FA mapping in this folder, which
 * defines its struct pc_mfa_source. Adding a provider adds one extern
 * and one line here.
 */
extern const struct pc_mfa_source pc_mfa_graph_source;
extern const struct pc_mfa_source pc_mfa_google_source;
extern const struct pc_mfa_source pc_mfa_github_source;
extern const struct pc_mfa_source pc_mfa_slack_source;
extern const struct pc_mfa_source pc_mfa_okta_source;

const struct pc_mfa_source *const pc_mfa_sources[] = {
	&pc_mfa_graph_source,
	&pc_mfa_google_source,
	&pc_mfa_github_source,
	&pc_mfa_slack_source,
	&pc_mfa_okta_source,
	NULL,
};

/* Declares each configured provider's URLs and secret files. */
static int
mfa_needs(const struct pc_config *cfg, struct pc_needs *n)
{
	char names[256] = "";
	bool any = false;
	size_t i, l;
	int r;

	for (i = 0; pc_mfa_sources[i] != NULL; i++) {
		const struct pc_provider *pv = pc_mfa_sources[i]->provider;

		l = strlen(names);
		snprintf(names + l, sizeof(names) - l, "%s%s", l ? ", " : "",
		    pv->id);
		if (!pv->present(cfg))
			continue;
		any = true;
		if ((r = pv->needs(cfg, n)) != 0)
			return r;
	}
	if (!any) {
		char why[512];

		snprintf(why, sizeof(why),
		    "no identity provider is configured (providers: %s)",
		    names);
		return pc_needs_not_applicable(n, why);
	}
	if (cfg->tls.ca_file && (r = pc_needs_add_path(n, cfg->tls.ca_file)))
		return r;
	return 0;
}

/* Emits one finding about an account. */
static int
emit(struct mfa_provider *p, const char *rule, const char *subject,
    const char *title, const char *evidence, const char *owner)
{
	struct pc_finding f = {
		.rule = rule,
		.subject = subject,
		.title = title,
		.evidence = evidence,
		.owner = owner,
	};

	return pc_check_emit(p->ctx, &f);
}

/* Records one account and emits the findings its state earns. */
int
pc_mfa_account(struct mfa_provider *p, const struct mfa_account *a)
{
	const struct pc_staff *staff = NULL;
	char title[512], evidence[768], subject[512];
	const char *rule = NULL, *what = NULL;
	int r;

	if (a->account == NULL || a->account[0] == '\0')
		return pc_error_set(
		    PC_EPARSE, "%s: an account has no name", p->id);
	p->examined++;
	if (a->admin)
		p->admins++;
	switch (a->state) {
	case MFA_NONE:
		p->none++;
		rule = a->admin ? "admin_no_2fa" : "member_no_2fa";
		what = a->admin
		    ? "Admin account without two-factor authentication"
		    : "Account without two-factor authentication";
		break;
	case MFA_WEAK:
		p->weak++;
		rule = "weak_2fa_only";
		/* Okta's e-mail factor is weak too; say so when it is one. */
		what = a->methods && strstr(a->methods, "email")
		    ? "Account whose only second factor is e-mail, SMS or a voice call"
		    : "Account whose only second factor is SMS or a voice call";
		break;
	case MFA_UNKNOWN:
		p->unknown++;
		rule = "status_unknown";
		what = "Two-factor status could not be determined for account";
		break;
	case MFA_STRONG: break;
	}
	if (p->sink)
		return p->sink(p->sink_arg, a);
	if (p->cfg)
		staff = pc_config_find_staff(p->cfg, p->id, a->account);
	snprintf(subject, sizeof(subject), "%s:%s", p->id, a->account);
	snprintf(evidence, sizeof(evidence),
	    "provider: %s; account: %s; admin: %s; second factors: %s%s%s",
	    p->id, a->account, a->admin ? "yes" : "no",
	    a->methods ? (a->methods[0] ? a->methods : "none") : "not known",
	    a->state == MFA_UNKNOWN && a->unknown_why ? "; why unknown: " : "",
	    a->state == MFA_UNKNOWN && a->unknown_why ? a->unknown_why : "");
	if (staff == NULL && p->cfg && pc_config_staff_count(p->cfg) > 0) {
		p->unmatched++;
		snprintf(title, sizeof(title),
		    "%s account %s is live but matches no one on the staff list (a leaver?)",
		    p->label, a->account);
		if ((r = emit(p, "unknown_account", subject, title, evidence,
			 NULL)) != 0)
			return r;
	}
	if (rule == NULL)
		return 0;
	snprintf(
	    title, sizeof(title), "%s: %s (%s)", what, a->account, p->label);
	return emit(
	    p, rule, subject, title, evidence, staff ? staff->name : NULL);
}

/* Emits not_enforced or status_unknown for the organisation. */
int
pc_mfa_enforcement(struct mfa_provider *p, const char *subject, int enforced,
    const char *evidence)
{
	char title[512], subj[512];

	if (enforced > 0 || p->sink)
		return 0;
	snprintf(subj, sizeof(subj), "%s:%s", p->id, subject);
	if (enforced == 0)
		snprintf(title, sizeof(title),
		    "%s does not require two-factor authentication for everyone in %s",
		    p->label, subject);
	else
		snprintf(title, sizeof(title),
		    "Whether %s requires two-factor authentication in %s could not be determined",
		    p->label, subject);
	return emit(p, enforced == 0 ? "not_enforced" : "status_unknown", subj,
	    title, evidence, NULL);
}

/* Where provider p's session runs. */
struct pc_provider_env
pc_mfa_env(const struct mfa_provider *p)
{
	struct pc_provider_env env = {
		.ctx = p->ctx,
		.ca_file = p->cfg ? p->cfg->tls.ca_file : NULL,
		.concurrency = p->concurrency ? p->concurrency : 16,
	};

	return env;
}

/* Writes a provider's count lines. */
static void
counts(struct mfa_provider *p, bool ok)
{
	pc_check_count(p->ctx, p->id,
	    "%zu account%s examined%s, %zu without 2FA, %zu with only SMS/voice, %zu unknown, %zu admin%s",
	    p->examined, p->examined == 1 ? "" : "s",
	    ok ? "" : " before the error", p->none, p->weak, p->unknown,
	    p->admins, p->admins == 1 ? "" : "s");
	if (p->excluded)
		pc_check_count(p->ctx, p->id,
		    "%zu account%s excluded (disabled, suspended, deleted, guests or bots)",
		    p->excluded, p->excluded == 1 ? "" : "s");
	if (p->unmatched)
		pc_check_count(p->ctx, p->id,
		    "%zu account%s no one on the staff list", p->unmatched,
		    p->unmatched == 1 ? " matches" : "s match");
	if (p->unknown)
		pc_check_count(p->ctx, p->id,
		    "cannot determine 2FA for %zu account%s", p->unknown,
		    p->unknown == 1 ? "" : "s");
	if (p->cfg && pc_config_staff_count(p->cfg) == 0)
		pc_check_count(p->ctx, p->id,
		    "the staff list is empty, so leavers' accounts cannot be told apart");
}

/* Runs one provider; a failure makes the check incomplete, not stop. */
static int
run_provider(struct pc_check_ctx *ctx, const struct pc_mfa_source *src)
{
	struct mfa_provider p = {
		.ctx = ctx,
		.cfg = pc_check_config(ctx),
		.id = src->provider->id,
		.label = src->provider->label,
	};
	const char *id = p.id;
	int r;

	pc_check_progress(ctx, "%s", p.label);
	pc_error_clear();
	r = src->run(&p, p.cfg);
	counts(&p, r == 0);
	if (r != 0) {
		const char *msg = pc_error_get();
		size_t n = strlen(id);

		/* Layers each add the provider name: keep one. */
		while (strncmp(msg, id, n) == 0 && msg[n] == ':' &&
		    msg[n + 1] == ' ' && strncmp(msg + n + 2, id, n) == 0 &&
		    msg[2 * n + 2] == ':')
			msg += n + 2;
		/* The runner joins every provider's note into the reason. */
		pc_check_incomplete(ctx, "%s", msg);
	}
	return r;
}

/* Runs every configured provider in turn. */
static int
mfa_run(struct pc_check_ctx *ctx)
{
	const struct pc_config *cfg = pc_check_config(ctx);
	size_t i;

	for (i = 0; pc_mfa_sources[i] != NULL; i++)
		if (pc_mfa_sources[i]->provider->present(cfg))
			run_provider(ctx, pc_mfa_sources[i]);
	pc_error_clear();
	return 0;
}

const struct check pc_check_mfa = {
	.id = "mfa",
	.title = "Two-factor authentication on office accounts",
	.needs = mfa_needs,
	.run = mfa_run,
	.probe = pc_mfa_probe,
};
