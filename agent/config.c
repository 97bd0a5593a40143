/* Loads portcullis.yaml into struct pc_config, with precise errors. */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "accepted.h"
#include "check.h"
#include "config.h"
#include "policy.h"
#include "agent/lib/date.h"
#include "agent/lib/err.h"
#include "agent/lib/schema.h"
#include "agent/lib/vocab.h"
#include "agent/roster.h"

#define F(k, t, s, m)                                                          \
	{                                                                      \
		.key = k, .type = t, .off = offsetof(s, m),                    \
		.present_off = PC_NO_OFFSET                                    \
	}
#define FR(k, t, s, m)                                                         \
	{                                                                      \
		.key = k, .type = t, .off = offsetof(s, m), .required = true,  \
		.present_off = PC_NO_OFFSET                                    \
	}
#define FL(k, t, s, m, c, sub_)                                                \
	{                                                                      \
		.key = k, .type = t, .off = offsetof(s, m),                    \
		.count_off = offsetof(s, c), .sub = sub_,                      \
		.present_off = PC_NO_OFFSET                                    \
	}
/* A nested mapping; off is added to the base before binding sub. */
#define FM(k, off_, sub_, pres)                                                \
	{                                                                      \
		.key = k, .type = PC_F_MAP, .off = off_, .sub = sub_,          \
		.present_off = pres                                            \
	}
#define SCHEMA(name, fields, s, line)                                          \
	static const struct pc_schema name = { fields,                         \
		sizeof(fields) / sizeof(fields[0]), sizeof(s), line }

static const char *const severities[] = { "info", "low", "medium", "high",
	"critical", NULL };
static const char *const source_kinds[] = { "files", "mbox", "maildir", "eml",
	"csv", "json", "website", "onedrive", "sharepoint", "gdrive", NULL };

static const struct pc_field office_fields[] = {
	FR("id", PC_F_STRING, struct pc_config, office.id),
	FR("name", PC_F_STRING, struct pc_config, office.name),
	FR("digital_lead", PC_F_STRING, struct pc_config, office.digital_lead),
	{ .key = "parliamentary_domains",
	    .type = PC_F_STRLIST,
	    .off = offsetof(struct pc_config, office.parliamentary_domains),
	    .count_off = offsetof(struct pc_config, office.ndomains),
	    .required = true,
	    .present_off = PC_NO_OFFSET },
	FL("public_contacts", PC_F_STRLIST, struct pc_config,
	    office.public_contacts, office.npublic_contacts, NULL),
	FL("domains", PC_F_STRLIST, struct pc_config, office.domains,
	    office.nown_domains, NULL),
};
SCHEMA(office_schema, office_fields, struct pc_config, PC_NO_OFFSET);

static const struct pc_field staff_fields[] = {
	FR("name", PC_F_STRING, struct pc_staff, name),
	F("role", PC_F_STRING, struct pc_staff, role),
	FR("email", PC_F_STRING, struct pc_staff, email),
	F("joined", PC_F_STRING, struct pc_staff, joined),
	FL("aliases", PC_F_STRLIST, struct pc_staff, aliases, naliases, NULL),
	FL("accounts", PC_F_PAIRS, struct pc_staff, accounts, naccounts, NULL),
};
SCHEMA(staff_schema, staff_fields, struct pc_staff,
    offsetof(struct pc_staff, line));

static const struct pc_field report_fields[] = {
	FR("dir", PC_F_STRING, struct pc_config, report.dir),
	FR("signing_key", PC_F_STRING, struct pc_config, report.signing_key),
	{ .key = "fail_on",
	    .type = PC_F_STRING,
	    .off = offsetof(struct pc_config, report.fail_on),
	    .choices = severities,
	    .present_off = PC_NO_OFFSET },
	F("submit_url", PC_F_STRING, struct pc_config, report.submit_url),
	F("submit_ca_file", PC_F_STRING, struct pc_config,
	    report.submit_ca_file),
	F("accepted_file", PC_F_STRING, struct pc_config, report.accepted_file),
};
SCHEMA(report_schema, report_fields, struct pc_config, PC_NO_OFFSET);

