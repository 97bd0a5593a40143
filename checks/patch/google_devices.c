/* Google endpoint management: the Workspace's mobile devices and
 * Chromebooks, read as admin_subject through a checks/providers/google.c
 * session and mapped to pc_device. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "agent/lib/err.h"
#include "agent/lib/json.h"
#include "checks/providers/google.h"
#include "devices.h"

#define SCOPE_MOBILE                                                           \
	"https://www.googleapis.com/auth/"                                     \
	"admin.directory.device.mobile.readonly"
#define SCOPE_CHROMEOS                                                         \
	"https://www.googleapis.com/auth/"                                     \
	"admin.directory.device.chromeos.readonly"
#define MOBILE_PAGE   "100" /* the API's maximum */
#define CHROMEOS_PAGE "300" /* the API's maximum */

/* A string that is absent or empty reads as NULL. */
static const char *
nonempty(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : NULL;
}

/* The first string of an optional array of strings ("email"). */
static int
first_string(const char **s_out, const cJSON *obj, const char *key)
{
	const cJSON *arr, *first;
	int r;

	*s_out = NULL;
	if ((r = pc_json_opt_array(&arr, obj, key, "google-mobile")) != 0 ||
	    arr == NULL || (first = cJSON_GetArrayItem(arr, 0)) == NULL)
		return r;
	if (!cJSON_IsString(first))
		return pc_error_set(PC_EPARSE,
		    "google-mobile: expected %s to hold strings", key);
	*s_out = first->valuestring;
	return 0;
}

/* "Android 14" -> "14", "iOS 17.5.1" -> "17.5.1": the version in os. */
static const char *
os_version_of(const char *os)
{
	const char *p = os;

	if (p == NULL)
		return NULL;
	while (*p != '\0' && (*p < '0' || *p > '9'))
		p++;
	return nonempty(p);
}

/* The family a mobile device's type (or its os text) names. */
static enum pc_device_os
mobile_family(const char *type, const char *os)
{
	char word[32];
	size_t n;

	if (type != NULL && strcasecmp(type, "ANDROID") == 0)
		return PC_DEV_ANDROID;
	if (type != NULL && strcasecmp(type, "IOS_SYNC") == 0)
		return os != NULL && strncasecmp(os, "iPadOS", 6) == 0
		    ? PC_DEV_IPADOS
		    : PC_DEV_IOS;
	if (os == NULL)
		return PC_DEV_OTHER;
	n = strcspn(os, " ");
	snprintf(word, sizeof(word), "%.*s", (int)(n < 31 ? n : 31), os);
	return pc_device_os_parse(word);
}

/* Reads one mobiledevice object into d (strings borrowed from item). */
static int
mobile_device(struct pc_device *d, char *subject, size_t n, const cJSON *item,
    bool *skip_out)
{
	const char *id, *rid, *email, *model, *os, *type, *status, *sync,
	    *patch, *comp, *enc;
	int owner_profile, r;

	*skip_out = false;
	if ((r = pc_json_expect_object(
		 item, "each mobiledevices item", "google-mobile")) ||
	    (r = pc_json_opt_string(&id, item, "deviceId", "google-mobile")) ||
	    (r = pc_json_need_string(
		 &rid, item, "resourceId", "google-mobile")) ||
	    (r = first_string(&email, item, "email")) ||
	    (r = pc_json_opt_string(&model, item, "model", "google-mobile")) ||
	    (r = pc_json_opt_string(&os, item, "os", "google-mobile")) ||
	    (r = pc_json_opt_string(&type, item, "type", "google-mobile")) ||
	    (r = pc_json_opt_string(
		 &status, item, "status", "google-mobile")) ||
	    (r = pc_json_opt_string(
		 &sync, item, "lastSync", "google-mobile")) ||
	    (r = pc_json_opt_string(
		 &patch, item, "securityPatchLevel", "google-mobile")) ||
	    (r = pc_json_opt_string(
		 &comp, item, "deviceCompromisedStatus", "google-mobile")) ||
	    (r = pc_json_opt_string(
		 &enc, item, "encryptionStatus", "google-mobile")) ||
	    (r = pc_json_opt_bool(&owner_profile, item,
		 "managedAccountIsOnOwnerProfile", "google-mobile")))
		return r;
	/* A wiped device is gone; its record stays for the audit trail. */
	if (status != NULL && strcasecmp(status, "WIPED") == 0) {
		*skip_out = true;
		return 0;
	}
	id = nonempty(id) ? id : rid;
	if (strlen(id) > 128)
		return pc_error_set(PC_EPARSE,
		    "google-mobile: a device id is longer than 128 characters");
	snprintf(subject, n, "google-mobile:%s", id);
	*d = (struct pc_device){
		.subject = subject,
		.name = nonempty(model) ? model : "(unnamed mobile device)",
		.user = nonempty(email),
		.os_name = nonempty(type),
		.os = { .os = mobile_family(type, os),
		    .version = os_version_of(os) },
		.jailbroken = comp == NULL                 ? -1
		    : strcasecmp(comp, "Compromised") == 0 ? 1
							   : 0,
		.encrypted = enc == NULL                    ? -1
		    : strcasecmp(enc, "Encrypted") == 0     ? 1
		    : strcasecmp(enc, "Not encrypted") == 0 ? 0
							    : -1,
		.noncompliant = -1,
		/* Android keeps the office account in a work profile (not
		 * on the owner's profile) on a personal phone. */
		.personal = owner_profile == 0,
	};
	/* Google reports the patch level in epoch milliseconds; "0" is
	 * none. */
	if (d->os.os == PC_DEV_ANDROID && nonempty(patch) &&
	    strcmp(patch, "0") != 0)
		d->os.android_patch_level = patch;
	if (nonempty(sync) != NULL &&
	    (r = pc_devices_time(&d->last_sync, sync)) != 0)
		return pc_error_set(r, "google-mobile: device %s: lastSync: %s",
		    id, pc_error_get());
	return 0;
}

