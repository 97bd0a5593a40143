/* Reads apt's lists folder: Release files say which suite each Packages
 * file comes from; Packages files of security suites give fixed versions. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "apt_lists.h"
#include "deb822.h"
#include "debversion.h"

enum { R_SUITE, R_CODENAME, R_LABEL, R_ORIGIN, R_VALID_UNTIL, R_COUNT };
static const char *const release_fields[R_COUNT] = {
	"Suite",
	"Codename",
	"Label",
	"Origin",
	"Valid-Until",
};
static const struct pc_deb822_limits release_limits = {
	.max_stanza = PC_APT_MAX_RELEASE,
	.max_stanzas = 16,
	.max_value = 4096,
	.strict_end = false,
	.pgp = true,
};

enum { P_PACKAGE, P_VERSION, P_ARCH, P_COUNT };
static const char *const packages_fields[P_COUNT] = {
	"Package",
	"Version",
	"Architecture",
};
static const struct pc_deb822_limits packages_limits = {
	.max_stanza = PC_APT_MAX_STANZA,
	.max_stanzas = PC_APT_MAX_PACKAGES,
	.max_value = 4096,
	.strict_end = false,
	.pgp = false,
};

/* One Release file: the common file-name prefix of its lists, its suite. */
struct release {
	char *prefix;
	char *suite; /* codename or suite, for messages */
	bool security;
	long long valid_until; /* 0 when the file has none */
};

/* Whether s ends with suffix. */
static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Whether a suite is a security suite. */
bool
pc_apt_is_security(const char *suite, const char *codename, const char *label,
    const char *filename)
{
	if (suite != NULL && ends_with(suite, "-security"))
		return true;
	if (codename != NULL && ends_with(codename, "-security"))
		return true;
	if (label != NULL && strcasecmp(label, "Debian-Security") == 0)
		return true;
	return filename != NULL && strstr(filename, "security") != NULL;
}

/* Frees the result. */
void
pc_apt_lists_free(struct pc_apt_lists *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->nupdates; i++) {
		free(l->updates[i].fixed);
		free(l->updates[i].suite);
	}
	free(l->updates);
	free(l->valid_until_suite);
	free(l);
}

/* Parses an RFC 2822 date in UTC, as apt writes in Release files. The
 * month names are matched here, not with strptime(), so the result never
 * depends on the locale. */
int
pc_apt_release_date(long long *t_out, const char *text)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	struct tm tm = { 0 };
	char mon[4], zone[8];
	const char *comma = strchr(text, ','), *m;
	int day, year, h, min, sec, used = 0;
	time_t t;

	if (comma != NULL)
		text = comma + 1;
	if (sscanf(text, " %2d %3s %4d %2d:%2d:%2d %7s%n", &day, mon, &year, &h,
		&min, &sec, zone, &used) != 7 ||
	    text[used] != '\0' || strlen(mon) != 3 ||
	    (m = strstr(months, mon)) == NULL || (m - months) % 3 != 0 ||
	    day < 1 || day > 31 || year < 1990 || year > 2200 || h > 23 ||
	    min > 59 || sec > 60 || h < 0 || min < 0 || sec < 0)
		return PC_EPARSE;
	if (strcmp(zone, "UTC") != 0 && strcmp(zone, "GMT") != 0 &&
	    strcmp(zone, "Z") != 0 && strcmp(zone, "+0000") != 0)
		return PC_EPARSE;
	tm.tm_mday = day;
	tm.tm_mon = (int)((m - months) / 3);
	tm.tm_year = year - 1900;
	tm.tm_hour = h;
	tm.tm_min = min;
	tm.tm_sec = sec;
	if ((t = timegm(&tm)) == (time_t)-1 || tm.tm_mday != day)
		return PC_EPARSE;
	*t_out = (long long)t;
	return 0;
}

