/* One Google Drive file's description and who outside the office can
 * open it (files.list and permissions.list bodies are hostile input). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent/lib/err.h"
#include "gdrive_file.h"

#define WHAT "google drive"

/* Is name (an address or a domain) in domain or one of its subdomains? */
static bool
in_domain(const char *name, const char *domain)
{
	const char *at = strrchr(name, '@');
	const char *host = at ? at + 1 : name;
	size_t hl = strlen(host), dl = strlen(domain);

	if (dl == 0 || hl < dl)
		return false;
	if (strcasecmp(host + hl - dl, domain) != 0)
		return false;
	return hl == dl || host[hl - dl - 1] == '.';
}

/* Is the address or domain one of the office's own? */
bool
pc_gdrive_office_domain(const struct pc_gdrive_domains *d, const char *name)
{
	size_t i;

	if (name == NULL || d == NULL)
		return false;
	for (i = 0; i < d->na; i++)
		if (in_domain(name, d->a[i]))
			return true;
	for (i = 0; i < d->nb; i++)
		if (in_domain(name, d->b[i]))
			return true;
	return false;
}

/* Adds the domain of name to who's list of outside domains, once. */
static void
note_external(struct pc_gdrive_audience *who, const char *name)
{
	const char *at = name ? strrchr(name, '@') : NULL;
	const char *host = at ? at + 1 : name;
	char *list = who->external_domains, *p;
	size_t used = strlen(list), hl;

	who->external++;
	if (host == NULL || *host == '\0')
		host = "unknown address";
	hl = strlen(host);
	for (p = list; (p = strstr(p, host)) != NULL; p += hl)
		if ((p == list || (p - list >= 2 && p[-2] == ',')) &&
		    (p[hl] == '\0' || p[hl] == ','))
			return;
	if (used + hl + 3 >= sizeof(who->external_domains))
		return; /* the count still says how many */
	snprintf(list + used, sizeof(who->external_domains) - used, "%s%.*s",
	    used ? ", " : "", (int)hl, host);
}

/* Is role one that can change the file? */
static bool
role_edits(const char *role)
{
	return role && (strcmp(role, "writer") == 0 ||
	    strcmp(role, "fileOrganizer") == 0 ||
	    strcmp(role, "organizer") == 0 || strcmp(role, "owner") == 0);
}

/* Classifies one permission object into who. */
static int
perm_add(struct pc_gdrive_audience *who, const cJSON *p,
    const struct pc_gdrive_domains *d)
{
	const char *type, *role, *email, *domain;
	int find, deleted;

	if (!cJSON_IsObject(p))
		return pc_error_set(PC_EPARSE, WHAT ": a permission is not an "
		    "object");
	if (pc_json_need_string(&type, p, "type", WHAT) ||
	    pc_json_opt_string(&role, p, "role", WHAT) ||
	    pc_json_opt_string(&email, p, "emailAddress", WHAT) ||
	    pc_json_opt_string(&domain, p, "domain", WHAT) ||
	    pc_json_opt_bool(&find, p, "allowFileDiscovery", WHAT) ||
	    pc_json_opt_bool(&deleted, p, "deleted", WHAT))
		return PC_EPARSE;
	who->perms++;
	if (deleted == 1)
		return 0; /* an account that no longer exists opens nothing */
	if (strcmp(type, "anyone") == 0) {
		who->anyone = true;
		who->anyone_find |= find == 1;
		who->anyone_edit |= role_edits(role);
	} else if (strcmp(type, "domain") == 0) {
		if (pc_gdrive_office_domain(d, domain))
			who->domain_links++;
		else
			note_external(who, domain);
	} else if (strcmp(type, "user") == 0 || strcmp(type, "group") == 0) {
		if (!pc_gdrive_office_domain(d, email))
			note_external(who, email);
	} else {
		return pc_error_set(PC_EPARSE, WHAT ": unknown permission type "
		    "\"%.40s\"", type);
	}
	return 0;
}

