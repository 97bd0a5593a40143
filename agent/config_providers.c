/*
 * providers.<name> in the config: each provider in checks/providers/
 * declares its settings table (struct pc_provider_settings); the loader
 * binds every registered one from it, so the core never names a
 * provider's fields and a new provider edits nothing here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "agent/lib/err.h"
#include "agent/lib/schema.h"

/* Binds every registered provider; unknown names are refused. */
int
pc_config_bind_providers(struct pc_config *c, const struct pc_yaml_node *n,
    const struct pc_provider_settings *const *tables)
{
	struct pc_field *names = NULL;
	struct pc_schema known = { 0 };
	size_t i, k = 0;
	char sub[128];
	int r = 0;

	while (tables && tables[k])
		k++;
	if (k > 0 &&
	    ((c->providers = calloc(k, sizeof(*c->providers))) == NULL ||
		(names = calloc(k, sizeof(*names))) == NULL)) {
		free(names);
		return pc_error_set(PC_ENOMEM, "out of memory");
	}
	for (i = 0; i < k; i++) {
		names[i] = (struct pc_field){ .key = tables[i]->name,
			.type = PC_F_SKIP,
			.present_off = PC_NO_OFFSET };
		c->providers[i].table = tables[i];
		if ((c->providers[i].data =
			    calloc(1, tables[i]->schema->size)) == NULL) {
			free(names);
			return pc_error_set(PC_ENOMEM, "out of memory");
		}
		c->nproviders++;
	}
	/* providers: itself (a mapping of known names), with the schema's
	 * own messages for an unknown name or a wrong type. */
	known = (struct pc_schema){ names, k, 0, PC_NO_OFFSET };
	if (n != NULL)
		r = pc_schema_bind(&known, NULL, n, c->path, "providers");
	free(names);
	for (i = 0; r == 0 && n != NULL && i < k; i++) {
		const struct pc_yaml_node *node =
		    pc_yaml_get(n, tables[i]->name);

		if (node == NULL)
			continue;
		*(bool *)((char *)c->providers[i].data +
		    tables[i]->present_off) = true;
		snprintf(sub, sizeof(sub), "providers.%s", tables[i]->name);
		r = pc_schema_bind(tables[i]->schema, c->providers[i].data,
		    node, c->path, sub);
	}
	return r;
}

/* Is provider i named in the config? */
static bool
present(const struct pc_config_provider *p)
{
	return *(const bool *)((const char *)p->data + p->table->present_off);
}

/* Each named provider's defaults and checks, in registry order. */
int
pc_config_check_providers(struct pc_config *c)
{
	size_t i;
	int r;

	for (i = 0; i < c->nproviders; i++)
		if (present(&c->providers[i]) && c->providers[i].table->check &&
		    (r = c->providers[i].table->check(
			 c->providers[i].data, c->path)) != 0)
			return r;
	return 0;
}

/* The settings of provider t, or NULL. */
const void *
pc_config_provider(
    const struct pc_config *cfg, const struct pc_provider_settings *t)
{
	size_t i;

	for (i = 0; cfg && i < cfg->nproviders; i++)
		if (cfg->providers[i].table == t)
			return cfg->providers[i].data;
	return NULL;
}

/* Does the config name provider name? */
bool
pc_config_has_provider(const struct pc_config *cfg, const char *name)
{
	size_t i;

	for (i = 0; cfg && i < cfg->nproviders; i++)
		if (strcmp(cfg->providers[i].table->name, name) == 0)
			return present(&cfg->providers[i]);
	return false;
}

/* The string field key of a provider's settings, or NULL. */
static const char *
string_field(const struct pc_config_provider *p, const char *key)
{
	const struct pc_schema *s = p->table->schema;
	size_t i;

	for (i = 0; i < s->nfields; i++)
		if (s->fields[i].type == PC_F_STRING &&
		    strcmp(s->fields[i].key, key) == 0)
			return *(char *const *)((const char *)p->data +
			    s->fields[i].off);
	return NULL;
}

/* Every provider's secret files. */
size_t
pc_config_provider_secrets(
    const struct pc_config *cfg, struct pc_config_secret *out, size_t max)
{
	const struct pc_provider_secret *s;
	size_t i, n = 0;

	for (i = 0; i < cfg->nproviders; i++)
		for (s = cfg->providers[i].table->secrets;
		     s && s->key && n < max; s++, n++) {
			snprintf(out[n].key, sizeof(out[n].key),
			    "providers.%s.%s", cfg->providers[i].table->name,
			    s->key);
			out[n].what = s->what;
			out[n].path = string_field(&cfg->providers[i], s->key);
		}
	return n;
}

/* Sets a default string when none was given. */
int
pc_config_default(char **dst, const char *value)
{
	if (*dst != NULL)
		return 0;
	if ((*dst = strdup(value)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	return 0;
}

/* Checks a URL is https. */
int
pc_config_check_url(const char *config_path, const char *key, const char *url)
{
	if (url == NULL || strncmp(url, "https://", 8) == 0)
		return 0;
	return pc_error_set(PC_ECONFIG,
	    "%s: %s: expected an https:// URL, got \"%.80s\" (plain http is never used)",
	    config_path, key, url);
}

/* Frees every provider's settings. */
void
pc_config_providers_free(struct pc_config *c)
{
	size_t i;

	for (i = 0; i < c->nproviders; i++) {
		if (c->providers[i].data == NULL)
			continue;
		pc_schema_free(
		    c->providers[i].table->schema, c->providers[i].data);
		free(c->providers[i].data);
	}
	free(c->providers);
	c->providers = NULL;
	c->nproviders = 0;
}
