/* Config loading: the typed struct, and one precise error per bad input. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/check.h"
#include "agent/config.h"
#include "checks/patch/settings.h"
#include "checks/providers/github.h"
#include "checks/providers/graph.h"
#include "agent/lib/buf.h"
#include "agent/lib/err.h"

#define DATA "tests/data/config/"

/* Loads a config expecting failure; returns the error line. */
static const char *
load_fail(const char *path)
{
	struct pc_config *c = NULL;

	cr_assert_neq(pc_config_load(&c, path, &pc_registry), 0, "%s should fail", path);
	cr_assert_null(c);
	return pc_error_get();
}

Test(config, minimal_loads_with_defaults)
{
	struct pc_config *c = NULL;
	const struct pc_patch_settings *ps;

	cr_assert_eq(pc_config_load(&c, DATA "minimal.yaml", &pc_registry), 0, "%s",
	    pc_error_get());
	cr_assert_str_eq(c->office.id, "test-office");
	cr_assert_eq(c->office.ndomains, 1);
	cr_assert_str_eq(c->office.parliamentary_domains[0], "parliament.uk");
	cr_assert_eq(c->nstaff, 1);
	cr_assert_str_eq(c->staff[0].accounts[0].provider, "github");
	cr_assert_str_eq(c->staff[0].accounts[0].name, "samgh");
	cr_assert_str_eq(c->report.fail_on, "high");
	ps = pc_config_check_settings(c, "patch");
	cr_assert_not_null(ps, "the patch check's settings get defaults");
	cr_assert_str_eq(ps->root, "/");
	cr_assert_eq(ps->max_list_age_days, 7);
	cr_assert_eq(c->nsources, 2);
	cr_assert_str_eq(c->sources[0].include[0], "*.txt");
	cr_assert_eq(c->sources[1].max_pages, 10);
	cr_assert(!pc_github_cfg(c)->present);
	cr_assert_eq(pc_config_find_staff(c, "github", "SAMGH"), &c->staff[0]);
	cr_assert_eq(pc_config_find_staff(c, "slack", "sam@parliament.uk"),
	    &c->staff[0]);
	cr_assert_null(pc_config_find_staff(c, "github", "someone"));
	pc_config_free(c);
}

Test(config, missing_file_says_how_to_create_one)
{
	const char *e = load_fail(DATA "does-not-exist.yaml");

	cr_assert(strstr(e, "not found") && strstr(e, "portcullis init"),
	    "%s", e);
}

Test(config, directory_is_refused)
{
	const char *e = load_fail(DATA);

	cr_assert(strstr(e, "not a regular file"), "%s", e);
}

Test(config, malformed_yaml_names_line)
{
	const char *e = load_fail(DATA "malformed.yaml");

	cr_assert(strstr(e, "malformed.yaml:") && strstr(e, "malformed YAML"),
	    "%s", e);
}

Test(config, wrong_type_names_key_and_value)
{
	const char *e = load_fail(DATA "wrong_type.yaml");

	cr_assert(strstr(e, "wrong_type.yaml:10: sources[0].max_pages: "
			    "expected a positive whole number, got \"thirty\""),
	    "%s", e);
}

Test(config, unknown_key_is_an_error)
{
	const char *e = load_fail(DATA "unknown_key.yaml");

	cr_assert(strstr(e, "unknown_key.yaml:9: report.fail_onn: unknown key"),
	    "%s", e);
}

Test(config, bad_choice_lists_the_choices)
{
	const char *e = load_fail(DATA "bad_severity.yaml");

	cr_assert(strstr(e, "report.fail_on: expected one of info, low, "
			    "medium, high, critical"), "%s", e);
}

Test(config, missing_required_key)
{
	const char *e = load_fail(DATA "missing_key.yaml");

	cr_assert(strstr(e, "office.digital_lead: missing"), "%s", e);
}

Test(config, plain_http_url_refused)
{
	const char *e = load_fail(DATA "http_url.yaml");

	cr_assert(strstr(e, "providers.github.api_url: expected an https://"),
	    "%s", e);
}

Test(config, billion_laughs_refused_not_expanded)
{
	const char *e = load_fail(DATA "billion_laughs.yaml");

	cr_assert(strstr(e, "anchors") || strstr(e, "aliases"), "%s", e);
}

