/*
 * Have I Been Pwned: its settings under providers.hibp. Its client (the
 * breached-account search) is the exposure check's breach part; only the
 * settings live here, beside the other providers'.
 */
#include <stddef.h>

#include "checks/providers/hibp.h"

/* providers.hibp: the table the config loader binds. */
static const struct pc_field hibp_fields[] = {
	PC_PROVIDER_FIELD("api_key_file", struct pc_hibp, api_key_file, true,
	    "/etc/portcullis/secrets/hibp"),
	PC_PROVIDER_FIELD("api_url", struct pc_hibp, api_url, false, NULL),
	{ .key = "requests_per_minute",
	    .type = PC_F_INT,
	    .off = offsetof(struct pc_hibp, requests_per_minute),
	    .present_off = PC_NO_OFFSET },
};
static const struct pc_schema hibp_schema =
    PC_PROVIDER_SCHEMA(hibp_fields, struct pc_hibp);

/* Defaults, and https:// only. */
static int
hibp_check(void *data, const char *config_path)
{
	struct pc_hibp *s = data;
	int r;

	if (s->requests_per_minute == 0)
		s->requests_per_minute = 10;
	if ((r = pc_config_default(
		 &s->api_url, "https://haveibeenpwned.com/api/v3")) != 0)
		return r;
	return pc_config_check_url(
	    config_path, "providers.hibp.api_url", s->api_url);
}

static const struct pc_provider_secret hibp_secrets[] = {
	{ "api_key_file", "the Have I Been Pwned API key" },
	{ NULL, NULL },
};

const struct pc_provider_settings pc_hibp_settings = {
	.name = "hibp",
	.schema = &hibp_schema,
	.present_off = offsetof(struct pc_hibp, present),
	.check = hibp_check,
	.secrets = hibp_secrets,
	.starter = false,
};

/* cfg's providers.hibp, or a zeroed one when not registered. */
const struct pc_hibp *
pc_hibp_cfg(const struct pc_config *cfg)
{
	static const struct pc_hibp none;
	const struct pc_hibp *s = pc_config_provider(cfg, &pc_hibp_settings);

	return s ? s : &none;
}
