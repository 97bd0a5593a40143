/* The devices part of the patch check: every device in the office's
 * device inventories, judged and reported with its owner and the steps
 * for its own operating system. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "agent/lib/date.h"
#include "agent/lib/err.h"
#include "agent/policy.h"
#include "checks/providers/google.h"
#include "checks/providers/graph.h"
#include "devices.h"

#define DAY 86400LL

/* Days in month m (1-12) of year y. */
static int
month_days(long y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

/* Reads n digits at p into *v; false when any is not a digit. */
static bool
digits(long *v, const char *p, int n)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		*v = *v * 10 + (p[i] - '0');
	}
	return true;
}

/* Reads an ISO 8601 UTC time into Unix time (no locale, no strptime). */
int
pc_devices_time(long long *t_out, const char *iso)
{
	long y, mo, d, h, mi, s, days;
	const char *p;

	*t_out = 0;
	if (iso == NULL || strlen(iso) < 19 || !digits(&y, iso, 4) ||
	    iso[4] != '-' || !digits(&mo, iso + 5, 2) || iso[7] != '-' ||
	    !digits(&d, iso + 8, 2) || (iso[10] != 'T' && iso[10] != ' ') ||
	    !digits(&h, iso + 11, 2) || iso[13] != ':' ||
	    !digits(&mi, iso + 14, 2) || iso[16] != ':' ||
	    !digits(&s, iso + 17, 2))
		goto bad;
	if (mo < 1 || mo > 12 || d < 1 || d > month_days(y, (int)mo) ||
	    h > 23 || mi > 59 || s > 60)
		goto bad;
	p = iso + 19;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if (strcmp(p, "Z") != 0 && strcmp(p, "+00:00") != 0 && *p != '\0')
		goto bad;
	if (y < 1970)
		return 0; /* Intune's 0001-01-01: never synced */
	/* Days from the civil date (Howard Hinnant's algorithm). */
	{
		long yy = y - (mo <= 2), era = yy / 400;
		long yoe = yy - era * 400;
		long doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
		long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

		days = era * 146097 + doe - 719468;
	}
	*t_out = (long long)days * DAY + h * 3600 + mi * 60 + s;
	return 0;
bad:
	return pc_error_set(PC_EPARSE,
	    "not a date and time: \"%.40s\"; expected YYYY-MM-DDThh:mm:ssZ",
	    iso ? iso : "(none)");
}

/* The rule's fix for the device's OS, from the policy; NULL = the rule's
 * general text (the parent fills it in). */
static const char *
fix_for(struct pc_devices_inv *inv, const char *rule, const struct pc_device *d)
{
	const struct pc_policy_check *pc;
	const struct pc_rule *r;

	if (inv->ctx == NULL || (pc = pc_check_policy(inv->ctx)) == NULL ||
	    (r = pc_policy_find_rule(pc, rule)) == NULL)
		return NULL;
	return pc_rule_remediation_for(r, pc_device_os_key(d->os.os));
}

/* What one device's findings share: its words, evidence and owner. */
struct device_words {
	char who[160];       /* "Personal device LAPTOP-7" */
	char evidence[1024]; /* device, user, OS, last sync */
	const char *owner;
};

/* Emits one finding about a device. */
static int
emit(struct pc_devices_inv *inv, const struct pc_device *d,
    const struct device_words *w, const char *rule, const char *title,
    const char *detail)
{
	char evidence[1536];
	const char *fix = fix_for(inv, rule, d);
	char remediation[1200];

	snprintf(evidence, sizeof(evidence), "%s; %s", w->evidence, detail);
	if (fix != NULL && d->personal)
		snprintf(remediation, sizeof(remediation),
		    "%s (This is %s's own device: they make the change.)", fix,
		    w->owner ? w->owner : "its user");
	return pc_check_emit(inv->ctx,
	    &(struct pc_finding){ .rule = rule,
		.subject = d->subject,
		.title = title,
		.evidence = evidence,
		.remediation = fix && d->personal ? remediation : fix,
		.owner = w->owner,
		.key = d->subject });
}

