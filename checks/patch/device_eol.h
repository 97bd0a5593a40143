/* End-of-life data for office devices (policies/eol-devices.yaml, from
 * endoflife.date) and the verdict on one device's operating system. Pure
 * functions: the device inventories (Intune, Google) call them with what
 * the inventory reports and the scan's "now". */
#ifndef PC_PATCH_DEVICE_EOL_H
#define PC_PATCH_DEVICE_EOL_H

#include <stdbool.h>
#include <stddef.h>

/* policy lint warns when the snapshot is older than this. */
#define PC_DEVEOL_MAX_AGE_DAYS  180
/* end_t of a release whose support ended on a date the source omits. */
#define PC_DEVEOL_ENDED_UNDATED 1LL

/* One Windows release, found by its build number (10.0.BUILD.UBR). */
struct pc_deveol_windows {
	long build;           /* 22631 */
	char *release;        /* "11 23H2" */
	char *home_pro_end;   /* YYYY-MM-DD or "ended" */
	char *enterprise_end; /* Enterprise and Education */
	char *ltsc_end;       /* NULL when there is no LTSC edition */
	int line;
	long long home_pro_end_t, enterprise_end_t, ltsc_end_t;
};

/* One macOS, iOS, iPadOS or Android release. */
struct pc_deveol_cycle {
	char *cycle;  /* "17", "10.15", "12.1" */
	char *name;   /* "iOS 17", "macOS 15 Sequoia", "Android 14 ..." */
	char *latest; /* newest version of this release the source knew */
	char *end;    /* last day of security updates, "ended" or NULL */
	int line;
	long long end_t; /* 0 while supported */
};

struct pc_deveol {
	long version;
	char *snapshot_date; /* YYYY-MM-DD of the source data */
	char *source;
	long warn_days;            /* device_os_unsupported_soon window */
	long patch_level_max_days; /* Android security patch level age */
	struct pc_deveol_windows *windows;
	size_t nwindows;
	struct pc_deveol_cycle *macos, *ios, *ipados, *android;
	size_t nmacos, nios, nipados, nandroid;
	long long snapshot_t;
};

/* A device's operating system family. */
enum pc_device_os {
	PC_DEV_OTHER = 0,
	PC_DEV_WINDOWS,
	PC_DEV_MACOS,
	PC_DEV_IOS,
	PC_DEV_IPADOS,
	PC_DEV_ANDROID,
	PC_DEV_CHROMEOS, /* support from the device's own auto-update date */
};

/* A Windows edition; unknown uses the earlier of the two dates. */
enum pc_win_edition {
	PC_WIN_UNKNOWN = 0,
	PC_WIN_HOME_PRO,   /* Home, Pro, Pro for Workstations */
	PC_WIN_ENTERPRISE, /* Enterprise, Education */
	PC_WIN_LTSC,       /* Enterprise LTSC / LTSB */
};

/* What an inventory says about one device's operating system. */
struct pc_device_os_info {
	enum pc_device_os os;
	const char *version; /* as reported: "10.0.22631.4460", "17.5.1" */
	enum pc_win_edition edition;     /* Windows only */
	const char *android_patch_level; /* "2024-01-01", "2024-01", epoch
					  * milliseconds; NULL if unknown */
	/* ChromeOS: Google's autoUpdateThrough ("2027-06-30") or the older
	 * autoUpdateExpiration (epoch milliseconds); NULL if unknown. */
	const char *chromeos_auto_update_through;
};

/*
 * The verdict on one device. Rules (policies/baseline.yaml, check patch):
 * unsupported -> device_os_unsupported, unsupported_soon ->
 * device_os_unsupported_soon, outdated -> device_os_outdated. At most one
 * of unsupported and unsupported_soon is set; outdated is only set on a
 * release that is still supported.
 */
struct pc_deveol_verdict {
	bool known; /* the snapshot knows this release */
	bool unsupported;
	bool unsupported_soon;
	bool outdated;
	char release[96];  /* "Windows 11 23H2 (build 22631)", "iOS 17" */
	long long end_t;   /* last day of updates; 0 none announced */
	char support[384]; /* evidence for unsupported(_soon), or why
			    * unknown; one sentence */
	char patch[384];   /* evidence for outdated */
};

/*
 * Loads eol-devices.yaml and checks every date and version. Errors name
 * file:line and the key. Caller frees with pc_deveol_free().
 */
int pc_deveol_load(struct pc_deveol **out, const char *path);

/* The same from bytes (tests, fuzzing). */
int pc_deveol_parse(
    struct pc_deveol **out, const char *name, const char *data, size_t len);

/* Frees d; NULL-safe. */
void pc_deveol_free(struct pc_deveol *d);

/* Whole days from the snapshot date to now (negative if in the future). */
long pc_deveol_age_days(const struct pc_deveol *d, long long now);

/* The family an inventory's OS name names: Intune operatingSystem
 * ("Windows", "macOS", "iOS", "iPadOS", "Android"), Google mobile type
 * ("ANDROID", "IOS_SYNC"), "ChromeOS"; case-insensitive. PC_DEV_OTHER
 * otherwise. */
enum pc_device_os pc_device_os_parse(const char *name);

/* The policy's remediation_by_os key for a family ("windows", "macos",
 * "ios", "ipados", "android", "chromeos"), NULL for PC_DEV_OTHER. For
 * pc_rule_remediation_for() in agent/policy.h. */
const char *pc_device_os_key(enum pc_device_os os);

/* The edition a SKU or product name names ("Windows 11 Enterprise",
 * "Professional", "EnterpriseS"); PC_WIN_UNKNOWN when it says none. */
enum pc_win_edition pc_win_edition_parse(const char *sku);

/* The Windows release of an osVersion ("10.0.22631.4460", "10.0.22631",
 * "6.1.7601"), by its build; NULL when unparsable or not in the snapshot. */
const struct pc_deveol_windows *pc_deveol_windows_find(
    const struct pc_deveol *d, const char *os_version);

/*
 * Compares dotted numeric versions ("17.5.1" < "17.10"; "14.4.1 (23E224)"
 * reads as 14.4.1). Sets *cmp_out; returns PC_EPARSE when either is not
 * a version.
 */
int pc_deveol_version_compare(const char *a, const char *b, int *cmp_out);

/*
 * Days between an Android security patch level and now ("2024-01-01",
 * "2024-01" = the 1st, or epoch milliseconds as Google reports it); a
 * level in the future counts as 0. PC_EPARSE when unreadable.
 */
int pc_deveol_patch_age(long *days_out, const char *patch_level, long long now);

/*
 * Classifies one device's operating system at time now (tests pin it to
 * the snapshot date). Fills *out; returns 0, or PC_EPARSE only for an
 * unreadable Android patch level or ChromeOS auto-update date (the rest
 * of *out is still filled). ChromeOS is judged on its own auto-update
 * date (unsupported after it, soon within warn_days), not the snapshot. An
 * OS or version the snapshot does not know is not an error: out->known
 * is false and out->support says why.
 */
int pc_deveol_classify(struct pc_deveol_verdict *out, const struct pc_deveol *d,
    const struct pc_device_os_info *dev, long long now);

#endif
