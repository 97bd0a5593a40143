/* The email check's internals shared by its files. */
#ifndef PC_EMAIL_H
#define PC_EMAIL_H

#include <stdbool.h>
#include <stddef.h>

#include "agent/check.h"
#include "agent/config.h"
#include "doh.h"
#include "personal.h"

/*
 * Where the check's findings and problems go: the check context, or a
 * test's sink (ctx NULL, emit/incomplete set).
 */
struct email_run {
	struct pc_check_ctx *ctx;
	const struct pc_config *cfg;
	const struct pc_personal *personal; /* may be NULL */
	const char *dns_owner; /* the digital lead's name, when on the staff
				  list: the office's domains are theirs */
	int (*emit)(void *arg, const struct pc_finding *f);
	int (*incomplete)(void *arg, const char *reason);
	void *arg;
	size_t domains_examined, domains_failed, lookups;
	/* The Microsoft 365 tenant's verified domains (GET /v1.0/domains):
	 * forwarding to them is internal. Owned by the forwarding part. */
	char **verified;
	size_t nverified;
};

/* Emits a finding to the context or the sink. */
int pc_email_emit(struct email_run *run, const struct pc_finding *f);

/* Records a problem that leaves the check incomplete. */
int pc_email_incomplete(struct email_run *run, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * The DNS rules (spf_missing, spf_weak, dmarc_missing, dmarc_none,
 * dkim_missing) for every domain in office.domains, looked up through
 * doh. A domain whose lookups fail is reported as incomplete, never as a
 * pass. Returns 0 unless emitting failed or memory ran out.
 */
int pc_email_dns_rules(struct email_run *run, struct pc_doh *doh);

/* The staff member named as office.digital_lead, when on the staff list
 * (borrowed from cfg), or NULL. */
const char *pc_email_digital_lead(const struct pc_config *cfg);

/* staff_email_off_domain for every staff member. */
int pc_email_staff_rules(struct email_run *run);

/* The "mail" part (mailexport.c): mail exports whose checks: name email. */
bool pc_email_reads_mail(const struct pc_source *s);
int pc_email_mail_needs(const struct pc_config *cfg, struct pc_needs *n);
int pc_email_mail_run(struct pc_check_ctx *ctx);

/* The "website" part (website.c): personal addresses on the office's
 * website, crawled with network to that site only. */
int pc_email_site_needs(const struct pc_config *cfg, struct pc_needs *n);
int pc_email_site_run(struct pc_check_ctx *ctx);

extern const struct check pc_check_email;

#endif
