/* Classifies an address as the office's, a staff member's, or another's. */
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

/* Classifies one address. */
void
pc_email_whose(struct pc_whose *out, const struct pc_config *cfg,
    const struct pc_personal *personal, const char *addr,
    const char *display)
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
	if (out->staff == NULL && out->personal != NULL)
		out->staff = staff_by_display(cfg, display);
	out->staff_personal = out->staff != NULL;
}
