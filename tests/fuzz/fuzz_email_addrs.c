/* Fuzz target: address-list parsing, addresses in free text and forward
 * detection (checks/email/addrlist.c, forward.c) never crash; every kept
 * address is local@domain with a lower-case domain. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/email/addrlist.h"
#include "checks/email/forward.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts unless addr has an '@' with text on both sides, domain lower. */
static void
check_addr(const char *addr)
{
	const char *at = strrchr(addr, '@'), *p;

	if (at == NULL || at == addr || at[1] == '\0')
		abort();
	for (p = at + 1; *p; p++)
		if (isupper((unsigned char)*p))
			abort();
}

/* Runs each reader over data. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pc_addrs a;
	struct pc_fwd_body b;
	char *text, out[PC_ADDR_MAX];
	size_t i, pos = 0, start;

	if ((text = malloc(size + 1)) == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (pc_addrs_parse(&a, text) == 0) {
		if (a.n > PC_ADDRS_MAX)
			abort();
		for (i = 0; i < a.n; i++)
			check_addr(a.v[i].addr);
		pc_addrs_free(&a);
	}
	while (pc_addr_scan(text, size, &pos, &start, out, sizeof(out))) {
		if (start >= pos || pos > size)
			abort();
		check_addr(out);
	}
	memset(&b, 0, sizeof(b));
	pc_fwd_body_scan(&b, text, size);
	if (b.from[0] != '\0')
		check_addr(b.from);
	(void)pc_fwd_subject(text);
	(void)pc_fwd_subject_reply(text);
	free(text);
	return 0;
}
