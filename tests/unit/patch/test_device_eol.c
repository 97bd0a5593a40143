/* Office devices' OS support from the shipped snapshot
 * (policies/eol-devices.yaml): table tests pinned to the snapshot date,
 * so they never start failing as time passes. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "agent/lib/err.h"
#include "checks/patch/device_eol.h"

#define DAY 86400LL

/* Expected verdicts: U unsupported, S unsupported soon, O outdated,
 * K known (supported and current), ? not in the snapshot. */
struct row {
	enum pc_device_os os;
	const char *version;
	enum pc_win_edition edition;
	const char *patch_level;
	long days_after_snapshot;
	const char *want; /* letters from "USOK?" */
	const char *release;
};

static const struct row rows[] = {
	/* Windows: build -> release; edition picks the date. */
	{ PC_DEV_WINDOWS, "10.0.22631.4460", PC_WIN_UNKNOWN, NULL, 0, "U",
	    "Windows 11 23H2 (build 22631)" },
	{ PC_DEV_WINDOWS, "10.0.22631.4460", PC_WIN_HOME_PRO, NULL, 0, "U",
	    "Windows 11 23H2 (build 22631)" },
	{ PC_DEV_WINDOWS, "10.0.22631.4460", PC_WIN_ENTERPRISE, NULL, 0, "K",
	    "Windows 11 23H2 (build 22631)" },
	/* Enterprise 23H2 ends 2026-11-10: 50 days before, it is soon. */
	{ PC_DEV_WINDOWS, "10.0.22631", PC_WIN_ENTERPRISE, NULL, 30, "S",
	    "Windows 11 23H2 (build 22631)" },
	{ PC_DEV_WINDOWS, "10.0.26100.2314", PC_WIN_HOME_PRO, NULL, 0, "S",
	    "Windows 11 24H2 (build 26100)" },
	{ PC_DEV_WINDOWS, "10.0.26100.2314", PC_WIN_LTSC, NULL, 0, "K",
	    "Windows 11 24H2 (build 26100)" },
	{ PC_DEV_WINDOWS, "10.0.26200.6584", PC_WIN_UNKNOWN, NULL, 0, "K",
	    "Windows 11 25H2 (build 26200)" },
	{ PC_DEV_WINDOWS, "10.0.19045.5011", PC_WIN_UNKNOWN, NULL, 0, "U",
	    "Windows 10 22H2 (build 19045)" },
	{ PC_DEV_WINDOWS, "10.0.19044.4046", PC_WIN_LTSC, NULL, 0, "K",
	    "Windows 10 21H2 (build 19044)" },
	{ PC_DEV_WINDOWS, "6.1.7601", PC_WIN_UNKNOWN, NULL, 0, "U",
	    "Windows 7 SP1 (build 7601)" },
	{ PC_DEV_WINDOWS, "10.0.99999.1", PC_WIN_UNKNOWN, NULL, 0, "?", "" },
	{ PC_DEV_WINDOWS, "Windows 11", PC_WIN_UNKNOWN, NULL, 0, "?", "" },
	/* macOS: major's support, then the latest minor/patch of it. */
	{ PC_DEV_MACOS, "15.7.9", 0, NULL, 0, "K", "macOS 15 Sequoia" },
	{ PC_DEV_MACOS, "15.6", 0, NULL, 0, "O", "macOS 15 Sequoia" },
	{ PC_DEV_MACOS, "14.4.1 (23E224)", 0, NULL, 0, "O", "macOS 14 Sonoma" },
	{ PC_DEV_MACOS, "26.6.2", 0, NULL, 0, "K", "macOS 26 Tahoe" },
	{ PC_DEV_MACOS, "13.7.8", 0, NULL, 0, "U", "macOS 13 Ventura" },
	{ PC_DEV_MACOS, "10.15.7", 0, NULL, 0, "U", "macOS 10.15 Catalina" },
	{ PC_DEV_MACOS, "27.0", 0, NULL, 0, "?", "" },
	/* iOS and iPadOS. */
	{ PC_DEV_IOS, "18.7.10", 0, NULL, 0, "K", "iOS 18" },
	{ PC_DEV_IOS, "18.6.2", 0, NULL, 0, "O", "iOS 18" },
	{ PC_DEV_IOS, "17.7.7", 0, NULL, 0, "U", "iOS 17" },
	{ PC_DEV_IOS, "16.7.16", 0, NULL, 0, "K", "iOS 16" },
	{ PC_DEV_IPADOS, "17.7.11", 0, NULL, 0, "K", "iPadOS 17" },
	{ PC_DEV_IPADOS, "17.7.2", 0, NULL, 0, "O", "iPadOS 17" },
	/* Android: release support, then the patch level's age. */
	{ PC_DEV_ANDROID, "14", 0, "2026-08-01", 0, "K",
	    "Android 14 Upside Down Cake" },
	{ PC_DEV_ANDROID, "14", 0, "2026-01-01", 0, "O",
	    "Android 14 Upside Down Cake" },
	{ PC_DEV_ANDROID, "15", 0, "1767225600000", 0, "O",
	    "Android 15 Vanilla Ice Cream" },
	{ PC_DEV_ANDROID, "16", 0, "2026-06", 0, "K", "Android 16 Baklava" },
	{ PC_DEV_ANDROID, "16", 0, NULL, 0, "K", "Android 16 Baklava" },
	{ PC_DEV_ANDROID, "13", 0, "2026-08-01", 0, "U",
	    "Android 13 Tiramisu" },
	{ PC_DEV_ANDROID, "12.1", 0, NULL, 0, "U",
	    "Android 12.1 Snow Cone v2" },
	{ PC_DEV_ANDROID, "8", 0, NULL, 0, "U", "Android 8.0 Oreo" },
	{ PC_DEV_ANDROID, "4.1.2", 0, NULL, 0, "U",
	    "Android 4.1 Jelly Bean" },
	/* An unknown release still has its patch level judged. */
	{ PC_DEV_ANDROID, "99", 0, "2025-01-01", 0, "?O", "" },
	{ PC_DEV_OTHER, "1.0", 0, NULL, 0, "?", "" },
};

