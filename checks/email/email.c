/* The email check: office mail outside Parliamentary email; domain DNS. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "checks/providers/google.h"
#include "checks/providers/graph.h"
#include "doh.h"
#include "email.h"
#include "forwarding.h"
#include "people.h"
#include "settings.h"

#define PERSONAL_FILE "personal_domains.yaml"

/* The check's settings (the loader always binds them, with defaults). */
static const struct pc_email_settings *
settings(const struct pc_config *cfg)
{
	static const struct pc_email_settings none = {
		.doh_url = (char *)PC_EMAIL_DEFAULT_DOH_URL
	};
	const struct pc_email_settings *s =
	    pc_config_check_settings(cfg, "email");

	return s ? s : &none;
}

/* Declares the DoH resolver when there are domains to look up. */
static int
email_needs(const struct pc_config *cfg, struct pc_needs *n)
{
	int r;

	if (cfg->office.nown_domains == 0 && cfg->nstaff == 0)
		return pc_needs_not_applicable(
		    n, "no office.domains and no staff list to examine");
	if (cfg->office.nown_domains == 0)
		return 0;
	if ((r = pc_needs_add_url(n, settings(cfg)->doh_url)) != 0)
		return r;
	if (cfg->tls.ca_file && (r = pc_needs_add_path(n, cfg->tls.ca_file)))
		return r;
	return 0;
}

/* Emits a finding to the context or the sink. */
int
pc_email_emit(struct email_run *run, const struct pc_finding *f)
{
	if (run->emit)
		return run->emit(run->arg, f);
	return pc_check_emit(run->ctx, f);
}

/* Records a problem that leaves the check incomplete. */
int
pc_email_incomplete(struct email_run *run, const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (run->incomplete)
		return run->incomplete(run->arg, text);
	return pc_check_incomplete(run->ctx, "%s", text);
}

/* staff_email_off_domain: a staff member's listed address is not the
 * office's or Parliament's. */
int
pc_email_staff_rules(struct email_run *run)
{
	const struct pc_config *cfg = run->cfg;
	char subject[320], title[512], ev[512], masked[300];
	const char *domain, *personal;
	struct pc_finding f;
	size_t i;
	int r;

	for (i = 0; i < cfg->nstaff; i++) {
		const struct pc_staff *s = &cfg->staff[i];

		domain = pc_email_domain_of(s->email);
		if (domain != NULL && pc_email_domain_is_office(cfg, domain))
			continue;
		personal =
		    domain ? pc_personal_match(run->personal, domain) : NULL;
		pc_email_mask(masked, sizeof(masked), s->email);
		snprintf(subject, sizeof(subject), "staff:%s", s->name);
		snprintf(title, sizeof(title),
		    "The staff list gives %s %s address, not an office one",
		    s->name, personal ? "a personal" : "a non-office");
		snprintf(ev, sizeof(ev),
		    "staff[%zu].email: %s (%s; office domains are office.parliamentary_domains and office.domains)",
		    i, masked,
		    personal ? "a personal mail service"
			     : "outside the office's domains");
		f = (struct pc_finding){
			.rule = "staff_email_off_domain",
			.subject = subject,
			.title = title,
			.evidence = ev,
			.owner = s->name,
		};
		if ((r = pc_email_emit(run, &f)) != 0)
			return r;
	}
	return 0;
}