/* Reads the first stanza of a Release or InRelease file. */
static int
read_release(struct release *rel, const char *path, const char *name)
{
	const char *suite, *codename, *label, *valid;
	struct pc_deb822 r;
	bool got;
	int ret;

	if ((ret = pc_deb822_open(
		 &r, path, &release_limits, release_fields, R_COUNT)) != 0)
		return ret;
	if ((ret = pc_deb822_next(&r, &got)) != 0)
		goto out;
	if (!got) {
		ret = pc_error_set(
		    PC_EPARSE, "%s: the release file is empty.", path);
		goto out;
	}
	suite = pc_deb822_get(&r, R_SUITE);
	codename = pc_deb822_get(&r, R_CODENAME);
	label = pc_deb822_get(&r, R_LABEL);
	rel->security = pc_apt_is_security(suite, codename, label, name);
	rel->suite = strdup(codename && *codename
		? codename
		: (suite && *suite ? suite : "unknown suite"));
	if (rel->suite == NULL) {
		ret = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	valid = pc_deb822_get(&r, R_VALID_UNTIL);
	if (valid != NULL && pc_apt_release_date(&rel->valid_until, valid) != 0)
		ret = pc_error_set(PC_EPARSE,
		    "%s:%ld: Valid-Until: expected a date such as \"Sun, 25 Oct 2026 18:00:00 UTC\", got \"%.40s\".",
		    path, r.stanza_line, valid);
out:
	pc_deb822_close(&r);
	return ret;
}

/* Reads one Packages file and raises the candidate versions. */
int
pc_apt_packages_read(const char *path, const struct pc_dpkg_db *db, char **best,
    const char **best_suite, const char *suite)
{
	const struct pc_dpkg_pkg *p;
	const char *name, *version, *arch;
	struct pc_deb822 r;
	size_t i;
	bool got;
	int ret, cmp;

	if ((ret = pc_deb822_open(
		 &r, path, &packages_limits, packages_fields, P_COUNT)) != 0)
		return ret;
	for (;;) {
		if ((ret = pc_deb822_next(&r, &got)) != 0 || !got)
			break;
		name = pc_deb822_get(&r, P_PACKAGE);
		version = pc_deb822_get(&r, P_VERSION);
		arch = pc_deb822_get(&r, P_ARCH);
		if (name == NULL || version == NULL) {
			ret = pc_error_set(PC_EPARSE,
			    "%s:%ld: the record at line %ld has no Package or Version field.",
			    path, r.line, r.stanza_line);
			break;
		}
		if ((p = pc_dpkg_find(db, name, arch ? arch : "all")) == NULL)
			continue;
		i = (size_t)(p - db->pkgs);
		if ((ret = pc_debversion_compare(
			 version, best[i] ? best[i] : p->version, &cmp)) != 0) {
			ret = pc_error_set(PC_EPARSE, "%s:%ld: %s", path,
			    r.stanza_line, pc_error_get());
			break;
		}
		if (cmp <= 0)
			continue;
		free(best[i]);
		if ((best[i] = strdup(version)) == NULL) {
			ret = pc_error_set(PC_ENOMEM, "out of memory");
			break;
		}
		best_suite[i] = suite;
	}
	pc_deb822_close(&r);
	return ret;
}

/* The release whose prefix is the longest match for a list's name. */
static const struct release *
match_release(const struct release *rels, size_t nrels, const char *name)
{
	const struct release *best = NULL;
	size_t i, len, best_len = 0;

	for (i = 0; i < nrels; i++) {
		len = strlen(rels[i].prefix);
		if (strncmp(name, rels[i].prefix, len) == 0 && len > best_len) {
			best = &rels[i];
			best_len = len;
		}
	}
	return best;
}

/* Whether name is a Packages list, plain or in a compression zreader.c
 * reads. */
static bool
is_packages(const char *name)
{
	static const char *const endings[] = { "_Packages", "_Packages.gz",
		"_Packages.xz", "_Packages.lzma", "_Packages.zst",
		"_Packages.bz2", "_Packages.lz4" };
	size_t i;

	for (i = 0; i < sizeof(endings) / sizeof(endings[0]); i++)
		if (ends_with(name, endings[i]))
			return true;
	return false;
}

/* Keeps the earliest Valid-Until of the release files. */
static int
note_valid_until(struct pc_apt_lists *l, const struct release *rel)
{
	if (rel->valid_until == 0 ||
	    (l->valid_until != 0 && l->valid_until <= rel->valid_until))
		return 0;
	l->valid_until = rel->valid_until;
	free(l->valid_until_suite);
	if ((l->valid_until_suite = strdup(rel->suite)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	return 0;
}

/* Collects the pending updates from best[] into l. */
static int
collect_updates(struct pc_apt_lists *l, const struct pc_dpkg_db *db,
    char **best, const char **best_suite)
{
	size_t i, n = 0;

	for (i = 0; i < db->npkgs; i++)
		if (best[i] != NULL)
			n++;
	if (n == 0)
		return 0;
	if ((l->updates = calloc(n, sizeof(*l->updates))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (i = 0; i < db->npkgs; i++) {
		if (best[i] == NULL)
			continue;
		l->updates[l->nupdates].pkg = &db->pkgs[i];
		l->updates[l->nupdates].fixed = best[i];
		best[i] = NULL;
		l->updates[l->nupdates].suite = strdup(best_suite[i]);
		if (l->updates[l->nupdates++].suite == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
	}
	return 0;
}

/* Reads the lists folder and finds pending security updates. */
int
pc_apt_lists_scan(
    struct pc_apt_lists **out, const char *dir, const struct pc_dpkg_db *db)
{
	struct release *rels = NULL;
	const struct release *rel;
	const char **best_suite = NULL;
	struct pc_apt_lists *l = NULL;
	char **names = NULL, **best = NULL;
	size_t nnames = 0, nrels = 0, i, plen;
	struct pc_buf path;
	struct stat st;
	bool security;
	const char *suite, *under;
	int ret;

	*out = NULL;
	pc_buf_init(&path, 8192);
	if ((ret = pc_dir_names(
		 &names, &nnames, dir, NULL, PC_APT_MAX_FILES)) != 0) {
		ret = pc_error_set(
		    ret, "cannot read apt's package lists: %s", pc_error_get());
		goto out;
	}
	l = calloc(1, sizeof(*l));
	rels = calloc(nnames + 1, sizeof(*rels));
	best = calloc(db->npkgs + 1, sizeof(*best));
	best_suite = calloc(db->npkgs + 1, sizeof(*best_suite));
	if (!l || !rels || !best || !best_suite) {
		ret = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	/* Release files first: they say which suite each list belongs to. */
	for (i = 0; i < nnames; i++) {
		if (ends_with(names[i], "_InRelease"))
			plen = strlen(names[i]) - strlen("InRelease");
		else if (ends_with(names[i], "_Release"))
			plen = strlen(names[i]) - strlen("Release");
		else
			continue;
		pc_buf_reset(&path);
		if ((ret = pc_buf_addf(&path, "%s/%s", dir, names[i])) != 0)
			goto out;
		if ((rels[nrels].prefix = strndup(names[i], plen)) == NULL) {
			ret = pc_error_set(PC_ENOMEM, "out of memory");
			goto out;
		}
		nrels++;
		if ((ret = read_release(
			 &rels[nrels - 1], path.data, names[i])) != 0 ||
		    (ret = note_valid_until(l, &rels[nrels - 1])) != 0)
			goto out;
		if (stat(path.data, &st) == 0 &&
		    st.st_mtime > l->newest_release)
			l->newest_release = st.st_mtime;
		l->nreleases++;
	}
	for (i = 0; i < nnames; i++) {
		if (!is_packages(names[i]))
			continue;
		l->nlists++;
		rel = match_release(rels, nrels, names[i]);
		security = pc_apt_is_security(NULL, NULL, NULL, names[i]) ||
		    (rel != NULL && rel->security);
		if (!security)
			continue;
		l->nsecurity_lists++;
		pc_buf_reset(&path);
		if ((ret = pc_buf_addf(&path, "%s/%s", dir, names[i])) != 0)
			goto out;
		suite = rel ? rel->suite : names[i];
		under = strstr(names[i], "_dists_");
		if (rel == NULL && under != NULL)
			suite = under + strlen("_dists_");
		if ((ret = pc_apt_packages_read(
			 path.data, db, best, best_suite, suite)) != 0)
			goto out;
	}
	if ((ret = collect_updates(l, db, best, best_suite)) != 0)
		goto out;
	*out = l;
	l = NULL;
out:
	for (i = 0; rels != NULL && i < nrels; i++) {
		free(rels[i].prefix);
		free(rels[i].suite);
	}
	free(rels);
	for (i = 0; best != NULL && i < db->npkgs; i++)
		free(best[i]);
	free(best);
	free(best_suite);
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	pc_buf_free(&path);
	pc_apt_lists_free(l);
	return ret;
}
