/* The systemd drop-in printed for a config: credentials, paths, refusals. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "agent/config.h"
#include "agent/dropin.h"
#include "agent/err.h"

/* The office part every test config shares. */
#define HEAD \
	"office: {id: t, name: T, digital_lead: \"S <s@parliament.uk>\", " \
	"parliamentary_domains: [parliament.uk]}\n" \
	"staff: [{name: S, email: s@parliament.uk}]\n"

/* Loads yaml from a temp file and makes its drop-in; returns the result
 * and the text in out (caller frees). */
static int
dropin_of(const char *yaml, struct pc_buf *out)
{
	char path[] = "/tmp/pc-dropin-XXXXXX";
	struct pc_config *cfg = NULL;
	FILE *f;
	int fd, r;

	cr_assert_geq(fd = mkstemp(path), 0);
	cr_assert_not_null(f = fdopen(fd, "w"));
	fputs(yaml, f);
	fclose(f);
	r = pc_config_load(&cfg, path);
	cr_assert_eq(r, 0, "%s", pc_error_get());
	pc_buf_init(out, 1 << 16);
	r = pc_dropin_text(out, cfg);
	cr_assert_eq(pc_buf_add(out, "", 1), 0);
	pc_config_free(cfg);
	unlink(path);
	return r;
}

Test(dropin, secrets_become_credentials_named_by_base_name)
{
	struct pc_buf b;

	cr_assert_eq(dropin_of(HEAD
	    "report: {dir: /var/lib/portcullis/reports, "
	    "signing_key: /etc/portcullis/keys/office.key}\n"
	    "providers:\n"
	    "  github: {org: o, token_file: /etc/portcullis/secrets/github}\n"
	    "  microsoft365: {tenant: t.onmicrosoft.com, client_id: c, "
	    "client_secret_file: /root/m%365}\n", &b), 0, "%s",
	    pc_error_get());
	cr_assert(strstr(b.data, "\n[Service]\n"), "%s", b.data);
	cr_assert(strstr(b.data, "\nLoadCredential=office.key:"
	    "/etc/portcullis/keys/office.key\n"), "%s", b.data);
	cr_assert(strstr(b.data, "\nLoadCredential=github:"
	    "/etc/portcullis/secrets/github\n"), "%s", b.data);
	/* systemd expands %: it must be doubled */
	cr_assert(strstr(b.data, "\nLoadCredential=m%%365:/root/m%%365\n"),
	    "%s", b.data);
	/* reports under the StateDirectory need no binding */
	cr_assert_null(strstr(b.data, "BindPaths="), "%s", b.data);
	pc_buf_free(&b);
}

Test(dropin, sources_are_bound_read_only_and_reports_writable)
{
	struct pc_buf b;

	cr_assert_eq(dropin_of(HEAD
	    "report: {dir: /srv/reports, signing_key: /k/office.key}\n"
	    "sources:\n"
	    "  - {kind: files, path: /srv/office/shared}\n"
	    "  - {kind: mbox, path: /home/sam/Office Mail/in.mbox}\n"
	    "  - {kind: website, url: \"https://example.org.uk/\"}\n", &b), 0,
	    "%s", pc_error_get());
	cr_assert(strstr(b.data, "\nBindReadOnlyPaths=-/srv/office/shared\n"),
	    "%s", b.data);
	cr_assert(strstr(b.data,
	    "\nBindReadOnlyPaths=\"-/home/sam/Office Mail/in.mbox\"\n"),
	    "%s", b.data);
	cr_assert(strstr(b.data, "\nBindPaths=-/srv/reports\n"), "%s", b.data);
	cr_assert_null(strstr(b.data, "example.org.uk"), "%s", b.data);
	pc_buf_free(&b);
}

Test(dropin, a_path_systemd_cannot_take_is_refused_with_the_key)
{
	struct pc_buf b;

	cr_assert_eq(dropin_of(HEAD
	    "report: {dir: /var/lib/portcullis/r, signing_key: /k/office.key}\n"
	    "sources: [{kind: files, path: \"/srv/a:b\"}]\n", &b), PC_ECONFIG);
	cr_assert(strstr(pc_error_get(), "sources.path: \"/srv/a:b\"") &&
	    strstr(pc_error_get(), "rename it"), "%s", pc_error_get());
	pc_buf_free(&b);
	cr_assert_eq(dropin_of(HEAD
	    "report: {dir: /var/lib/portcullis/r, signing_key: /k/office.key}\n"
	    "sources: [{kind: files, path: \"/srv/a\\nExecStart=/bin/sh\"}]\n",
	    &b), PC_ECONFIG);
	pc_buf_free(&b);
}

Test(dropin, two_secrets_with_one_base_name_are_refused)
{
	struct pc_buf b;

	cr_assert_eq(dropin_of(HEAD
	    "report: {dir: /var/lib/portcullis/r, signing_key: /k/office.key}\n"
	    "providers:\n"
	    "  github: {org: o, token_file: /a/token}\n"
	    "  slack: {token_file: /b/token}\n", &b), PC_ECONFIG);
	cr_assert(strstr(pc_error_get(), "providers.github.token_file and "
	    "providers.slack.token_file both end in \"token\""), "%s",
	    pc_error_get());
	pc_buf_free(&b);
}
