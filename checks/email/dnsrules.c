/* The office domains' mail DNS: SPF, DMARC and DKIM, looked up over DoH. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "checks/providers/google.h"
#include "checks/providers/graph.h"
#include "email.h"
#include "records.h"
#include "settings.h"

#define GROUPS_MAX    3
#define SELECTORS_MAX (PC_EMAIL_MAX_SELECTORS + 3)
#define Q_SPF         0 /* TXT <domain> */
#define Q_MX          1 /* MX <domain> */
#define Q_DMARC       2 /* TXT _dmarc.<domain> */
#define Q_SEL         3 /* TXT <selector>._domainkey.<domain>, one per selector */

/* The DKIM selectors of one mail provider (or of the config's list). */
struct selector_group {
	const char *label;
	const char *sel[SELECTORS_MAX];
	size_t n;
};

/* Every selector to look up, each once, and the groups that use them. */
struct selectors {
	struct selector_group groups[GROUPS_MAX];
	size_t ngroups;
	const char *all[SELECTORS_MAX];
	size_t nall;
};

/* Adds a selector to a group and, once, to the lookup list. */
static void
add_selector(struct selectors *s, struct selector_group *g, const char *sel)
{
	size_t i;

	if (g->n < SELECTORS_MAX)
		g->sel[g->n++] = sel;
	for (i = 0; i < s->nall; i++)
		if (strcmp(s->all[i], sel) == 0)
			return;
	if (s->nall < SELECTORS_MAX)
		s->all[s->nall++] = sel;
}

/* The selector groups for the configured mail providers. */
static void
selectors_of(struct selectors *s, const struct pc_config *cfg)
{
	const struct pc_email_settings *es;
	struct selector_group *g;
	size_t i;

	memset(s, 0, sizeof(*s));
	es = pc_config_check_settings(cfg, "email");
	if (pc_m365_cfg(cfg)->present) {
		g = &s->groups[s->ngroups++];
		g->label = "Microsoft 365";
		add_selector(s, g, "selector1");
		add_selector(s, g, "selector2");
	}
	if (pc_google_cfg(cfg)->present) {
		g = &s->groups[s->ngroups++];
		g->label = "Google Workspace";
		add_selector(s, g, "google");
	}
	if (es != NULL && es->ndkim_selectors > 0) {
		g = &s->groups[s->ngroups++];
		g->label = "checks.email.dkim_selectors";
		for (i = 0; i < es->ndkim_selectors; i++)
			add_selector(s, g, es->dkim_selectors[i]);
	}
}

/* Emits one DNS finding about domain. */
static int
emit_dns(struct email_run *run, const char *rule, const char *domain,
    const char *title, const char *evidence)
{
	struct pc_finding f = {
		.rule = rule,
		.subject = domain,
		.title = title,
		.evidence = evidence,
		.owner = run->dns_owner,
	};

	return pc_email_emit(run, &f);
}

/* "record: "..."" evidence, the record cut at 300 bytes. */
static void
record_evidence(char *out, size_t n, const char *where, const char *rec)
{
	snprintf(out, n, "%s: \"%.300s%s\"", where, rec,
	    strlen(rec) > 300 ? "..." : "");
}

/* spf_missing / spf_weak from the TXT records at the domain. */
static int
spf_rules(struct email_run *run, const char *domain, const struct pc_spf *spf)
{
	char title[512], ev[512];

	switch (spf->verdict) {
	case PC_SPF_OK: return 0;
	case PC_SPF_MISSING:
		snprintf(title, sizeof(title),
		    "%s has no SPF record: any server can send mail that claims to come from it",
		    domain);
		snprintf(ev, sizeof(ev), "TXT %s: no record starting v=spf1",
		    domain);
		return emit_dns(run, "spf_missing", domain, title, ev);
	case PC_SPF_MULTIPLE:
		snprintf(title, sizeof(title),
		    "%s has %zu SPF records; receivers treat that as an error (permerror) and ignore SPF for it",
		    domain, spf->nrecords);
		snprintf(ev, sizeof(ev),
		    "TXT %s: %zu records start v=spf1 (there must be exactly one); the first: \"%.300s\"",
		    domain, spf->nrecords, spf->record);
		break;
	case PC_SPF_PASS_ALL:
		snprintf(title, sizeof(title),
		    "%s's SPF record lets every server in the world send its mail (+all)",
		    domain);
		record_evidence(ev, sizeof(ev), "SPF record", spf->record);
		break;
	case PC_SPF_NEUTRAL:
		snprintf(title, sizeof(title),
		    "%s's SPF record does not tell receivers to refuse mail from other servers (?all, or no all)",
		    domain);
		record_evidence(ev, sizeof(ev), "SPF record", spf->record);
		break;
	}
	return emit_dns(run, "spf_weak", domain, title, ev);
}

