/* DNS message build and parse for DNS-over-HTTPS (checks/email/dns.c).
 * Answers are built with ldns from zone-file lines, one case per fault. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include "agent/lib/err.h"
#include "checks/email/dns.h"

/* An answer to (qname, qtype) with rcode and the given answer records;
 * flags tweak the header: 1 = no QR bit, 2 = ID 7, 4 = TC. */
static uint8_t *
answer(size_t *len, const char *qname, ldns_rr_type qtype, int rcode,
    const char *const *rrs, int flags)
{
	ldns_pkt *p = ldns_pkt_query_new(ldns_dname_new_frm_str(qname), qtype,
	    LDNS_RR_CLASS_IN, LDNS_RD);
	uint8_t *wire = NULL, *copy;
	ldns_rr *rr;
	size_t i;

	cr_assert_not_null(p);
	ldns_pkt_set_id(p, (flags & 2) ? 7 : 0);
	ldns_pkt_set_qr(p, !(flags & 1));
	ldns_pkt_set_tc(p, (flags & 4) != 0);
	ldns_pkt_set_ra(p, true);
	ldns_pkt_set_rcode(p, (uint8_t)rcode);
	for (i = 0; rrs && rrs[i]; i++) {
		cr_assert_eq(ldns_rr_new_frm_str(&rr, rrs[i], 300, NULL, NULL),
		    LDNS_STATUS_OK, "bad test record %s", rrs[i]);
		ldns_pkt_push_rr(p, LDNS_SECTION_ANSWER, rr);
	}
	cr_assert_eq(ldns_pkt2wire(&wire, p, len), LDNS_STATUS_OK);
	copy = malloc(*len);
	memcpy(copy, wire, *len);
	LDNS_FREE(wire);
	ldns_pkt_free(p);
	return copy;
}

Test(dns, query_is_rfc8484_shaped)
{
	ldns_pkt *p = NULL;
	uint8_t *msg;
	size_t len;
	ldns_rr *q;

	cr_assert_eq(pc_dns_query(&msg, &len, "_dmarc.example.org",
	    PC_DNS_TXT), 0);
	cr_assert_eq(ldns_wire2pkt(&p, msg, len), LDNS_STATUS_OK);
	cr_assert_eq(ldns_pkt_id(p), 0, "RFC 8484: ID 0 for caching");
	cr_assert(ldns_pkt_rd(p));
	cr_assert(!ldns_pkt_qr(p));
	cr_assert_eq(ldns_rr_list_rr_count(ldns_pkt_question(p)), 1);
	q = ldns_rr_list_rr(ldns_pkt_question(p), 0);
	cr_assert_eq(ldns_rr_get_type(q), LDNS_RR_TYPE_TXT);
	char *s = ldns_rdf2str(ldns_rr_owner(q));
	cr_assert_str_eq(s, "_dmarc.example.org.");
	free(s);
	ldns_pkt_free(p);
	free(msg);
}

Test(dns, query_refuses_a_bad_name)
{
	uint8_t *msg = NULL;
	size_t len;

	cr_assert_neq(pc_dns_query(&msg, &len, "exa mple.org", PC_DNS_TXT), 0);
	cr_assert_null(msg);
	cr_assert_neq(pc_dns_query(&msg, &len, "https://x.org/", PC_DNS_MX),
	    0);
}

Test(dns, name_valid)
{
	cr_assert(pc_dns_name_valid("example.org"));
	cr_assert(pc_dns_name_valid("example.org."));
	cr_assert(pc_dns_name_valid("selector1._domainkey.example.co.uk"));
	cr_assert(!pc_dns_name_valid("localhost"));
	cr_assert(!pc_dns_name_valid("a..b"));
	cr_assert(!pc_dns_name_valid("-a.b"));
	cr_assert(!pc_dns_name_valid("a-.b"));
	cr_assert(!pc_dns_name_valid("a.b-"));
	cr_assert(!pc_dns_name_valid(""));
	cr_assert(!pc_dns_name_valid("user@example.org"));
}

Test(dns, split_txt_strings_are_joined)
{
	char rec[700], want[600];
	const char *rrs[] = { rec, NULL };
	struct pc_dns_answer a;
	uint8_t *msg;
	size_t len;

	/* 300 + 200 bytes in two character-strings. */
	memset(want, 'k', 500);
	want[500] = '\0';
	memcpy(want, "v=DKIM1; p=", 11);
	snprintf(rec, sizeof(rec), "s._domainkey.example.org. IN TXT "
	    "\"%.255s\" \"%s\"", want, want + 255);
	msg = answer(&len, "s._domainkey.example.org", LDNS_RR_TYPE_TXT, 0,
	    rrs, 0);
	cr_assert_eq(pc_dns_parse(&a, msg, len, "s._domainkey.example.org",
	    PC_DNS_TXT), 0, "%s", pc_error_get());
	cr_assert_eq(a.rcode, PC_DNS_NOERROR);
	cr_assert_eq(a.nrecords, 1);
	cr_assert_str_eq(a.records[0], want);
	pc_dns_answer_free(&a);
	free(msg);
}

