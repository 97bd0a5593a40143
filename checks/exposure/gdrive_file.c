/* One Google Drive file's description read into the sharing model
 * (files.list and permissions.list bodies are hostile input). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "gdrive_file.h"

#define WHAT "google drive"

/* Does id look like a Drive id? */
bool
pc_gdrive_id_ok(const char *id)
{
	size_t n = id ? strlen(id) : 0;

	return n > 0 && n <= PC_GDRIVE_ID_MAX &&
	    strspn(id,
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") ==
	    n;
}

/* Is role one that can change the file? */
static bool
role_edits(const char *role)
{
	return role &&
	    (strcmp(role, "writer") == 0 ||
		strcmp(role, "fileOrganizer") == 0 ||
		strcmp(role, "organizer") == 0 || strcmp(role, "owner") == 0);
}

/* A "domain" permission: an organisation link for an office domain, an
 * outside grant (to everyone in that domain) otherwise. */
static void
domain_add(struct pc_gdrive_file *f, const char *domain, bool edit,
    const struct pc_gdrive_domains *d)
{
	char who[300];

	snprintf(who, sizeof(who), "*@%s", domain ? domain : "");
	if (domain && *domain && pc_share_domain_inside(who, d->names, d->n))
		pc_share_add_link(&f->share, PC_SHARE_SCOPE_ORG, edit, NULL);
	else
		pc_share_add_grant(&f->share, who, edit, NULL, d->names, d->n);
}

/* Adds one permission object to f's model. */
static int
perm_add(
    struct pc_gdrive_file *f, const cJSON *p, const struct pc_gdrive_domains *d)
{
	const char *type, *role, *email, *domain, *expiry;
	int find, deleted;
	bool edit;

	if (!cJSON_IsObject(p))
		return pc_error_set(
		    PC_EPARSE, WHAT ": a permission is not an object");
	if (pc_json_need_string(&type, p, "type", WHAT) ||
	    pc_json_opt_string(&role, p, "role", WHAT) ||
	    pc_json_opt_string(&email, p, "emailAddress", WHAT) ||
	    pc_json_opt_string(&domain, p, "domain", WHAT) ||
	    pc_json_opt_string(&expiry, p, "expirationTime", WHAT) ||
	    pc_json_opt_bool(&find, p, "allowFileDiscovery", WHAT) ||
	    pc_json_opt_bool(&deleted, p, "deleted", WHAT))
		return PC_EPARSE;
	f->perms++;
	if (deleted == 1)
		return 0; /* an account that no longer exists opens nothing */
	edit = role_edits(role);
	if (strcmp(type, "anyone") == 0)
		pc_share_add_link(&f->share, PC_SHARE_SCOPE_ANYONE, edit, NULL);
	else if (strcmp(type, "domain") == 0)
		domain_add(f, domain, edit, d);
	else if (strcmp(type, "user") == 0 || strcmp(type, "group") == 0)
		pc_share_add_grant(&f->share, email ? email : "", edit, expiry,
		    d->names, d->n);
	else
		return pc_error_set(PC_EPARSE,
		    WHAT ": unknown permission type \"%.40s\"", type);
	return 0;
}

/* Adds a permissions array to f's model. */
int
pc_gdrive_perms_add(struct pc_gdrive_file *f, const cJSON *perms,
    const struct pc_gdrive_domains *d)
{
	const cJSON *p;
	int r;

	if (!cJSON_IsArray(perms))
		return pc_error_set(
		    PC_EPARSE, WHAT ": \"permissions\" is not an array");
	cJSON_ArrayForEach(p, perms)
	{
		if (f->perms >= PC_GDRIVE_PERMS_MAX)
			return pc_error_set(PC_ELIMIT,
			    WHAT ": a file has more than %d permissions",
			    PC_GDRIVE_PERMS_MAX);
		if ((r = perm_add(f, p, d)) != 0)
			return r;
	}
	return 0;
}

/* The first owner's address, or NULL. */
static int
first_owner(const char **email_out, const cJSON *j)
{
	const cJSON *owners, *o;

	*email_out = NULL;
	if (pc_json_opt_array(&owners, j, "owners", WHAT) != 0)
		return PC_EPARSE;
	if (owners == NULL || (o = cJSON_GetArrayItem(owners, 0)) == NULL)
		return 0;
	if (!cJSON_IsObject(o))
		return pc_error_set(
		    PC_EPARSE, WHAT ": an owner is not an object");
	return pc_json_opt_string(email_out, o, "emailAddress", WHAT)
	    ? PC_EPARSE
	    : 0;
}

/* Drive gives size as a decimal string ("int64" in its discovery doc). */
static int
size_of(long long *out, const cJSON *j)
{
	const char *s;
	char *end;

	*out = -1;
	if (pc_json_opt_string(&s, j, "size", WHAT) != 0)
		return PC_EPARSE;
	if (s == NULL)
		return 0;
	*out = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || *out < 0)
		return pc_error_set(PC_EPARSE,
		    WHAT ": a file's size \"%.30s\" is not a number of bytes",
		    s);
	return 0;
}

/* Reads one files.list element into f. */
int
pc_gdrive_file_parse(struct pc_gdrive_file *f, const cJSON *j,
    enum pc_share_store store, const char *container,
    const struct pc_gdrive_domains *d)
{
	const char *id, *name, *mime, *owner;
	const cJSON *perms;

	memset(f, 0, sizeof(*f));
	f->size = -1;
	if (!cJSON_IsObject(j))
		return pc_error_set(
		    PC_EPARSE, WHAT ": a file is not an object");
	if (pc_json_need_string(&id, j, "id", WHAT) ||
	    pc_json_need_string(&name, j, "name", WHAT) ||
	    pc_json_opt_string(&mime, j, "mimeType", WHAT) ||
	    pc_json_opt_array(&perms, j, "permissions", WHAT) ||
	    first_owner(&owner, j) || size_of(&f->size, j))
		return PC_EPARSE;
	if (!pc_gdrive_id_ok(id))
		return pc_error_set(PC_EPARSE,
		    WHAT
		    ": a file id is empty, too long or holds characters Drive ids never do");
	if (mime && strlen(mime) >= sizeof(f->mime))
		return pc_error_set(
		    PC_EPARSE, WHAT ": a file's mimeType is too long");
	snprintf(f->mime, sizeof(f->mime), "%s", mime ? mime : "");
	pc_share_init(&f->share, store, container, name, id);
	snprintf(
	    f->share.owner, sizeof(f->share.owner), "%s", owner ? owner : "");
	if (perms == NULL)
		return 0;
	f->perms_inline = true;
	return pc_gdrive_perms_add(f, perms, d);
}
