/* Names of the shared vocabulary (severity, status) as the JSON spells them. */
#include <ctype.h>
#include <string.h>

#include "vocab.h"

const char *const pc_severity_names[] = { "info", "low", "medium", "high",
	"critical", NULL };

static const char *const status_names[] = { "pass", "fail", "error", "skipped",
	"not_applicable" };

/* Severity name. */
const char *
pc_severity_name(enum pc_severity sev)
{
	if ((int)sev < 0 || sev > PC_SEV_CRITICAL)
		return "unknown";
	return pc_severity_names[sev];
}

/* Parses a severity name; -1 if unknown. */
int
pc_severity_parse(const char *name)
{
	int i;

	for (i = 0; name && pc_severity_names[i]; i++)
		if (strcmp(pc_severity_names[i], name) == 0)
			return i;
	return -1;
}

/* Status name used in the JSON. */
const char *
pc_status_name(enum pc_status st)
{
	if ((int)st < 0 || st > PC_STATUS_NOT_APPLICABLE)
		return "unknown";
	return status_names[st];
}

/* Parses a status name; -1 if unknown. */
int
pc_status_parse(const char *name)
{
	int i;

	for (i = 0; name && i <= PC_STATUS_NOT_APPLICABLE; i++)
		if (strcmp(status_names[i], name) == 0)
			return i;
	return -1;
}

/* True if s is a usable office id. */
bool
pc_office_id_ok(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > 64 || s[0] == '-')
		return false;
	for (i = 0; i < n; i++)
		if (!islower((unsigned char)s[i]) &&
		    !isdigit((unsigned char)s[i]) && s[i] != '-')
			return false;
	return true;
}
