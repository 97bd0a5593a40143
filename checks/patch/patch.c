/* The patch check: pending security updates from apt's lists, a pending
 * reboot, automatic updates, package-list age and OS end of life. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "agent/lib/buf.h"
#include "agent/lib/date.h"
#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "apt_lists.h"
#include "devices.h"
#include "aptconf.h"
#include "dpkg_status.h"
#include "distro_info.h"
#include "eol.h"
#include "kernel.h"
#include "patch.h"
#include "settings.h"

#define DAY                86400LL
#define REBOOT_PKGS_MAX    (64u << 10)
#define REBOOT_NAMES_SHOWN 8

/* Per-run state: where to look, and the first error met. */
struct scan {
	struct pc_check_ctx *ctx;
	const struct pc_patch_opts *o;
	int first_err;
	char first_msg[1024];
};

/* Joins the root and a path inside it ("/" + "etc/apt" = "/etc/apt"). */
static int
root_path(struct pc_buf *out, const char *root, const char *rel)
{
	size_t n = strlen(root);

	pc_buf_init(out, 8192);
	while (n > 1 && root[n - 1] == '/')
		n--;
	if (n == 1 && root[0] == '/')
		n = 0;
	if (pc_buf_add(out, root, n) != 0 || pc_buf_addf(out, "/%s", rel) != 0)
		return pc_error_set(
		    PC_ELIMIT, "the path %s/%s is too long.", root, rel);
	return 0;
}

/* Records a part that could not be examined; the check ends as error. */
static void
part_failed(struct scan *s, int err)
{
	const char *msg = pc_error_get();

	(void)pc_check_incomplete(s->ctx, "%s", msg);
	if (s->first_err == 0) {
		s->first_err = err;
		snprintf(s->first_msg, sizeof(s->first_msg), "%s", msg);
	}
}

/* Emits one finding with formatted title and evidence. */
static int
emit(struct scan *s, const char *rule, const char *subject,
    const char *remediation, const char *title, const char *evidence)
{
	return pc_check_emit(s->ctx,
	    &(struct pc_finding){ .rule = rule,
		.subject = subject,
		.title = title,
		.evidence = evidence,
		.remediation = remediation });
}

/* Reports each installed package with a newer version in a security
 * suite, and whether security updates can be seen at all. */
static int
check_updates(
    struct scan *s, const struct pc_dpkg_db *db, const struct pc_apt_lists *l)
{
	char title[512], evidence[768], fix[384];
	const struct pc_apt_update *u;
	size_t i;
	int ret;

	for (i = 0; i < l->nupdates; i++) {
		u = &l->updates[i];
		snprintf(title, sizeof(title),
		    "Security update for %s: %s -> %s", u->pkg->name,
		    u->pkg->version, u->fixed);
		snprintf(evidence, sizeof(evidence),
		    "installed %s, fixed in %s (suite %s)", u->pkg->version,
		    u->fixed, u->suite);
		snprintf(fix, sizeof(fix),
		    "sudo apt-get update && sudo apt-get install --only-upgrade %s",
		    u->pkg->name);
		if ((ret = emit(s, "security_update", u->pkg->name, fix, title,
			 evidence)) != 0)
			return ret;
	}
	if ((ret = pc_check_count(s->ctx, "this computer",
		 "%zu package%s installed, %zu with security updates",
		 db->npkgs, db->npkgs == 1 ? "" : "s", l->nupdates)) != 0)
		return ret;
	if (l->nlists > 0 && l->nsecurity_lists == 0)
		if ((ret = emit(s, "no_security_source", "apt sources", NULL,
			 "This computer does not download security updates",
			 "apt has package lists from no security suite (such as bookworm-security); security fixes will never be offered.")) !=
		    0)
			return ret;
	return 0;
}

/* The newest of the stamp files apt and update-notifier write on a
 * successful update; 0 when none exists. */
