/* SPF (RFC 7208), DMARC (RFC 7489) and DKIM (RFC 6376) record reading. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "records.h"

/* Skips spaces. */
static const char *
skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* True when s starts with tag (case-insensitive) then a space or end. */
static bool
starts_term(const char *s, const char *tag)
{
	size_t n = strlen(tag);

	return strncasecmp(s, tag, n) == 0 &&
	    (s[n] == '\0' || s[n] == ' ' || s[n] == '\t');
}

/* The term at p (up to a space): its length. */
static size_t
term_len(const char *p)
{
	return strcspn(p, " \t");
}

/* Evaluates the mechanisms of one v=spf1 record. */
static void
spf_terms(struct pc_spf *out, const char *rec)
{
	const char *p = skip_space(rec + 6), *t;
	bool redirect = false, other = false;
	char q;
	size_t n;

	out->verdict = PC_SPF_NEUTRAL; /* no all, no redirect: neutral */
	for (; *p; p = skip_space(p + n)) {
		n = term_len(p);
		t = p;
		q = '+';
		if (*t == '+' || *t == '-' || *t == '~' || *t == '?')
			q = *t++;
		if ((size_t)(t - p) + 3 == n && strncasecmp(t, "all", 3) == 0) {
			/* Terms after all are never reached. */
			out->verdict = q == '+' ? PC_SPF_PASS_ALL
			    : q == '?'          ? PC_SPF_NEUTRAL
						: PC_SPF_OK;
			out->sends_nothing = q == '-' && !other && !redirect;
			return;
		}
		if (n > 9 && strncasecmp(p, "redirect=", 9) == 0)
			redirect = true;
		else if (memchr(p, '=', n) == NULL)
			other = true; /* a mechanism, not a modifier */
	}
	if (redirect)
		out->verdict = PC_SPF_OK; /* decided by the other domain */
}

/* Reads the TXT records at a domain for SPF. */
void
pc_spf_eval(struct pc_spf *out, char *const *txt, size_t n)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < n; i++) {
		if (!starts_term(skip_space(txt[i]), "v=spf1"))
			continue;
		if (out->nrecords++ == 0)
			out->record = skip_space(txt[i]);
	}
	if (out->nrecords == 0) {
		out->verdict = PC_SPF_MISSING;
		return;
	}
	spf_terms(out, out->record);
	if (out->nrecords > 1) {
		out->verdict = PC_SPF_MULTIPLE;
		out->sends_nothing = false;
	}
}

/* Finds tag's value in a "k=v; k=v" record; copies at most n-1 bytes. */
static bool
tag_value(const char *rec, const char *tag, char *val, size_t n)
{
	const char *p = rec, *v, *e;
	size_t tl = strlen(tag), k, i;

	while (*p) {
		p = skip_space(p);
		e = p + strcspn(p, ";");
		k = strcspn(p, "=");
		if (p + k < e) {
			size_t kl = k;

			while (
			    kl > 0 && (p[kl - 1] == ' ' || p[kl - 1] == '\t'))
				kl--;
			if (kl == tl && strncasecmp(p, tag, tl) == 0) {
				v = p + k + 1;
				for (i = 0; v < e && i + 1 < n; v++)
					if (!isspace((unsigned char)*v))
						val[i++] = *v;
				val[i] = '\0';
				return true;
			}
		}
		p = *e ? e + 1 : e;
	}
	return false;
}

/* True when a record's first tag is v=value (value case-insensitive). */
static bool
has_version(const char *rec, const char *value)
{
	const char *p = skip_space(rec);
	size_t vl = strlen(value);

	if (*p != 'v' && *p != 'V')
		return false;
	p = skip_space(p + 1);
	if (*p != '=')
		return false;
	p = skip_space(p + 1);
	if (strncasecmp(p, value, vl) != 0)
		return false;
	p = skip_space(p + vl);
	return *p == ';' || *p == '\0';
}

/* Reads the TXT records at _dmarc.<domain>. */
void
pc_dmarc_eval(struct pc_dmarc *out, char *const *txt, size_t n)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < n; i++) {
		if (!has_version(txt[i], "DMARC1"))
			continue;
		if (out->nrecords++ == 0)
			out->record = txt[i];
	}
	if (out->nrecords != 1) {
		/* Receivers ignore DMARC when there are several records. */
		out->verdict = PC_DMARC_MISSING;
		return;
	}
	if (!tag_value(out->record, "p", out->policy, sizeof(out->policy)) ||
	    (strcasecmp(out->policy, "quarantine") != 0 &&
		strcasecmp(out->policy, "reject") != 0)) {
		/* No valid p=: receivers treat it as p=none (RFC 7489 6.6.3). */
		out->verdict = PC_DMARC_NONE;
		return;
	}
	out->verdict = PC_DMARC_OK;
}

/* True when one TXT record at a selector carries a (non-revoked) key. */
bool
pc_dkim_has_key(char *const *txt, size_t n)
{
	char key[8];
	size_t i;

	for (i = 0; i < n; i++) {
		const char *p = skip_space(txt[i]);

		/* v=, when present, must be DKIM1 and first. */
		if (strncasecmp(p, "v", 1) == 0 && *skip_space(p + 1) == '=' &&
		    !has_version(p, "DKIM1"))
			continue;
		if (tag_value(p, "p", key, sizeof(key)) && key[0] != '\0')
			return true;
	}
	return false;
}

/* True when the MX records say the domain takes no mail. */
bool
pc_mx_none(char *const *mx, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(mx[i], ".") != 0 && mx[i][0] != '\0')
			return false;
	return true;
}
