/* Microsoft Intune: the tenant's managed devices, read through a Graph
 * session (checks/providers/graph.c) and mapped to pc_device. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent/lib/err.h"
#include "agent/lib/json.h"
#include "checks/providers/graph.h"
#include "devices.h"

#define INTUNE_PERMISSION "DeviceManagementManagedDevices.Read.All"
#define INTUNE_SELECT                                                          \
	"id,deviceName,userPrincipalName,operatingSystem,osVersion,"           \
	"lastSyncDateTime,complianceState,isEncrypted,jailBroken,"             \
	"managedDeviceOwnerType,androidSecurityPatchLevel,model"
/* What Graph answers for a tenant without an Intune licence. */
#define NO_INTUNE "not applicable to target tenant"

/* An Intune tri-state string: "True" 1, "False" 0, else -1. */
static int
tri_state(const char *s)
{
	if (s == NULL)
		return -1;
	if (strcasecmp(s, "True") == 0)
		return 1;
	if (strcasecmp(s, "False") == 0)
		return 0;
	return -1;
}

/* A string that is absent or empty reads as NULL. */
static const char *
nonempty(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : NULL;
}

/* Reads one managedDevice object into d (strings borrowed from item). */
static int
intune_device(struct pc_device *d, char *subject, size_t n, const cJSON *item)
{
	const char *id, *name, *upn, *os, *ver, *sync, *comp, *jb, *owner,
	    *patch, *model;
	int enc, r;

	if ((r = pc_json_expect_object(item, "each value item", "intune")) ||
	    (r = pc_json_need_string(&id, item, "id", "intune")) ||
	    (r = pc_json_opt_string(&name, item, "deviceName", "intune")) ||
	    (r = pc_json_opt_string(
		 &upn, item, "userPrincipalName", "intune")) ||
	    (r = pc_json_opt_string(&os, item, "operatingSystem", "intune")) ||
	    (r = pc_json_opt_string(&ver, item, "osVersion", "intune")) ||
	    (r = pc_json_opt_string(
		 &sync, item, "lastSyncDateTime", "intune")) ||
	    (r = pc_json_opt_string(
		 &comp, item, "complianceState", "intune")) ||
	    (r = pc_json_opt_bool(&enc, item, "isEncrypted", "intune")) ||
	    (r = pc_json_opt_string(&jb, item, "jailBroken", "intune")) ||
	    (r = pc_json_opt_string(
		 &owner, item, "managedDeviceOwnerType", "intune")) ||
	    (r = pc_json_opt_string(
		 &patch, item, "androidSecurityPatchLevel", "intune")) ||
	    (r = pc_json_opt_string(&model, item, "model", "intune")))
		return r;
	if (id[0] == '\0' || strlen(id) > 64)
		return pc_error_set(PC_EPARSE,
		    "intune: a device id is empty or longer than 64 characters");
	name = nonempty(name) ? name : "(unnamed device)";
	snprintf(subject, n, "intune:%.120s (%s)", name, id);
	*d = (struct pc_device){
		.subject = subject,
		.name = name,
		.model = nonempty(model),
		.user = nonempty(upn),
		.os_name = nonempty(os),
		.os = { .os = pc_device_os_parse(os ? os : ""),
		    .version = nonempty(ver),
		    .android_patch_level = nonempty(patch) },
		.jailbroken = tri_state(jb),
		.encrypted = enc,
		.noncompliant = comp == NULL                ? -1
		    : strcasecmp(comp, "noncompliant") == 0 ? 1
							    : 0,
		.personal = owner != NULL && strcasecmp(owner, "personal") == 0,
	};
	if (d->os.os != PC_DEV_ANDROID)
		d->os.android_patch_level = NULL;
	if (nonempty(sync) != NULL &&
	    (r = pc_devices_time(&d->last_sync, sync)) != 0)
		return pc_error_set(r,
		    "intune: device %s: lastSyncDateTime: %s", id,
		    pc_error_get());
	return 0;
}

/* Reports one page of managedDevices. */
int
pc_intune_devices_page(struct pc_devices_inv *inv, const cJSON *page)
{
	const cJSON *value, *item;
	struct pc_device d;
	char subject[256];
	int r;

	if ((r = pc_json_need_array(&value, page, "value", "intune")) != 0)
		return r;
	cJSON_ArrayForEach(item, value)
	{
		if ((r = intune_device(&d, subject, sizeof(subject), item)) ||
		    (r = pc_devices_report(inv, &d)))
			return r;
	}
	return 0;
}

/* The managedDevices being read; no_intune set on the licence error. */
struct intune_run {
	struct pc_devices_inv *inv;
	bool no_intune;
};

/* Reports a page; the first page's "not applicable" error ends the list
 * as no Intune. */
static int
intune_page(void *arg, const struct pc_http_resp *resp, const cJSON *json,
    size_t pageno)
{
	struct intune_run *run = arg;
	char text[512];
	int r;

	if (resp->status == 400 && pageno == 1) {
		pc_http_error_text(text, sizeof(text), resp);
		if (strcasestr(text, NO_INTUNE) != NULL) {
			run->no_intune = true;
			return PC_PAGES_STOP;
		}
	}
	if (resp->status != 200)
		return pc_graph_refused(
		    resp, "Intune managed devices", INTUNE_PERMISSION);
	if ((r = pc_intune_devices_page(run->inv, json)) != 0)
		return pc_error_set(r, "microsoft365: %s", pc_error_get());
	return 0;
}

/* Reads every Intune managed device. */
int
pc_intune_devices(struct pc_devices_inv *inv, bool *no_intune_out)
{
	struct pc_provider_env env = pc_provider_env_of(inv->ctx);
	struct intune_run run = { .inv = inv };
	struct pc_graph *g = NULL;
	struct pc_buf url;
	int r;

	*no_intune_out = false;
	pc_buf_init(&url, 4096);
	if ((r = pc_graph_open(&g, &env, pc_m365_cfg(inv->cfg))))
		goto out;
	if (pc_buf_addf(&url,
		"%s/v1.0/deviceManagement/managedDevices?$select=" INTUNE_SELECT,
		pc_graph_base(g)) != 0) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	r = pc_graph_pages(g, url.data, intune_page, &run);
	*no_intune_out = r == 0 && run.no_intune;
out:
	if (g != NULL && pc_graph_http(g) != NULL)
		inv->requests += pc_http_requests(pc_graph_http(g));
	pc_graph_close(g);
	pc_buf_free(&url);
	return r;
}
