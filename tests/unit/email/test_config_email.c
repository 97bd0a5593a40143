/* The email check's config keys: office.domains, staff aliases,
 * checks.email {doh_url, dkim_selectors}; defaults and precise errors. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent/check.h"
#include "agent/config.h"
#include "checks/email/settings.h"
#include "agent/lib/err.h"

/* Every load in this file uses the registry's settings tables. */
#define pc_config_load(c, p) pc_config_load((c), (p), &pc_registry)

static char path[64];

/* Writes a config with the given office extra lines and checks block. */
static const char *
write_config(const char *office_extra, const char *checks)
{
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "/tmp/pc-cfg-email-XXXXXX");
	cr_assert((fd = mkstemp(path)) >= 0);
	cr_assert_not_null(f = fdopen(fd, "w"));
	fprintf(f, "office:\n  id: t\n  name: T\n"
	    "  digital_lead: \"S <s@parliament.uk>\"\n"
	    "  parliamentary_domains: [parliament.uk]\n%s"
	    "staff:\n  - {name: Jane Smith, email: j@parliament.uk, "
	    "aliases: [Jan Smith, J Smith]}\n"
	    "report: {dir: /tmp, signing_key: /tmp/k}\n%s", office_extra,
	    checks);
	fclose(f);
	return path;
}

/* Loads path expecting failure; the error line. */
static const char *
fails(const char *p)
{
	struct pc_config *c = NULL;

	cr_assert_neq(pc_config_load(&c, p), 0, "%s should fail", p);
	unlink(p);
	return pc_error_get();
}

Test(config_email, defaults_and_values)
{
	struct pc_config *c = NULL;
	const struct pc_email_settings *es;

	cr_assert_eq(pc_config_load(&c, write_config("", "")), 0, "%s",
	    pc_error_get());
	unlink(path);
	cr_assert_eq(c->office.nown_domains, 0);
	es = pc_config_check_settings(c, "email");
	cr_assert_str_eq(es->doh_url, PC_EMAIL_DEFAULT_DOH_URL);
	cr_assert_eq(c->staff[0].naliases, 2);
	cr_assert_str_eq(c->staff[0].aliases[1], "J Smith");
	pc_config_free(c);
	cr_assert_eq(pc_config_load(&c, write_config(
	    "  domains: [example-mp.org.uk, Campaign.Example.co.uk]\n",
	    "checks:\n  email:\n    doh_url: https://dns.example.net:8443/dns-query\n"
	    "    dkim_selectors: [s1, mail-2024]\n")), 0, "%s",
	    pc_error_get());
	unlink(path);
	cr_assert_eq(c->office.nown_domains, 2);
	cr_assert_str_eq(c->office.domains[1], "Campaign.Example.co.uk");
	es = pc_config_check_settings(c, "email");
	cr_assert_str_eq(es->doh_url, "https://dns.example.net:8443/dns-query");
	cr_assert_eq(es->ndkim_selectors, 2);
	pc_config_free(c);
}

Test(config_email, bad_domains_name_the_entry)
{
	const char *e;

	e = fails(write_config("  domains: [ok.org.uk, \"https://x.org/\"]\n",
	    ""));
	cr_assert(strstr(e, ":6: office.domains[1]: expected a domain name") !=
	    NULL, "%s", e);
	e = fails(write_config("  domains: [office@x.org.uk]\n", ""));
	cr_assert(strstr(e, "office.domains[0]") != NULL, "%s", e);
	e = fails(write_config("  domains: [localhost]\n", ""));
	cr_assert(strstr(e, "office.domains[0]") != NULL, "%s", e);
	e = fails(write_config("  domains: [a..b.org]\n", ""));
	cr_assert(strstr(e, "office.domains[0]") != NULL, "%s", e);
}

Test(config_email, bad_doh_url_is_one_precise_line)
{
	static const char *const bad[] = { "https://", "https:///dns-query",
		"https://user:pw@dns.example/dns-query",
		"https://dns.example:port/dns-query", "\"https://dns example/\"",
		"https://dns.example/q#frag" };
	char checks[256];
	const char *e;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(checks, sizeof(checks), "checks:\n  email:\n"
		    "    doh_url: %s\n", bad[i]);
		e = fails(write_config("", checks));
		cr_assert(strstr(e, "checks.email.doh_url: expected the "
		    "https:// address of a DNS-over-HTTPS resolver") != NULL,
		    "%s: %s", bad[i], e);
		cr_assert_null(strchr(e, '\n'));
	}
	e = fails(write_config("", "checks: {email: {doh_url: "
	    "\"http://dns.example/dns-query\"}}\n"));
	cr_assert(strstr(e, "checks.email.doh_url: expected an https:// URL") !=
	    NULL, "%s", e);
	e = fails(write_config("", "checks: {email: {doh_urll: x}}\n"));
	cr_assert(strstr(e, "checks.email.doh_urll: unknown key") != NULL,
	    "%s", e);
}

Test(config_email, bad_selector)
{
	const char *e = fails(write_config("", "checks: {email: "
	    "{dkim_selectors: [\"s1._domainkey.x.org\", \"a b\"]}}\n"));

	cr_assert(strstr(e, "checks.email.dkim_selectors[1]: expected a DKIM "
	    "selector") != NULL, "%s", e);
}
