/* The systemd drop-in printed for a config: credentials, paths, refusals. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "agent/check.h"
#include "agent/config.h"
#include "agent/cli/dropin.h"
#include "agent/lib/err.h"

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
	r = pc_config_load(&cfg, path, &pc_registry);
	cr_assert_eq(r, 0, "%s", pc_error_get());
	pc_buf_init(out, 1 << 16);
	r = pc_dropin_text(out, cfg);
	cr_assert_eq(pc_buf_add(out, "", 1), 0);
	pc_config_free(cfg);
	unlink(path);
	return r;
}

/* Creates dir/name (an empty file standing for a secret). */
static void
touch(const char *dir, const char *name)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	cr_assert_not_null(f = fopen(path, "w"), "%s", path);
	fclose(f);
}

Test(dropin, secrets_become_credentials_named_by_base_name)
{
	char d[] = "/tmp/pc-dropin-secrets-XXXXXX", yaml[2048], want[512];
	struct pc_buf b;

	cr_assert_not_null(mkdtemp(d));
	touch(d, "office.key");
	touch(d, "office.hmac");
	touch(d, "github");
	touch(d, "m%365");
	snprintf(yaml, sizeof(yaml), HEAD
	    "report: {dir: /var/lib/portcullis/reports, "
	    "signing_key: %s/office.key}\n"
	    "providers:\n"
	    "  github: {org: o, token_file: %s/github}\n"
	    "  slack: {token_file: %s/slack}\n"
	    "  microsoft365: {tenant: t.onmicrosoft.com, client_id: c, "
	    "client_secret_file: \"%s/m%%365\"}\n", d, d, d, d);
	cr_assert_eq(dropin_of(yaml, &b), 0, "%s", pc_error_get());
	cr_assert(strstr(b.data, "\n[Service]\n"), "%s", b.data);
	snprintf(want, sizeof(want), "\nLoadCredential=office.key:%s/office.key\n"
	    "LoadCredential=office.hmac:%s/office.hmac\n", d, d);
	cr_assert(strstr(b.data, want), "%s", b.data);
	snprintf(want, sizeof(want), "\nLoadCredential=github:%s/github\n", d);
	cr_assert(strstr(b.data, want), "%s", b.data);
	/* systemd expands %: it must be doubled */
	snprintf(want, sizeof(want), "\nLoadCredential=m%%%%365:%s/m%%%%365\n",
	    d);
	cr_assert(strstr(b.data, want), "%s", b.data);
	/* a secret not there yet would fail the unit: only a comment */
	cr_assert_null(strstr(b.data, "LoadCredential=slack"), "%s", b.data);
	snprintf(want, sizeof(want), "# not found, so not passed (make this "
	    "drop-in again once it exists): %s/slack\n", d);
	cr_assert(strstr(b.data, want), "%s", b.data);
	/* reports under the StateDirectory need no binding */
	cr_assert_null(strstr(b.data, "BindPaths="), "%s", b.data);
	pc_buf_free(&b);
	for (const char *const *n = (const char *const[]){ "office.key",
		 "office.hmac", "github", "m%365", NULL }; *n; n++) {
		snprintf(want, sizeof(want), "%s/%s", d, *n);
		unlink(want);
	}
	rmdir(d);
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
