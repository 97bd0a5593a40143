/* The email check's settings (checks.email in the config). */
#ifndef PC_EMAIL_SETTINGS_H
#define PC_EMAIL_SETTINGS_H

#include <stddef.h>

#include "agent/check.h"

#define PC_EMAIL_MAX_SELECTORS   16
#define PC_EMAIL_DEFAULT_DOH_URL "https://cloudflare-dns.com/dns-query"

struct pc_email_settings {
	char *doh_url;         /* DNS-over-HTTPS resolver (RFC 8484) */
	char **dkim_selectors; /* besides the providers' own */
	size_t ndkim_selectors;
};

extern const struct pc_check_settings pc_email_settings;

#endif
