/*
 * The OneDrives of the m365-sharing part: every enabled user of the tenant
 * with at least one licence (GET /v1.0/users with assignedLicenses and
 * accountEnabled, paged; User.Read.All), each drive found with
 * GET /users/{id}/drive (Files.Read.All; 404 = never opened, counted).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "agent/lib/err.h"
#include "agent/lib/json.h"
#include "drive365_run.h"

#define MAX_USERS 100000

/* The tenant's users whose OneDrive is read, and those passed over. */
struct users {
	char **upns;
	size_t n, alloc;
	size_t listed, disabled, unlicensed, no_drive, unlisted;
};

/* The UPN escaped for a URL path; caller frees. */
char *
pc_d365_escape(const char *upn)
{
	char *e = curl_easy_escape(NULL, upn, 0), *out;

	if (e == NULL)
		return NULL;
	out = strdup(e);
	curl_free(e);
	return out;
}

/* Keeps a UPN whose OneDrive is to be read. */
static int
keep(struct users *u, const char *upn)
{
	char **p;

	if (u->n >= MAX_USERS)
		return pc_error_set(PC_ELIMIT,
		    "microsoft365: more than %d licensed users", MAX_USERS);
	if (u->n == u->alloc) {
		u->alloc = u->alloc ? u->alloc * 2 : 64;
		if ((p = realloc(u->upns, u->alloc * sizeof(*p))) == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
		u->upns = p;
	}
	if ((u->upns[u->n] = strdup(upn)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	u->n++;
	return 0;
}

/* Keeps one listed user when enabled and licensed. */
static int
take_user(struct users *u, const cJSON *item)
{
	const cJSON *lic;
	const char *upn;
	int enabled, r;

	if ((r = pc_json_need_string(
		 &upn, item, "userPrincipalName", "graph")) != 0 ||
	    (r = pc_json_opt_bool(&enabled, item, "accountEnabled", "graph")) !=
		0 ||
	    (r = pc_json_opt_array(&lic, item, "assignedLicenses", "graph")) !=
		0)
		return pc_error_set(r, "microsoft365: %s", pc_error_get());
	u->listed++;
	if (enabled == 0) {
		u->disabled++;
		return 0;
	}
	if (lic == NULL || cJSON_GetArraySize(lic) == 0) {
		u->unlicensed++;
		return 0;
	}
	return keep(u, upn);
}

/* One page of users. */
static int
on_users(void *arg, const struct pc_http_resp *resp, const cJSON *json,
    size_t pageno)
{
	const cJSON *value, *item;
	int r;

	(void)pageno;
	if (resp->status != 200)
		return pc_graph_refused(
		    resp, "the tenant's users", "User.Read.All");
	if ((r = pc_json_need_array(&value, json, "value", "graph")) != 0)
		return pc_error_set(r, "microsoft365: %s", pc_error_get());
	cJSON_ArrayForEach(item, value)
	{
		if ((r = take_user(arg, item)) != 0)
			return r;
	}
	return 0;
}

/* Reads one user's OneDrive: GET /users/{upn}/drive, then the drive. */
static int
read_onedrive(struct d365 *d, struct users *u, const char *upn)
{
	struct pc_http_resp resp;
	const char *id;
	cJSON *j = NULL;
	char url[1024], label[600];
	char *esc;
	int r;

	memset(&resp, 0, sizeof(resp));
	snprintf(label, sizeof(label), "the OneDrive of %s", upn);
	if ((esc = pc_d365_escape(upn)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	snprintf(url, sizeof(url), "%s/v1.0/users/%s/drive",
	    pc_graph_base(d->g), esc);
	free(esc);
	if ((r = pc_graph_get(d->g, url, &resp, &j)) != 0)
		goto fail;
	if (resp.status == 404) {
		u->no_drive++; /* licensed, but never opened */
		goto out;
	}
	if (j == NULL) {
		r = pc_graph_refused(&resp, label, "Files.Read.All");
		goto fail;
	}
	if ((r = pc_json_need_string(&id, j, "id", "graph")) != 0)
		goto fail;
	u->unlisted +=
	    pc_config_find_staff(d->cfg, "microsoft365", upn) == NULL;
	r = pc_d365_read_drive(d,
	    &(struct drive){
		PC_SHARE_ONEDRIVE, id, upn, upn, label, "Files.Read.All" });
	goto out;
fail:
	if (r != PC_ENOMEM)
		r = pc_check_incomplete(
		    d->ctx, "%s could not be read: %s", label, pc_error_get());
out:
	cJSON_Delete(j);
	pc_http_resp_free(&resp);
	return r;
}

/* The staff members' Microsoft 365 accounts (else their email), for a
 * tenant whose users cannot be listed. */
static int
staff_accounts(struct d365 *d, struct users *u)
{
	const struct pc_config *c = d->cfg;
	size_t i, k;
	int r;

	for (i = 0; i < c->nstaff; i++) {
		const char *upn = c->staff[i].email;

		for (k = 0; k < c->staff[i].naccounts; k++)
			if (!strcmp(c->staff[i].accounts[k].provider,
				"microsoft365"))
				upn = c->staff[i].accounts[k].name;
		if (upn != NULL && (r = keep(u, upn)) != 0)
			return r;
	}
	return 0;
}

/* Reads the OneDrive of every enabled, licensed user. */
int
pc_d365_read_onedrives(struct d365 *d)
{
	struct users u = { 0 };
	char url[1024];
	size_t i;
	int r;

	snprintf(url, sizeof(url),
	    "%s/v1.0/users?$select=id,userPrincipalName,assignedLicenses,accountEnabled&$top=999",
	    pc_graph_base(d->g));
	if ((r = pc_graph_pages(d->g, url, on_users, &u)) != 0) {
		if (r == PC_ENOMEM ||
		    (r = pc_check_incomplete(d->ctx,
			 "the tenant's users could not be listed, so only the staff list's OneDrives were read: %s",
			 pc_error_get())) != 0)
			goto out;
		for (i = 0; i < u.n; i++)
			free(u.upns[i]);
		memset(&u, 0, sizeof(u));
		if ((r = staff_accounts(d, &u)) != 0)
			goto out;
	}
	for (i = 0; i < u.n && r == 0; i++)
		r = read_onedrive(d, &u, u.upns[i]);
	(void)pc_check_count(d->ctx, "m365-sharing",
	    "OneDrive: %zu users listed, %zu licensed and enabled (%zu not on the staff list, reported under their address), %zu disabled and %zu without a licence skipped, %zu never opened their OneDrive",
	    u.listed, u.n, u.unlisted, u.disabled, u.unlicensed, u.no_drive);
out:
	for (i = 0; i < u.n; i++)
		free(u.upns[i]);
	free(u.upns);
	return r;
}
