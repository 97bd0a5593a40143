/* The office config (portcullis.yaml) as a typed struct. */
#ifndef PC_CONFIG_H
#define PC_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "agent/lib/fileio.h"

#define PC_CONFIG_DEFAULT_PATH "/etc/portcullis/portcullis.yaml"

/* Caps on office.public_contacts (each value, and how many). */
#define PC_CONFIG_MAX_PUBLIC_CONTACTS 64
#define PC_CONFIG_MAX_CONTACT_LEN     254
/* Caps on office.domains and checks.email.dkim_selectors. */
#define PC_CONFIG_MAX_DOMAINS         32

/* A staff member's account name in one provider (accounts: map). */
struct pc_account {
	char *provider;
	char *name;
};

struct pc_staff {
	char *name;
	char *role;
	char *email;
	char *joined;   /* optional YYYY-MM-DD, used for breach dating */
	char **aliases; /* other names the person uses ("Jo Smith") */
	size_t naliases;
	struct pc_account *accounts;
	size_t naccounts;
	int line;
};

/* A content source the office owns (files, mail, exports, website). */
struct pc_source {
	char *kind; /* files, mbox, maildir, eml, csv, json, website,
		       onedrive, sharepoint, gdrive */
	char *path;
	char *url;
	char *site; /* sharepoint: the site's URL */
	char *text_column;
	char *id_column, *author_column, *date_column; /* exports: the record's
							  id, sender, date */
	char **checks; /* which checks read it; empty = all content checks */
	size_t nchecks;
	char **include, **exclude; /* globs for kind files */
	size_t ninclude, nexclude;
	long max_pages;
	bool optional; /* unreadable optional source does not fail the check */
	int line;
};

/* Where the config still holds a placeholder of the starter config. */
struct pc_config_placeholder {
	int line;
	char key[96];     /* dotted key path ("office.name") */
	const char *mark; /* static: "fill in", the zero client id, ... */
};

/* Is the source a cloud document store (onedrive, sharepoint, gdrive),
 * read through its provider's API rather than from a path? */
bool pc_source_is_drive(const struct pc_source *s);

struct pc_config {
	char *path; /* the file it was loaded from */
	struct {
		char *id, *name, *digital_lead;
		char **parliamentary_domains;
		size_t ndomains;
		/* the office's own published phone numbers, postcodes and
		   email addresses: not reported by the weak detectors */
		char **public_contacts;
		size_t npublic_contacts;
		/* the office's own non-Parliamentary domains (its website's) */
		char **domains;
		size_t nown_domains;
	} office;
	struct pc_staff *staff;
	size_t nstaff;
	struct {
		char *dir, *signing_key, *fail_on;
		char *submit_url;     /* PDS intake; scan submits */
		char *submit_ca_file; /* its CA, added to the trust */
		/* the office's accepted risks (agent/accepted.h); a relative
		   path is taken from the config's folder */
		char *accepted_file;
	} report;
	/* report.accepted_file loaded and checked; NULL when not set */
	struct pc_accepted *accepted;
	char *policy;
	int policy_line; /* the policy: line, 0 when left out */
	/* unfilled placeholders (at most 64 listed; the total counted):
	 * scan and config check refuse a config that has any */
	struct pc_config_placeholder *placeholders;
	size_t nplaceholders, nplaceholders_total;
	struct {
		char *ca_file;
	} tls;
	/* providers.<name>: each registered provider's settings, bound from
	 * its table (struct pc_provider_settings); zeroed, not present, when
	 * the config leaves it out. A provider reads its own typed struct
	 * through pc_config_provider() (checks/providers/ owns the types). */
	struct pc_config_provider {
		const struct pc_provider_settings *table; /* borrowed */
		void *data;
	} * providers;
	size_t nproviders;
	struct pc_source *sources;
	size_t nsources;
	/* roster: PDS's CSV of Parliament tenant accounts and their offices
	 * (agent/roster.h); with it, scan splits the tenant's checks into a
	 * report per office (agent/cli/scan_roster.c). Its accounts are
	 * staff too (pc_config_find_staff). NULL: an office's config. */
	char *roster_path;
	int roster_line;
	struct pc_roster *roster;
	struct pc_staff *roster_staff; /* one per roster entry */
	/* checks.<id>: each check's own settings, bound from its table
	 * (struct check's settings); see pc_config_check_settings(). */
	struct pc_config_check {
		const char *id; /* borrowed from the check */
		const struct pc_check_settings *table;
		void *data;
	} * checks;
	size_t nchecks;
	/* The agent's own secret files (signing key, office.hmac, provider
	 * secrets) by device and inode, computed by the parent when the
	 * config is loaded: every content-reading child skips a file that is
	 * one of them, whatever its path (a hard link reaches the same bytes;
	 * Landlock is path-based). See agent/config_secrets.c. */
	struct pc_file_id *secret_ids;
	size_t nsecret_ids;
};

struct check;
struct pc_roster;
struct pc_schema;
struct pc_yaml_node;

/* A secret file a provider names: its key and what it is, for messages
 * ("client_secret_file", "the Microsoft 365 client secret"). */
struct pc_provider_secret {
	const char *key; /* NULL ends a list */
	const char *what;
};