static const struct pc_field tls_fields[] = {
	F("ca_file", PC_F_STRING, struct pc_config, tls.ca_file),
};
SCHEMA(tls_schema, tls_fields, struct pc_config, PC_NO_OFFSET);

static const struct pc_field source_fields[] = {
	{ .key = "kind",
	    .type = PC_F_STRING,
	    .off = offsetof(struct pc_source, kind),
	    .required = true,
	    .choices = source_kinds,
	    .present_off = PC_NO_OFFSET },
	F("path", PC_F_STRING, struct pc_source, path),
	F("url", PC_F_STRING, struct pc_source, url),
	F("site", PC_F_STRING, struct pc_source, site),
	F("text_column", PC_F_STRING, struct pc_source, text_column),
	F("id_column", PC_F_STRING, struct pc_source, id_column),
	F("author_column", PC_F_STRING, struct pc_source, author_column),
	F("date_column", PC_F_STRING, struct pc_source, date_column),
	FL("checks", PC_F_STRLIST, struct pc_source, checks, nchecks, NULL),
	FL("include", PC_F_STRLIST, struct pc_source, include, ninclude, NULL),
	FL("exclude", PC_F_STRLIST, struct pc_source, exclude, nexclude, NULL),
	F("max_pages", PC_F_INT, struct pc_source, max_pages),
	F("optional", PC_F_BOOL, struct pc_source, optional),
};
SCHEMA(source_schema, source_fields, struct pc_source,
    offsetof(struct pc_source, line));

static const struct pc_field config_fields[] = {
	FM("office", 0, &office_schema, 0),
	FL("staff", PC_F_LIST, struct pc_config, staff, nstaff, &staff_schema),
	FM("report", 0, &report_schema, 0),
	F("policy", PC_F_STRING, struct pc_config, policy),
	FM("tls", 0, &tls_schema, 0),
	{ .key = "providers", .type = PC_F_SKIP, .present_off = PC_NO_OFFSET },
	FL("sources", PC_F_LIST, struct pc_config, sources, nsources,
	    &source_schema),
	F("roster", PC_F_STRING, struct pc_config, roster_path),
	{ .key = "checks", .type = PC_F_SKIP, .present_off = PC_NO_OFFSET },
};
static const struct pc_schema config_schema = { config_fields,
	sizeof(config_fields) / sizeof(config_fields[0]),
	sizeof(struct pc_config), PC_NO_OFFSET };

/*
 * The office/report/tls tables give offsets from the top-level struct, so
 * their FM entries add 0. checks: and providers: are bound from the
 * registry's tables (bind_checks, pc_config_bind_providers).
 */

/* Is the source a cloud document store (no path: read over an API)? */
bool
pc_source_is_drive(const struct pc_source *s)
{
	return strcmp(s->kind, "onedrive") == 0 ||
	    strcmp(s->kind, "sharepoint") == 0 ||
	    strcmp(s->kind, "gdrive") == 0;
}

/* A drive source: sharepoint needs site (https), none takes a path or
 * url, and each needs its provider configured. */
static int
check_drive_source(
    const struct pc_config *c, const struct pc_source *s, size_t i)
{
	int gd = strcmp(s->kind, "gdrive") == 0;

	if (!pc_source_is_drive(s)) {
		if (s->site != NULL)
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: sources[%zu].site: only a sharepoint source takes site",
			    c->path, s->line, i);
		return 0;
	}
	if (s->path != NULL || s->url != NULL)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: sources[%zu]: a %s source takes no path or url (it is read through the provider's API)%s",
		    c->path, s->line, i, s->kind,
		    strcmp(s->kind, "sharepoint") == 0
			? "; name the site with site: https://..."
			: "");
	if (strcmp(s->kind, "sharepoint") == 0 && s->site == NULL)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: sources[%zu].site: missing (a sharepoint source needs site: the site's https:// URL)",
		    c->path, s->line, i);
	if (strcmp(s->kind, "sharepoint") != 0 && s->site != NULL)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: sources[%zu].site: only a sharepoint source takes site",
		    c->path, s->line, i);
	if (s->site != NULL && strncmp(s->site, "https://", 8) != 0)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: sources[%zu].site: expected an https:// URL, got \"%.80s\"",
		    c->path, s->line, i, s->site);
	if (!gd && !pc_config_has_provider(c, "microsoft365"))
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: sources[%zu]: a %s source is read through Microsoft 365; configure providers.microsoft365",
		    c->path, s->line, i, s->kind);
	if (gd && !pc_config_has_provider(c, "google"))
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: sources[%zu]: a gdrive source is read through Google Workspace; configure providers.google",
		    c->path, s->line, i);
	return 0;
}