/* Reads one device of a page into d (skip: not reported). */
typedef int (*device_reader)(struct pc_device *d, char *subject, size_t len,
    const cJSON *item, bool *skip);

/* Reports each device of a page's list member (an empty result omits
 * it), reading each with read. */
static int
report_page(struct pc_devices_inv *inv, const cJSON *page, const char *member,
    const char *what, device_reader read)
{
	const cJSON *list, *item;
	struct pc_device d;
	char subject[256];
	bool skip;
	int r;

	if ((r = pc_json_opt_array(&list, page, member, what)) != 0)
		return r;
	cJSON_ArrayForEach(item, list)
	{
		if ((r = read(&d, subject, sizeof(subject), item, &skip)) != 0)
			return r;
		if (!skip && (r = pc_devices_report(inv, &d)) != 0)
			return r;
	}
	return 0;
}

/* Reports one page of mobile devices. */
int
pc_google_mobile_page(struct pc_devices_inv *inv, const cJSON *page)
{
	return report_page(
	    inv, page, "mobiledevices", "google-mobile", mobile_device);
}

/* The ChromeOS user: annotatedUser, else the most recent user. */
static int
chromeos_user(const char **user_out, const cJSON *item)
{
	const cJSON *recent, *first;
	int r;

	if ((r = pc_json_opt_string(
		 user_out, item, "annotatedUser", "chromeos")) != 0 ||
	    nonempty(*user_out) != NULL)
		return r;
	*user_out = NULL;
	if ((r = pc_json_opt_array(&recent, item, "recentUsers", "chromeos")) !=
		0 ||
	    recent == NULL || (first = cJSON_GetArrayItem(recent, 0)) == NULL)
		return r;
	if ((r = pc_json_expect_object(
		 first, "each recentUsers item", "chromeos")) != 0)
		return r;
	return pc_json_opt_string(user_out, first, "email", "chromeos");
}

/* Reads one chromeosdevice object into d (strings borrowed from item). */
static int
chromeos_device(struct pc_device *d, char *subject, size_t n, const cJSON *item,
    bool *skip_out)
{
	const char *serial, *user, *model, *ver, *status, *sync, *aut, *aue,
	    *boot;
	int r;

	*skip_out = false;
	if ((r = pc_json_expect_object(
		 item, "each chromeosdevices item", "chromeos")) ||
	    (r = pc_json_need_string(
		 &serial, item, "serialNumber", "chromeos")) ||
	    (r = chromeos_user(&user, item)) ||
	    (r = pc_json_opt_string(&model, item, "model", "chromeos")) ||
	    (r = pc_json_opt_string(&ver, item, "osVersion", "chromeos")) ||
	    (r = pc_json_opt_string(&status, item, "status", "chromeos")) ||
	    (r = pc_json_opt_string(&sync, item, "lastSync", "chromeos")) ||
	    (r = pc_json_opt_string(
		 &aut, item, "autoUpdateThrough", "chromeos")) ||
	    (r = pc_json_opt_string(
		 &aue, item, "autoUpdateExpiration", "chromeos")) ||
	    (r = pc_json_opt_string(&boot, item, "bootMode", "chromeos")))
		return r;
	/* Deprovisioned: no longer the office's device. */
	if (status != NULL && strcasecmp(status, "DEPROVISIONED") == 0) {
		*skip_out = true;
		return 0;
	}
	if (serial[0] == '\0' || strlen(serial) > 64)
		return pc_error_set(PC_EPARSE,
		    "chromeos: a serialNumber is empty or longer than 64 characters");
	snprintf(subject, n, "chromeos:%s", serial);
	*d = (struct pc_device){
		.subject = subject,
		.name = nonempty(model) ? model : "Chromebook",
		.model = NULL,
		.user = nonempty(user),
		.os_name = "ChromeOS",
		.os = { .os = PC_DEV_CHROMEOS,
		    .version = nonempty(ver),
		    .chromeos_auto_update_through =
			nonempty(aut) ? aut : nonempty(aue) },
		/* Developer mode turns verified boot off: ChromeOS's
		 * jailbreak. Storage is always encrypted. */
		.jailbroken = boot == NULL         ? -1
		    : strcasecmp(boot, "Dev") == 0 ? 1
						   : 0,
		.encrypted = -1,
		.noncompliant = -1,
	};
	if (nonempty(sync) != NULL &&
	    (r = pc_devices_time(&d->last_sync, sync)) != 0)
		return pc_error_set(r, "chromeos: device %s: lastSync: %s",
		    serial, pc_error_get());
	return 0;
}

