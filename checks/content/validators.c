/* Validators: the table of checksums and shape rules by name. */
#include <string.h>

#include "validators_int.h"

static const struct pc_validator validators[] = {
	{ "nino", pc_v_nino },
	{ "nhs", pc_v_nhs },
	{ "card", pc_v_card },
	{ "uk_bank", pc_v_uk_bank },
	{ "iban_gb", pc_v_iban_gb },
	{ "passport", pc_v_passport },
	{ "passport_mrz", pc_v_passport_mrz },
	{ "dvla", pc_v_dvla },
	{ "phone_uk", pc_v_phone_uk },
	{ "email", pc_v_email },
	{ "postcode", pc_v_postcode },
	{ "dob", pc_v_dob },
	{ "private_key", pc_v_private_key },
	{ "aws_key_id", pc_v_aws_key_id },
	{ "aws_secret", pc_v_aws_secret },
	{ "token", pc_v_token },
	{ "github_token", pc_v_github_token },
	{ "password", pc_v_password },
	{ NULL, NULL },
};

/* The validator called name, or NULL. */
const struct pc_validator *
pc_validator_find(const char *name)
{
	size_t i;

	for (i = 0; validators[i].name != NULL; i++)
		if (strcmp(validators[i].name, name) == 0)
			return &validators[i];
	return NULL;
}

/* Names of all validators, NULL-terminated. */
const char *const *
pc_validator_names(void)
{
	static const char *names[sizeof(validators) / sizeof(validators[0])];
	size_t i;

	for (i = 0; validators[i].name != NULL; i++)
		names[i] = validators[i].name;
	names[i] = NULL;
	return names;
}