Test(dns, cname_chain_is_followed)
{
	const char *rrs[] = {
		"selector1._domainkey.example.org. IN CNAME "
		"selector1-example-org._domainkey.exampleshire.onmicrosoft.com.",
		"selector1-example-org._domainkey.exampleshire.onmicrosoft.com. "
		"IN CNAME key1.dkim.example.net.",
		"key1.dkim.example.net. IN TXT \"v=DKIM1; k=rsa; p=MIIB\"",
		"unrelated.example.net. IN TXT \"v=DKIM1; p=WRONG\"",
		NULL,
	};
	struct pc_dns_answer a;
	uint8_t *msg;
	size_t len;

	msg = answer(&len, "selector1._domainkey.example.org",
	    LDNS_RR_TYPE_TXT, 0, rrs, 0);
	cr_assert_eq(pc_dns_parse(&a, msg, len,
	    "selector1._domainkey.example.org", PC_DNS_TXT), 0, "%s",
	    pc_error_get());
	cr_assert_eq(a.cnames, 2);
	cr_assert_str_eq(a.target, "key1.dkim.example.net");
	cr_assert_eq(a.nrecords, 1, "only the record at the chain's end");
	cr_assert_str_eq(a.records[0], "v=DKIM1; k=rsa; p=MIIB");
	pc_dns_answer_free(&a);
	free(msg);
}

Test(dns, cname_loop_is_an_error)
{
	const char *rrs[] = {
		"a.example.org. IN CNAME b.example.org.",
		"b.example.org. IN CNAME a.example.org.",
		NULL,
	};
	struct pc_dns_answer a;
	uint8_t *msg;
	size_t len;

	msg = answer(&len, "a.example.org", LDNS_RR_TYPE_TXT, 0, rrs, 0);
	cr_assert_neq(pc_dns_parse(&a, msg, len, "a.example.org", PC_DNS_TXT),
	    0);
	cr_assert(strstr(pc_error_get(), "CNAME") != NULL, "%s",
	    pc_error_get());
	cr_assert_null(a.records);
	free(msg);
}

Test(dns, nxdomain_is_an_answer)
{
	struct pc_dns_answer a;
	uint8_t *msg;
	size_t len;

	msg = answer(&len, "_dmarc.example.org", LDNS_RR_TYPE_TXT, 3, NULL, 0);
	cr_assert_eq(pc_dns_parse(&a, msg, len, "_dmarc.example.org",
	    PC_DNS_TXT), 0);
	cr_assert_eq(a.rcode, PC_DNS_NXDOMAIN);
	cr_assert_eq(a.nrecords, 0);
	pc_dns_answer_free(&a);
	free(msg);
}

Test(dns, servfail_and_refused_are_errors)
{
	struct pc_dns_answer a;
	uint8_t *msg;
	size_t len;

	msg = answer(&len, "example.org", LDNS_RR_TYPE_TXT, 2, NULL, 0);
	cr_assert_neq(pc_dns_parse(&a, msg, len, "example.org", PC_DNS_TXT),
	    0);
	cr_assert(strstr(pc_error_get(), "SERVFAIL for example.org") != NULL,
	    "%s", pc_error_get());
	free(msg);
	msg = answer(&len, "example.org", LDNS_RR_TYPE_MX, 5, NULL, 0);
	cr_assert_neq(pc_dns_parse(&a, msg, len, "example.org", PC_DNS_MX), 0);
	cr_assert(strstr(pc_error_get(), "REFUSED") != NULL);
	free(msg);
}

