/* checks.email: the field table the config loader binds, defaults and the
 * checks a table cannot express (URL shape, selector names). */
#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "agent/config.h"
#include "agent/lib/err.h"
#include "agent/lib/yaml.h"
#include "settings.h"

static const struct pc_field fields[] = {
	{ .key = "doh_url",
	    .type = PC_F_STRING,
	    .nonempty = true,
	    .off = offsetof(struct pc_email_settings, doh_url),
	    .present_off = PC_NO_OFFSET,
	    .example = PC_EMAIL_DEFAULT_DOH_URL,
	    .help =
		"the DNS-over-HTTPS resolver used to look up the office domains' SPF, DKIM and DMARC records" },
	{ .key = "dkim_selectors",
	    .type = PC_F_STRLIST,
	    .off = offsetof(struct pc_email_settings, dkim_selectors),
	    .count_off = offsetof(struct pc_email_settings, ndkim_selectors),
	    .present_off = PC_NO_OFFSET,
	    .example = "[]",
	    .help =
		"DKIM selectors of other services that send as the office's domains (e.g. a newsletter)" },
};
static const struct pc_schema schema = { fields,
	sizeof(fields) / sizeof(fields[0]), sizeof(struct pc_email_settings),
	PC_NO_OFFSET };

/* True for https://HOST[:PORT][/PATH] with a plain host and no spaces,
 * user info or fragment (the DoH resolver's URL). */
static bool
doh_url_ok(const char *u)
{
	const char *h = u + 8, *p;
	size_t hl;

	if (strncmp(u, "https://", 8) != 0 || strlen(u) > 2048)
		return false;
	for (p = u; *p; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f ||
		    *p == '@' || *p == '#' || *p == '\\')
			return false;
	hl = strcspn(h, ":/?");
	if (hl == 0)
		return false;
	for (p = h; p < h + hl; p++)
		if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-')
			return false;
	if (h[hl] == ':') {
		for (p = h + hl + 1; isdigit((unsigned char)*p); p++)
			;
		if (p == h + hl + 1 || (*p != '\0' && *p != '/'))
			return false;
	}
	return true;
}

/* Line of key in node, else of node, else 1. */
static int
line_of(const struct pc_yaml_node *node, const char *key)
{
	const struct pc_yaml_node *k = node ? pc_yaml_get(node, key) : NULL;

	return k ? k->line : node ? node->line : 1;
}

/* Fills the default resolver and checks the URL and the selectors. */
static int
defaults(void *data, const char *path, const struct pc_yaml_node *node)
{
	struct pc_email_settings *s = data;
	const struct pc_yaml_node *l;
	size_t i;

	if (s->doh_url == NULL &&
	    (s->doh_url = strdup(PC_EMAIL_DEFAULT_DOH_URL)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	if (strncmp(s->doh_url, "https://", 8) != 0)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: checks.email.doh_url: expected an https:// URL, got \"%.80s\" (plain http is never used)",
		    path, line_of(node, "doh_url"), s->doh_url);
	if (!doh_url_ok(s->doh_url))
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: checks.email.doh_url: expected the https:// address of a DNS-over-HTTPS resolver such as %s, got \"%.80s\"",
		    path, line_of(node, "doh_url"), PC_EMAIL_DEFAULT_DOH_URL,
		    s->doh_url);
	if (s->ndkim_selectors > PC_EMAIL_MAX_SELECTORS)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: checks.email.dkim_selectors: expected at most %d selectors, got %zu",
		    path, line_of(node, "dkim_selectors"),
		    PC_EMAIL_MAX_SELECTORS, s->ndkim_selectors);
	l = node ? pc_yaml_get(node, "dkim_selectors") : NULL;
	for (i = 0; i < s->ndkim_selectors; i++)
		if (!pc_config_dns_name_ok(s->dkim_selectors[i], true) ||
		    strlen(s->dkim_selectors[i]) > 63 * 2)
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: checks.email.dkim_selectors[%zu]: expected a DKIM selector such as s1 or mail2024 (the part before ._domainkey), got \"%.60s\"",
			    path,
			    l && i < l->nitems
				? l->items[i]->line
				: line_of(node, "dkim_selectors"),
			    i, s->dkim_selectors[i]);
	return 0;
}

const struct pc_check_settings pc_email_settings = { &schema, defaults };