static long long
newest_stamp(const char *root)
{
	static const char *const stamps[] = {
		"var/lib/apt/periodic/update-success-stamp",
		"var/lib/apt/periodic/update-stamp",
	};
	long long newest = 0;
	struct pc_buf p;
	struct stat st;
	size_t i;

	for (i = 0; i < sizeof(stamps) / sizeof(stamps[0]); i++) {
		if (root_path(&p, root, stamps[i]) != 0)
			continue;
		if (stat(p.data, &st) == 0 && S_ISREG(st.st_mode) &&
		    (long long)st.st_mtime > newest)
			newest = (long long)st.st_mtime;
		pc_buf_free(&p);
	}
	return newest;
}

/* The newest of the stamps written when unattended-upgrades (or apt's
 * periodic job for it) last ran; 0 when none exists. *which_out names it. */
static long long
upgrade_stamp(const char *root, const char **which_out)
{
	static const char *const stamps[] = {
		"var/lib/apt/periodic/upgrade-stamp",
		"var/lib/apt/periodic/unattended-upgrades-stamp",
	};
	long long newest = 0;
	struct pc_buf p;
	struct stat st;
	size_t i;

	*which_out = stamps[0];
	for (i = 0; i < sizeof(stamps) / sizeof(stamps[0]); i++) {
		if (root_path(&p, root, stamps[i]) != 0)
			continue;
		if (stat(p.data, &st) == 0 && S_ISREG(st.st_mode) &&
		    (long long)st.st_mtime > newest) {
			newest = (long long)st.st_mtime;
			*which_out = stamps[i];
		}
		pc_buf_free(&p);
	}
	return newest;
}

/* Reports automatic updates that are on but have not run lately. */
static int
check_upgrades_ran(struct scan *s)
{
	const char *which;
	long long stamp = upgrade_stamp(s->o->root, &which), age;
	char evidence[512], when[32];

	if (stamp == 0)
		return emit(s, "auto_updates_off", "unattended-upgrades", NULL,
		    "Automatic security updates are turned on but have never run",
		    "unattended-upgrades is installed and enabled, but neither var/lib/apt/periodic/upgrade-stamp nor var/lib/apt/periodic/unattended-upgrades-stamp exists, so it has never run");
	age = (s->o->now - stamp) / DAY;
	if (age <= s->o->max_list_age_days)
		return 0;
	pc_date_text(when, sizeof(when), stamp, "unknown date");
	snprintf(evidence, sizeof(evidence),
	    "unattended-upgrades is installed and enabled, but last ran %lld days ago (%s, %s); it should run daily",
	    age, when, which);
	return emit(s, "auto_updates_off", "unattended-upgrades", NULL,
	    "Automatic security updates are turned on but not running",
	    evidence);
}

/* Reports package lists older than the limit, or never downloaded. */
static int
check_list_age(struct scan *s, const struct pc_apt_lists *l)
{
	long long newest = l->newest_release, stamp, age;
	char evidence[768], when[32];
	bool expired;
	size_t n;

	stamp = newest_stamp(s->o->root);
	if (stamp > newest)
		newest = stamp;
	if (newest == 0 || l->nlists == 0) {
		pc_error_set(PC_ENOTFOUND,
		    "apt has no package lists on this computer, so pending security updates cannot be found; run sudo apt-get update.");
		part_failed(s, PC_ENOTFOUND);
		return emit(s, "package_lists_stale", "apt package lists", NULL,
		    "The list of available updates has never been downloaded",
		    "no package lists under var/lib/apt/lists");
	}
	age = (s->o->now - newest) / DAY;
	expired = l->valid_until != 0 && s->o->now > l->valid_until;
	if (age <= s->o->max_list_age_days && !expired)
		return 0;
	evidence[0] = '\0';
	if (age > s->o->max_list_age_days) {
		pc_date_text(when, sizeof(when), newest, "unknown date");
		snprintf(evidence, sizeof(evidence),
		    "package lists last updated %lld days ago (%s); the limit is %ld days",
		    age, when, s->o->max_list_age_days);
	}
	if (expired) {
		pc_date_text(
		    when, sizeof(when), l->valid_until, "unknown date");
		n = strlen(evidence);
		snprintf(evidence + n, sizeof(evidence) - n,
		    "%sthe %.100s lists expired on %s (Valid-Until in its Release file): apt refuses them until it downloads fresh ones",
		    n ? "; " : "",
		    l->valid_until_suite ? l->valid_until_suite : "?", when);
	}
	return emit(s, "package_lists_stale", "apt package lists", NULL,
	    age > s->o->max_list_age_days
		? "The list of available updates is out of date"
		: "The list of available updates has expired",
	    evidence);
}