Test(patch, device_eol_chromeos_auto_update)
{
	struct pc_deveol *d = NULL;
	struct pc_deveol_verdict v;
	struct pc_device_os_info cb = { .os = PC_DEV_CHROMEOS,
		.version = "128.0.6613.137" };

	cr_assert_eq(pc_deveol_load(&d, "policies/eol-devices.yaml"), 0);
	cb.chromeos_auto_update_through = "2026-06-30";
	cr_assert_eq(pc_deveol_classify(&v, d, &cb, d->snapshot_t), 0);
	cr_expect(v.unsupported && v.known);
	cr_expect_str_eq(v.support, "ChromeOS 128.0.6613.137 stopped getting "
	    "security updates after 2026-06-30 (its auto-update expiry)");
	/* autoUpdateExpiration in ms: 2026-09-30, 39 days on. */
	cb.chromeos_auto_update_through = "1790726400000";
	cr_assert_eq(pc_deveol_classify(&v, d, &cb, d->snapshot_t), 0);
	cr_expect(v.unsupported_soon && !v.unsupported);
	cb.chromeos_auto_update_through = "2031-06";
	cr_assert_eq(pc_deveol_classify(&v, d, &cb, d->snapshot_t), 0);
	cr_expect(v.known && !v.unsupported && !v.unsupported_soon);
	cb.chromeos_auto_update_through = NULL;
	cr_assert_eq(pc_deveol_classify(&v, d, &cb, d->snapshot_t), 0);
	cr_expect(!v.known);
	cb.chromeos_auto_update_through = "June";
	cr_expect_eq(pc_deveol_classify(&v, d, &cb, d->snapshot_t),
	    PC_EPARSE);
	cr_expect_eq(pc_device_os_parse("ChromeOS"), PC_DEV_CHROMEOS);
	cr_expect_str_eq(pc_device_os_key(PC_DEV_CHROMEOS), "chromeos");
	cr_expect_str_eq(pc_device_os_key(PC_DEV_IPADOS), "ipados");
	cr_expect_null(pc_device_os_key(PC_DEV_OTHER));
	pc_deveol_free(d);
}

/* Loads the shipped snapshot. */
static struct pc_deveol *
shipped(void)
{
	struct pc_deveol *d = NULL;

	cr_assert_eq(pc_deveol_load(&d, "policies/eol-devices.yaml"), 0, "%s",
	    pc_error_get());
	return d;
}

