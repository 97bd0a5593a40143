/* The forwarding part: mail sent on outside the office by Microsoft 365
 * inbox rules and Gmail forwarding; findings and the part's entry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent/lib/err.h"
#include "checks/providers/google.h"
#include "checks/providers/graph.h"
#include "forwarding.h"
#include "people.h"

/* needs(): the providers' sessions plus the Gmail API. */
int
pc_email_forwarding_needs(const struct pc_config *cfg, struct pc_needs *n)
{
	bool m365 = pc_provider_graph.present(cfg);
	bool google = pc_provider_google.present(cfg);
	int r;

	if (!m365 && !google)
		return pc_needs_not_applicable(n,
		    "no mail provider to read forwarding from (providers: microsoft365, google)");
	if (m365 && (r = pc_provider_graph.needs(cfg, n)) != 0)
		return r;
	if (google &&
	    ((r = pc_provider_google.needs(cfg, n)) != 0 ||
		(r = pc_needs_add_url(n, pc_google_cfg(cfg)->gmail_url)) != 0))
		return r;
	if (cfg->tls.ca_file && (r = pc_needs_add_path(n, cfg->tls.ca_file)))
		return r;
	return 0;
}

/* True when the address is the office's, Parliament's or the tenant's. */
bool
pc_email_is_internal(const struct email_run *run, const char *address)
{
	const char *domain = pc_email_domain_of(address);
	size_t i, l;

	if (domain == NULL)
		return false;
	if (pc_email_domain_is_office(run->cfg, domain))
		return true;
	l = strlen(domain);
	if (l > 0 && domain[l - 1] == '.')
		l--;
	for (i = 0; i < run->nverified; i++)
		if (strlen(run->verified[i]) == l &&
		    strncasecmp(run->verified[i], domain, l) == 0)
			return true;
	return false;
}

/* The external targets of rule, masked: "forwards to j***@gmail.com". */
static size_t
external_targets(char *out, size_t n, const struct email_run *run,
    const struct pc_fwd_rule *rule, char *first, size_t nfirst)
{
	char masked[PC_FWD_ADDRESS_MAX];
	size_t i, count = 0, l;

	out[0] = '\0';
	for (i = 0; i < rule->ntargets; i++) {
		const struct pc_fwd_target *t = &rule->targets[i];

		if (pc_email_is_internal(run, t->address))
			continue;
		pc_email_mask(masked, sizeof(masked), t->address);
		if (count++ == 0)
			snprintf(first, nfirst, "%s", masked);
		l = strlen(out);
		snprintf(out + l, n - l, "%s%s to %s", l ? "; " : "",
		    pc_fwd_action_verb(t->action), masked);
	}
	if (count > 0 && rule->dropped > 0) {
		l = strlen(out);
		snprintf(out + l, n - l,
		    "; and %zu more address%s not examined", rule->dropped,
		    rule->dropped == 1 ? "" : "es");
	}
	return count;
}

/* The staff member's own step for the rule. */
static void
remediation(char *out, size_t n, const char *provider,
    const struct pc_fwd_rule *rule, const char *first)
{
	if (strcmp(provider, "microsoft365") == 0 && rule->name[0])
		snprintf(out, n,
		    "Turn off the rule '%s' in Outlook: Settings → Mail → Rules (or delete it), so this mailbox's mail stays in Parliamentary email.",
		    rule->name);
	else if (strcmp(provider, "microsoft365") == 0)
		snprintf(out, n,
		    "Turn off the unnamed rule that sends mail to %s in Outlook: Settings → Mail → Rules (or delete it), so this mailbox's mail stays in Parliamentary email.",
		    first);
	else if (rule->targets[0].action == PC_FWD_AUTO)
		snprintf(out, n,
		    "Turn off automatic forwarding in Gmail: Settings → See all settings → Forwarding and POP/IMAP → Disable forwarding, then remove %s from the forwarding addresses.",
		    first);
	else
		snprintf(out, n,
		    "Delete the filter that forwards to %s in Gmail: Settings → See all settings → Filters and Blocked Addresses, then remove %s under Forwarding and POP/IMAP.",
		    first, first);
}

/* The evidence line: what the rule is and where it sends mail. */
static void
evidence(char *out, size_t n, const char *provider,
    const struct pc_fwd_rule *rule, const char *targets)
{
	char what[256];

	if (strcmp(provider, "microsoft365") == 0)
		snprintf(what, sizeof(what), "inbox rule '%s' (on; %s%s)",
		    rule->name,
		    rule->all_mail ? "no conditions, so every message"
				   : "with conditions",
		    rule->has_exceptions ? ", with exceptions" : "");
	else if (rule->targets[0].action == PC_FWD_AUTO)
		snprintf(what, sizeof(what), "Gmail automatic forwarding (on)");
	else
		snprintf(what, sizeof(what), "Gmail filter %s (%s)", rule->id,
		    rule->all_mail ? "no criteria, so every message"
				   : "with criteria");
	snprintf(out, n, "%s %s%s", what, targets,
	    rule->has_error
		? "; Outlook marks this rule hasError (it may not be running now, but it is set to send mail outside the office)"
		: "");
}