/* Adds the package names of a reboot-required.pkgs file to text. */
static int
reboot_packages(struct pc_buf *text, const char *path)
{
	const char *p, *end, *eol;
	struct pc_buf b;
	size_t shown = 0, total = 0, n;
	int ret;

	if ((ret = pc_file_read(&b, path, REBOOT_PKGS_MAX)) != 0) {
		if (ret == PC_ENOTFOUND || ret == PC_EIO) {
			pc_error_clear();
			return 0;
		}
		return ret;
	}
	p = b.data ? b.data : "";
	end = p + b.len;
	for (; p < end; p = eol + 1) {
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		n = (size_t)(eol - p);
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\r'))
			n--;
		if (n == 0 || n > 128)
			continue;
		/* .pkgs lists a package once per trigger; show each once. */
		if (text->data && memmem(text->data, text->len, p, n) != NULL)
			continue;
		total++;
		if (shown++ < REBOOT_NAMES_SHOWN)
			(void)pc_buf_addf(text, "%s%.*s",
			    shown > 1 ? ", " : " for ", (int)n, p);
	}
	if (total > REBOOT_NAMES_SHOWN)
		(void)pc_buf_addf(
		    text, " and %zu more", total - REBOOT_NAMES_SHOWN);
	pc_buf_free(&b);
	return 0;
}

/* Adds "the running kernel X is older than the installed Y" to evidence
 * when a newer kernel of the same flavour is installed. */
static int
kernel_evidence(
    struct scan *s, const struct pc_dpkg_db *db, struct pc_buf *evidence)
{
	char running[PC_KERNEL_RELEASE_MAX];
	const char *newer;
	int ret;

	if (db == NULL)
		return 0;
	if ((ret = pc_kernel_running(running, sizeof(running), s->o->root)) !=
	    0) {
		/* A root without proc/sys/kernel/osrelease: cannot tell. */
		if (ret == PC_ENOTFOUND) {
			pc_error_clear();
			return 0;
		}
		part_failed(s, ret);
		return 0;
	}
	if ((newer = pc_kernel_newer_installed(db, running)) == NULL)
		return 0;
	return pc_buf_addf(evidence,
	    "%sthe running kernel %s is older than the installed kernel %s",
	    evidence->len ? "; " : "", running, newer);
}

/*
 * Reports a pending reboot: run/reboot-required (or var/run/ on systems
 * where that is a separate folder), or a running kernel older than the
 * newest installed one. A file the sandbox was not told about (it did not
 * exist when the check started) reads as absent.
 */
static int
check_reboot(struct scan *s, const struct pc_dpkg_db *db)
{
	static const char *const flags[] = { "run/reboot-required",
		"var/run/reboot-required" };
	char when[32];
	struct pc_buf p, pkgs, evidence;
	struct stat st;
	size_t i;
	int ret = 0;

	pc_buf_init(&evidence, 2048);
	pc_buf_init(&pkgs, 2048);
	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		if ((ret = root_path(&p, s->o->root, flags[i])) != 0)
			goto out;
		if (stat(p.data, &st) != 0) {
			ret = errno == ENOENT || errno == EACCES ||
				errno == ENOTDIR
			    ? 0
			    : pc_error_set(PC_EIO, "cannot examine %s: %s",
				  p.data, strerror(errno));
			pc_buf_free(&p);
			if (ret != 0)
				goto out;
			continue;
		}
		pc_date_text(
		    when, sizeof(when), (long long)st.st_mtime, "unknown date");
		(void)pc_buf_addf(&p, ".pkgs");
		ret = reboot_packages(&pkgs, p.data);
		pc_buf_free(&p);
		if (ret != 0)
			goto out;
		(void)pc_buf_addf(&evidence,
		    "a restart has been pending since %s%s", when,
		    pkgs.data ? pkgs.data : "");
		break;
	}
	if ((ret = kernel_evidence(s, db, &evidence)) != 0 || evidence.len == 0)
		goto out;
	ret = emit(s, "reboot_required", "this computer", NULL,
	    "This computer needs a restart to finish installing updates",
	    evidence.data);
