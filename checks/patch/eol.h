/* Operating-system identity (os-release) and end-of-life data (eol.yaml). */
#ifndef PC_PATCH_EOL_H
#define PC_PATCH_EOL_H

#include <stddef.h>

#define PC_OSRELEASE_MAX (64u << 10)

/* What /etc/os-release says about this system. */
struct pc_osrelease {
	char *id;         /* "debian", "ubuntu" */
	char *id_like;    /* space-separated, may be NULL */
	char *version_id; /* "12", "22.04"; NULL on testing/unstable */
	char *codename;   /* VERSION_CODENAME */
	char *pretty_name;
};

/* One release's support dates (Unix time, 00:00 UTC of the day). */
struct pc_eol_release {
	char *os;            /* os-release ID */
	char *version;       /* os-release VERSION_ID */
	char *codename;      /* os-release VERSION_CODENAME */
	char *name;          /* "Debian 12 (bookworm)" */
	char *security_end;  /* YYYY-MM-DD: end of regular security support */
	char *extended_end;  /* YYYY-MM-DD or NULL: end of LTS / ESM */
	char *extended_name; /* "Debian LTS", "Ubuntu Pro (ESM)" */
	int line;
	long long security_end_t;
	long long extended_end_t; /* 0 when there is no extended support */
};

struct pc_eol {
	long version;
	long warn_days; /* "ending soon" window */
	struct pc_eol_release *releases;
	size_t nreleases;
};

/* Where a release stands on a given day. */
enum pc_eol_state {
	PC_EOL_SUPPORTED,   /* regular security support */
	PC_EOL_ENDING_SOON, /* regular support ends within warn_days */
	PC_EOL_EXTENDED,    /* only extended (LTS/ESM) support is left */
	PC_EOL_FINAL_SOON,  /* all support ends within warn_days */
	PC_EOL_ENDED,       /* no support at all */
};

/*
 * Parses os-release text (KEY=value lines, values bare or quoted with
 * shell escapes). Caller frees with pc_osrelease_free().
 */
int pc_osrelease_parse(
    struct pc_osrelease *os, const char *name, const char *text, size_t len);

/* Frees the strings in os. */
void pc_osrelease_free(struct pc_osrelease *os);

/*
 * Loads eol.yaml (bounded by the YAML loader's caps) and checks every date.
 * Errors name file:line and the key. Caller frees with pc_eol_free().
 */
int pc_eol_load(struct pc_eol **eol_out, const char *path);

/* The same from bytes (tests, fuzzing). */
int pc_eol_parse(
    struct pc_eol **eol_out, const char *name, const char *data, size_t len);

void pc_eol_free(struct pc_eol *eol);

/*
 * The release os is, matched by ID and VERSION_ID (or codename when there
 * is no VERSION_ID), then through ID_LIKE by codename; NULL if unknown.
 */
const struct pc_eol_release *pc_eol_find(
    const struct pc_eol *eol, const struct pc_osrelease *os);

/* Parses a YYYY-MM-DD date to Unix time at 00:00 UTC; -1 when it is not
 * a real date between 1990 and 2200. */
int pc_eol_date(long long *t_out, const char *s);

/* Where rel stands at time now. */
enum pc_eol_state pc_eol_state(
    const struct pc_eol *eol, const struct pc_eol_release *rel, long long now);

#endif
