/* The mfa check: two-factor status of every account in each provider. */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "mfa.h"

/* Declares each configured provider's URLs and secret files. */
static int
mfa_needs(const struct pc_config *cfg, struct pc_needs *n)
{
	const struct pc_m365 *m = &cfg->providers.microsoft365;
	const struct pc_google *g = &cfg->providers.google;
	const struct pc_github *gh = &cfg->providers.github;
	const struct pc_slack *s = &cfg->providers.slack;
	const struct pc_okta *o = &cfg->providers.okta;
	int r = 0;

	if (!m->present && !g->present && !gh->present && !s->present &&
	    !o->present)
		return pc_needs_not_applicable(n, "no identity provider is "
		    "configured (providers: microsoft365, google, github, "
		    "slack, okta)");
	if (m->present &&
	    ((r = pc_needs_add_url(n, m->login_url)) ||
		(r = pc_needs_add_url(n, m->graph_url)) ||
		(r = pc_needs_add_secret(n, m->client_secret_file))))
		return r;
	if (g->present &&
	    ((r = pc_needs_add_url(n, g->token_url)) ||
		(r = pc_needs_add_url(n, g->directory_url)) ||
		(r = pc_needs_add_secret(n, g->service_account_file))))
		return r;
	if (gh->present && ((r = pc_needs_add_url(n, gh->api_url)) ||
			       (r = pc_needs_add_secret(n, gh->token_file))))
		return r;
	if (s->present && ((r = pc_needs_add_url(n, s->api_url)) ||
			      (r = pc_needs_add_secret(n, s->token_file))))
		return r;
	if (o->present && ((r = pc_needs_add_url(n, o->url)) ||
			      (r = pc_needs_add_secret(n, o->token_file))))
		return r;
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
		return pc_error_set(PC_EPARSE, "%s: an account has no name",
		    p->id);
	p->examined++;
	if (a->admin)
		p->admins++;
	switch (a->state) {
	case MFA_NONE:
		p->none++;
		rule = a->admin ? "admin_no_2fa" : "member_no_2fa";
		what = a->admin ? "Admin account without two-factor "
		    "authentication" : "Account without two-factor "
		    "authentication";
		break;
	case MFA_WEAK:
		p->weak++;
		rule = "weak_2fa_only";
		what = "Account whose only second factor is SMS or a voice "
		    "call";
		break;
	case MFA_UNKNOWN:
		p->unknown++;
		rule = "status_unknown";
		what = "Two-factor status could not be determined for account";
		break;
	case MFA_STRONG:
		break;
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
	if (staff == NULL && p->cfg && p->cfg->nstaff > 0) {
		p->unmatched++;
		snprintf(title, sizeof(title), "%s account %s is live but "
		    "matches no one on the staff list (a leaver?)", p->label,
		    a->account);
		if ((r = emit(p, "unknown_account", subject, title, evidence,
			 NULL)) != 0)
			return r;
	}
	if (rule == NULL)
		return 0;
	snprintf(title, sizeof(title), "%s: %s (%s)", what, a->account,
	    p->label);
	return emit(p, rule, subject, title, evidence,
	    staff ? staff->name : NULL);
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
		snprintf(title, sizeof(title), "%s does not require two-factor "
		    "authentication for everyone in %s", p->label, subject);
	else
		snprintf(title, sizeof(title), "Whether %s requires two-factor "
		    "authentication in %s could not be determined", p->label,
		    subject);
	return emit(p, enforced == 0 ? "not_enforced" : "status_unknown",
	    subj, title, evidence, NULL);
}

/* A new HTTP client for provider p, trusting tls.ca_file. */
int
pc_mfa_http(struct mfa_provider *p, struct pc_http **http_out,
    const char *what)
{
	struct pc_http_opts o = {
		.what = what,
		.ca_file = p->cfg ? p->cfg->tls.ca_file : NULL,
		.concurrency = p->concurrency ? p->concurrency : 16,
		.timeout_ms = 60000,
		.retry_budget = 200,
		.max_attempts = 6,
	};

	return pc_http_new(http_out, &o);
}

/* Trimmed copy of a declared secret. */
int
pc_mfa_secret(struct mfa_provider *p, char **secret_out, const char *path)
{
	const struct pc_buf *b = NULL;
	struct pc_buf own;
	size_t start = 0, end;
	char *s;
	int r;

	*secret_out = NULL;
	pc_buf_init(&own, 1 << 20);
	if (p->ctx != NULL) {
		if ((b = pc_check_secret(p->ctx, path)) == NULL)
			return pc_error_set(PC_ECONFIG, "%s: the secret file "
			    "%s was not loaded", p->id, path);
	} else {
		if ((r = pc_secret_read(&own, path)) != 0)
			return r;
		b = &own;
	}
	end = b->len;
	while (start < end && strchr(" \t\r\n", b->data[start]))
		start++;
	while (end > start && strchr(" \t\r\n", b->data[end - 1]))
		end--;
	if (end == start) {
		pc_buf_free(&own);
		return pc_error_set(PC_ECONFIG, "%s: the secret file %s is "
		    "empty", p->id, path);
	}
	if (memchr(b->data + start, '\0', end - start) != NULL) {
		pc_buf_free(&own);
		return pc_error_set(PC_ECONFIG, "%s: the secret file %s "
		    "contains a NUL byte", p->id, path);
	}
	s = strndup(b->data + start, end - start);
	pc_buf_free(&own);
	if (s == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	*secret_out = s;
	return 0;
}

/* Wipes and frees a secret copy. */
void
pc_mfa_secret_free(char *secret)
{
	if (secret == NULL)
		return;
	OPENSSL_cleanse(secret, strlen(secret));
	free(secret);
}

/* Writes a provider's count lines. */
static void
counts(struct mfa_provider *p, bool ok)
{
	pc_check_count(p->ctx, p->id, "%zu account%s examined%s, %zu without "
	    "2FA, %zu with only SMS/voice, %zu unknown, %zu admin%s",
	    p->examined, p->examined == 1 ? "" : "s",
	    ok ? "" : " before the error", p->none, p->weak, p->unknown,
	    p->admins, p->admins == 1 ? "" : "s");
	if (p->excluded)
		pc_check_count(p->ctx, p->id, "%zu account%s excluded "
		    "(disabled, suspended, deleted, guests or bots)",
		    p->excluded, p->excluded == 1 ? "" : "s");
	if (p->unmatched)
		pc_check_count(p->ctx, p->id, "%zu account%s no one on "
		    "the staff list", p->unmatched,
		    p->unmatched == 1 ? " matches" : "s match");
	if (p->unknown)
		pc_check_count(p->ctx, p->id, "cannot determine 2FA for %zu "
		    "account%s", p->unknown, p->unknown == 1 ? "" : "s");
	if (p->cfg && p->cfg->nstaff == 0)
		pc_check_count(p->ctx, p->id, "the staff list is empty, so "
		    "leavers' accounts cannot be told apart");
}

/* Runs one provider; a failure makes the check incomplete, not stop. */
static int
run_provider(struct pc_check_ctx *ctx, const char *id, const char *label,
    int (*fn)(struct mfa_provider *, const void *), const void *pcfg)
{
	struct mfa_provider p = {
		.ctx = ctx,
		.cfg = pc_check_config(ctx),
		.id = id,
		.label = label,
	};
	int r;

	pc_check_progress(ctx, "%s", label);
	pc_error_clear();
	r = fn(&p, pcfg);
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

/* Adapters with a common signature. */
static int
run_graph(struct mfa_provider *p, const void *c)
{
	return pc_mfa_graph(p, c);
}

static int
run_google(struct mfa_provider *p, const void *c)
{
	return pc_mfa_google(p, c);
}

static int
run_github(struct mfa_provider *p, const void *c)
{
	return pc_mfa_github(p, c);
}

static int
run_slack(struct mfa_provider *p, const void *c)
{
	return pc_mfa_slack(p, c);
}

static int
run_okta(struct mfa_provider *p, const void *c)
{
	return pc_mfa_okta(p, c);
}

/* Runs every configured provider in turn. */
static int
mfa_run(struct pc_check_ctx *ctx)
{
	const struct pc_config *cfg = pc_check_config(ctx);

	if (cfg->providers.microsoft365.present)
		run_provider(ctx, "microsoft365", "Microsoft 365", run_graph,
		    &cfg->providers.microsoft365);
	if (cfg->providers.google.present)
		run_provider(ctx, "google", "Google Workspace", run_google,
		    &cfg->providers.google);
	if (cfg->providers.github.present)
		run_provider(ctx, "github", "GitHub", run_github,
		    &cfg->providers.github);
	if (cfg->providers.slack.present)
		run_provider(ctx, "slack", "Slack", run_slack,
		    &cfg->providers.slack);
	if (cfg->providers.okta.present)
		run_provider(ctx, "okta", "Okta", run_okta,
		    &cfg->providers.okta);
	pc_error_clear();
	return 0;
}

const struct check pc_check_mfa = {
	.id = "mfa",
	.title = "Two-factor authentication on office accounts",
	.needs = mfa_needs,
	.run = mfa_run,
};