/* Adds a permissions array to who. */
int
pc_gdrive_perms_add(struct pc_gdrive_audience *who, const cJSON *perms,
    const struct pc_gdrive_domains *d)
{
	const cJSON *p;
	int r;

	if (!cJSON_IsArray(perms))
		return pc_error_set(PC_EPARSE, WHAT ": \"permissions\" is not "
		    "an array");
	cJSON_ArrayForEach(p, perms) {
		if (who->perms >= PC_GDRIVE_PERMS_MAX)
			return pc_error_set(PC_ELIMIT, WHAT ": a file has more "
			    "than %d permissions", PC_GDRIVE_PERMS_MAX);
		if ((r = perm_add(who, p, d)) != 0)
			return r;
	}
	return 0;
}

/* A copy of s (at most max bytes) into *out; NULL stays NULL. */
static int
dup_capped(char **out, const char *s, size_t max, const char *field)
{
	*out = NULL;
	if (s == NULL)
		return 0;
	if (strlen(s) > max)
		return pc_error_set(PC_EPARSE, WHAT ": a file's %s is longer "
		    "than %zu bytes", field, max);
	if ((*out = strdup(s)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	return 0;
}

/* The first owner's address, or NULL. */
static int
first_owner(const char **email_out, const cJSON *j)
{
	const cJSON *owners;

	*email_out = NULL;
	if (pc_json_opt_array(&owners, j, "owners", WHAT) != 0)
		return PC_EPARSE;
	if (owners == NULL || cJSON_GetArraySize(owners) == 0)
		return 0;
	if (!cJSON_IsObject(cJSON_GetArrayItem(owners, 0)))
		return pc_error_set(PC_EPARSE, WHAT ": an owner is not an "
		    "object");
	return pc_json_opt_string(email_out, cJSON_GetArrayItem(owners, 0),
	    "emailAddress", WHAT) ? PC_EPARSE : 0;
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
		return pc_error_set(PC_EPARSE, WHAT ": a file's size \"%.30s\" "
		    "is not a number of bytes", s);
	return 0;
}

/* Reads one files.list element into f. */
int
pc_gdrive_file_parse(struct pc_gdrive_file *f, const cJSON *j,
    const struct pc_gdrive_domains *d)
{
	const char *id, *name, *mime, *owner, *drive;
	const cJSON *perms;
	int r;

	memset(f, 0, sizeof(*f));
	f->size = -1;
	if (!cJSON_IsObject(j))
		return pc_error_set(PC_EPARSE, WHAT ": a file is not an object");
	if (pc_json_need_string(&id, j, "id", WHAT) ||
	    pc_json_need_string(&name, j, "name", WHAT) ||
	    pc_json_opt_string(&mime, j, "mimeType", WHAT) ||
	    pc_json_opt_string(&drive, j, "driveId", WHAT) ||
	    pc_json_opt_array(&perms, j, "permissions", WHAT) ||
	    first_owner(&owner, j) || size_of(&f->size, j))
		return PC_EPARSE;
	if (*id == '\0' || strspn(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"
	    "KLMNOPQRSTUVWXYZ0123456789-_") != strlen(id))
		return pc_error_set(PC_EPARSE, WHAT ": a file id is empty or "
		    "holds characters Drive ids never do");
	if ((r = dup_capped(&f->id, id, PC_GDRIVE_ID_MAX, "id")) ||
	    (r = dup_capped(&f->name, name, PC_GDRIVE_NAME_MAX * 4, "name")) ||
	    (r = dup_capped(&f->mime, mime, 255, "mimeType")) ||
	    (r = dup_capped(&f->owner, owner, 320, "owner")) ||
	    (r = dup_capped(&f->drive_id, drive, PC_GDRIVE_ID_MAX, "driveId")))
		goto fail;
	if (perms != NULL) {
		f->perms_inline = true;
		if ((r = pc_gdrive_perms_add(&f->who, perms, d)) != 0)
			goto fail;
	}
	return 0;
fail:
	pc_gdrive_file_clear(f);
	return r;
}

/* Frees f's strings. */
void
pc_gdrive_file_clear(struct pc_gdrive_file *f)
{
	if (f == NULL)
		return;
	free(f->id);
	free(f->name);
	free(f->mime);
	free(f->owner);
	free(f->drive_id);
	f->id = f->name = f->mime = f->owner = f->drive_id = NULL;
}