/* dmarc_missing / dmarc_none from the answer at _dmarc.<domain>. */
static int
dmarc_rules(
    struct email_run *run, const char *domain, const struct pc_dns_answer *a)
{
	char title[512], ev[512];
	struct pc_dmarc d;

	pc_dmarc_eval(&d, a->rcode == PC_DNS_NOERROR ? a->records : NULL,
	    a->rcode == PC_DNS_NOERROR ? a->nrecords : 0);
	if (d.verdict == PC_DMARC_OK)
		return 0;
	if (d.verdict == PC_DMARC_MISSING) {
		if (d.nrecords > 1) {
			snprintf(title, sizeof(title),
			    "%s has %zu DMARC records; receivers ignore DMARC when there is more than one",
			    domain, d.nrecords);
			record_evidence(ev, sizeof(ev), "the first", d.record);
		} else {
			snprintf(title, sizeof(title),
			    "%s has no DMARC record: receivers are not told to refuse mail forged in its name",
			    domain);
			snprintf(ev, sizeof(ev), "TXT _dmarc.%s: %s", domain,
			    a->rcode == PC_DNS_NXDOMAIN
				? "the name does not exist (NXDOMAIN)"
				: "no record starting v=DMARC1");
		}
		return emit_dns(run, "dmarc_missing", domain, title, ev);
	}
	snprintf(title, sizeof(title),
	    "%s's DMARC policy is %s%s: forged mail in its name is still delivered",
	    domain, d.policy[0] ? "p=" : "",
	    d.policy[0] ? d.policy : "missing");
	record_evidence(ev, sizeof(ev), "DMARC record", d.record);
	return emit_dns(run, "dmarc_none", domain, title, ev);
}

/* The query index of selector sel. */
static size_t
selector_query(const struct selectors *s, const char *sel)
{
	size_t i;

	for (i = 0; i < s->nall; i++)
		if (strcmp(s->all[i], sel) == 0)
			break;
	return Q_SEL + i;
}

/* Appends to buf (cap bytes, *len used) and stops at the cap: the
 * evidence ends early rather than ever running past it. */
static void append(char *buf, size_t cap, size_t *len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void
append(char *buf, size_t cap, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*len + 1 >= cap)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *len, cap - *len, fmt, ap);
	va_end(ap);
	if (n > 0)
		*len += (size_t)n < cap - *len ? (size_t)n : cap - *len - 1;
}

/* dkim_missing: a provider none of whose selectors has a key. */
static int
dkim_rules(struct email_run *run, const char *domain, const struct selectors *s,
    const struct pc_doh_query *q)
{
	char title[512], ev[1024];
	size_t gi, i, k, missing = 0, len = 0;
	bool key, failed;

	ev[0] = '\0';
	for (gi = 0; gi < s->ngroups; gi++) {
		const struct selector_group *g = &s->groups[gi];

		key = failed = false;
		for (i = 0; i < g->n && !key; i++) {
			k = selector_query(s, g->sel[i]);
			if (q[k].err != 0)
				failed = true; /* already incomplete */
			else if (q[k].answer.rcode == PC_DNS_NOERROR &&
			    pc_dkim_has_key(
				q[k].answer.records, q[k].answer.nrecords))
				key = true;
		}
		if (key || failed)
			continue;
		missing++;
		append(ev, sizeof(ev), &len, "%s%s: no key at",
		    missing > 1 ? "; " : "", g->label);
		for (i = 0; i < g->n; i++)
			append(ev, sizeof(ev), &len, "%s %s._domainkey.%s",
			    i ? "," : "", g->sel[i], domain);
	}
	if (missing == 0)
		return 0;
	snprintf(title, sizeof(title),
	    "%s has no DKIM key for %s: its mail is not signed, so receivers cannot tell it from forgeries",
	    domain, missing > 1 ? "its mail providers" : "its mail provider");
	return emit_dns(run, "dkim_missing", domain, title, ev);
}

