/* Fuzz target: a DNS-over-HTTPS answer (checks/email/dns.c on ldns) must
 * never crash, and what it accepts keeps its caps. The first byte picks
 * the type asked (TXT or MX); the rest is the answer for example.org. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/email/dns.h"
#include "checks/email/records.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parses data as an answer and reads any TXT records as SPF/DMARC/DKIM. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum pc_dns_type type;
	struct pc_dns_answer a;
	struct pc_dmarc dmarc;
	struct pc_spf spf;
	size_t i;

	if (size < 1)
		return 0;
	type = (data[0] & 1) ? PC_DNS_MX : PC_DNS_TXT;
	if (pc_dns_parse(&a, data + 1, size - 1, "example.org", type) != 0) {
		if (a.records != NULL || a.target != NULL)
			abort(); /* an error leaves nothing behind */
		return 0;
	}
	if (a.nrecords > PC_DNS_RECORDS_MAX || a.cnames > PC_DNS_CNAME_MAX ||
	    a.target == NULL ||
	    (a.rcode != PC_DNS_NOERROR && a.rcode != PC_DNS_NXDOMAIN))
		abort();
	for (i = 0; i < a.nrecords; i++)
		if (strlen(a.records[i]) > PC_DNS_TXT_MAX)
			abort();
	if (type == PC_DNS_TXT) {
		pc_spf_eval(&spf, a.records, a.nrecords);
		pc_dmarc_eval(&dmarc, a.records, a.nrecords);
		(void)pc_dkim_has_key(a.records, a.nrecords);
	} else {
		(void)pc_mx_none(a.records, a.nrecords);
	}
	pc_dns_answer_free(&a);
	return 0;
}
