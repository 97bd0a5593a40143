/* Have I Been Pwned v3: breaches that include a staff email address. */
#ifndef PC_CONTENT_HIBP_H
#define PC_CONTENT_HIBP_H

#include <stdbool.h>
#include <stddef.h>

#include "agent/lib/http.h"

/* One breach an account appears in. */
struct pc_hibp_breach {
	char *name;     /* HIBP's stable name ("ExampleForum2024") */
	char *title;    /* for people ("Example Community Forum") */
	char date[11];  /* BreachDate, YYYY-MM-DD ("" if absent/invalid) */
	char *classes;  /* DataClasses joined with ", " */
	bool passwords; /* DataClasses includes "Passwords" */
};

/* At most this many breaches are read for one account. */
#define PC_HIBP_MAX_BREACHES 500

/*
 * Asks GET {api_url}/breachedaccount/{email}?truncateResponse=false with
 * the hibp-api-key header. 404 means not in any breach (0, *n_out = 0).
 * 401/403 fail with PC_EAUTH/PC_EPERM; a response that is not the
 * documented JSON array fails with PC_EPARSE. 429 is retried by the HTTP
 * client, honouring Retry-After. Caller frees with pc_hibp_breaches_free().
 */
int pc_hibp_lookup(struct pc_hibp_breach **breaches_out, size_t *n_out,
    struct pc_http *http, const char *api_url, const char *api_key,
    const char *email);

/* Frees breaches from pc_hibp_lookup(); NULL-safe. */
void pc_hibp_breaches_free(struct pc_hibp_breach *b, size_t n);

/* Milliseconds to wait between requests for requests_per_minute
 * (<= 0: HIBP's smallest plan, 10 per minute). */
long pc_hibp_interval_ms(long requests_per_minute);

#endif
