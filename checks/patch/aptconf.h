/* apt's configuration (apt.conf, apt.conf.d): the automatic-update settings. */
#ifndef PC_PATCH_APTCONF_H
#define PC_PATCH_APTCONF_H

#include <stdbool.h>
#include <stddef.h>

#define PC_APTCONF_MAX_FILE  (1u << 20)
#define PC_APTCONF_MAX_FILES 1000
#define PC_APTCONF_MAX_DEPTH 64
#define PC_APTCONF_MAX_WORD  4096

/* One setting's last value and the file that set it. */
struct pc_aptconf_value {
	char *value; /* NULL = never set (or cleared) */
	char *file;
	int line;
};

/* The settings that decide whether security updates install themselves. */
struct pc_aptconf {
	struct pc_aptconf_value
	    unattended_upgrade; /* APT::Periodic::Unattended-Upgrade */
	struct pc_aptconf_value
	    update_lists; /* APT::Periodic::Update-Package-Lists */
	size_t nfiles;    /* files read */
};

/*
 * Applies the settings in one apt.conf-syntax text (quoted or bare values,
 * "::" names, nested "Name { ... };" scopes, // and C comments, #clear) to
 * conf. name is used in messages ("file:line: ..."). Later calls override
 * earlier ones, as apt does.
 */
int pc_aptconf_parse(
    struct pc_aptconf *conf, const char *name, const char *text, size_t len);

/*
 * Reads etc_apt/apt.conf.d/ in apt's order (names of letters, digits,
 * '_', '-', '.', with no extension or ".conf"), then etc_apt/apt.conf.
 * Missing files and folder are not errors; unreadable or malformed ones are.
 */
int pc_aptconf_load(struct pc_aptconf *conf, const char *etc_apt);

/* Whether an APT::Periodic value turns the job on ("1", "7", "always"). */
bool pc_aptconf_enabled(const struct pc_aptconf_value *v);

/* Frees the values; conf itself is the caller's. */
void pc_aptconf_free(struct pc_aptconf *conf);

#endif
