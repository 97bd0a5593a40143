/* checks.threats: the field table the config loader binds. */
#include <stddef.h>

#include "settings.h"

static const struct pc_field fields[] = {
	{ .key = "protected_file",
	    .type = PC_F_STRING,
	    .nonempty = true,
	    .off = offsetof(struct pc_threats_settings, protected_file),
	    .present_off = PC_NO_OFFSET,
	    .help =
		"the file portcullis protect keeps the staff's private details in (keyed hashes, mode 0600), e.g. /etc/portcullis/protected" },
};
static const struct pc_schema schema = { fields,
	sizeof(fields) / sizeof(fields[0]), sizeof(struct pc_threats_settings),
	PC_NO_OFFSET };

const struct pc_check_settings pc_threats_settings = { &schema, NULL };