out:
	pc_buf_free(&evidence);
	pc_buf_free(&pkgs);
	return ret;
}

/* Describes one APT::Periodic setting for the evidence. */
static void
describe_setting(
    struct pc_buf *b, const char *key, const struct pc_aptconf_value *v)
{
	if (v->value == NULL)
		(void)pc_buf_addf(
		    b, "%s%s is not set", b->len ? "; " : "", key);
	else
		(void)pc_buf_addf(b, "%s%s is \"%.20s\" (%s:%d)",
		    b->len ? "; " : "", key, v->value, v->file, v->line);
}

/* Reports automatic security updates that are not installed, not enabled,
 * or not running. */
static int
check_auto_updates(struct scan *s, const struct pc_dpkg_db *db)
{
	struct pc_aptconf conf = { 0 };
	struct pc_buf dir, evidence;
	bool installed, uu_on, lists_on;
	int ret;

	pc_buf_init(&evidence, 2048);
	if ((ret = root_path(&dir, s->o->root, "etc/apt")) != 0)
		goto out;
	if ((ret = pc_aptconf_load(&conf, dir.data)) != 0) {
		part_failed(s, ret);
		ret = 0;
		goto out;
	}
	installed = pc_dpkg_find(db, "unattended-upgrades", "all") != NULL;
	uu_on = pc_aptconf_enabled(&conf.unattended_upgrade);
	lists_on = pc_aptconf_enabled(&conf.update_lists);
	if (installed && uu_on && lists_on) {
		ret = check_upgrades_ran(s);
		goto out;
	}
	if (!installed)
		(void)pc_buf_adds(&evidence,
		    "the unattended-upgrades package is not installed");
	if (!uu_on)
		describe_setting(&evidence, "APT::Periodic::Unattended-Upgrade",
		    &conf.unattended_upgrade);
	if (!lists_on)
		describe_setting(&evidence,
		    "APT::Periodic::Update-Package-Lists", &conf.update_lists);
	ret = emit(s, "auto_updates_off", "unattended-upgrades", NULL,
	    "Security updates are not installed automatically", evidence.data);
out:
	pc_aptconf_free(&conf);
	pc_buf_free(&dir);
	pc_buf_free(&evidence);
	return ret;
}

/* Reads etc/os-release, falling back to usr/lib/os-release. Returns
 * PC_ENOTFOUND when neither exists. */
static int
read_osrelease(struct pc_osrelease *os, const char *root)
{
	static const char *const where[] = { "etc/os-release",
		"usr/lib/os-release" };
	struct pc_buf p, text;
	size_t i;
	int ret = PC_ENOTFOUND;

	for (i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		if ((ret = root_path(&p, root, where[i])) != 0)
			return ret;
		ret = pc_file_read(&text, p.data, PC_OSRELEASE_MAX);
		if (ret == 0) {
			ret = pc_osrelease_parse(
			    os, p.data, text.data ? text.data : "", text.len);
			pc_buf_free(&text);
			pc_buf_free(&p);
			return ret;
		}
		pc_buf_free(&p);
		if (ret != PC_ENOTFOUND)
			return ret;
	}
	return pc_error_set(PC_ENOTFOUND,
	    "neither etc/os-release nor usr/lib/os-release exists under %s.",
	    root);
}