Test(patch, device_eol_snapshot_table)
{
	struct pc_deveol *d = shipped();
	struct pc_deveol_verdict v;
	const struct row *r;
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		r = &rows[i];
		cr_assert_eq(pc_deveol_classify(&v, d, &(struct
		    pc_device_os_info){ .os = r->os, .version = r->version,
		    .edition = r->edition, .android_patch_level =
		    r->patch_level }, d->snapshot_t +
		    r->days_after_snapshot * DAY), 0, "%s", pc_error_get());
		cr_expect_eq(v.unsupported, strchr(r->want, 'U') != NULL,
		    "row %zu %s: unsupported", i, r->version);
		cr_expect_eq(v.unsupported_soon, strchr(r->want, 'S') != NULL,
		    "row %zu %s: soon", i, r->version);
		cr_expect_eq(v.outdated, strchr(r->want, 'O') != NULL,
		    "row %zu %s: outdated (%s)", i, r->version, v.patch);
		cr_expect_eq(v.known, strchr(r->want, '?') == NULL,
		    "row %zu %s: known", i, r->version);
		cr_expect_str_eq(v.release, r->release, "row %zu", i);
		if (v.unsupported || v.unsupported_soon || !v.known)
			cr_expect_neq(v.support[0], '\0', "row %zu", i);
	}
	pc_deveol_free(d);
}

Test(patch, device_eol_evidence)
{
	struct pc_deveol *d = shipped();
	struct pc_deveol_verdict v;

	pc_deveol_classify(&v, d, &(struct pc_device_os_info){
	    .os = PC_DEV_WINDOWS, .version = "10.0.22631.4460" },
	    d->snapshot_t);
	cr_expect_str_eq(v.support, "Windows 11 23H2 (build 22631) stopped "
	    "getting security updates after 2025-11-11 (edition unknown: the "
	    "earlier of the Home/Pro and Enterprise dates is used)");
	pc_deveol_classify(&v, d, &(struct pc_device_os_info){
	    .os = PC_DEV_WINDOWS, .version = "10.0.26100.2314",
	    .edition = PC_WIN_HOME_PRO }, d->snapshot_t);
	cr_expect_str_eq(v.support, "Windows 11 24H2 (build 26100) gets its "
	    "last security updates on 2026-10-13, in 52 days");
	pc_deveol_classify(&v, d, &(struct pc_device_os_info){
	    .os = PC_DEV_IOS, .version = "18.6.2" }, d->snapshot_t);
	cr_expect_str_eq(v.patch, "iOS 18.6.2 is below 18.7.10, the latest "
	    "iOS 18 update the snapshot (dated 2026-08-22) knows");
	pc_deveol_classify(&v, d, &(struct pc_device_os_info){
	    .os = PC_DEV_ANDROID, .version = "14",
	    .android_patch_level = "2026-01-01" }, d->snapshot_t);
	cr_expect_str_eq(v.patch, "Android security patch level 2026-01-01 is "
	    "233 days old (the limit is 90 days)");
	cr_expect_eq(pc_deveol_classify(&v, d, &(struct pc_device_os_info){
	    .os = PC_DEV_ANDROID, .version = "14",
	    .android_patch_level = "last month" }, d->snapshot_t), PC_EPARSE);
	pc_deveol_free(d);
}

Test(patch, device_eol_snapshot_header)
{
	struct pc_deveol *d = shipped();

	cr_expect_str_eq(d->snapshot_date, "2026-08-22");
	cr_expect_eq(d->warn_days, 60);
	cr_expect_eq(d->patch_level_max_days, 90);
	cr_expect_gt(d->nwindows, 20);
	cr_expect_gt(d->nmacos, 10);
	cr_expect_gt(d->nios, 10);
	cr_expect_gt(d->nipados, 5);
	cr_expect_gt(d->nandroid, 10);
	cr_expect_eq(pc_deveol_age_days(d, d->snapshot_t), 0);
	cr_expect_eq(pc_deveol_age_days(d, d->snapshot_t + 181 * DAY), 181);
	cr_expect_eq(pc_deveol_age_days(d, d->snapshot_t - DAY), -1);
	pc_deveol_free(d);
}