/* Reports a domain's failed lookups as one note (the first failure and
 * how many more), so every domain's note fits the check's reason; true
 * when any failed. */
static bool
report_failures(struct email_run *run, const struct pc_doh_query *q, size_t n)
{
	const struct pc_doh_query *first = NULL;
	size_t i, failed = 0;

	for (i = 0; i < n; i++)
		if (q[i].err != 0 && failed++ == 0)
			first = &q[i];
	if (first == NULL)
		return false;
	if (failed == 1)
		(void)pc_email_incomplete(run, "%s", first->errmsg);
	else
		(void)pc_email_incomplete(run,
		    "%s (and %zu more lookups for this domain failed)",
		    first->errmsg, failed - 1);
	return true;
}

/* Builds the names to look up for a domain; caller frees names[3..]. */
static int
domain_queries(struct pc_doh_query *q, char **names, const char *domain,
    const struct selectors *s)
{
	size_t i;
	int n;

	q[Q_SPF] = (struct pc_doh_query){ .name = domain, .type = PC_DNS_TXT };
	q[Q_MX] = (struct pc_doh_query){ .name = domain, .type = PC_DNS_MX };
	for (i = 0; i < 1 + s->nall; i++) {
		n = i == 0 ? asprintf(&names[i], "_dmarc.%s", domain)
			   : asprintf(&names[i], "%s._domainkey.%s",
				 s->all[i - 1], domain);
		if (n < 0) {
			names[i] = NULL;
			return pc_error_set(PC_ENOMEM, "out of memory");
		}
		q[Q_DMARC + i] = (struct pc_doh_query){ .name = names[i],
			.type = PC_DNS_TXT };
	}
	return 0;
}

/* Every DNS rule for one domain. */
static int
domain_rules(struct email_run *run, struct pc_doh *doh, const char *domain,
    const struct selectors *s)
{
	struct pc_doh_query q[Q_SEL + SELECTORS_MAX];
	char *names[1 + SELECTORS_MAX] = { NULL };
	size_t nq = Q_SEL + s->nall, i;
	struct pc_spf spf;
	bool sends;
	int r;

	memset(q, 0, sizeof(q));
	memset(&spf, 0, sizeof(spf));
	if ((r = domain_queries(q, names, domain, s)) != 0 ||
	    (r = pc_doh_lookup(doh, q, nq)) != 0)
		goto out;
	run->lookups += nq;
	run->domains_examined++;
	if ((q[Q_SPF].err == 0 && q[Q_SPF].answer.rcode == PC_DNS_NXDOMAIN) ||
	    (q[Q_MX].err == 0 && q[Q_MX].answer.rcode == PC_DNS_NXDOMAIN)) {
		run->domains_failed++;
		r = pc_email_incomplete(run,
		    "office.domains: %s does not exist in DNS (the resolver answered NXDOMAIN); check its spelling in the config",
		    domain);
		goto out;
	}
	if (report_failures(run, q, nq))
		run->domains_failed++;
	if (q[Q_SPF].err == 0) {
		pc_spf_eval(
		    &spf, q[Q_SPF].answer.records, q[Q_SPF].answer.nrecords);
		if ((r = spf_rules(run, domain, &spf)) != 0)
			goto out;
	}
	if (q[Q_DMARC].err == 0 &&
	    (r = dmarc_rules(run, domain, &q[Q_DMARC].answer)) != 0)
		goto out;
	/* DKIM only when we know whether the domain sends mail: not when
	 * it has no MX and an SPF record that allows no sender. */
	if (q[Q_SPF].err != 0 || q[Q_MX].err != 0)
		goto out;
	sends = !(spf.sends_nothing &&
	    pc_mx_none(q[Q_MX].answer.records, q[Q_MX].answer.nrecords));
	if (sends)
		r = dkim_rules(run, domain, s, q);
out:
	pc_doh_queries_free(q, nq);
	for (i = 0; i < 1 + SELECTORS_MAX; i++)
		free(names[i]);
	return r;
}

/* The DNS rules for every office domain. */
int
pc_email_dns_rules(struct email_run *run, struct pc_doh *doh)
{
	const struct pc_config *cfg = run->cfg;
	struct selectors s;
	size_t i;
	int r;

	selectors_of(&s, cfg);
	for (i = 0; i < cfg->office.nown_domains; i++)
		if ((r = domain_rules(run, doh, cfg->office.domains[i], &s)) !=
		    0)
			return r;
	return 0;
}