/*
 * office.public_contacts: each value a phone number, postcode or email
 * address (so at least a digit or an "@": an address line alone is no
 * use, its postcode is what the detectors see), within the caps. Which
 * kind a value is, is the exposure check's business: it applies each
 * only to the weak detectors (phone, postcode, email), never to NI
 * numbers, bank details or secrets.
 */
static int
check_public_contacts(
    const struct pc_config *c, const struct pc_yaml_node *root)
{
	const struct pc_yaml_node *office = pc_yaml_get(root, "office");
	const struct pc_yaml_node *list, *item;
	const char *v;
	size_t i, len;

	list = office ? pc_yaml_get(office, "public_contacts") : NULL;
	if (list == NULL)
		return 0;
	if (c->office.npublic_contacts > PC_CONFIG_MAX_PUBLIC_CONTACTS)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: office.public_contacts: expected at most %d values, got %zu",
		    c->path, list->line, PC_CONFIG_MAX_PUBLIC_CONTACTS,
		    c->office.npublic_contacts);
	for (i = 0; i < c->office.npublic_contacts && i < list->nitems; i++) {
		item = list->items[i];
		v = c->office.public_contacts[i];
		len = strlen(v);
		if (len > 0 && len <= PC_CONFIG_MAX_CONTACT_LEN &&
		    strpbrk(v, "0123456789@") != NULL)
			continue;
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: office.public_contacts[%zu]: expected a phone number, postcode or email address, got \"%.60s%s\"",
		    c->path, item->line, i, v, len > 60 ? "..." : "");
	}
	return 0;
}

/* True for a DNS name: LDH labels of 1-63 bytes with a dot, <= 253. */
bool
pc_config_dns_name_ok(const char *s, bool underscore)
{
	size_t len = strlen(s), label = 0, i;

	if (len == 0 || len > 253 || s[0] == '.' || s[len - 1] == '.' ||
	    s[len - 1] == '-')
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] == '.') {
			if (label == 0 || s[i - 1] == '-')
				return false;
			label = 0;
		} else if ((isalnum((unsigned char)s[i]) || s[i] == '-' ||
			       (underscore && s[i] == '_')) &&
		    !(s[i] == '-' && label == 0) && ++label <= 63) {
			continue;
		} else {
			return false;
		}
	}
	return true;
}

/* office.domains: DNS names, capped. */
static int
check_email_names(const struct pc_config *c, const struct pc_yaml_node *root)
{
	const struct pc_yaml_node *office = pc_yaml_get(root, "office");
	const struct pc_yaml_node *l;
	size_t i;

	l = office ? pc_yaml_get(office, "domains") : NULL;
	if (l != NULL && c->office.nown_domains > PC_CONFIG_MAX_DOMAINS)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: office.domains: expected at most %d domains, got %zu",
		    c->path, l->line, PC_CONFIG_MAX_DOMAINS,
		    c->office.nown_domains);
	for (i = 0; l != NULL && i < c->office.nown_domains && i < l->nitems;
	     i++)
		if (!pc_config_dns_name_ok(c->office.domains[i], false) ||
		    strchr(c->office.domains[i], '.') == NULL)
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: office.domains[%zu]: expected a domain name such as exampleshire-north-mp.org.uk (no scheme, path or @), got \"%.60s\"",
			    c->path, l->items[i]->line, i,
			    c->office.domains[i]);
	return 0;
}

/* Does source s name check id in its checks:? */
static bool
source_names(const struct pc_source *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->nchecks; i++)
		if (strcmp(s->checks[i], id) == 0)
			return true;
	return false;
}