/* Reports one page of ChromeOS devices. */
int
pc_google_chromeos_page(struct pc_devices_inv *inv, const cJSON *page)
{
	return report_page(
	    inv, page, "chromeosdevices", "chromeos", chromeos_device);
}

/* One device list being read. */
struct list_run {
	struct pc_devices_inv *inv;
	int (*page)(struct pc_devices_inv *inv, const cJSON *page);
	const char *what, *scope;
};

/* Reports a page; a refusal says what delegation the list needs. */
static int
list_page(void *arg, const struct pc_http_resp *resp, const cJSON *json,
    size_t pageno)
{
	struct list_run *run = arg;
	int r;

	(void)pageno;
	if (resp->status != 200) {
		pc_http_fail(resp, "the Google directory");
		return pc_error_set(
		    resp->status == 403 ? PC_EPERM : pc_error_code(),
		    "google: listing %s was refused (%s)%s%s", run->what,
		    pc_error_get(),
		    resp->status == 403
			? ": admin_subject must be a Workspace admin and the service account needs domain-wide delegation for "
			: "",
		    resp->status == 403 ? strrchr(run->scope, '/') + 1 : "");
	}
	if ((r = run->page(run->inv, json)) != 0)
		return pc_error_set(r, "google: %s", pc_error_get());
	return 0;
}

/* Lists one device collection as admin_subject, page by page. */
static int
list_devices(struct pc_google_session *s, const struct pc_google *cfg,
    struct list_run *run, const char *path)
{
	struct pc_google_user *admin;
	struct pc_buf url;
	char post[256];
	int r;

	pc_buf_init(&url, 4096);
	snprintf(post, sizeof(post), "/devices/%s", path);
	if ((r = pc_google_as(&admin, s, cfg->admin_subject, run->scope,
		 cfg->directory_url)) == 0 &&
	    (r = pc_google_directory_url(
		 &url, admin, cfg, "customer/", post)) == 0)
		r = pc_google_pages(admin, url.data, list_page, run);
	pc_buf_free(&url);
	return r;
}

/* Reads every mobile device and Chromebook; a list that fails is reported
 * incomplete (and its inventory marked failed) and the other still read.
 * Returns an error only when the session cannot open. */
int
pc_google_devices(
    struct pc_devices_inv *mobile, struct pc_devices_inv *chromeos)
{
	const struct pc_google *cfg = pc_google_cfg(mobile->cfg);
	struct pc_provider_env env = pc_provider_env_of(mobile->ctx);
	struct pc_google_session *s = NULL;
	struct list_run m = { mobile, pc_google_mobile_page, "mobile devices",
		SCOPE_MOBILE };
	struct list_run c = { chromeos, pc_google_chromeos_page,
		"ChromeOS devices", SCOPE_CHROMEOS };
	int r;

	if ((r = pc_google_open(&s, &env, cfg)) != 0)
		goto out;
	/* One list refused (a scope not delegated) still reads the other. */
	if ((r = list_devices(s, cfg, &m, "mobile?maxResults=" MOBILE_PAGE))) {
		mobile->failed = true;
		if (mobile->ctx != NULL)
			(void)pc_check_incomplete(
			    mobile->ctx, "%s", pc_error_get());
	}
	pc_error_clear();
	if ((r = list_devices(s, cfg, &c,
		 "chromeos?maxResults=" CHROMEOS_PAGE "&projection=FULL")) !=
	    0) {
		chromeos->failed = true;
		if (chromeos->ctx != NULL)
			(void)pc_check_incomplete(
			    chromeos->ctx, "%s", pc_error_get());
	}
	pc_error_clear();
	r = 0;
out:
	if (pc_google_http(s))
		mobile->requests += pc_http_requests(pc_google_http(s));
	pc_google_close(s);
	return r;
}