Test(dns, truncated_message_is_an_error)
{
	const char *rrs[] = { "example.org. IN TXT \"v=spf1 -all\"", NULL };
	struct pc_dns_answer a;
	uint8_t *msg;
	size_t len;

	msg = answer(&len, "example.org", LDNS_RR_TYPE_TXT, 0, rrs, 0);
	cr_assert_neq(pc_dns_parse(&a, msg, len - 5, "example.org",
	    PC_DNS_TXT), 0);
	cr_assert(strstr(pc_error_get(), "not a valid DNS message") != NULL,
	    "%s", pc_error_get());
	cr_assert_neq(pc_dns_parse(&a, msg, 5, "example.org", PC_DNS_TXT), 0);
	cr_assert_neq(pc_dns_parse(&a, msg, PC_DNS_MSG_MAX + 1, "example.org",
	    PC_DNS_TXT), 0, "over 64 KiB is never a DNS message");
	cr_assert(strstr(pc_error_get(), "not a DNS message") != NULL);
	cr_assert_neq(pc_dns_parse(&a, (const uint8_t *)"<html>Sign in"
	    "</html>", 19, "example.org", PC_DNS_TXT), 0);
	free(msg);
}

Test(dns, header_must_match_the_query)
{
	struct pc_dns_answer a;
	uint8_t *msg;
	size_t len;

	msg = answer(&len, "example.org", LDNS_RR_TYPE_TXT, 0, NULL, 1);
	cr_assert_neq(pc_dns_parse(&a, msg, len, "example.org", PC_DNS_TXT),
	    0, "not a response");
	free(msg);
	msg = answer(&len, "example.org", LDNS_RR_TYPE_TXT, 0, NULL, 2);
	cr_assert_neq(pc_dns_parse(&a, msg, len, "example.org", PC_DNS_TXT),
	    0, "another ID");
	free(msg);
	msg = answer(&len, "example.org", LDNS_RR_TYPE_TXT, 0, NULL, 4);
	cr_assert_neq(pc_dns_parse(&a, msg, len, "example.org", PC_DNS_TXT),
	    0, "TC set");
	cr_assert(strstr(pc_error_get(), "truncated") != NULL);
	free(msg);
	msg = answer(&len, "other.org", LDNS_RR_TYPE_TXT, 0, NULL, 0);
	cr_assert_neq(pc_dns_parse(&a, msg, len, "example.org", PC_DNS_TXT),
	    0, "another question");
	cr_assert_neq(pc_dns_parse(&a, msg, len, "other.org", PC_DNS_MX), 0,
	    "another type");
	cr_assert_eq(pc_dns_parse(&a, msg, len, "OTHER.org.", PC_DNS_TXT), 0,
	    "names compare without case and final dot");
	pc_dns_answer_free(&a);
	free(msg);
}

Test(dns, a_64k_txt_record_is_refused)
{
	static char rec[70000];
	const char *rrs[] = { rec, NULL };
	struct pc_dns_answer a;
	size_t k, i, len;
	uint8_t *msg;

	k = (size_t)snprintf(rec, sizeof(rec), "big.example.org. IN TXT");
	for (i = 0; i < 250; i++) {
		rec[k++] = ' ';
		rec[k++] = '"';
		memset(rec + k, 'a', 255);
		k += 255;
		rec[k++] = '"';
	}
	rec[k] = '\0';
	msg = answer(&len, "big.example.org", LDNS_RR_TYPE_TXT, 0, rrs, 0);
	cr_assert_gt(len, 60000);
	cr_assert_eq(pc_dns_parse(&a, msg, len, "big.example.org", PC_DNS_TXT),
	    PC_ELIMIT);
	cr_assert(strstr(pc_error_get(), "8192-byte limit") != NULL, "%s",
	    pc_error_get());
	free(msg);
}

Test(dns, mx_names_and_null_mx)
{
	const char *rrs[] = {
		"example.org. IN MX 10 Mail.Example.org.",
		"example.org. IN MX 0 .",
		NULL,
	};
	struct pc_dns_answer a;
	uint8_t *msg;
	size_t len;

	msg = answer(&len, "example.org", LDNS_RR_TYPE_MX, 0, rrs, 0);
	cr_assert_eq(pc_dns_parse(&a, msg, len, "example.org", PC_DNS_MX), 0);
	cr_assert_eq(a.nrecords, 2);
	cr_assert_str_eq(a.records[0], "mail.example.org");
	cr_assert_str_eq(a.records[1], ".");
	pc_dns_answer_free(&a);
	free(msg);
}

Test(dns, control_bytes_in_txt_are_replaced)
{
	const char *rrs[] = { "example.org. IN TXT \"v=spf1\\010\\000 -all\"",
		NULL };
	struct pc_dns_answer a;
	uint8_t *msg;
	size_t len;

	msg = answer(&len, "example.org", LDNS_RR_TYPE_TXT, 0, rrs, 0);
	cr_assert_eq(pc_dns_parse(&a, msg, len, "example.org", PC_DNS_TXT), 0);
	cr_assert_str_eq(a.records[0], "v=spf1?? -all");
	pc_dns_answer_free(&a);
	free(msg);
}
