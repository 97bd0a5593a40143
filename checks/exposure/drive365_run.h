/* The m365-sharing part's run, shared by its files (private): the part
 * (drive365.c), one drive (drive365_drive.c), the tenant's OneDrives
 * (drive365_users.c) and its content hosts (drive365_hosts.c). */
#ifndef PC_EXPOSURE_DRIVE365_RUN_H
#define PC_EXPOSURE_DRIVE365_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "agent/check.h"
#include "checks/providers/graph.h"
#include "drive365.h"
#include "scan.h"

/* One run of the part. */
struct d365 {
	struct pc_check_ctx *ctx;
	const struct pc_config *cfg;
	struct pc_graph *g;
	struct pc_exposure_scan *scan;
	char hostbuf[PC_D365_MAX_HOSTS][300];
	const char *hosts[PC_D365_MAX_HOSTS];
	size_t nhosts;
	bool hosts_learned; /* the m365-hosts part learned the tenant's */
	/* the office's domains: config, tenant name, verified (borrowed) */
	const char **domains;
	size_t ndomains;
	char **verified; /* the tenant's verified domains (owned) */
	size_t nverified;
	size_t drives, items, candidates, org_only, downloaded, refused;
	size_t findings;
};

/* One drive being read. */
struct drive {
	enum pc_share_store store;
	const char *id, *container, *owner, *label, *permission;
};

/* Is the source one this part reads (onedrive, sharepoint)? */
bool pc_d365_is_source(const struct pc_source *s);

/* Reads one drive: delta, shared files, permissions, contents, findings.
 * A drive that cannot be read makes the check incomplete, naming it;
 * returns nonzero only when the part cannot go on. */
int pc_d365_read_drive(struct d365 *d, const struct drive *dr);

/*
 * Reads the OneDrive of every enabled user with a licence (GET /users,
 * paged; User.Read.All), reported under the staff member's name where
 * the staff list has the account, else under the UPN. When the users
 * cannot be listed, the staff list's accounts are read instead and the
 * check is incomplete.
 */
int pc_d365_read_onedrives(struct d365 *d);

/* The UPN escaped for a URL path; caller frees. */
char *pc_d365_escape(const char *upn);

#endif