/* Builds the words every finding about d shares. */
static void
describe(struct pc_devices_inv *inv, const struct pc_device *d,
    const struct pc_deveol_verdict *v, struct device_words *w)
{
	const struct pc_staff *staff = NULL;
	char sync[32];

	if (inv->cfg != NULL && d->user != NULL)
		staff = pc_config_find_staff(inv->cfg, inv->provider, d->user);
	w->owner = staff ? staff->name : NULL;
	snprintf(w->who, sizeof(w->who), "%s%.100s",
	    d->personal ? "Personal device " : "", d->name);
	if (d->last_sync > 0)
		pc_date_text(sync, sizeof(sync), d->last_sync, "unknown date");
	else
		snprintf(sync, sizeof(sync), "never");
	snprintf(w->evidence, sizeof(w->evidence),
	    "inventory: %s; device: %.100s%s%.80s%s; user: %.120s%s; OS: %.40s %.60s%s%.96s; last sync: %s%s",
	    inv->id, d->name, d->model ? " (" : "", d->model ? d->model : "",
	    d->model ? ")" : "", d->user ? d->user : "none",
	    staff         ? ""
		: d->user ? " (not on the staff list)"
			  : "",
	    d->os_name ? d->os_name : "?",
	    d->os.version ? d->os.version : "(no version)",
	    v->known ? ", " : "", v->known ? v->release : "", sync,
	    d->personal ? "; personal (bring-your-own) device" : "");
	if (d->os.android_patch_level)
		snprintf(w->evidence + strlen(w->evidence),
		    sizeof(w->evidence) - strlen(w->evidence),
		    "; security patch level %.24s", d->os.android_patch_level);
}

/* Emits the end-of-life findings a verdict earns. */
static int
report_verdict(struct pc_devices_inv *inv, const struct pc_device *d,
    const struct pc_deveol_verdict *v, const struct device_words *w)
{
	char title[512], end[32];
	int r;

	if (!v->known) {
		inv->unknown_os++;
		return 0;
	}
	pc_date_text(end, sizeof(end), v->end_t, "unknown date");
	if (v->unsupported) {
		inv->unsupported++;
		snprintf(title, sizeof(title),
		    "%s runs %s, which no longer gets security updates", w->who,
		    v->release);
		return emit(
		    inv, d, w, "device_os_unsupported", title, v->support);
	}
	if (v->unsupported_soon) {
		inv->soon++;
		snprintf(title, sizeof(title),
		    "%s runs %s, which stops getting security updates on %s",
		    w->who, v->release, end);
		if ((r = emit(inv, d, w, "device_os_unsupported_soon", title,
			 v->support)) != 0)
			return r;
	}
	if (v->outdated) {
		inv->outdated++;
		snprintf(title, sizeof(title),
		    "%s is missing security updates (%s)", w->who, v->release);
		return emit(inv, d, w, "device_os_outdated", title, v->patch);
	}
	return 0;
}

/* Emits the findings of the device's own state (sync, jailbreak,
 * encryption, compliance). */
static int
report_state(struct pc_devices_inv *inv, const struct pc_device *d,
    const struct device_words *w)
{
	char title[512], detail[256], when[32];
	long long days =
	    d->last_sync > 0 ? (inv->now - d->last_sync) / DAY : -1;
	int r;

	if (d->last_sync == 0 || days >= PC_DEVICES_NOT_SEEN_DAYS) {
		inv->not_seen++;
		pc_date_text(when, sizeof(when), d->last_sync, "unknown date");
		if (d->last_sync == 0) {
			snprintf(title, sizeof(title),
			    "%s has never synced with device management",
			    w->who);
			snprintf(detail, sizeof(detail), "no sync recorded");
		} else {
			snprintf(title, sizeof(title),
			    "%s has not synced for %lld days", w->who, days);
			snprintf(detail, sizeof(detail),
			    "last synced %s, %lld days ago (the limit is %d days)",
			    when, days, PC_DEVICES_NOT_SEEN_DAYS);
		}
		if ((r = emit(inv, d, w, "device_not_seen", title, detail)) !=
		    0)
			return r;
	}
	if (d->jailbroken == 1) {
		inv->jailbroken++;
		snprintf(
		    title, sizeof(title), "%s is jailbroken or rooted", w->who);
		if ((r = emit(inv, d, w, "device_jailbroken", title,
			 "the inventory reports the device as jailbroken (jailBroken: True)")) !=
		    0)
			return r;
	}
	if (d->encrypted == 0) {
		inv->unencrypted++;
		snprintf(title, sizeof(title), "%s's storage is not encrypted",
		    w->who);
		if ((r = emit(inv, d, w, "device_not_encrypted", title,
			 "the inventory reports its storage as not encrypted")) !=
		    0)
			return r;
	}
	if (d->noncompliant == 1) {
		inv->noncompliant++;
		snprintf(title, sizeof(title),
		    "%s does not meet the office's compliance policy", w->who);
		if ((r = emit(inv, d, w, "device_noncompliant", title,
			 "Intune compliance state: noncompliant (this only means something if the tenant has compliance policies)")) !=
		    0)
			return r;
	}
	return 0;
}

