/* Fuzz target: the accepted-risks file loader never crashes or leaks, an
 * error leaves no list, and a list it accepts applies to a report. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "agent/accepted.h"
#include "agent/lib/date.h"

/* One input, loaded from a memory file as the scan would load the file. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const staff[] = { "Sam Example", "Alex Case" };
	struct pc_report_finding f = { 0 };
	struct pc_accepted *a = NULL;
	struct pc_report *r;
	struct pc_policy policy;
	char path[64];
	long today;
	int fd, rc;

	if ((fd = memfd_create("accepted", 0)) < 0)
		abort();
	if (size && write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	(void)pc_date_parse(&today, "2026-12-06");
	rc = pc_accepted_load(&a, path, staff, 2, today);
	close(fd);
	if (rc != 0) {
		if (a != NULL)
			abort();
		return 0;
	}
	memset(&policy, 0, sizeof(policy));
	if ((r = pc_report_new()) == NULL)
		abort();
	f.id = "0123456789abcdef0123456789abcdef";
	f.check = "email";
	f.rule = "shared_mailbox";
	f.escalate_to = "office_fixes";
	if (pc_report_add_finding(r, &f) != 0)
		abort();
	(void)pc_accepted_apply(r, a, &policy, today, NULL, NULL);
	if (r->nacceptances > a->n)
		abort();
	pc_report_free(r);
	pc_accepted_free(a);
	return 0;
}