/* Emits the end-of-life finding for a release's state, if any. */
static int
report_eol(struct scan *s, const struct pc_eol *eol,
    const struct pc_eol_release *rel, const char *source)
{
	char sec[32], ext[32], title[512], evidence[768];
	enum pc_eol_state st = pc_eol_state(eol, rel, s->o->now);
	const char *ext_name =
	    rel->extended_name ? rel->extended_name : "extended support";
	long long final =
	    rel->extended_end_t ? rel->extended_end_t : rel->security_end_t;
	long long days = (final + DAY - s->o->now + DAY - 1) / DAY;
	long long sec_days =
	    (rel->security_end_t + DAY - s->o->now + DAY - 1) / DAY;

	pc_date_text(sec, sizeof(sec), rel->security_end_t, "unknown date");
	pc_date_text(ext, sizeof(ext), final, "unknown date");
	if (st == PC_EOL_SUPPORTED && rel->extended_end_t) {
		/* "..., then Debian LTS until 2028-06-30 (dates from X)" */
		return pc_check_count(s->ctx, "operating system",
		    "%s: regular security support until %s, then %s until %s (dates from %s)",
		    rel->name, sec, ext_name, ext, source);
	}
	switch (st) {
	case PC_EOL_SUPPORTED:
		return pc_check_count(s->ctx, "operating system",
		    "%s: regular security support until %s (dates from %s)",
		    rel->name, sec, source);
	case PC_EOL_ENDING_SOON:
		snprintf(title, sizeof(title),
		    "Regular security support for %s ends in %lld days",
		    rel->name, sec_days);
		snprintf(evidence, sizeof(evidence),
		    "regular security support ends %s%s%s%s", sec,
		    rel->extended_end_t ? "; then only " : "",
		    rel->extended_end_t ? ext_name : "",
		    rel->extended_end_t ? " until " : "");
		if (rel->extended_end_t)
			snprintf(evidence + strlen(evidence),
			    sizeof(evidence) - strlen(evidence), "%s", ext);
		return emit(
		    s, "os_support_ending", rel->name, NULL, title, evidence);
	case PC_EOL_EXTENDED:
		snprintf(title, sizeof(title),
		    "%s only has %s security support left", rel->name,
		    ext_name);
		snprintf(evidence, sizeof(evidence),
		    "regular security support ended %s; %s continues until %s",
		    sec, ext_name, ext);
		return emit(s, "os_lts_only", rel->name, NULL, title, evidence);
	case PC_EOL_FINAL_SOON:
		snprintf(title, sizeof(title),
		    "All security support for %s ends in %lld days", rel->name,
		    days);
		snprintf(evidence, sizeof(evidence),
		    "regular security support ends or ended %s; all support ends %s",
		    sec, ext);
		return emit(
		    s, "os_end_of_life_soon", rel->name, NULL, title, evidence);
	case PC_EOL_ENDED:
		snprintf(title, sizeof(title),
		    "%s no longer gets security updates", rel->name);
		snprintf(evidence, sizeof(evidence),
		    "regular security support ended %s%s%s%s%s", sec,
		    rel->extended_end_t ? "; " : "",
		    rel->extended_end_t ? ext_name : "",
		    rel->extended_end_t ? " ended " : "",
		    rel->extended_end_t ? ext : "");
		return emit(
		    s, "os_end_of_life", rel->name, NULL, title, evidence);
	}
	return 0;
}

/* Which distro-info table describes os: its own, or the one its ID_LIKE
 * names; NULL for other systems. */
static const char *
distro_info_os(const struct pc_osrelease *os)
{
	if (strcmp(os->id, "debian") == 0 || strcmp(os->id, "ubuntu") == 0)
		return os->id;
	if (os->id_like != NULL && strstr(os->id_like, "ubuntu") != NULL)
		return "ubuntu";
	if (os->id_like != NULL && strstr(os->id_like, "debian") != NULL)
		return "debian";
	return NULL;
}

/*
 * Loads the live dates from ROOT/usr/share/distro-info/<os>.csv when that
 * table exists. *live_out stays NULL when there is none; a table that
 * cannot be read makes the check incomplete (the snapshot still answers).
 */
static void
load_distro_info(struct scan *s, const struct pc_osrelease *os, long warn_days,
    struct pc_eol **live_out, struct pc_buf *path)
{
	const char *which = distro_info_os(os);
	char rel[64];
	int ret;

