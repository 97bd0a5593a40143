/* Config: drive sources (onedrive, sharepoint, gdrive) load, and each bad
 * one is refused with its line and the fix. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "agent/check.h"
#include "agent/config.h"
#include "checks/providers/graph.h"
#include "agent/lib/err.h"

#define M365 "providers:\n  microsoft365: {tenant: t.onmicrosoft.com, " \
	"client_id: c, client_secret_file: /tmp/s, sharepoint_hosts: " \
	"[t.sharepoint.com, t-my.sharepoint.com]}\n"

/* Loads a config of the given providers and sources; returns 0 or the
 * error, with the config in *c_out on success. */
static int
load(struct pc_config **c_out, const char *providers, const char *sources)
{
	char path[] = "/tmp/pc-cfgdrv-XXXXXX";
	int fd = mkstemp(path), r;
	FILE *f;

	cr_assert_geq(fd, 0);
	f = fdopen(fd, "w");
	fprintf(f, "office:\n  id: t\n  name: T\n  digital_lead: S\n"
	    "  parliamentary_domains: [parliament.uk]\nreport: {dir: /tmp/r, "
	    "signing_key: /tmp/k}\n%ssources:\n%s", providers, sources);
	fclose(f);
	*c_out = NULL;
	r = pc_config_load(c_out, path, &pc_registry);
	unlink(path);
	return r;
}

Test(config_drives, drive_sources_load)
{
	struct pc_config *c;

	cr_assert_eq(load(&c, M365, "  - {kind: onedrive}\n  - {kind: "
	    "sharepoint, site: \"https://t.sharepoint.com/sites/office\"}\n"),
	    0, "%s", pc_error_get());
	cr_assert_eq(c->nsources, 2);
	cr_assert(pc_source_is_drive(&c->sources[0]));
	cr_assert_str_eq(c->sources[1].site,
	    "https://t.sharepoint.com/sites/office");
	cr_assert_eq(pc_m365_cfg(c)->nsharepoint_hosts, 2);
	pc_config_free(c);
}

/* The load fails and the error holds want. */
static void
refused(const char *providers, const char *sources, const char *want)
{
	struct pc_config *c;

	cr_assert_neq(load(&c, providers, sources), 0, "should fail: %s",
	    sources);
	cr_assert_null(c);
	cr_assert(strstr(pc_error_get(), want), "%s", pc_error_get());
}

Test(config_drives, bad_drive_sources_are_refused)
{
	refused(M365, "  - {kind: sharepoint}\n", "sources[0].site: missing");
	refused(M365, "  - {kind: onedrive, path: /srv}\n",
	    "takes no path or url");
	refused(M365, "  - {kind: onedrive, site: \"https://x\"}\n",
	    "only a sharepoint source takes site");
	refused(M365, "  - {kind: files, path: /srv, site: \"https://x\"}\n",
	    "only a sharepoint source takes site");
	refused(M365, "  - {kind: sharepoint, site: \"http://t/sites/x\"}\n",
	    "expected an https:// URL");
	refused("", "  - {kind: onedrive}\n", "configure providers."
	    "microsoft365");
	refused("", "  - {kind: gdrive}\n", "configure providers.google");
}