/* Tallies one device and emits the findings it earns. */
int
pc_devices_report(struct pc_devices_inv *inv, const struct pc_device *d)
{
	struct pc_deveol_verdict v = { 0 };
	struct device_words w = { 0 };
	int r = 0;

	inv->examined++;
	if (d->personal)
		inv->personal++;
	if (inv->eol != NULL &&
	    (r = pc_deveol_classify(&v, inv->eol, &d->os, inv->now)) != 0) {
		/* One device's unreadable date: that device is not judged,
		 * and the check says so (never a silent pass). */
		if (inv->ctx != NULL)
			(void)pc_check_incomplete(inv->ctx, "%s: %s: %s",
			    inv->id, d->subject, pc_error_get());
		pc_error_clear();
		memset(&v, 0, sizeof(v));
	}
	if (inv->sink != NULL)
		return inv->sink(inv->sink_arg, d);
	describe(inv, d, &v, &w);
	if (w.owner != NULL)
		inv->owned++;
	if (inv->eol != NULL && (r = report_verdict(inv, d, &v, &w)) != 0)
		return r;
	return report_state(inv, d, &w);
}

/* Writes the inventory's count lines. */
void
pc_devices_counts(const struct pc_devices_inv *inv, bool ok)
{
	if (inv->ctx == NULL)
		return;
	pc_check_count(inv->ctx, inv->id,
	    "%zu devices examined%s (%zu personal, %zu matched to staff): %zu unsupported, %zu unsupported soon, %zu missing updates, %zu not seen for %d days, %zu jailbroken, %zu not encrypted, %zu noncompliant",
	    inv->examined, ok ? "" : " before the error", inv->personal,
	    inv->owned, inv->unsupported, inv->soon, inv->outdated,
	    inv->not_seen, PC_DEVICES_NOT_SEEN_DAYS, inv->jailbroken,
	    inv->unencrypted, inv->noncompliant);
	if (inv->unknown_os > 0)
		pc_check_count(inv->ctx, inv->id,
		    "%zu devices run an operating system or release the end-of-life snapshot does not know",
		    inv->unknown_os);
}

/* Does a configured secret file exist (NULL: the loader refuses it)? */
static bool
secret_exists(const char *path)
{
	return path == NULL || access(path, F_OK) == 0;
}

/* Declares the Graph and Google URLs and secrets; no files, no other
 * host. Not applicable without either provider. */
int
pc_devices_needs(const struct pc_config *cfg, struct pc_needs *n)
{
	bool any = false;
	int r;

	/* A provider whose secret file does not exist yet (the starter
	 * config names one before it is filled in) is not declared, so the
	 * rest of the scan can run; run() reports it as incomplete. */
	if (pc_provider_graph.present(cfg) &&
	    secret_exists(pc_m365_cfg(cfg)->client_secret_file)) {
		any = true;
		if ((r = pc_provider_graph.needs(cfg, n)) != 0)
			return r;
	}
	if (pc_provider_google.present(cfg) &&
	    secret_exists(pc_google_cfg(cfg)->service_account_file)) {
		any = true;
		if ((r = pc_provider_google.needs(cfg, n)) != 0)
			return r;
	}
	if (!any &&
	    (pc_provider_graph.present(cfg) || pc_provider_google.present(cfg)))
		return pc_needs_not_applicable(n,
		    "the device inventories' secret files do not exist yet (providers.microsoft365.client_secret_file, providers.google.service_account_file)");
	if (!any)
		return pc_needs_not_applicable(n,
		    "no device inventory is configured (providers: microsoft365 for Intune, google for Google endpoint management)");
	if (cfg->tls.ca_file && (r = pc_needs_add_path(n, cfg->tls.ca_file)))
		return r;
	return 0;
}

