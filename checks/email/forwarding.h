/* The email check's forwarding part: Microsoft 365 inbox rules and Gmail
 * forwarding that send office mail outside the office. */
#ifndef PC_EMAIL_FORWARDING_H
#define PC_EMAIL_FORWARDING_H

#include <stdbool.h>
#include <stddef.h>

#include "checks/providers/provider.h"
#include "email.h"
#include "fwdrules.h"

#define PC_GMAIL_SCOPE "https://www.googleapis.com/auth/gmail.settings.basic"

/* What one provider's pass examined, for the report's count lines. */
struct pc_fwd_counts {
	size_t mailboxes, rules, forwarding, external;
	size_t no_mailbox; /* 404 MailboxNotEnabledForRESTAPI */
	size_t denied;     /* 403 on the mailbox */
	size_t failed;     /* any other error on one mailbox */
	char first_denied[PC_FWD_ADDRESS_MAX], first_failed[512];
};

/* needs(): the Microsoft 365 and Google sessions' URLs and secrets, the
 * Gmail API, tls.ca_file; not applicable without either provider. */
int pc_email_forwarding_needs(const struct pc_config *cfg, struct pc_needs *n);

/* run(): both providers' forwarding, each failure an incomplete line. */
int pc_email_forwarding_run(struct pc_check_ctx *ctx);

/* True when address's domain is the office's, Parliament's or one of the
 * tenant's verified domains (run->verified). */
bool pc_email_is_internal(const struct email_run *run, const char *address);

/*
 * Emits forwarding_all_external or forwarding_rule_external for a rule of
 * account (provider "microsoft365" or "google") when it is enabled and
 * sends mail to an address outside the office; *external_out (may be
 * NULL) is set when it did.
 */
int pc_email_forwarding_report(struct email_run *run, const char *provider,
    const char *account, const struct pc_fwd_rule *rule, bool *external_out);

/* forwarding_not_visible for the tenant, once. */
int pc_email_forwarding_not_visible(struct email_run *run, const char *tenant);

/* Microsoft 365: verified domains, then every member's inbox rules. */
int pc_email_fwd_m365(struct email_run *run, const struct pc_provider_env *env,
    struct pc_fwd_counts *c);

/* Google: every active user's forwarding addresses, auto-forwarding and
 * filters, acting as that user. */
int pc_email_fwd_google(struct email_run *run,
    const struct pc_provider_env *env, struct pc_fwd_counts *c);

#endif
