/* DNS over HTTPS client (checks/email/doh.c): what fails before any
 * request is sent fails alone, with a message naming the name. */
#include <criterion/criterion.h>
#include <string.h>

#include "agent/lib/err.h"
#include "checks/email/doh.h"

Test(doh, a_name_too_long_fails_alone)
{
	char name[300];
	struct pc_doh_query q[2];
	struct pc_doh *d = NULL;

	memset(name, 'a', 60);
	memcpy(name + 60, ".", 1);
	memset(name + 61, 'b', 60);
	memcpy(name + 121, ".", 1);
	memset(name + 122, 'c', 60);
	memcpy(name + 182, ".", 1);
	memset(name + 183, 'd', 60);
	memcpy(name + 243, ".example.org", 13); /* 255 bytes */
	memset(q, 0, sizeof(q));
	q[0].name = name;
	q[0].type = PC_DNS_TXT;
	q[1].name = "bad name.example.org";
	q[1].type = PC_DNS_MX;
	/* Port 1: nothing is sent, so nothing may connect. */
	cr_assert_eq(pc_doh_new(&d, "https://127.0.0.1:1/dns-query", NULL), 0);
	cr_assert_eq(pc_doh_lookup(d, q, 2), 0, "%s", pc_error_get());
	cr_assert_neq(q[0].err, 0);
	cr_assert(strstr(q[0].errmsg, "longer than the 253 bytes") != NULL,
	    "%s", q[0].errmsg);
	cr_assert_neq(q[1].err, 0);
	cr_assert(strstr(q[1].errmsg, "is not a domain name") != NULL, "%s",
	    q[1].errmsg);
	cr_assert_eq(pc_doh_requests(d), 0);
	pc_doh_queries_free(q, 2);
	pc_doh_free(d);
}

Test(doh, an_unreachable_resolver_fails_each_query)
{
	struct pc_doh_query q[1] = { { .name = "example.org",
		.type = PC_DNS_TXT } };
	struct pc_doh *d = NULL;

	cr_assert_eq(pc_doh_new(&d, "https://127.0.0.1:1/dns-query", NULL), 0);
	cr_assert_eq(pc_doh_lookup(d, q, 1), 0);
	cr_assert_neq(q[0].err, 0, "a refused connection is never an answer");
	cr_assert_eq(q[0].answer.nrecords, 0);
	pc_doh_queries_free(q, 1);
	pc_doh_free(d);
}