	*live_out = NULL;
	if (which == NULL)
		return;
	snprintf(rel, sizeof(rel), "usr/share/distro-info/%s.csv", which);
	if (root_path(path, s->o->root, rel) != 0)
		return;
	ret = pc_distro_info_load(live_out, which, path->data, warn_days);
	if (ret == PC_ENOTFOUND)
		pc_error_clear();
	else if (ret != 0)
		part_failed(s, ret);
}

/* Reports an operating system past or near its end of life, or one whose
 * support cannot be determined. The system's distro-info-data wins over
 * the policy's snapshot when it knows the release. */
static int
check_eol(struct scan *s)
{
	struct pc_osrelease os = { 0 };
	const struct pc_eol_release *rel = NULL;
	struct pc_eol *eol = NULL, *live = NULL;
	const struct pc_eol *table;
	struct pc_buf live_path;
	const char *source;
	char evidence[512];
	int ret;

	pc_buf_init(&live_path, 1);
	if ((ret = pc_eol_load(&eol, s->o->eol_path)) != 0) {
		part_failed(s, ret);
		ret = 0;
		goto out;
	}
	ret = read_osrelease(&os, s->o->root);
	if (ret == PC_ENOTFOUND) {
		ret = emit(s, "os_support_unknown", "operating system", NULL,
		    "Cannot tell whether this operating system still gets security updates",
		    pc_error_get());
		goto out;
	}
	if (ret != 0) {
		part_failed(s, ret);
		ret = 0;
		goto out;
	}
	load_distro_info(s, &os, eol->warn_days, &live, &live_path);
	if (live != NULL && (rel = pc_eol_find(live, &os)) != NULL) {
		table = live;
		source = live_path.data;
	} else {
		table = eol;
		rel = pc_eol_find(eol, &os);
		source = s->o->eol_path;
	}
	if (rel == NULL) {
		snprintf(evidence, sizeof(evidence),
		    "%.100s (ID=%.40s VERSION_ID=%.20s VERSION_CODENAME=%.40s) is not in the end-of-life list",
		    os.pretty_name ? os.pretty_name : os.id, os.id,
		    os.version_id ? os.version_id : "none",
		    os.codename ? os.codename : "none");
		ret = emit(s, "os_support_unknown",
		    os.pretty_name ? os.pretty_name : os.id, NULL,
		    "Cannot tell whether this operating system still gets security updates",
		    evidence);
		goto out;
	}
	ret = report_eol(s, table, rel, source);
out:
	pc_osrelease_free(&os);
	pc_eol_free(eol);
	pc_eol_free(live);
	pc_buf_free(&live_path);
	return ret;
}

/* Runs every part of the check. */
int
pc_patch_scan(struct pc_check_ctx *ctx, const struct pc_patch_opts *o)
{
	struct scan s = { .ctx = ctx, .o = o };
	struct pc_dpkg_db *db = NULL;
	struct pc_apt_lists *lists = NULL;
	struct pc_buf path;
	int ret;

	pc_buf_init(&path, 1);
	if ((ret = root_path(&path, o->root, "var/lib/dpkg/status")) != 0)
		goto out;
	if ((ret = pc_dpkg_status_load(&db, path.data)) != 0) {
		part_failed(&s, ret);
	} else {
		pc_buf_free(&path);
		if ((ret = root_path(&path, o->root, "var/lib/apt/lists")) != 0)
			goto out;
		ret = pc_apt_lists_scan(&lists, path.data, db);
		if (ret == PC_ENOTFOUND) {
			/* No lists folder: the age check reports it. */
			pc_error_clear();
			lists = calloc(1, sizeof(*lists));
			ret = lists ? 0
				    : pc_error_set(PC_ENOMEM, "out of memory");
		}
		if (ret != 0)
			part_failed(&s, ret);
		else if ((ret = check_updates(&s, db, lists)) != 0 ||
		    (ret = check_list_age(&s, lists)) != 0)
			goto out;
		if ((ret = check_auto_updates(&s, db)) != 0)
			goto out;
	}
	if ((ret = check_reboot(&s, db)) != 0 || (ret = check_eol(&s)) != 0)
		goto out;
	if (s.first_err != 0)
		ret = pc_error_set(s.first_err, "%s", s.first_msg);
out:
	pc_buf_free(&path);
	pc_apt_lists_free(lists);
	pc_dpkg_db_free(db);
	return ret;
}

