/* What a domain's SPF, DMARC and DKIM TXT records say (pure functions). */
#ifndef PC_EMAIL_RECORDS_H
#define PC_EMAIL_RECORDS_H

#include <stdbool.h>
#include <stddef.h>

enum pc_spf_verdict {
	PC_SPF_OK,       /* one record ending in ~all or -all (or redirect=) */
	PC_SPF_MISSING,  /* no v=spf1 record */
	PC_SPF_MULTIPLE, /* several v=spf1 records: a permerror */
	PC_SPF_PASS_ALL, /* +all (or bare all): anyone may send */
	PC_SPF_NEUTRAL,  /* ?all, or no all and no redirect: neutral */
};

struct pc_spf {
	enum pc_spf_verdict verdict;
	size_t nrecords;    /* v=spf1 records seen */
	const char *record; /* the (first) v=spf1 record, borrowed */
	bool sends_nothing; /* exactly "v=spf1 -all": no host may send */
};

/* Reads the TXT records at a domain (txt[0..n), joined strings). */
void pc_spf_eval(struct pc_spf *out, char *const *txt, size_t n);

enum pc_dmarc_verdict {
	PC_DMARC_OK,      /* p=quarantine or p=reject */
	PC_DMARC_MISSING, /* no v=DMARC1 record, or several (ignored) */
	PC_DMARC_NONE,    /* p=none, or no valid p= tag */
};

struct pc_dmarc {
	enum pc_dmarc_verdict verdict;
	size_t nrecords;
	const char *record; /* borrowed */
	char policy[16];    /* the p= value as written, "" when absent */
};

/* Reads the TXT records at _dmarc.<domain>. */
void pc_dmarc_eval(struct pc_dmarc *out, char *const *txt, size_t n);

/* True when one of the TXT records at a DKIM selector is a key: a p= tag
 * with a value (an empty p= is a revoked key). */
bool pc_dkim_has_key(char *const *txt, size_t n);

/* True when MX records (exchange names) say the domain takes no mail:
 * none at all, or only the null MX "." (RFC 7505). */
bool pc_mx_none(char *const *mx, size_t n);

#endif