/* Emits a finding for a rule that sends mail outside the office. */
int
pc_email_forwarding_report(struct email_run *run, const char *provider,
    const char *account, const struct pc_fwd_rule *rule, bool *external_out)
{
	char targets[2048], first[PC_FWD_ADDRESS_MAX] = "", subject[400];
	char title[512], ev[3072], fix[1024], locator[200];
	const struct pc_staff *s;
	struct pc_finding f;

	if (external_out)
		*external_out = false;
	if (!rule->enabled || rule->ntargets == 0 ||
	    external_targets(
		targets, sizeof(targets), run, rule, first, sizeof(first)) == 0)
		return 0;
	if (external_out)
		*external_out = true;
	s = pc_config_find_staff(run->cfg, provider, account);
	snprintf(subject, sizeof(subject), "%s:%s", provider, account);
	if (rule->all_mail)
		snprintf(title, sizeof(title),
		    "All of %s's mail is forwarded outside the office",
		    s ? s->name : account);
	else
		snprintf(title, sizeof(title),
		    "A mailbox rule forwards some of %s's mail outside the office",
		    s ? s->name : account);
	evidence(ev, sizeof(ev), provider, rule, targets);
	remediation(fix, sizeof(fix), provider, rule, first);
	snprintf(locator, sizeof(locator), "rule:%s", rule->id);
	f = (struct pc_finding){
		.rule = rule->all_mail ? "forwarding_all_external"
				       : "forwarding_rule_external",
		.subject = subject,
		.title = title,
		.evidence = ev,
		.remediation = fix,
		.owner = s ? s->name : NULL,
		.locator = locator,
	};
	return pc_email_emit(run, &f);
}

/* forwarding_not_visible: what Graph cannot show, and who can look. */
int
pc_email_forwarding_not_visible(struct email_run *run, const char *tenant)
{
	char subject[320];
	struct pc_finding f;

	snprintf(subject, sizeof(subject), "microsoft365:%s", tenant);
	f = (struct pc_finding){
		.rule = "forwarding_not_visible",
		.subject = subject,
		.title =
		    "Mailbox-level forwarding in Microsoft 365 cannot be seen through Microsoft Graph",
		.evidence =
		    "Graph shows inbox rules only; a mailbox's ForwardingSmtpAddress and the outbound spam policy's AutoForwardingMode are Exchange settings that Graph does not expose, so this check cannot say there is no such forwarding",
		.owner = pc_email_digital_lead(run->cfg),
	};
	return pc_email_emit(run, &f);
}

/* A provider's count line, and its faults as incomplete lines. */
static void
report_counts(
    struct email_run *run, const char *provider, const struct pc_fwd_counts *c)
{
	if (run->ctx)
		pc_check_count(run->ctx, provider,
		    "%zu mailbox%s examined, %zu rule%s or setting%s read, %zu forwarding outside the office; %zu without a mailbox, %zu refused, %zu failed",
		    c->mailboxes, c->mailboxes == 1 ? "" : "es", c->rules,
		    c->rules == 1 ? "" : "s", c->rules == 1 ? "" : "s",
		    c->external, c->no_mailbox, c->denied, c->failed);
}

/* Runs each configured provider; a failed one leaves the part
 * incomplete and the other still runs. */
int
pc_email_forwarding_run(struct pc_check_ctx *ctx)
{
	const struct pc_config *cfg = pc_check_config(ctx);
	struct pc_provider_env env = pc_provider_env_of(ctx);
	struct email_run run = { .ctx = ctx, .cfg = cfg };
	struct pc_fwd_counts m = { 0 }, g = { 0 };
	size_t i;
	int r = 0;

	if (pc_provider_graph.present(cfg)) {
		pc_check_progress(ctx, "Microsoft 365 inbox rules");
		r = pc_email_fwd_m365(&run, &env, &m);
		report_counts(&run, "microsoft365", &m);
	}
	if (r == 0 && pc_provider_google.present(cfg)) {
		pc_check_progress(ctx, "Gmail forwarding");
		r = pc_email_fwd_google(&run, &env, &g);
		report_counts(&run, "google", &g);
	}
	for (i = 0; i < run.nverified; i++)
		free(run.verified[i]);
	free(run.verified);
	return r;
}
