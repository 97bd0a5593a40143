/* Fuzz target: the forwarding readers (Graph messageRules pages, Gmail
 * forwardingAddresses, autoForwarding and filters) on arbitrary JSON must
 * read it or refuse it, never crash; each rule they hand over is within
 * its caps. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/json.h"
#include "checks/email/fwdrules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Checks each rule's invariants. */
static int
each_rule(void *arg, const struct pc_fwd_rule *rule)
{
	size_t i;

	(void)arg;
	if (rule->ntargets > PC_FWD_MAX_TARGETS ||
	    memchr(rule->name, '\0', sizeof(rule->name)) == NULL)
		abort();
	for (i = 0; i < rule->ntargets; i++)
		if (memchr(rule->targets[i].address, '\0',
		    PC_FWD_ADDRESS_MAX) == NULL ||
		    rule->targets[i].address[0] == '\0')
			abort();
	return 0;
}

/* Counts an address. */
static int
each_addr(void *arg, const char *address)
{
	(void)address;
	(*(size_t *)arg)++;
	return 0;
}

/* The bytes as every answer the forwarding part reads. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pc_fwd_rule rule;
	cJSON *j = NULL;
	size_t n = 0;

	if (pc_json_parse(&j, (const char *)data, size, 1 << 20, "fuzz") != 0)
		return 0;
	(void)pc_fwd_graph_page(j, each_rule, NULL);
	(void)pc_fwd_graph_rule(&rule, j);
	(void)pc_fwd_gmail_accepted(j, each_addr, &n);
	if (pc_fwd_gmail_auto(&rule, j) == 0)
		(void)each_rule(NULL, &rule);
	(void)pc_fwd_gmail_filters(j, each_rule, NULL);
	cJSON_Delete(j);
	return 0;
}