Test(patch, device_eol_parsers)
{
	int cmp = 9;
	long days = -1;

	cr_expect_eq(pc_device_os_parse("Windows"), PC_DEV_WINDOWS);
	cr_expect_eq(pc_device_os_parse("macOS"), PC_DEV_MACOS);
	cr_expect_eq(pc_device_os_parse("iOS"), PC_DEV_IOS);
	cr_expect_eq(pc_device_os_parse("IOS_SYNC"), PC_DEV_IOS);
	cr_expect_eq(pc_device_os_parse("iPadOS"), PC_DEV_IPADOS);
	cr_expect_eq(pc_device_os_parse("ANDROID"), PC_DEV_ANDROID);
	cr_expect_eq(pc_device_os_parse("Linux"), PC_DEV_OTHER);
	cr_expect_eq(pc_device_os_parse(NULL), PC_DEV_OTHER);
	cr_expect_eq(pc_win_edition_parse("Windows 11 Enterprise"),
	    PC_WIN_ENTERPRISE);
	cr_expect_eq(pc_win_edition_parse("Education"), PC_WIN_ENTERPRISE);
	cr_expect_eq(pc_win_edition_parse("Windows 10 Enterprise LTSC 2021"),
	    PC_WIN_LTSC);
	cr_expect_eq(pc_win_edition_parse("Professional"), PC_WIN_HOME_PRO);
	cr_expect_eq(pc_win_edition_parse(""), PC_WIN_UNKNOWN);
	cr_expect_eq(pc_deveol_version_compare("17.5.1", "17.10", &cmp), 0);
	cr_expect_lt(cmp, 0);
	cr_expect_eq(pc_deveol_version_compare("17.7", "17.7.0", &cmp), 0);
	cr_expect_eq(cmp, 0);
	cr_expect_eq(pc_deveol_version_compare("17.x", "17.7", &cmp),
	    PC_EPARSE);
	cr_expect_eq(pc_deveol_version_compare("", "17.7", &cmp), PC_EPARSE);
	cr_expect_eq(pc_deveol_patch_age(&days, "2026-08-01", 1787356800LL),
	    0);
	cr_expect_eq(days, 21); /* to 2026-08-22 */
	cr_expect_eq(pc_deveol_patch_age(&days, "2027-01-01", 1787356800LL),
	    0);
	cr_expect_eq(days, 0);
	cr_expect_eq(pc_deveol_patch_age(&days, "2026-02-30", 0), PC_EPARSE);
	cr_expect_eq(pc_deveol_patch_age(&days, "", 0), PC_EPARSE);
}

Test(patch, device_eol_bad_files)
{
	static const char head[] = "version: 1\nsnapshot_date: 2026-08-22\n"
	    "source: x\nwarn_days: 60\npatch_level_max_days: 90\n"
	    "ios: []\nipados: []\nandroid: []\n";
	char text[1024];
	struct pc_deveol *d = NULL;

	snprintf(text, sizeof(text), "%swindows:\n  - {build: 22631, release: "
	    "\"11 23H2\", home_pro_end: 2025-11-31, enterprise_end: "
	    "2026-11-10}\nmacos: []\n", head);
	cr_expect_eq(pc_deveol_parse(&d, "e.yaml", text, strlen(text)),
	    PC_ECONFIG);
	cr_expect(strstr(pc_error_get(), "e.yaml:10: windows[0]") != NULL,
	    "%s", pc_error_get());
	snprintf(text, sizeof(text), "%swindows: []\nmacos:\n  - {cycle: "
	    "\"15\", name: \"macOS 15\", latest: \"15.x\"}\n", head);
	cr_expect_eq(pc_deveol_parse(&d, "e.yaml", text, strlen(text)),
	    PC_ECONFIG);
	cr_expect(strstr(pc_error_get(), "macos[0]") != NULL, "%s",
	    pc_error_get());
	snprintf(text, sizeof(text), "%swindows: []\nmacos: []\n", head);
	cr_expect_eq(pc_deveol_parse(&d, "e.yaml", text, strlen(text)), 0,
	    "%s", pc_error_get());
	pc_deveol_free(d);
	snprintf(text, sizeof(text), "%swindows: []\nmacos: []\nextra: 1\n",
	    head);
	cr_expect_eq(pc_deveol_parse(&d, "e.yaml", text, strlen(text)),
	    PC_ECONFIG);
}
