/* Office devices' operating-system support: the endoflife.date snapshot in
 * policies/eol-devices.yaml, and the verdict on one device. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "agent/lib/date.h"
#include "agent/lib/err.h"
#include "agent/lib/schema.h"
#include "agent/lib/yaml.h"
#include "device_eol.h"
#include "eol.h"

#define DAY       86400LL
#define MAX_PARTS 4

#define S(k, st, m, req)                                                       \
	{                                                                      \
		.key = k, .type = PC_F_STRING, .off = offsetof(st, m),         \
		.required = req, .present_off = PC_NO_OFFSET                   \
	}
#define I(k, st, m)                                                            \
	{                                                                      \
		.key = k, .type = PC_F_INT, .off = offsetof(st, m),            \
		.required = true, .present_off = PC_NO_OFFSET                  \
	}
#define L(k, m, sub_)                                                          \
	{                                                                      \
		.key = k, .type = PC_F_LIST,                                   \
		.off = offsetof(struct pc_deveol, m),                          \
		.count_off = offsetof(struct pc_deveol, n##m), .sub = sub_,    \
		.required = true, .present_off = PC_NO_OFFSET                  \
	}

static const struct pc_field windows_fields[] = {
	I("build", struct pc_deveol_windows, build),
	S("release", struct pc_deveol_windows, release, true),
	S("home_pro_end", struct pc_deveol_windows, home_pro_end, true),
	S("enterprise_end", struct pc_deveol_windows, enterprise_end, true),
	S("ltsc_end", struct pc_deveol_windows, ltsc_end, false),
};
static const struct pc_schema windows_schema = { windows_fields,
	sizeof(windows_fields) / sizeof(windows_fields[0]),
	sizeof(struct pc_deveol_windows),
	offsetof(struct pc_deveol_windows, line) };

static const struct pc_field cycle_fields[] = {
	S("cycle", struct pc_deveol_cycle, cycle, true),
	S("name", struct pc_deveol_cycle, name, true),
	S("latest", struct pc_deveol_cycle, latest, false),
	S("end", struct pc_deveol_cycle, end, false),
};
static const struct pc_schema cycle_schema = { cycle_fields,
	sizeof(cycle_fields) / sizeof(cycle_fields[0]),
	sizeof(struct pc_deveol_cycle),
	offsetof(struct pc_deveol_cycle, line) };

static const struct pc_field deveol_fields[] = {
	I("version", struct pc_deveol, version),
	S("snapshot_date", struct pc_deveol, snapshot_date, true),
	S("source", struct pc_deveol, source, true),
	I("warn_days", struct pc_deveol, warn_days),
	I("patch_level_max_days", struct pc_deveol, patch_level_max_days),
	{ .key = "windows",
	    .type = PC_F_LIST,
	    .off = offsetof(struct pc_deveol, windows),
	    .count_off = offsetof(struct pc_deveol, nwindows),
	    .sub = &windows_schema,
	    .required = true,
	    .present_off = PC_NO_OFFSET },
	L("macos", macos, &cycle_schema),
	L("ios", ios, &cycle_schema),
	L("ipados", ipados, &cycle_schema),
	L("android", android, &cycle_schema),
};
static const struct pc_schema deveol_schema = { deveol_fields,
	sizeof(deveol_fields) / sizeof(deveol_fields[0]),
	sizeof(struct pc_deveol), PC_NO_OFFSET };

/* Frees the snapshot. */
void
pc_deveol_free(struct pc_deveol *d)
{
	if (d == NULL)
		return;
	pc_schema_free(&deveol_schema, d);
	free(d);
}

/* Reads an end value: a date, "ended", or absent (0 = supported). */
static int
end_value(long long *t_out, const char *s)
{
	*t_out = 0;
	if (s == NULL)
		return 0;
	if (strcmp(s, "ended") == 0) {
		*t_out = PC_DEVEOL_ENDED_UNDATED;
		return 0;
	}
	return pc_eol_date(t_out, s);
}

/* Splits a dotted numeric version into parts; the count, or -1. Text
 * after a space ("14.4.1 (23E224)") is ignored. */