/* Loads the personal domain list beside the policy. */
static int
load_personal(struct pc_personal **list_out, struct pc_check_ctx *ctx)
{
	char *path =
	    pc_policy_path_of(pc_check_full_policy(ctx), PERSONAL_FILE);
	int r;

	if (path == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	r = pc_personal_load(list_out, path);
	free(path);
	return r;
}

/* The staff member named as office.digital_lead ("Name <address>"). */
const char *
pc_email_digital_lead(const struct pc_config *cfg)
{
	const char *dl = cfg->office.digital_lead, *lt, *gt;
	const struct pc_staff *s;
	char addr[320];

	if (dl == NULL || (lt = strchr(dl, '<')) == NULL ||
	    (gt = strchr(lt, '>')) == NULL || gt - lt - 1 >= (long)sizeof(addr))
		return NULL;
	snprintf(addr, sizeof(addr), "%.*s", (int)(gt - lt - 1), lt + 1);
	s = pc_config_find_staff(cfg, "", addr);
	return s ? s->name : NULL;
}

/* Runs the DNS rules and the staff rule. */
static int
email_run(struct pc_check_ctx *ctx)
{
	const struct pc_config *cfg = pc_check_config(ctx);
	struct pc_personal *personal = NULL;
	struct pc_doh *doh = NULL;
	struct email_run run = { .ctx = ctx, .cfg = cfg };
	int r;

	if ((r = load_personal(&personal, ctx)) != 0)
		goto out;
	run.personal = personal;
	run.dns_owner = pc_email_digital_lead(cfg);
	if ((r = pc_email_staff_rules(&run)) != 0)
		goto out;
	pc_check_count(ctx, "staff", "%zu staff address%s examined",
	    cfg->nstaff, cfg->nstaff == 1 ? "" : "es");
	if (cfg->office.nown_domains == 0)
		goto out;
	pc_check_progress(ctx, "DNS of %zu domains", cfg->office.nown_domains);
	if ((r = pc_doh_new(&doh, settings(cfg)->doh_url, cfg->tls.ca_file)) !=
		0 ||
	    (r = pc_email_dns_rules(&run, doh)) != 0)
		goto out;
	pc_check_count(ctx, "dns",
	    "%zu domain%s examined (%zu with lookups that failed), %zu DNS lookup%s, %zu DNS-over-HTTPS request%s",
	    run.domains_examined, run.domains_examined == 1 ? "" : "s",
	    run.domains_failed, run.lookups, run.lookups == 1 ? "" : "s",
	    pc_doh_requests(doh), pc_doh_requests(doh) == 1 ? "" : "s");
	if (!pc_m365_cfg(cfg)->present && !pc_google_cfg(cfg)->present &&
	    settings(cfg)->ndkim_selectors == 0)
		pc_check_count(ctx, "dns",
		    "DKIM not checked: no mail provider (microsoft365, google) and no checks.email.dkim_selectors configured");
out:
	pc_doh_free(doh);
	pc_personal_free(personal);
	return r;
}

/* config check: one DNS-over-HTTPS lookup (the first office domain's TXT
 * records) through the configured resolver, from the scan's sandbox. */
static int
email_probe(struct pc_check_ctx *ctx)
{
	const struct pc_config *cfg = pc_check_config(ctx);
	struct pc_doh_query q = { .type = PC_DNS_TXT };
	struct pc_doh *doh = NULL;
	int r;

	if (cfg->office.nown_domains == 0)
		return pc_check_count(ctx, "dns",
		    "ok: no office.domains, so no DNS lookups to make");
	q.name = cfg->office.domains[0];
	if ((r = pc_doh_new(&doh, settings(cfg)->doh_url, cfg->tls.ca_file)) ==
		0 &&
	    (r = pc_doh_lookup(doh, &q, 1)) == 0 && q.err != 0)
		r = pc_error_set(q.err, "%s", q.errmsg);
	if (r == 0)
		pc_check_count(ctx, "dns", "ok: look up %s over %s", q.name,
		    settings(cfg)->doh_url);
	else {
		pc_check_count(ctx, "dns",
		    "failed: cannot look up %s over %s: %s", q.name,
		    settings(cfg)->doh_url, pc_error_get());
		pc_check_incomplete(ctx, "dns: cannot look up %s", q.name);
	}
	pc_doh_queries_free(&q, 1);
	pc_doh_free(doh);
	return r;
}

/* The parts, each in its own sandboxed child: DNS and the staff list;
 * mail exports (files, no network); the website (its site only). */
static const struct pc_check_part email_parts[] = {
	{ "dns", email_needs, email_run },
	{ "forwarding", pc_email_forwarding_needs, pc_email_forwarding_run },
	{ "mail", pc_email_mail_needs, pc_email_mail_run },
	{ "website", pc_email_site_needs, pc_email_site_run },
	{ NULL, NULL, NULL },
};

const struct check pc_check_email = {
	.id = "email",
	.title =
	    "Office mail outside Parliamentary email; mail security of the office's domains",
	.settings = &pc_email_settings,
	.parts = email_parts,
	.probe = email_probe, /* in the dns part's child */
};
