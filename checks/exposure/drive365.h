/* Microsoft 365 link sharing (OneDrive, SharePoint): the pieces of the
 * exposure check's m365-sharing part. */
#ifndef PC_EXPOSURE_DRIVE365_H
#define PC_EXPOSURE_DRIVE365_H

#include <stdbool.h>
#include <stddef.h>

#include "agent/lib/json.h"
#include "sharing.h"

#define PC_D365_MAX_ITEMS    500000      /* items in one drive's delta */
#define PC_D365_MAX_DEPTH    64          /* folders above an item */
#define PC_D365_MAX_HOSTS    16          /* content hosts downloads may use */
#define PC_D365_DOWNLOAD_CAP (16u << 20) /* bytes of one file read */
#define PC_D365_DRIVE_LINES  40 /* drives with a count line of their own */
#define PC_D365_WAVE_BYTES   (32u << 20) /* listed bytes downloaded at once */

/* One item of a drive as its delta reported it. */
struct pc_d365_item {
	char *id, *parent, *name;
	char *since;      /* shared.sharedDateTime's date, or NULL */
	char *created_by; /* createdBy.user.email, or NULL */
	long long size;
	unsigned long seq; /* order seen: a later entry wins */
	bool folder, root, shared, deleted;
};

/* A drive's items, rebuilt into a tree. */
struct pc_d365_tree {
	struct pc_d365_item *items;
	size_t n, alloc;
	size_t deleted; /* delta entries for deleted items, skipped */
	bool sorted;
};

/* Adds one delta entry (an element of value[]); PC_EPARSE names what
 * is wrong, PC_ELIMIT past PC_D365_MAX_ITEMS. */
int pc_d365_tree_add(struct pc_d365_tree *t, const cJSON *item);

/* Sorts by id, keeps the last entry of each and drops deleted items.
 * Call once after the last add. */
int pc_d365_tree_finish(struct pc_d365_tree *t);

/* The item with id, or NULL (after finish). */
const struct pc_d365_item *pc_d365_tree_find(
    const struct pc_d365_tree *t, const char *id);

/* The item's path from the drive root ("/Casework/cases.xlsx") into out;
 * PC_EPARSE when a parent is missing or the chain loops. */
int pc_d365_tree_path(char *out, size_t n, const struct pc_d365_tree *t,
    const struct pc_d365_item *it);

/* True when the file carries a shared facet or sits under a folder that
 * does (a file inherits its folder's links without the facet). *since_out
 * gets the nearest shared date, or NULL. */
bool pc_d365_tree_shared(const struct pc_d365_tree *t,
    const struct pc_d365_item *it, const char **since_out);

void pc_d365_tree_free(struct pc_d365_tree *t);

/*
 * Adds the permissions of one item (a permissions response's value[]) to
 * f: links (scope anonymous / organization / users, type edit or not,
 * expirationDateTime) and grants to addresses (grantedToV2,
 * grantedToIdentitiesV2, invitation), judged against domains. The owner
 * role is skipped. PC_EPARSE names what is wrong.
 */
int pc_d365_perms_add(struct pc_shared_file *f, const cJSON *value,
    const char *const *domains, size_t ndomains);

/* True when url is https on one of hosts (port 443 or the one given
 * "host:port" in hosts), else false: a download redirect anywhere else
 * is refused. */
bool pc_d365_host_allowed(
    const char *url, const char *const *hosts, size_t nhosts);

#endif
