/* Fuzz target: a message or mailbox read through the email check's mail
 * reader and tally (checks/email/mailread.c, mailuse.c, whose.c) never
 * crashes; every pair counts at least one message, and casework
 * forwards never outnumber the pair's messages. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/content/extract.h"
#include "checks/email/mailread.h"
#include "checks/email/mailuse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *pdoms[] = { "parliament.uk" };
static char *alias[] = { "Janey Smith" };
static struct pc_staff staff[] = {
	{ .name = "Jane Smith", .email = "jane.smith@parliament.uk",
	    .aliases = alias, .naliases = 1 },
	{ .name = "Dana Volunteer", .email = "dana.v@gmail.com" },
};
static const char *const personal_domains[] = { "gmail.com", "hotmail.*",
	"outlook.com" };

/* Feeds a message into the tally. */
static int
on_message(void *arg, const struct pc_mail_msg *m)
{
	return pc_mailuse_add(arg, m);
}

/* First byte: M mbox, else one message; the rest is the file. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pc_personal *personal;
	struct pc_config cfg;
	struct pc_text_loc loc = { .path = "fuzz" };
	struct pc_extract_result res;
	struct pc_mailread *r = NULL;
	struct pc_mailuse *u = NULL;
	const struct pc_mail_use *v;
	struct pc_text_sink sink;
	size_t i, n;

	if (size < 1)
		return 0;
	if (personal == NULL &&
	    pc_personal_new(&personal, personal_domains, 3) != 0)
		abort();
	memset(&cfg, 0, sizeof(cfg));
	cfg.office.parliamentary_domains = pdoms;
	cfg.office.ndomains = 1;
	cfg.staff = staff;
	cfg.nstaff = 2;
	memset(&res, 0, sizeof(res));
	if (pc_mailuse_new(&u, &cfg, personal) != 0 ||
	    pc_mailread_new(&r, on_message, u) != 0)
		abort();
	pc_mailread_sink(r, &sink);
	(void)pc_extract_mem((const char *)data + 1, size - 1, &loc,
	    data[0] == 'M' ? PC_DOC_MBOX : PC_DOC_EML, &sink, &res);
	(void)pc_mailread_flush(r);
	v = pc_mailuse_list(u, &n);
	for (i = 0; i < n; i++)
		if (v[i].msgs == 0 || v[i].fwd > v[i].msgs ||
		    v[i].sent + v[i].received != v[i].msgs)
			abort();
	pc_mailread_free(r);
	pc_mailuse_free(u);
	return 0;
}