static int
version_parts(long *parts, const char *s)
{
	int n = 0;
	long v;

	if (s == NULL || !isdigit((unsigned char)*s))
		return -1;
	for (;;) {
		for (v = 0; isdigit((unsigned char)*s); s++) {
			v = v * 10 + (*s - '0');
			if (v > 999999)
				return -1;
		}
		if (n == MAX_PARTS)
			return -1;
		parts[n++] = v;
		if (*s == '.' && isdigit((unsigned char)s[1])) {
			s++;
			continue;
		}
		return *s == '\0' || *s == ' ' ? n : -1;
	}
}

/* Compares dotted numeric versions. */
int
pc_deveol_version_compare(const char *a, const char *b, int *cmp_out)
{
	long pa[MAX_PARTS] = { 0 }, pb[MAX_PARTS] = { 0 };
	int i;

	if (version_parts(pa, a) < 0 || version_parts(pb, b) < 0)
		return pc_error_set(PC_EPARSE,
		    "not a version: \"%.40s\" or \"%.40s\".", a ? a : "",
		    b ? b : "");
	*cmp_out = 0;
	for (i = 0; i < MAX_PARTS && *cmp_out == 0; i++)
		*cmp_out = pa[i] < pb[i] ? -1 : pa[i] > pb[i];
	return 0;
}

/* Checks one list of release cycles; errors name file:line and key. */
static int
check_cycles(
    struct pc_deveol_cycle *c, size_t n, const char *key, const char *name)
{
	long parts[MAX_PARTS];
	size_t i;

	for (i = 0; i < n; i++) {
		if (end_value(&c[i].end_t, c[i].end) != 0)
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: %s[%zu].end: expected a date YYYY-MM-DD or \"ended\", got \"%.40s\".",
			    name, c[i].line, key, i, c[i].end);
		if (version_parts(parts, c[i].cycle) < 0 ||
		    (c[i].latest != NULL &&
			version_parts(parts, c[i].latest) < 0))
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: %s[%zu]: expected versions such as \"17\" and \"17.7.7\" in cycle and latest.",
			    name, c[i].line, key, i);
	}
	return 0;
}

/* Checks every date of a bound snapshot. */
static int
check_snapshot(struct pc_deveol *d, const char *name)
{
	struct pc_deveol_windows *w;
	size_t i;
	int ret;

	if (pc_eol_date(&d->snapshot_t, d->snapshot_date) != 0)
		return pc_error_set(PC_ECONFIG,
		    "%s: snapshot_date: expected a date YYYY-MM-DD, got \"%.40s\".",
		    name, d->snapshot_date);
	if (d->warn_days > 3650 || d->patch_level_max_days > 3650)
		return pc_error_set(PC_ECONFIG,
		    "%s: warn_days and patch_level_max_days: expected at most 3650 days.",
		    name);
	for (i = 0; i < d->nwindows; i++) {
		w = &d->windows[i];
		if (end_value(&w->home_pro_end_t, w->home_pro_end) != 0 ||
		    end_value(&w->enterprise_end_t, w->enterprise_end) != 0 ||
		    end_value(&w->ltsc_end_t, w->ltsc_end) != 0 ||
		    w->home_pro_end_t == 0 || w->enterprise_end_t == 0)
			return pc_error_set(PC_ECONFIG,
			    "%s:%d: windows[%zu]: expected dates YYYY-MM-DD (or \"ended\") in home_pro_end, enterprise_end and ltsc_end.",
			    name, w->line, i);
	}
	if ((ret = check_cycles(d->macos, d->nmacos, "macos", name)) != 0 ||
	    (ret = check_cycles(d->ios, d->nios, "ios", name)) != 0 ||
	    (ret = check_cycles(d->ipados, d->nipados, "ipados", name)) != 0)
		return ret;
	return check_cycles(d->android, d->nandroid, "android", name);
}

/* Binds a parsed tree and checks it. */
static int
bind_tree(
    struct pc_deveol **out, const char *name, const struct pc_yaml_node *root)
{
	struct pc_deveol *d;
	int ret;

