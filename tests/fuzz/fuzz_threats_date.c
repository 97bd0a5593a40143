/* Fuzz target: the date parser never crashes, and any date it returns
 * is in its range (1970 to 2199). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/threats/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parses data as a NUL-terminated string. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	int64_t t;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	t = pc_threats_date_parse(s);
	if (t != PC_THREATS_NO_DATE &&
	    (t < -14 * 3600 || t > 7258118400LL + 86400))
		abort();
	free(s);
	return 0;
}