/*
 * A provider's settings under providers.<name> in the config: a field
 * table bound onto a struct of schema->size bytes, whose bool at
 * present_off is set when the config names the provider; then check
 * (may be NULL), only for a provider the config names, fills the
 * defaults and validates what the table cannot. Each provider in
 * checks/providers/ declares one beside its session; the config loader,
 * the starter config (starter: shown filled in rather than commented
 * out), the secret list and the systemd drop-in all learn its keys here.
 */
struct pc_provider_settings {
	const char *name; /* the key under providers: ("microsoft365") */
	const struct pc_schema *schema;
	size_t present_off;
	int (*check)(void *settings, const char *config_path);
	const struct pc_provider_secret *secrets; /* its secret files */
	bool starter;
};

/* What the loader learns from the registry (checks/registry.c): the
 * checks (checks.<id> settings) and providers (providers.<name>), each
 * list NULL-terminated. */
struct pc_config_tables {
	const struct check *const *checks;
	const struct pc_provider_settings *const *providers;
};

/* Finds the starter config's unfilled placeholders (FILL IN, FILL-IN,
 * fill-in-..., fill.in@, the zero client id) under root, into c. */
int pc_config_find_placeholders(
    struct pc_config *c, const struct pc_yaml_node *root);

/* Frees c's placeholder list (pc_config_free calls it). */
void pc_config_placeholders_free(struct pc_config *c);

/*
 * Loads and validates the config at path. Errors name file, line and key
 * path ("portcullis.yaml:12: report.fail_on: expected one of ...").
 * tables (normally the registry, &pc_registry) bring the tables of the
 * checks' checks.<id> and the providers' providers.<name> settings.
 * Caller frees with pc_config_free().
 */
int pc_config_load(struct pc_config **cfg_out, const char *path,
    const struct pc_config_tables *tables);

/*
 * Refuses a local source (any kind but website) whose real path is, or
 * contains, one of the agent's own secrets: the signing key, office.hmac
 * beside it, a provider secret file, or the config's folder; the error
 * names the source's config line and what it covers. Then records the
 * (device, inode) of each secret file that exists in cfg->secret_ids.
 * pc_config_load() calls it, so scan and config check both do.
 */
int pc_config_check_secrets(struct pc_config *cfg);

/* The office HMAC key's path: office.hmac beside report.signing_key (the
 * one rule exposure, threats, protect and the secret list share). NULL
 * when no signing key is set or out of memory; caller frees. */
char *pc_config_hmac_path(const struct pc_config *cfg);

/* True for a DNS name: letter-digit-hyphen labels of 1-63 bytes with a
 * dot, at most 253 bytes (underscore: also allow "_" in labels). */
bool pc_config_dns_name_ok(const char *s, bool underscore);

/* The settings of check id (its table's struct, defaults applied), or
 * NULL when the check has no settings table. Borrowed from cfg. */
const void *pc_config_check_settings(
    const struct pc_config *cfg, const char *id);

/* The settings of provider t (its table's struct: present set when the
 * config names it), or NULL when t is not registered in cfg. Borrowed. */
const void *pc_config_provider(
    const struct pc_config *cfg, const struct pc_provider_settings *t);

/* Does the config name the provider called name ("microsoft365")? */
bool pc_config_has_provider(const struct pc_config *cfg, const char *name);

/* A provider's secret file as the config names it. */
struct pc_config_secret {
	char key[96];     /* "providers.microsoft365.client_secret_file" */
	const char *what; /* "the Microsoft 365 client secret" */
	const char *path; /* borrowed from cfg; NULL when not set */
};

/* Fills out (at most max) with every registered provider's secret files,
 * in registry order; returns how many. */
size_t pc_config_provider_secrets(
    const struct pc_config *cfg, struct pc_config_secret *out, size_t max);

/* For a provider's check(): sets *dst to a copy of value when unset;
 * refuses a URL that is not https:// naming key ("providers.slack.api_url"). */
int pc_config_default(char **dst, const char *value);
int pc_config_check_url(
    const char *config_path, const char *key, const char *url);

/* The loader's providers: step (agent/config_providers.c): binds every
 * registered provider, named or not, from node n (providers:, or NULL);
 * runs the check() of each the config names; frees them. */
int pc_config_bind_providers(struct pc_config *c, const struct pc_yaml_node *n,
    const struct pc_provider_settings *const *tables);
int pc_config_check_providers(struct pc_config *c);
void pc_config_providers_free(struct pc_config *c);

/* Frees a config; NULL-safe. */
void pc_config_free(struct pc_config *cfg);

/* The staff member whose account in provider is name (or whose email is
 * name, case-insensitively); NULL if none. Borrowed from cfg. */
const struct pc_staff *pc_config_find_staff(
    const struct pc_config *cfg, const char *provider, const char *name);

/* How many people the staff list has: staff plus the roster's accounts. */
size_t pc_config_staff_count(const struct pc_config *cfg);

struct pc_buf;

/* Appends the commented starter config that `portcullis init` writes
 * (agent/cli/config_starter.c), its providers: and checks: sections
 * learned from tables; init replaces @KEYS@ with the folder it creates
 * the keys in and @POLICY@ with the policy this binary uses. */
int pc_config_starter_text(
    struct pc_buf *b, const struct pc_config_tables *tables);

#endif