/* The root folder the check examines. */
static const char *
config_root(const struct pc_config *cfg)
{
	const struct pc_patch_settings *ps =
	    cfg ? pc_config_check_settings(cfg, "patch") : NULL;
	const char *root = ps ? ps->root : NULL;

	return root != NULL && *root != '\0' ? root : "/";
}

/* Declares a path inside root when it exists (the sandbox can only allow
 * existing paths); required paths must exist. */
static int
need_path(struct pc_needs *n, const char *root, const char *rel, bool required)
{
	struct pc_buf p;
	struct stat st;
	int ret = 0;

	if ((ret = root_path(&p, root, rel)) != 0)
		return ret;
	if (stat(p.data, &st) == 0)
		ret = pc_needs_add_path(n, p.data);
	else if (required)
		ret = pc_error_set(PC_ENOTFOUND,
		    "cannot find the package database %s: %s; checks.patch.root must be the root folder of a Debian or Ubuntu system.",
		    p.data, strerror(errno));
	pc_buf_free(&p);
	return ret;
}

/* Declares read-only access to the dpkg and apt files under the root. */
static int
patch_needs(const struct pc_config *cfg, struct pc_needs *n)
{
	static const char *const optional[] = {
		"var/lib/apt/lists",
		"var/lib/apt/periodic",
		"etc/apt",
		"etc/os-release",
		"usr/lib/os-release",
		"var/run/reboot-required",
		"var/run/reboot-required.pkgs",
		"run/reboot-required",
		"run/reboot-required.pkgs",
		"usr/share/distro-info",
	};
	const char *root = config_root(cfg);
	size_t i;
	int ret;

	if ((ret = need_path(n, root, "var/lib/dpkg/status", true)) != 0)
		return ret;
	for (i = 0; i < sizeof(optional) / sizeof(optional[0]); i++)
		if ((ret = need_path(n, root, optional[i], false)) != 0)
			return ret;
	/* The running kernel: uname() on this computer, a file in a
	 * fixture or mounted image. */
	if (strcmp(root, "/") != 0)
		return need_path(n, root, "proc/sys/kernel/osrelease", false);
	return 0;
}

/* Runs the check in its sandboxed child. */
static int
patch_run(struct pc_check_ctx *ctx)
{
	const struct pc_policy *policy = pc_check_full_policy(ctx);
	const struct pc_config *cfg = pc_check_config(ctx);
	struct pc_patch_opts o = {
		.root = config_root(cfg),
		.now = pc_check_now(ctx),
		.max_list_age_days = PC_PATCH_MAX_LIST_AGE_DAYS,
	};
	const struct pc_patch_settings *ps =
	    pc_config_check_settings(cfg, "patch");
	char *eol_path;
	int ret;

	if (ps != NULL && ps->max_list_age_days > 0)
		o.max_list_age_days = ps->max_list_age_days;
	if (policy == NULL || policy->eol_file == NULL)
		return pc_error_set(PC_ECONFIG,
		    "the policy names no eol_file, so operating-system support cannot be checked.");
	if ((eol_path = pc_policy_path_of(policy, policy->eol_file)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	o.eol_path = eol_path;
	ret = pc_patch_scan(ctx, &o);
	free(eol_path);
	return ret;
}

/*
 * Two parts, two sandboxes: this computer's files with no network, and
 * the office's device inventories with only the Graph and Google hosts.
 */
const struct pc_check_part pc_patch_parts[] = {
	{ "local", patch_needs, patch_run },
	{ "devices", pc_devices_needs, pc_devices_run },
	{ NULL, NULL, NULL },
};

const struct check pc_check_patch = {
	.id = "patch",
	.title = "Software updates on this computer and the office's devices",
	.settings = &pc_patch_settings,
	.parts = pc_patch_parts,
};
