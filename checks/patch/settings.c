/* checks.patch: the field table the config loader binds, and defaults. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "patch.h"
#include "settings.h"

static const struct pc_field fields[] = {
	{ .key = "root",
	    .type = PC_F_STRING,
	    .nonempty = true,
	    .off = offsetof(struct pc_patch_settings, root),
	    .present_off = PC_NO_OFFSET,
	    .example = "/",
	    .help =
		"the system whose packages are checked (/ is this computer)" },
	{ .key = "max_list_age_days",
	    .type = PC_F_INT,
	    .off = offsetof(struct pc_patch_settings, max_list_age_days),
	    .present_off = PC_NO_OFFSET,
	    .example = "7",
	    .help = "package lists older than this many days are stale" },
};
static const struct pc_schema schema = { fields,
	sizeof(fields) / sizeof(fields[0]), sizeof(struct pc_patch_settings),
	PC_NO_OFFSET };

/* Fills what the config left out. */
static int
defaults(void *data, const char *config_path, const struct pc_yaml_node *node)
{
	struct pc_patch_settings *s = data;

	(void)config_path, (void)node;
	if (s->max_list_age_days == 0)
		s->max_list_age_days = PC_PATCH_MAX_LIST_AGE_DAYS;
	if (s->root == NULL && (s->root = strdup("/")) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	return 0;
}

const struct pc_check_settings pc_patch_settings = { &schema, defaults };
