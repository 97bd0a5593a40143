/* Classifies an address as the office's, a staff member's, or another's. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "addrlist.h"
#include "people.h"
#include "whose.h"

/* The staff member whose full name or alias the display name is. */
static const struct pc_staff *
staff_by_display(const struct pc_config *cfg, const char *display)
{
	size_t i, j;

	if (display == NULL || display[0] == '\0')
		return NULL;
	for (i = 0; i < cfg->nstaff; i++) {
		const struct pc_staff *s = &cfg->staff[i];

		if (pc_email_names_equal(display, s->name))
			return s;
		for (j = 0; j < s->naliases; j++)
			if (pc_email_names_equal(display, s->aliases[j]))
				return s;
	}
	return NULL;
}

/*
 * The staff member whose name a part of the local part carries: one
 * segment or two adjacent ones between separators (. _ + digits; a
 * hyphen joins, as in a double-barrelled name), as jane.smith.home or
 * alexcaseworker.exampleshire, when the whole local part is not a name.
 */
static const struct pc_staff *
staff_in_segments(const struct pc_config *cfg, const char *local)
{
	char seg[PC_ADDR_MAX];
	size_t starts[16], ends[16], n = 0, i, j, k = 0;
	const struct pc_staff *s;

	for (i = 0;; i++) {
		bool sep = local[i] == '\0' || strchr("._+", local[i]) ||
		    (local[i] >= '0' && local[i] <= '9');

		if (!sep && k == 0 && n < 16)
			starts[n] = i, k = 1;
		else if (sep && k == 1) {
			ends[n++] = i;
			k = 0;
		}
		if (local[i] == '\0')
			break;
	}
	for (i = 0; i < n; i++)
		for (j = i; j < n && j <= i + 1; j++) {
			if (i == 0 && j == n - 1)
				continue; /* the whole local part: tried already */
			snprintf(seg, sizeof(seg), "%.*s",
			    (int)(ends[j] - starts[i]), local + starts[i]);
			if ((s = pc_email_staff_named(cfg, seg)) != NULL)
				return s;
		}
	return NULL;
}

/* Classifies one address. */
void
pc_email_whose(struct pc_whose *out, const struct pc_config *cfg,
    const struct pc_personal *personal, const char *addr, const char *display)
{
	char local[PC_ADDR_MAX];
	const char *domain = pc_addr_split(addr, local, sizeof(local));

	memset(out, 0, sizeof(*out));
	if (domain == NULL)
		return;
	out->staff = pc_config_find_staff(cfg, "", addr);
	if (pc_email_domain_is_office(cfg, domain)) {
		out->office = true;
		if (out->staff == NULL)
			out->staff = pc_email_staff_named(cfg, local);
		return;
	}
	out->personal = pc_personal_match(personal, domain);
	if (out->staff == NULL)
		out->staff = pc_email_staff_named(cfg, local);
	if (out->staff == NULL)
		out->staff = staff_in_segments(cfg, local);
	if (out->staff == NULL && out->personal != NULL)
		out->staff = staff_by_display(cfg, display);
	out->staff_personal = out->staff != NULL;
}