/* A csv or json export the threats check reads names its message
 * column; the other columns need it and an export. */
static int
check_export_columns(
    const struct pc_config *c, const struct pc_source *s, size_t i)
{
	bool export =
	    strcmp(s->kind, "csv") == 0 || strcmp(s->kind, "json") == 0;

	if (export && s->text_column == NULL && source_names(s, "threats"))
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: sources[%zu].text_column: missing (the threats check reads the column that holds the message text of a %s export; add text_column: <its name>)",
		    c->path, s->line, i, s->kind);
	if ((s->id_column || s->author_column || s->date_column) &&
	    (!export || s->text_column == NULL))
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: sources[%zu]: id_column, author_column and date_column belong to a csv or json export with text_column",
		    c->path, s->line, i);
	return 0;
}

/* Validation beyond types, and defaults. */
static int
validate(struct pc_config *c)
{
	size_t i;
	int r = 0;

	if (c->office.id == NULL)
		return pc_error_set(
		    PC_ECONFIG, "%s:1: office: missing", c->path);
	if (!pc_office_id_ok(c->office.id))
		return pc_error_set(PC_ECONFIG,
		    "%s: office.id: expected 1 to 64 lower-case letters, digits and dashes, not starting with a dash (it names report folders), got \"%.64s\"",
		    c->path, c->office.id);
	if (c->report.dir == NULL)
		return pc_error_set(
		    PC_ECONFIG, "%s:1: report: missing", c->path);
	for (i = 0; i < c->nsources; i++) {
		struct pc_source *s = &c->sources[i];
		int web = strcmp(s->kind, "website") == 0;

		if ((r = check_drive_source(c, s, i)) != 0)
			return r;
		if (pc_source_is_drive(s))
			continue;
		if (web && s->url == NULL)
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: sources[%zu].url: missing (a website source needs url)",
			    c->path, s->line, i);
		if (!web && s->path == NULL)
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: sources[%zu].path: missing (a %s source needs path)",
			    c->path, s->line, i, s->kind);
		if ((r = pc_config_check_url(c->path, "sources.url", s->url)) !=
			0 ||
		    (r = check_export_columns(c, s, i)) != 0)
			return r;
	}
	if ((r = pc_config_default(&c->report.fail_on, "high")) != 0 ||
	    (r = pc_config_check_providers(c)) != 0 ||
	    (r = pc_config_check_url(
		 c->path, "report.submit_url", c->report.submit_url)) != 0)
		return r;
	return 0;
}

/* The ids of checks that have settings, for an error message. */
static void
settings_ids(char *out, size_t len, const struct check *const *checks)
{
	size_t i, used = 0;

	out[0] = '\0';
	for (i = 0; checks && checks[i] && used < len; i++)
		if (checks[i]->settings != NULL)
			used += (size_t)snprintf(out + used, len - used, "%s%s",
			    used ? ", " : "", checks[i]->id);
}

/*
 * Binds checks.<id> for every check with a settings table (absent keys
 * get the defaults too). A key naming no such check is an error: a typo
 * must not silently leave a check on its defaults.
 */
