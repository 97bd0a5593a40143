/* DNS messages for DNS-over-HTTPS: queries built and answers read with ldns. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "agent/lib/err.h"
#include "dns.h"

/* True for a host name of LDH labels, 1-63 bytes each, <= 253 in all. */
bool
pc_dns_name_valid(const char *name)
{
	size_t len, label = 0, i;

	if (name == NULL || (len = strlen(name)) == 0 ||
	    len > PC_DNS_NAME_MAX || name[0] == '.' || name[0] == '-')
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c == '.') {
			if (label == 0 || name[i - 1] == '-')
				return false;
			label = 0;
			continue;
		}
		if (!isalnum(c) && c != '-' && c != '_')
			return false;
		if (c == '-' && label == 0)
			return false;
		if (++label > 63)
			return false;
	}
	/* One trailing dot (an absolute name) is fine; a single label is
	 * not a domain an office publishes. */
	if (name[len - 1] == '-')
		return false;
	return label > 0 ? strchr(name, '.') != NULL
			 : memchr(name, '.', len - 1) != NULL;
}

/* Builds a query message (ID 0, RD) for name and type. */
int
pc_dns_query(
    uint8_t **msg_out, size_t *len_out, const char *name, enum pc_dns_type type)
{
	ldns_rdf *qname = NULL;
	ldns_pkt *pkt = NULL;
	uint8_t *wire = NULL;
	size_t size = 0;
	int r = 0;

	*msg_out = NULL;
	*len_out = 0;
	if (name != NULL && strlen(name) > PC_DNS_NAME_MAX)
		return pc_error_set(PC_ECONFIG,
		    "cannot look up %.80s...: the name is longer than the %d bytes DNS allows",
		    name, PC_DNS_NAME_MAX);
	if (!pc_dns_name_valid(name))
		return pc_error_set(PC_ECONFIG,
		    "\"%.80s\" is not a domain name (letters, digits and hyphens between dots)",
		    name);
	if ((qname = ldns_dname_new_frm_str(name)) == NULL)
		return pc_error_set(
		    PC_ECONFIG, "\"%.80s\" is not a domain name", name);
	/* The packet owns qname from here. */
	if ((pkt = ldns_pkt_query_new(qname, (ldns_rr_type)type,
		 LDNS_RR_CLASS_IN, LDNS_RD)) == NULL) {
		ldns_rdf_deep_free(qname);
		return pc_error_set(PC_ENOMEM, "out of memory");
	}
	ldns_pkt_set_id(pkt, 0);
	if (ldns_pkt2wire(&wire, pkt, &size) != LDNS_STATUS_OK ||
	    wire == NULL) {
		r = pc_error_set(
		    PC_ENOMEM, "could not build a DNS query for %s", name);
		goto out;
	}
	if ((*msg_out = malloc(size)) == NULL) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	memcpy(*msg_out, wire, size);
	*len_out = size;
out:
	LDNS_FREE(wire);
	ldns_pkt_free(pkt);
	return r;
}

/* The name of an rcode. */
const char *
pc_dns_rcode_name(int rcode, char *buf, size_t n)
{
	static const char *const names[] = { "NOERROR", "FORMERR", "SERVFAIL",
		"NXDOMAIN", "NOTIMP", "REFUSED" };

	if (rcode >= 0 && rcode < (int)(sizeof(names) / sizeof(names[0])))
		return names[rcode];
	snprintf(buf, n, "rcode %d", rcode);
	return buf;
}

/* A name as lower-case text without the final dot; NULL on no memory. */
static char *
name_text(const ldns_rdf *rdf)
{
	char *s = ldns_rdf2str(rdf), *d;
	size_t n, i;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	if (n > 1 && s[n - 1] == '.')
		n--;
	if ((d = malloc(n + 1)) != NULL) {
		for (i = 0; i < n; i++)
			d[i] = (char)tolower((unsigned char)s[i]);
		d[n] = '\0';
	}
	LDNS_FREE(s);
	return d;
}

