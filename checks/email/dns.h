/* DNS messages for DNS-over-HTTPS (RFC 8484): build a query, read an answer. */
#ifndef PC_EMAIL_DNS_H
#define PC_EMAIL_DNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PC_DNS_MSG_MAX     65535 /* a DNS message's own length limit */
#define PC_DNS_TXT_MAX     8192  /* one TXT record, its strings joined */
#define PC_DNS_RECORDS_MAX 64    /* records of the asked type kept */
#define PC_DNS_CNAME_MAX   8     /* CNAME hops followed in one answer */
#define PC_DNS_NAME_MAX    253

enum pc_dns_type {
	PC_DNS_MX = 15,
	PC_DNS_TXT = 16,
};

enum pc_dns_rcode {
	PC_DNS_NOERROR = 0,
	PC_DNS_NXDOMAIN = 3,
};

/*
 * What an answer says about one name and type, after following the CNAME
 * chain in the answer section from the name asked. records: for TXT each
 * record's character-strings joined (non-printable bytes replaced by
 * '?'); for MX each exchange name ("." for a null MX). rcode is NOERROR
 * or NXDOMAIN: any other rcode is an error from pc_dns_parse.
 */
struct pc_dns_answer {
	int rcode;
	char **records;
	size_t nrecords;
	char *target;  /* where the CNAME chain ended (the name asked when
			   there is none), lower case, no final dot */
	size_t cnames; /* CNAME hops followed */
};

/* True when name is a host name portcullis can look up: letters, digits
 * and hyphens in dot-separated labels of 1-63 bytes, at most 253 bytes. */
bool pc_dns_name_valid(const char *name);

/*
 * A query message for name and type, ID 0 and recursion desired, as RFC
 * 8484 asks for cacheable DoH queries. Caller frees *msg_out with free().
 */
int pc_dns_query(uint8_t **msg_out, size_t *len_out, const char *name,
    enum pc_dns_type type);

/*
 * Reads the answer msg[0..len) to the query for name and type. Errors
 * (PC_EPARSE with a sentence naming name): not a DNS message or cut off,
 * not a response, a different ID or question, truncated (TC), an rcode
 * other than NOERROR and NXDOMAIN (SERVFAIL, REFUSED: the message says
 * which), a CNAME loop or chain over PC_DNS_CNAME_MAX, a TXT record over
 * PC_DNS_TXT_MAX, more than PC_DNS_RECORDS_MAX records. On success the
 * caller frees *out with pc_dns_answer_free(); on error *out is empty.
 */
int pc_dns_parse(struct pc_dns_answer *out, const uint8_t *msg, size_t len,
    const char *name, enum pc_dns_type type);

/* Frees what pc_dns_parse filled; NULL-safe, leaves *a empty. */
void pc_dns_answer_free(struct pc_dns_answer *a);

/* The name of an rcode ("SERVFAIL"), or "rcode N". Static or buf. */
const char *pc_dns_rcode_name(int rcode, char *buf, size_t n);

#endif
