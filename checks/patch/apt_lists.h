/* apt's downloaded package lists: which installed packages have a newer
 * version waiting in a security suite. */
#ifndef PC_PATCH_APT_LISTS_H
#define PC_PATCH_APT_LISTS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "dpkg_status.h"

/* Caps on what is read under var/lib/apt/lists. */
#define PC_APT_MAX_FILES    10000
#define PC_APT_MAX_RELEASE  (8u << 20)
#define PC_APT_MAX_STANZA   (1u << 20)
#define PC_APT_MAX_PACKAGES 1000000

/* An installed package with a newer version in a security suite. */
struct pc_apt_update {
	const struct pc_dpkg_pkg *pkg; /* borrowed from the dpkg db */
	char *fixed;                   /* newest version in a security list */
	char *suite;                   /* its suite or codename */
};

struct pc_apt_lists {
	size_t nreleases;       /* Release/InRelease files read */
	size_t nlists;          /* Packages files found */
	size_t nsecurity_lists; /* Packages files from a security suite */
	time_t newest_release;  /* mtime of the newest Release file, 0 none */
	struct pc_apt_update *updates; /* sorted by package name */
	size_t nupdates;
	/* The earliest Valid-Until of any Release file (Unix time; 0 when
	 * none has one) and that release's suite: past it apt refuses the
	 * lists, so they are stale whatever their age. */
	long long valid_until;
	char *valid_until_suite;
};

/*
 * Reads every *_Release / *_InRelease and the Packages files of security
 * suites under dir (apt's lists folder), compares each with the installed
 * packages in db and lists the pending security updates. Errors name the
 * file and line. Caller frees with pc_apt_lists_free().
 */
int pc_apt_lists_scan(
    struct pc_apt_lists **out, const char *dir, const struct pc_dpkg_db *db);

/*
 * Reads one Packages file (plain or compressed: see zreader.h) from a suite and raises the
 * candidate versions in best[] (parallel to db->pkgs; NULL = none yet;
 * caller frees the strings) when the list has a higher version.
 * best_suite[] records which suite (borrowed suite string).
 */
int pc_apt_packages_read(const char *path, const struct pc_dpkg_db *db,
    char **best, const char **best_suite, const char *suite);

/* Whether a Release file's fields or a list's file name mark it as a
 * security suite. */
bool pc_apt_is_security(const char *suite, const char *codename,
    const char *label, const char *filename);

/*
 * Parses a Release file date ("Sun, 25 Oct 2026 18:00:00 UTC", RFC 2822
 * with a UTC, GMT, Z or +0000 zone) to Unix time. Returns 0 or PC_EPARSE.
 */
int pc_apt_release_date(long long *t_out, const char *text);

/* Frees the result; NULL-safe. */
void pc_apt_lists_free(struct pc_apt_lists *l);

#endif