	if ((d = calloc(1, sizeof(*d))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	if ((ret = pc_schema_bind(&deveol_schema, d, root, name, "")) != 0 ||
	    (ret = check_snapshot(d, name)) != 0) {
		pc_deveol_free(d);
		return ret;
	}
	*out = d;
	return 0;
}

/* Loads eol-devices.yaml. */
int
pc_deveol_load(struct pc_deveol **out, const char *path)
{
	struct pc_yaml_node *root = NULL;
	int ret;

	*out = NULL;
	if ((ret = pc_yaml_load(&root, path)) != 0)
		return ret;
	ret = bind_tree(out, path, root);
	pc_yaml_free(root);
	return ret;
}

/* Parses eol-devices data from bytes. */
int
pc_deveol_parse(
    struct pc_deveol **out, const char *name, const char *data, size_t len)
{
	struct pc_yaml_node *root = NULL;
	int ret;

	*out = NULL;
	if ((ret = pc_yaml_parse(&root, name, data, len)) != 0)
		return ret;
	ret = bind_tree(out, name, root);
	pc_yaml_free(root);
	return ret;
}

/* Whole days from the snapshot date to now. */
long
pc_deveol_age_days(const struct pc_deveol *d, long long now)
{
	long long diff = now - d->snapshot_t;

	return (long)(diff >= 0 ? diff / DAY : -((-diff + DAY - 1) / DAY));
}

/* The OS family an inventory's name names. */
enum pc_device_os
pc_device_os_parse(const char *name)
{
	static const struct {
		const char *name;
		enum pc_device_os os;
	} names[] = {
		{ "windows", PC_DEV_WINDOWS },
		{ "macos", PC_DEV_MACOS },
		{ "mac os x", PC_DEV_MACOS },
		{ "ios", PC_DEV_IOS },
		{ "ios_sync", PC_DEV_IOS },
		{ "ipados", PC_DEV_IPADOS },
		{ "android", PC_DEV_ANDROID },
		{ "chromeos", PC_DEV_CHROMEOS },
		{ "chrome os", PC_DEV_CHROMEOS },
	};
	size_t i;

	for (i = 0; name != NULL && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(name, names[i].name) == 0)
			return names[i].os;
	return PC_DEV_OTHER;
}

/* The policy's remediation_by_os key for a family. */
const char *
pc_device_os_key(enum pc_device_os os)
{
	static const char *const keys[] = { NULL, "windows", "macos", "ios",
		"ipados", "android", "chromeos" };

	return (unsigned)os < sizeof(keys) / sizeof(keys[0]) ? keys[os] : NULL;
}

/* The Windows edition a SKU names. */
enum pc_win_edition
pc_win_edition_parse(const char *sku)
{
	if (sku == NULL)
		return PC_WIN_UNKNOWN;
	if (strcasestr(sku, "LTSC") || strcasestr(sku, "LTSB") ||
	    strcasestr(sku, "EnterpriseS"))
		return PC_WIN_LTSC;
	if (strcasestr(sku, "Enterprise") || strcasestr(sku, "Education"))
		return PC_WIN_ENTERPRISE;
	if (strcasestr(sku, "Home") || strcasestr(sku, "Pro") ||
	    strcasestr(sku, "Core"))
		return PC_WIN_HOME_PRO;
	return PC_WIN_UNKNOWN;
}

/* The Windows release of an osVersion, by build. */
const struct pc_deveol_windows *
pc_deveol_windows_find(const struct pc_deveol *d, const char *os_version)
{
	long parts[MAX_PARTS];
	size_t i;

	if (version_parts(parts, os_version) < 3)
		return NULL;
	for (i = 0; i < d->nwindows; i++)
		if (d->windows[i].build == parts[2])
			return &d->windows[i];
	return NULL;
}

/* Reads an inventory's day: YYYY-MM-DD, YYYY-MM (the 1st), or epoch
 * milliseconds as Google reports them. -1 when unreadable. */
static int
inventory_day(long long *t_out, const char *s)
{
	size_t n = s ? strlen(s) : 0, i;
	char date[11];
	long long t;

	if (n >= 12 && n <= 14 && strspn(s, "0123456789") == n) {
		for (t = 0, i = 0; i < n; i++)
			t = t * 10 + (s[i] - '0');
		*t_out = t / 1000;
		return 0;
	}
	if (n != 7 && n != 10)
		return -1;
	snprintf(date, sizeof(date), "%.7s-01", s);
	if (n == 10)
		snprintf(date, sizeof(date), "%s", s);
	return pc_eol_date(t_out, date);
}

/* Days from a patch level to now. */
int
pc_deveol_patch_age(long *days_out, const char *level, long long now)
{
	long long t;

	if (inventory_day(&t, level) != 0)
		return pc_error_set(PC_EPARSE,
		    "not a security patch level: \"%.20s\"; expected YYYY-MM-DD.",
		    level ? level : "");
	*days_out = t >= now ? 0 : (long)((now - t) / DAY);
	return 0;
}

/* Sets unsupported / unsupported_soon from the last day of updates. */
static void
judge_support(struct pc_deveol_verdict *v, const struct pc_deveol *d,
    long long end_t, long long now, const char *note)
{
	char when[32];
	long long days;

	v->end_t = end_t;
	if (end_t == 0)
		return;
	if (end_t == PC_DEVEOL_ENDED_UNDATED) {
		v->unsupported = true;
		snprintf(v->support, sizeof(v->support),
		    "%s no longer gets security updates%s", v->release, note);
		return;
	}
	pc_date_text(when, sizeof(when), end_t, "an unknown date");
	/* The date given is the last day of updates. */
	if (now >= end_t + DAY) {
		v->unsupported = true;
		snprintf(v->support, sizeof(v->support),
		    "%s stopped getting security updates after %s%s",
		    v->release, when, note);
	} else if (now + d->warn_days * DAY >= end_t + DAY) {
		days = (end_t - now + DAY - 1) / DAY;
		v->unsupported_soon = true;
		if (days == 0)
			snprintf(v->support, sizeof(v->support),
			    "%s gets its last security updates today, %s%s",
			    v->release, when, note);
		else
			snprintf(v->support, sizeof(v->support),
			    "%s gets its last security updates on %s, in %lld day%s%s",
			    v->release, when, days, days == 1 ? "" : "s", note);
	}
}

/* The Windows verdict: the build's release and the edition's date. */
static void
classify_windows(struct pc_deveol_verdict *v, const struct pc_deveol *d,
    const struct pc_device_os_info *dev, long long now)
{
	const struct pc_deveol_windows *w =
	    pc_deveol_windows_find(d, dev->version);
	long long end_t;
	const char *note = "";

	if (w == NULL) {
		snprintf(v->support, sizeof(v->support),
		    "Windows version %.40s is not in the end-of-life snapshot (dated %s)",
		    dev->version ? dev->version : "(none)", d->snapshot_date);
		return;
	}
	v->known = true;
	snprintf(v->release, sizeof(v->release), "Windows %s (build %ld)",
	    w->release, w->build);
	switch (dev->edition) {
	case PC_WIN_HOME_PRO: end_t = w->home_pro_end_t; break;
	case PC_WIN_ENTERPRISE: end_t = w->enterprise_end_t; break;
	case PC_WIN_LTSC:
		end_t = w->ltsc_end_t ? w->ltsc_end_t : w->enterprise_end_t;
		break;
	default:
		/* Unknown edition: the earlier date, so none is missed. */
		end_t = w->home_pro_end_t < w->enterprise_end_t
		    ? w->home_pro_end_t
		    : w->enterprise_end_t;
		if (w->home_pro_end_t != w->enterprise_end_t)
			note =
			    " (edition unknown: the earlier of the Home/Pro and Enterprise dates is used)";
		break;
	}
	/* Windows has no outdated rule: endoflife.date has no UBR. */
	judge_support(v, d, end_t, now, note);
}

/* The cycle a version belongs to: "10.15.7" -> "10.15", "17.5" -> "17",
 * "12.1" -> "12.1" before "12". */
static const struct pc_deveol_cycle *
find_cycle(const struct pc_deveol_cycle *c, size_t n, const char *version)
{
	long parts[MAX_PARTS], cp[MAX_PARTS];
	int np, ncp;
	size_t i;

	if ((np = version_parts(parts, version)) < 1)
		return NULL;
	/* Android 8 is cycle "8.0". */
	for (i = 0; i < n; i++)
		if (version_parts(cp, c[i].cycle) == 2 && cp[0] == parts[0] &&
		    cp[1] == (np >= 2 ? parts[1] : 0))
			return &c[i];
	for (i = 0; i < n; i++)
		if ((ncp = version_parts(cp, c[i].cycle)) == 1 &&
		    cp[0] == parts[0])
			return &c[i];
	return NULL;
}

/* Apple and Android: support of the release, then how current it is. */
static int
classify_cycle(struct pc_deveol_verdict *v, const struct pc_deveol *d,
    const struct pc_device_os_info *dev, long long now)
{
	static const char *const family[] = { "", "Windows", "macOS", "iOS",
		"iPadOS", "Android" };
	const struct pc_deveol_cycle *all = d->macos, *c;
	size_t n = d->nmacos;
	long age = 0;
	int cmp, ret = 0;

	if (dev->os == PC_DEV_IOS) {
		all = d->ios;
		n = d->nios;
	} else if (dev->os == PC_DEV_IPADOS) {
		all = d->ipados;
		n = d->nipados;
	} else if (dev->os == PC_DEV_ANDROID) {
		all = d->android;
		n = d->nandroid;
	}
	if ((c = find_cycle(all, n, dev->version)) == NULL) {
		snprintf(v->support, sizeof(v->support),
		    "%s %.40s is not in the end-of-life snapshot (dated %s)",
		    family[dev->os],
		    dev->version ? dev->version : "(no version)",
		    d->snapshot_date);
	} else {
		v->known = true;
		snprintf(v->release, sizeof(v->release), "%s", c->name);
		judge_support(v, d, c->end_t, now, "");
	}
	if (v->unsupported)
		return 0;
	if (c != NULL && c->latest != NULL && dev->os != PC_DEV_ANDROID &&
	    pc_deveol_version_compare(dev->version, c->latest, &cmp) == 0 &&
	    cmp < 0) {
		v->outdated = true;
		snprintf(v->patch, sizeof(v->patch),
		    "%s %s is below %s, the latest %s update the snapshot (dated %s) knows",
		    family[dev->os], dev->version, c->latest, c->name,
		    d->snapshot_date);
	}
	if (dev->os == PC_DEV_ANDROID && dev->android_patch_level != NULL) {
		if ((ret = pc_deveol_patch_age(
			 &age, dev->android_patch_level, now)) != 0)
			return ret;
		if (age > d->patch_level_max_days) {
			v->outdated = true;
			snprintf(v->patch, sizeof(v->patch),
			    "Android security patch level %.10s is %ld days old (the limit is %ld days)",
			    dev->android_patch_level, age,
			    d->patch_level_max_days);
		}
	}
	return 0;
}

/* ChromeOS: the device's own auto-update expiry decides. */
static int
classify_chromeos(struct pc_deveol_verdict *v, const struct pc_deveol *d,
    const struct pc_device_os_info *dev, long long now)
{
	const char *aue = dev->chromeos_auto_update_through;
	long long t;

	snprintf(v->release, sizeof(v->release), "ChromeOS %.40s",
	    dev->version ? dev->version : "(version unknown)");
	if (aue == NULL) {
		snprintf(v->support, sizeof(v->support),
		    "the inventory gives no auto-update expiry for this Chromebook");
		return 0;
	}
	if (inventory_day(&t, aue) != 0)
		return pc_error_set(PC_EPARSE,
		    "not an auto-update expiry date: \"%.20s\"; expected YYYY-MM-DD.",
		    aue);
	v->known = true;
	judge_support(v, d, t, now, " (its auto-update expiry)");
	return 0;
}

/* Classifies one device's operating system. */
int
pc_deveol_classify(struct pc_deveol_verdict *out, const struct pc_deveol *d,
    const struct pc_device_os_info *dev, long long now)
{
	memset(out, 0, sizeof(*out));
	switch (dev->os) {
	case PC_DEV_WINDOWS: classify_windows(out, d, dev, now); return 0;
	case PC_DEV_MACOS:
	case PC_DEV_IOS:
	case PC_DEV_IPADOS:
	case PC_DEV_ANDROID: return classify_cycle(out, d, dev, now);
	case PC_DEV_CHROMEOS: return classify_chromeos(out, d, dev, now);
	default:
		snprintf(out->support, sizeof(out->support),
		    "this operating system is not in the end-of-life snapshot (dated %s)",
		    d->snapshot_date);
		return 0;
	}
}