Test(config, duplicate_key_refused)
{
	const char *e = load_fail(DATA "duplicate_key.yaml");

	cr_assert(strstr(e, "duplicate_key.yaml:3: id: key given twice"), "%s",
	    e);
}

Test(config, starter_config_parses_after_init)
{
	char path[] = "/tmp/pc-starter-XXXXXX";
	struct pc_config *c = NULL;
	int fd = mkstemp(path);

	/* As init writes it: @KEYS@ becomes the keys folder. */
	struct pc_buf text;
	const char *p, *at;

	pc_buf_init(&text, 1 << 20);
	cr_assert_eq(pc_config_starter_text(&text, &pc_registry), 0);
	cr_assert_eq(pc_buf_add(&text, "", 1), 0);
	p = text.data;
	cr_assert_geq(fd, 0);
	while ((at = strstr(p, "@KEYS@")) != NULL) {
		cr_assert_eq(write(fd, p, (size_t)(at - p)), at - p);
		cr_assert_eq(write(fd, "/tmp/keys", 9), 9);
		p = at + 6;
	}
	cr_assert_eq(write(fd, p, strlen(p)), (ssize_t)strlen(p));
	close(fd);
	pc_buf_free(&text);
	cr_assert_eq(pc_config_load(&c, path, &pc_registry), 0, "%s", pc_error_get());
	cr_assert(pc_m365_cfg(c)->present);
	cr_assert_str_eq(pc_m365_cfg(c)->graph_url,
	    "https://graph.microsoft.com");
	cr_assert_str_eq(c->report.signing_key, "/tmp/keys/office.key");
	cr_assert_eq(c->office.npublic_contacts, 0, "starter lists none");
	pc_config_free(c);
	unlink(path);
}

Test(config, patch_age_must_be_a_number)
{
	const char *e = load_fail(DATA "patch_thirty.yaml");

	cr_assert(strstr(e, "patch_thirty.yaml:12: checks.patch.max_list_age_"
			    "days: expected a positive whole number, got "
			    "\"thirty\""), "%s", e);
}

Test(config, office_public_contacts_load)
{
	struct pc_config *c = NULL;

	cr_assert_eq(pc_config_load(&c, DATA "public_contacts.yaml", &pc_registry), 0, "%s",
	    pc_error_get());
	cr_assert_eq(c->office.npublic_contacts, 3);
	cr_assert_str_eq(c->office.public_contacts[0], "EX4 3LS");
	cr_assert_str_eq(c->office.public_contacts[1], "+44 1392 481736");
	cr_assert_str_eq(c->office.public_contacts[2],
	    "office@exampleshire-mp.org.uk");
	pc_config_free(c);
	/* optional: absent is an empty list */
	cr_assert_eq(pc_config_load(&c, DATA "minimal.yaml", &pc_registry), 0);
	cr_assert_eq(c->office.npublic_contacts, 0);
	pc_config_free(c);
}

Test(config, office_public_contacts_errors_name_line_and_item)
{
	const char *e = load_fail(DATA "public_contacts_address_line.yaml");

	cr_assert(strstr(e, "public_contacts_address_line.yaml:8: "
			    "office.public_contacts[1]: expected a phone "
			    "number, postcode or email address, got "
			    "\"Exampleshire House, High Street\""), "%s", e);
	e = load_fail(DATA "public_contacts_not_a_list.yaml");
	cr_assert(strstr(e, "public_contacts_not_a_list.yaml:6: "
			    "office.public_contacts: expected a list of text "
			    "values, got a mapping"), "%s", e);
}

/* Writes a config whose office.public_contacts is the given flow list. */
static void
write_contacts(char *path, const char *list)
{
	int fd = mkstemp(path);
	FILE *f;

	cr_assert_geq(fd, 0);
	f = fdopen(fd, "w");
	fprintf(f, "office:\n  id: t\n  name: T\n  digital_lead: S\n"
	    "  parliamentary_domains: [parliament.uk]\n"
	    "  public_contacts: %s\nreport: {dir: /tmp/r, signing_key: "
	    "/tmp/k}\n", list);
	fclose(f);
}