/* Joins the character-strings of a TXT record, printable bytes only. */
static int
txt_join(char **out, const ldns_rr *rr, const char *name)
{
	size_t i, total = 0, k, len;
	const uint8_t *d;
	char *s;

	*out = NULL;
	for (i = 0; i < ldns_rr_rd_count(rr); i++)
		total += ldns_rdf_size(ldns_rr_rdf(rr, i));
	if (total > PC_DNS_TXT_MAX)
		return pc_error_set(PC_ELIMIT,
		    "a TXT record at %s is %zu bytes, over the %d-byte limit for a mail policy record; the domain's DNS is misconfigured or hostile",
		    name, total, PC_DNS_TXT_MAX);
	if ((s = malloc(total + 1)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (i = 0, k = 0; i < ldns_rr_rd_count(rr); i++) {
		const ldns_rdf *rdf = ldns_rr_rdf(rr, i);

		d = ldns_rdf_data(rdf);
		len = ldns_rdf_size(rdf);
		if (len == 0 || (size_t)d[0] + 1 != len) {
			free(s);
			return pc_error_set(
			    PC_EPARSE, "a TXT record at %s is malformed", name);
		}
		for (d++, len--; len > 0; d++, len--)
			s[k++] = (*d >= 0x20 && *d < 0x7f) ? (char)*d : '?';
	}
	s[k] = '\0';
	*out = s;
	return 0;
}

/* Checks the header and question of an answer against what was asked. */
static int
check_header(const ldns_pkt *pkt, const ldns_rdf *qname, enum pc_dns_type type,
    const char *name, const char *tname)
{
	const ldns_rr_list *q = ldns_pkt_question(pkt);
	const ldns_rr *qr;
	char buf[32];
	int rc = (int)ldns_pkt_get_rcode(pkt);

	if (!ldns_pkt_qr(pkt) || ldns_pkt_id(pkt) != 0)
		return pc_error_set(PC_EPARSE,
		    "the answer for %s (%s) is not a response to portcullis's query",
		    name, tname);
	if (q == NULL || ldns_rr_list_rr_count(q) != 1 ||
	    (qr = ldns_rr_list_rr(q, 0)) == NULL ||
	    ldns_rr_get_type(qr) != (ldns_rr_type)type ||
	    ldns_dname_compare(ldns_rr_owner(qr), qname) != 0)
		return pc_error_set(PC_EPARSE,
		    "the answer for %s (%s) is for a different question", name,
		    tname);
	if (ldns_pkt_tc(pkt))
		return pc_error_set(PC_EPARSE,
		    "the answer for %s (%s) is truncated", name, tname);
	if (rc != PC_DNS_NOERROR && rc != PC_DNS_NXDOMAIN)
		return pc_error_set(PC_ENET,
		    "the resolver answered %s for %s (%s): the lookup failed, so nothing can be said about it",
		    pc_dns_rcode_name(rc, buf, sizeof(buf)), name, tname);
	return 0;
}

/* Follows the CNAME chain from qname in the answer section; *end is
 * borrowed from the packet (or qname itself). */
static int
follow_cnames(const ldns_rdf **end, size_t *hops, const ldns_rr_list *ans,
    const ldns_rdf *qname, const char *name)
{
	const ldns_rdf *cur = qname;
	bool moved;
	size_t i;

	*hops = 0;
	do {
		moved = false;
		for (i = 0; ans && i < ldns_rr_list_rr_count(ans); i++) {
			const ldns_rr *rr = ldns_rr_list_rr(ans, i);

			if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_CNAME ||
			    ldns_rr_rd_count(rr) < 1 ||
			    ldns_dname_compare(ldns_rr_owner(rr), cur) != 0)
				continue;
			if (++*hops > PC_DNS_CNAME_MAX)
				return pc_error_set(PC_EPARSE,
				    "the answer for %s has a CNAME chain longer than %d (or a loop)",
				    name, PC_DNS_CNAME_MAX);
			cur = ldns_rr_rdf(rr, 0);
			moved = true;
			break;
		}
	} while (moved);
	*end = cur;
	return 0;
}

/* Adds one record of the asked type to out. */
static int
add_record(struct pc_dns_answer *out, const ldns_rr *rr, enum pc_dns_type type,
    const char *name)
{
	char *s = NULL, **n;
	int r;

	if (out->nrecords >= PC_DNS_RECORDS_MAX)
		return pc_error_set(PC_ELIMIT,
		    "the answer for %s has more than %d records", name,
		    PC_DNS_RECORDS_MAX);
	if (type == PC_DNS_TXT) {
		if ((r = txt_join(&s, rr, name)) != 0)
			return r;
	} else {
		if (ldns_rr_rd_count(rr) < 2)
			return pc_error_set(
			    PC_EPARSE, "an MX record at %s is malformed", name);
		if ((s = name_text(ldns_rr_rdf(rr, 1))) == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
	}
	if ((n = realloc(out->records, (out->nrecords + 1) * sizeof(*n))) ==
	    NULL) {
		free(s);
		return pc_error_set(PC_ENOMEM, "out of memory");
	}
	out->records = n;
	out->records[out->nrecords++] = s;
	return 0;
}

/* Reads an answer to the query for name and type. */
int
pc_dns_parse(struct pc_dns_answer *out, const uint8_t *msg, size_t len,
    const char *name, enum pc_dns_type type)
{
	const char *tname = type == PC_DNS_TXT ? "TXT" : "MX";
	const ldns_rr_list *ans;
	const ldns_rdf *end = NULL;
	ldns_rdf *qname = NULL;
	ldns_pkt *pkt = NULL;
	ldns_status st;
	size_t i;
	int r = 0;

	memset(out, 0, sizeof(*out));
	if (len < 12 || len > PC_DNS_MSG_MAX)
		return pc_error_set(PC_EPARSE,
		    "the answer for %s (%s) is %zu bytes, which is not a DNS message",
		    name, tname, len);
	if ((qname = ldns_dname_new_frm_str(name)) == NULL)
		return pc_error_set(
		    PC_ECONFIG, "\"%.80s\" is not a domain name", name);
	if ((st = ldns_wire2pkt(&pkt, msg, len)) != LDNS_STATUS_OK) {
		r = pc_error_set(PC_EPARSE,
		    "the answer for %s (%s) is not a valid DNS message (%s)",
		    name, tname, ldns_get_errorstr_by_id(st));
		goto out;
	}
	if ((r = check_header(pkt, qname, type, name, tname)) != 0)
		goto out;
	out->rcode = (int)ldns_pkt_get_rcode(pkt);
	ans = ldns_pkt_answer(pkt);
	if ((r = follow_cnames(&end, &out->cnames, ans, qname, name)) != 0)
		goto out;
	if ((out->target = name_text(end)) == NULL) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; ans && i < ldns_rr_list_rr_count(ans); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(ans, i);

		if (ldns_rr_get_type(rr) != (ldns_rr_type)type ||
		    ldns_rr_get_class(rr) != LDNS_RR_CLASS_IN ||
		    ldns_dname_compare(ldns_rr_owner(rr), end) != 0)
			continue;
		if ((r = add_record(out, rr, type, name)) != 0)
			goto out;
	}
out:
	if (r != 0)
		pc_dns_answer_free(out);
	ldns_pkt_free(pkt);
	ldns_rdf_deep_free(qname);
	return r;
}

/* Frees an answer. */
void
pc_dns_answer_free(struct pc_dns_answer *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < a->nrecords; i++)
		free(a->records[i]);
	free(a->records);
	free(a->target);
	memset(a, 0, sizeof(*a));
}
