/*
 * providers.<name>: each provider's settings come from its own table in
 * checks/providers/, and the config loader learns them from the registry
 * (a provider the core has never heard of loads as well as the real ones).
 */
#include <criterion/criterion.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "agent/check.h"
#include "agent/config.h"
#include "agent/lib/err.h"
#include "agent/lib/schema.h"
#include "checks/providers/github.h"
#include "checks/providers/hibp.h"

#define HEAD                                                                   \
	"office: {id: o, name: O, digital_lead: D, "                           \
	"parliamentary_domains: [parliament.uk]}\n"                            \
	"report: {dir: /tmp, signing_key: /tmp/pc-no-such-key}\n"

/* Writes text to a temporary config file; returns its path. */
static const char *
write_config(const char *text)
{
	static char path[] = "/tmp/pc-provsettings-XXXXXX";
	int fd;

	snprintf(path, sizeof(path), "%s", "/tmp/pc-provsettings-XXXXXX");
	fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

Test(provider_settings, unknown_provider_names_the_registered_ones)
{
	struct pc_config *c = NULL;
	const char *p = write_config(HEAD "providers:\n  gitlab: {x: 1}\n");

	cr_assert_neq(pc_config_load(&c, p, &pc_registry), 0);
	cr_assert(strstr(pc_error_get(),
		      ":4: providers.gitlab: unknown key; expected one of: microsoft365, google, github, slack, okta, hibp"),
	    "%s", pc_error_get());
	unlink(p);
}

Test(provider_settings, defaults_and_absent_providers)
{
	struct pc_config *c = NULL;
	const char *p = write_config(
	    HEAD "providers:\n  hibp: {api_key_file: /tmp/k}\n");

	cr_assert_eq(pc_config_load(&c, p, &pc_registry), 0, "%s",
	    pc_error_get());
	cr_assert(pc_hibp_cfg(c)->present);
	cr_assert_eq(pc_hibp_cfg(c)->requests_per_minute, 10);
	cr_assert_str_eq(
	    pc_hibp_cfg(c)->api_url, "https://haveibeenpwned.com/api/v3");
	cr_assert(!pc_github_cfg(c)->present, "left out: zeroed");
	cr_assert_null(pc_github_cfg(c)->api_url, "no defaults when absent");
	cr_assert(pc_config_has_provider(c, "hibp"));
	cr_assert(!pc_config_has_provider(c, "github"));
	pc_config_free(c);
	unlink(p);
}

/* Every secret file a table lists is one of its string fields. */
Test(provider_settings, secret_keys_name_string_fields)
{
	const struct pc_provider_settings *const *t = pc_registry.providers;
	const struct pc_provider_secret *s;
	size_t i, k, found;

	for (i = 0; t[i] != NULL; i++)
		for (s = t[i]->secrets; s && s->key; s++) {
			for (k = 0, found = 0; k < t[i]->schema->nfields; k++)
				found += t[i]->schema->fields[k].type ==
					PC_F_STRING &&
				    strcmp(t[i]->schema->fields[k].key, s->key) ==
					0;
			cr_assert_eq(found, 1, "providers.%s.%s", t[i]->name,
			    s->key);
		}
}

/* A provider the core has never heard of: its own struct and table. */
struct fake {
	bool present;
	char *token_file, *url;
};
static const struct pc_field fake_fields[] = {
	{ .key = "token_file",
	    .type = PC_F_STRING,
	    .off = offsetof(struct fake, token_file),
	    .required = true,
	    .present_off = PC_NO_OFFSET },
	{ .key = "url",
	    .type = PC_F_STRING,
	    .off = offsetof(struct fake, url),
	    .present_off = PC_NO_OFFSET },
};
static const struct pc_schema fake_schema = { fake_fields, 2,
	sizeof(struct fake), PC_NO_OFFSET };

static int
fake_check(void *data, const char *config_path)
{
	struct fake *f = data;
	int r;

	if ((r = pc_config_default(&f->url, "https://fake.example")) != 0)
		return r;
	return pc_config_check_url(config_path, "providers.fake.url", f->url);
}

static const struct pc_provider_secret fake_secrets[] = {
	{ "token_file", "the fake token" },
	{ NULL, NULL },
};
static const struct pc_provider_settings fake_settings = {
	.name = "fake",
	.schema = &fake_schema,
	.present_off = offsetof(struct fake, present),
	.check = fake_check,
	.secrets = fake_secrets,
};

Test(provider_settings, a_new_provider_needs_no_core_edit)
{
	static const struct pc_provider_settings *const providers[] = {
		&fake_settings, NULL
	};
	const struct pc_config_tables tables = { pc_checks, providers };
	struct pc_config_secret sec[4];
	struct pc_config *c = NULL;
	const struct fake *f;
	const char *p;

	p = write_config(HEAD "providers:\n  fake: {token_file: /tmp/t}\n");
	cr_assert_eq(pc_config_load(&c, p, &tables), 0, "%s", pc_error_get());
	f = pc_config_provider(c, &fake_settings);
	cr_assert(f && f->present);
	cr_assert_str_eq(f->url, "https://fake.example");
	cr_assert_eq(pc_config_provider_secrets(c, sec, 4), 1);
	cr_assert_str_eq(sec[0].key, "providers.fake.token_file");
	cr_assert_str_eq(sec[0].path, "/tmp/t");
	cr_assert_str_eq(sec[0].what, "the fake token");
	pc_config_free(c);
	unlink(p);

	p = write_config(HEAD "providers:\n  fake: {url: /x}\n");
	cr_assert_neq(pc_config_load(&c, p, &tables), 0);
	cr_assert(strstr(pc_error_get(), ":4: providers.fake.token_file: missing"),
	    "%s", pc_error_get());
	unlink(p);

	p = write_config(
	    HEAD "providers:\n  fake: {token_file: /t, url: \"http://x\"}\n");
	cr_assert_neq(pc_config_load(&c, p, &tables), 0);
	cr_assert(strstr(pc_error_get(),
		      "providers.fake.url: expected an https:// URL"),
	    "%s", pc_error_get());
	unlink(p);
}