Test(config, office_public_contacts_caps_and_empty_values)
{
	char path[] = "/tmp/pc-contacts-XXXXXX", list[1024];
	char path2[] = "/tmp/pc-contacts-XXXXXX";
	size_t i, n = 0;
	const char *e;

	n += (size_t)snprintf(list + n, sizeof(list) - n, "[");
	for (i = 0; i <= PC_CONFIG_MAX_PUBLIC_CONTACTS; i++)
		n += (size_t)snprintf(list + n, sizeof(list) - n,
		    "%s\"0139248%04zu\"", i ? ", " : "", i);
	snprintf(list + n, sizeof(list) - n, "]");
	write_contacts(path, list);
	e = load_fail(path);
	cr_assert(strstr(e, ":6: office.public_contacts: expected at most 64 "
			    "values, got 65"), "%s", e);
	unlink(path);
	write_contacts(path2, "[\"01392 481736\", \"\"]");
	e = load_fail(path2);
	cr_assert(strstr(e, ":6: office.public_contacts[1]: expected a phone "
			    "number, postcode or email address, got \"\""),
	    "%s", e);
	unlink(path2);
}

Test(config, a_check_without_settings_or_a_typo_under_checks_is_refused)
{
	char path[] = "/tmp/pc-config-XXXXXX";
	int fd = mkstemp(path);
	static const char text[] = "office: {id: x, name: X, digital_lead: "
	    "\"A <a@parliament.uk>\", parliamentary_domains: [parliament.uk]}\n"
	    "report: {dir: /tmp, signing_key: /tmp/k}\n"
	    "checks:\n  patchh: {root: /}\n";
	const char *e;

	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, text, sizeof(text) - 1),
	    (ssize_t)sizeof(text) - 1);
	close(fd);
	e = load_fail(path);
	cr_assert(strstr(e, ":4: checks.patchh: unknown key; expected one of: "
			    "patch") != NULL, "%s", e);
	unlink(path);
}