static int
bind_checks(struct pc_config *c, const struct pc_yaml_node *n,
    const struct check *const *checks)
{
	const struct pc_yaml_node *node;
	struct pc_config_check *cc;
	char sub[128], ids[256];
	size_t i, k, want = 0;
	int r;

	if (n != NULL && n->type != PC_YAML_MAP)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: checks: expected a mapping of check ids to their settings",
		    c->path, n->line);
	for (i = 0; n && i + 1 < n->nitems; i += 2) {
		for (k = 0; checks && checks[k]; k++)
			if (strcmp(checks[k]->id, n->items[i]->scalar) == 0 &&
			    checks[k]->settings != NULL)
				break;
		if (checks && checks[k])
			continue;
		settings_ids(ids, sizeof(ids), checks);
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: checks.%s: unknown key; expected one of: %s",
		    c->path, n->items[i]->line, n->items[i]->scalar,
		    ids[0] ? ids : "(no check has settings)");
	}
	for (k = 0; checks && checks[k]; k++)
		want += checks[k]->settings != NULL;
	if (want == 0)
		return 0;
	if ((c->checks = calloc(want, sizeof(*c->checks))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (k = 0; checks[k]; k++) {
		const struct pc_check_settings *t = checks[k]->settings;

		if (t == NULL)
			continue;
		cc = &c->checks[c->nchecks++];
		cc->id = checks[k]->id;
		cc->table = t;
		if ((cc->data = calloc(1, t->schema->size)) == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
		node = n ? pc_yaml_get(n, cc->id) : NULL;
		snprintf(sub, sizeof(sub), "checks.%s", cc->id);
		if (node != NULL &&
		    (r = pc_schema_bind(
			 t->schema, cc->data, node, c->path, sub)) != 0)
			return r;
		if (t->defaults &&
		    (r = t->defaults(cc->data, c->path, node)) != 0)
			return r;
	}
	return 0;
}

/* The settings of check id, or NULL. */
const void *
pc_config_check_settings(const struct pc_config *cfg, const char *id)
{
	size_t i;

	for (i = 0; cfg && i < cfg->nchecks; i++)
		if (strcmp(cfg->checks[i].id, id) == 0)
			return cfg->checks[i].data;
	return NULL;
}

/* policy: names a file this user can read (the error names its line). */
static int
check_policy(struct pc_config *c, const struct pc_yaml_node *root)
{
	const struct pc_yaml_node *n = pc_yaml_get(root, "policy");

	if (c->policy == NULL || n == NULL)
		return 0;
	c->policy_line = n->line;
	if (access(c->policy, R_OK) == 0)
		return 0;
	return pc_error_set(PC_ECONFIG,
	    "%s:%d: policy: cannot read %s: %s; correct the path, or delete the policy: line to use the default (%s)",
	    c->path, n->line, c->policy, strerror(errno),
	    pc_policy_default_path());
}

/* The providers a roster config may not name: it scans the Parliament
 * tenant (providers.microsoft365) only. */
static const char *
roster_other_provider(const struct pc_config *c)
{
	size_t i;

	for (i = 0; i < c->nproviders; i++)
		if (strcmp(c->providers[i].table->name, "microsoft365") != 0 &&
		    pc_config_has_provider(c, c->providers[i].table->name))
			return c->providers[i].table->name;
	return NULL;
}

/* roster: loads the file and makes its accounts staff members. */
static int
load_roster(struct pc_config *c, const struct pc_yaml_node *root)
{
	const struct pc_yaml_node *n = pc_yaml_get(root, "roster");
	const char *other;
	size_t i;

	if (c->roster_path == NULL || n == NULL)
		return 0;
	c->roster_line = n->line;
	if (!pc_config_has_provider(c, "microsoft365"))
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: roster: a roster scan reads the Parliament tenant, so providers.microsoft365 must name it",
		    c->path, n->line);
	if ((other = roster_other_provider(c)) != NULL)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: roster: a roster config scans only the Parliament tenant; remove providers.%s (an office scans it with its own config)",
		    c->path, n->line, other);
	if (pc_roster_load(&c->roster, c->roster_path) != 0)
		return pc_error_set(PC_ECONFIG, "%s:%d: roster: %s", c->path,
		    n->line, pc_error_get());
	if (c->roster->n > 0 &&
	    (c->roster_staff =
		    calloc(c->roster->n, sizeof(*c->roster_staff))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (i = 0; i < c->roster->n; i++) {
		c->roster_staff[i].name = c->roster->entries[i].name;
		c->roster_staff[i].email = c->roster->entries[i].account;
		c->roster_staff[i].line = c->roster->entries[i].line;
	}
	return 0;
}

/* How many people the staff list has. */
size_t
pc_config_staff_count(const struct pc_config *cfg)
{
	return cfg->nstaff + (cfg->roster ? cfg->roster->n : 0);
}

/*
 * report.accepted_file: loaded and checked against the staff list and
 * today's date (UTC). A relative path is taken from the config's folder,
 * so accepted.yaml can sit beside portcullis.yaml.
 */
static int
load_accepted(struct pc_config *c)
{
	const char **names = NULL, *slash;
	char path[4096];
	size_t i;
	int r;

	if (c->report.accepted_file == NULL)
		return 0;
	slash = strrchr(c->path, '/');
	if (c->report.accepted_file[0] == '/' || slash == NULL)
		snprintf(path, sizeof(path), "%s", c->report.accepted_file);
	else
		snprintf(path, sizeof(path), "%.*s/%s", (int)(slash - c->path),
		    c->path, c->report.accepted_file);
	if (c->nstaff && (names = calloc(c->nstaff, sizeof(*names))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (i = 0; i < c->nstaff; i++)
		names[i] = c->staff[i].name ? c->staff[i].name : "";
	r = pc_accepted_load(&c->accepted, path, names, c->nstaff,
	    pc_date_of_time((long long)time(NULL)));
	free(names);
	return r;
}

/* Loads and validates the config file. */
int
pc_config_load(struct pc_config **cfg_out, const char *path,
    const struct pc_config_tables *tables)
{
	struct pc_yaml_node *root = NULL;
	struct pc_config *c;
	int r;

	*cfg_out = NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (c->path = strdup(path)) == NULL) {
		free(c);
		return pc_error_set(PC_ENOMEM, "out of memory");
	}
	if ((r = pc_yaml_load(&root, path)) != 0) {
		if (r == PC_ENOTFOUND)
			pc_error_set(PC_ECONFIG,
			    "config file %s not found; create one with portcullis init --config %s",
			    path, path);
		r = PC_ECONFIG;
		goto out;
	}
	if ((r = pc_schema_bind(&config_schema, c, root, path, "")) != 0 ||
	    (r = bind_checks(c, pc_yaml_get(root, "checks"),
		 tables ? tables->checks : NULL)) != 0 ||
	    (r = pc_config_bind_providers(c, pc_yaml_get(root, "providers"),
		 tables ? tables->providers : NULL)) != 0 ||
	    (r = validate(c)) != 0 ||
	    (r = check_public_contacts(c, root)) != 0 ||
	    (r = check_email_names(c, root)) != 0 ||
	    (r = pc_config_check_secrets(c)) != 0 ||
	    (r = check_policy(c, root)) != 0 ||
	    (r = load_roster(c, root)) != 0 || (r = load_accepted(c)) != 0 ||
	    (r = pc_config_find_placeholders(c, root)) != 0)
		goto out;
	*cfg_out = c;
	c = NULL;
out:
	pc_yaml_free(root);
	pc_config_free(c);
	return r;
}

/* Frees a config. */
void
pc_config_free(struct pc_config *cfg)
{
	size_t i;

	if (cfg == NULL)
		return;
	for (i = 0; i < cfg->nchecks; i++) {
		pc_schema_free(
		    cfg->checks[i].table->schema, cfg->checks[i].data);
		free(cfg->checks[i].data);
	}
	free(cfg->checks);
	pc_config_providers_free(cfg);
	free(cfg->secret_ids);
	free(cfg->roster_staff); /* its strings are the roster's */
	pc_roster_free(cfg->roster);
	pc_accepted_free(cfg->accepted);
	pc_config_placeholders_free(cfg);
	pc_schema_free(&config_schema, cfg);
	free(cfg->path);
	free(cfg);
}

/* Finds the staff member for a provider account name or email. */
const struct pc_staff *
pc_config_find_staff(
    const struct pc_config *cfg, const char *provider, const char *name)
{
	const struct pc_roster_entry *e;
	size_t i, j;

	if (name == NULL)
		return NULL;
	for (i = 0; i < cfg->nstaff; i++) {
		const struct pc_staff *s = &cfg->staff[i];

		for (j = 0; j < s->naccounts; j++)
			if (strcmp(s->accounts[j].provider, provider) == 0 &&
			    strcasecmp(s->accounts[j].name, name) == 0)
				return s;
		if (s->email && strcasecmp(s->email, name) == 0)
			return s;
	}
	/* The roster (tens of thousands of accounts): by its index. */
	if (cfg->roster && (e = pc_roster_find(cfg->roster, name)) != NULL)
		return &cfg->roster_staff[e - cfg->roster->entries];
	return NULL;
}
