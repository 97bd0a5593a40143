/* DNS over HTTPS (RFC 8484, POST application/dns-message) on agent/http. */
#ifndef PC_EMAIL_DOH_H
#define PC_EMAIL_DOH_H

#include <stddef.h>

#include "dns.h"

/*
 * One lookup: name and type in; either err 0 and answer (NOERROR or
 * NXDOMAIN, CNAMEs followed), or err < 0 and errmsg, a sentence naming
 * the name and the cause (HTTP status, not a DNS message, SERVFAIL,
 * timeout, ...). Free the answers with pc_doh_queries_free().
 */
struct pc_doh_query {
	const char *name; /* borrowed */
	enum pc_dns_type type;
	struct pc_dns_answer answer;
	int err;
	char errmsg[400];
};

struct pc_doh;

/* A resolver client for url (https), trusting ca_file besides the system
 * trust. Caller frees with pc_doh_free(). */
int pc_doh_new(struct pc_doh **doh_out, const char *url, const char *ca_file);
void pc_doh_free(struct pc_doh *doh);

/*
 * Sends the n queries (in parallel) and fills each one's answer or error
 * (a name too long to ask fails alone, with its message).
 * Returns 0 when every query has its outcome (some may have failed), or an
 * error when none could be sent (no memory).
 */
int pc_doh_lookup(struct pc_doh *doh, struct pc_doh_query *qs, size_t n);

/* Frees the answers of n queries. */
void pc_doh_queries_free(struct pc_doh_query *qs, size_t n);

/* HTTP requests sent so far (for the count line). */
size_t pc_doh_requests(const struct pc_doh *doh);

#endif