/* Writes text to a fresh config file in dir; returns its path (static). */
static const char *
write_in(const char *dir, const char *text)
{
	static char path[600];
	FILE *f;

	snprintf(path, sizeof(path), "%s/portcullis.yaml", dir);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

/* Issue 11, hole 1: a files source that covers the agent's own secrets
 * (the key folder, the config folder, a provider secret) is refused with
 * the source's line and what it covers. */
Test(config, source_covering_the_agents_secrets_is_refused)
{
	char dir[] = "/tmp/pc-secrets-XXXXXX", text[2048], keys[600],
	    data[600], path[700];
	const char *e, *p;
	struct pc_config *c = NULL;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(keys, sizeof(keys), "%s/keys", dir);
	snprintf(data, sizeof(data), "%s/data", dir);
	cr_assert_eq(mkdir(keys, 0700), 0);
	cr_assert_eq(mkdir(data, 0700), 0);
#define HEAD "office: {id: x, name: X, digital_lead: \"A <a@parliament.uk>\", " \
	"parliamentary_domains: [parliament.uk]}\n" \
	"report: {dir: %s/r, signing_key: %s/office.key}\n"
	/* the key's folder, given through a path with a dot-dot in it */
	snprintf(text, sizeof(text), HEAD "sources:\n  - {kind: files, "
	    "path: %s/../keys}\n", dir, keys, data);
	p = write_in(data, text);
	e = load_fail(p);
	cr_assert(strstr(e, "portcullis.yaml:4: sources[0].path:") &&
	    strstr(e, "office.key (the signing key)"), "%s", e);
	/* a parent of the config's folder */
	snprintf(text, sizeof(text), HEAD "sources:\n  - {kind: mbox, "
	    "path: /tmp/x.mbox}\n  - {kind: files, path: %s}\n", dir, keys,
	    dir);
	e = load_fail(write_in(data, text));
	cr_assert(strstr(e, ":5: sources[1].path:") &&
	    strstr(e, "the signing key"), "%s", e);
	snprintf(text, sizeof(text), HEAD "sources:\n  - {kind: files, "
	    "path: %s}\n", dir, keys, data);
	e = load_fail(write_in(data, text));
	cr_assert(strstr(e, ":4: sources[0].path:") &&
	    strstr(e, "the folder of this config"), "%s", e);
	/* office.hmac beside the key, and a provider secret in its folder */
	snprintf(text, sizeof(text), HEAD "providers:\n  github: {org: o, "
	    "token_file: %s/gh/token}\nsources:\n  - {kind: files, path: "
	    "%s/gh}\n", dir, keys, dir, dir);
	snprintf(path, sizeof(path), "%s/gh", dir);
	cr_assert_eq(mkdir(path, 0700), 0);
	e = load_fail(write_in(data, text));
	cr_assert(strstr(e, ":6: sources[0].path:") &&
	    strstr(e, "(the GitHub token)"), "%s", e);
	snprintf(text, sizeof(text), HEAD "sources:\n  - {kind: eml, "
	    "path: %s/office.hmac}\n", dir, keys, keys);
	e = load_fail(write_in(data, text));
	cr_assert(strstr(e, "the office HMAC key"), "%s", e);
	/* a source beside them loads, and the existing key's inode is kept */
	snprintf(path, sizeof(path), "%s/office.key", keys);
	fclose(fopen(path, "w"));
	snprintf(text, sizeof(text), HEAD "sources:\n  - {kind: files, "
	    "path: %s/gh}\n", dir, keys, dir);
	cr_assert_eq(pc_config_load(&c, write_in(data, text), &pc_registry), 0,
	    "%s", pc_error_get());
	cr_assert_eq(c->nsecret_ids, 1, "only the key exists");
	pc_config_free(c);
#undef HEAD
}

/* Writes text to a new temporary config at path (a mkstemp template). */
static void
write_text(char *path, const char *text)
{
	int fd = mkstemp(path);
	FILE *f;

	cr_assert_geq(fd, 0);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
}

Test(config, starter_placeholders_are_listed_with_lines)
{
	char path[] = "/tmp/pc-placeholders-XXXXXX";
	struct pc_config *c = NULL;

	write_text(path,
	    "office:\n"
	    "  id: fill-in-constituency-name\n"		     /* 2 */
	    "  name: \"Office of the Member for FILL IN\"\n" /* 3 */
	    "  digital_lead: \"Sam <sam@parliament.uk>\"\n"
	    "  parliamentary_domains: [parliament.uk]\n"
	    "staff:\n"
	    "  - {name: Sam, role: lead, email: fill.in@parliament.uk}\n" /* 7 */
	    "report: {dir: /tmp/r, signing_key: /tmp/k}\n"
	    "providers:\n"
	    "  microsoft365:\n"
	    "    tenant: FILL-IN.onmicrosoft.com\n"		/* 11 */
	    "    client_id: 00000000-0000-0000-0000-000000000000\n" /* 12 */
	    "    client_secret_file: /tmp/m365\n"
	    "# FILL IN in a comment is not a value\n");
	cr_assert_eq(pc_config_load(&c, path, &pc_registry), 0, "%s",
	    pc_error_get());
	cr_assert_eq(c->nplaceholders_total, 5);
	cr_assert_eq(c->nplaceholders, 5);
	cr_assert_eq(c->placeholders[0].line, 2);
	cr_assert_str_eq(c->placeholders[0].key, "office.id");
	cr_assert_eq(c->placeholders[1].line, 3);
	cr_assert_str_eq(c->placeholders[1].key, "office.name");
	cr_assert_str_eq(c->placeholders[2].key, "staff[0].email");
	cr_assert_str_eq(c->placeholders[3].key,
	    "providers.microsoft365.tenant");
	cr_assert_eq(c->placeholders[4].line, 12);
	cr_assert_str_eq(c->placeholders[4].mark,
	    "00000000-0000-0000-0000-000000000000");
	pc_config_free(c);
	unlink(path);
}

Test(config, unreadable_policy_names_its_line)
{
	char path[] = "/tmp/pc-policyline-XXXXXX";
	const char *e;

	write_text(path,
	    "office: {id: t, name: T, digital_lead: S, "
	    "parliamentary_domains: [parliament.uk]}\n"
	    "report: {dir: /tmp/r, signing_key: /tmp/k}\n"
	    "policy: /nonexistent/pc-policy.yaml\n");
	e = load_fail(path);
	cr_assert(strstr(e, ":3: policy: cannot read /nonexistent/"
			    "pc-policy.yaml: No such file or directory") &&
	    strncmp(e, path, strlen(path)) == 0, "%s", e);
	unlink(path);
}
