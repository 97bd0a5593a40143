/* The devices part of the patch check: the office's devices as its device
 * inventories (Intune, Google endpoint management) report them, each
 * judged against the end-of-life snapshot and reported with its owner. */
#ifndef PC_PATCH_DEVICES_H
#define PC_PATCH_DEVICES_H

#include <stdbool.h>
#include <stddef.h>

#include "agent/check.h"
#include "agent/lib/json.h"
#include "device_eol.h"

/* No sync for this many days: device_not_seen. */
#define PC_DEVICES_NOT_SEEN_DAYS 30

/* One device as an inventory reports it. Strings are borrowed. */
struct pc_device {
	const char *subject; /* "intune:LAPTOP-7 (id)", "chromeos:SERIAL" */
	const char *name;    /* deviceName, model, serial: what people see */
	const char *model;   /* NULL if unknown */
	const char *user;    /* UPN or e-mail of its user; NULL if none */
	const char *os_name; /* as reported: "Windows", "IOS_SYNC" */
	struct pc_device_os_info os;
	long long last_sync; /* Unix time; 0 when not reported */
	int jailbroken;      /* 1 yes, 0 no, -1 not known */
	int encrypted;       /* 1 yes, 0 no, -1 not known */
	int noncompliant;    /* 1 yes, 0 no, -1 not known (not Intune) */
	bool personal;       /* bring-your-own device */
};

/*
 * One inventory being read: where its devices go (the check context, or
 * a test's sink), what they are judged against, and its tallies.
 */
struct pc_devices_inv {
	struct pc_check_ctx *ctx;
	const struct pc_config *cfg;
	const struct pc_deveol *eol; /* NULL: no end-of-life verdicts */
	long long now;
	const char *id;       /* "intune", "google-mobile", "chromeos" */
	const char *provider; /* staff accounts key: "microsoft365" */
	int (*sink)(void *arg, const struct pc_device *d);
	void *sink_arg;
	size_t examined, unsupported, soon, outdated, unknown_os, not_seen,
	    jailbroken, unencrypted, noncompliant, personal, owned;
	size_t requests; /* HTTP requests its session made */
	bool failed;     /* its list could not be read to the end */
};

/* Tallies one device and emits the findings it earns (or hands it to the
 * sink). 0 or an error (a finding the parent refused). */
int pc_devices_report(struct pc_devices_inv *inv, const struct pc_device *d);

/* Writes the inventory's count lines; ok false: "before the error". */
void pc_devices_counts(const struct pc_devices_inv *inv, bool ok);

/*
 * Reads an ISO 8601 UTC time ("2026-10-27T09:14:00Z", with fractional
 * seconds or a +00:00 offset) into Unix time. Intune's "never synced"
 * 0001-01-01T00:00:00Z reads as 0. PC_EPARSE when unreadable.
 */
int pc_devices_time(long long *t_out, const char *iso);

/* Page parsers over one page of each inventory's JSON; each reports every
 * device on it to inv. Errors name the inventory and the field. */
int pc_intune_devices_page(struct pc_devices_inv *inv, const cJSON *page);
int pc_google_mobile_page(struct pc_devices_inv *inv, const cJSON *page);
int pc_google_chromeos_page(struct pc_devices_inv *inv, const cJSON *page);

/* The inventories, read through their provider sessions: 0, or an error
 * with pc_error_set detail. Intune sets *no_intune_out (and returns 0)
 * when the tenant has no Intune. Google reports a failed list itself
 * (incomplete, inv->failed) and reads the other. */
int pc_intune_devices(struct pc_devices_inv *inv, bool *no_intune_out);
int pc_google_devices(
    struct pc_devices_inv *mobile, struct pc_devices_inv *chromeos);

/* The part's needs() and run(): the Graph and Google hosts only. */
int pc_devices_needs(const struct pc_config *cfg, struct pc_needs *n);
int pc_devices_run(struct pc_check_ctx *ctx);

#endif