/* Loads the policy's device end-of-life snapshot. */
static int
load_eol(struct pc_check_ctx *ctx, struct pc_deveol **eol_out)
{
	const struct pc_policy *policy = pc_check_full_policy(ctx);
	char *path;
	int r;

	*eol_out = NULL;
	if (policy == NULL || policy->device_eol_file == NULL)
		return pc_error_set(PC_ECONFIG,
		    "the policy names no device_eol_file, so office devices' operating systems cannot be judged.");
	if ((path = pc_policy_path_of(policy, policy->device_eol_file)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	r = pc_deveol_load(eol_out, path);
	free(path);
	return r;
}

/* Reports a failed inventory: the check is incomplete, never a pass. */
static void
inventory_failed(struct pc_check_ctx *ctx, const char *id)
{
	const char *msg = pc_error_get();
	size_t n = strlen(id);

	/* The session's messages already name their provider. */
	if (strncmp(msg, id, n) == 0 && msg[n] == ':')
		(void)pc_check_incomplete(ctx, "%s", msg);
	else
		(void)pc_check_incomplete(ctx, "%s: %s", id,
		    msg[0] ? msg : "the inventory could not be read");
}

/* Was the provider's secret file declared and loaded? needs() leaves out
 * one that does not exist; say so (the check is incomplete). */
static bool
secret_loaded(struct pc_check_ctx *ctx, const char *id, const char *path)
{
	if (path == NULL || pc_check_secret(ctx, path) != NULL)
		return true;
	(void)pc_check_incomplete(ctx,
	    "%s: the secret file %s does not exist, so the office's devices in it cannot be read; put the credential there, readable only by portcullis",
	    id, path);
	return false;
}

/* Reads every configured inventory. */
int
pc_devices_run(struct pc_check_ctx *ctx)
{
	const struct pc_config *cfg = pc_check_config(ctx);
	struct pc_deveol *eol = NULL;
	struct pc_devices_inv intune = { .ctx = ctx,
		.cfg = cfg,
		.now = pc_check_now(ctx),
		.id = "intune",
		.provider = "microsoft365" };
	struct pc_devices_inv mobile = intune, chromeos = intune;
	bool no_intune = false, google = pc_provider_google.present(cfg);
	int r;

	if ((r = load_eol(ctx, &eol)) != 0)
		return r;
	intune.eol = mobile.eol = chromeos.eol = eol;
	mobile.id = "google-mobile";
	chromeos.id = "chromeos";
	mobile.provider = chromeos.provider = "google";
	if (pc_provider_graph.present(cfg) &&
	    !secret_loaded(
		ctx, "intune", pc_m365_cfg(cfg)->client_secret_file)) {
		;
	} else if (pc_provider_graph.present(cfg)) {
		pc_check_progress(ctx, "Intune devices");
		pc_error_clear();
		r = pc_intune_devices(&intune, &no_intune);
		if (no_intune)
			pc_check_count(ctx, "intune",
			    "no Intune: device patch level cannot be checked from Microsoft 365");
		else
			pc_devices_counts(&intune, r == 0);
		if (r != 0)
			inventory_failed(ctx, "intune");
	}
	if (google &&
	    !secret_loaded(
		ctx, "google", pc_google_cfg(cfg)->service_account_file))
		google = false;
	if (google) {
		pc_check_progress(ctx, "Google devices");
		pc_error_clear();
		r = pc_google_devices(&mobile, &chromeos);
		pc_devices_counts(&mobile, r == 0 && !mobile.failed);
		pc_devices_counts(&chromeos, r == 0 && !chromeos.failed);
		if (r != 0)
			inventory_failed(ctx, "google");
	}
	if (no_intune && !google)
		pc_check_not_applicable(ctx,
		    "no Intune: device patch level cannot be checked from Microsoft 365");
	pc_deveol_free(eol);
	pc_error_clear();
	return 0;
}
