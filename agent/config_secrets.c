/* The agent's own secrets: no content source may cover them. */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "agent/lib/err.h"

#define MAX_SECRETS          16
#define MAX_PROVIDER_SECRETS 12

/* One thing a source must not cover: its path and what it is. */
struct secret {
	const char *path; /* as configured */
	char real[PATH_MAX];
	const char *what;
	int is_file;        /* a file whose inode children must skip */
	char own[PATH_MAX]; /* storage for a derived path */
};

/*
 * Resolves path to its real path. A path that does not exist yet (a key
 * made later) resolves through its folder, so a source covering that
 * folder is still caught. 0, or -1 when even the folder cannot be found.
 */
static int
resolve(char out[PATH_MAX], const char *path)
{
	char dir[PATH_MAX], base[PATH_MAX], real[PATH_MAX];

	if (realpath(path, out) != NULL)
		return 0;
	if (snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir) ||
	    snprintf(base, sizeof(base), "%s", path) >= (int)sizeof(base))
		return -1;
	if (realpath(dirname(dir), real) == NULL)
		return -1;
	if (snprintf(out, PATH_MAX, "%s/%s", strcmp(real, "/") ? real : "",
		basename(base)) >= PATH_MAX)
		return -1;
	return 0;
}

/* Adds a secret when path is set. */
static void
add(struct secret *v, size_t *n, const char *path, const char *what,
    int is_file)
{
	if (path == NULL || *n >= MAX_SECRETS)
		return;
	v[*n].path = path;
	v[*n].what = what;
	v[*n].is_file = is_file;
	if (resolve(v[*n].real, path) != 0)
		return; /* nowhere on disk: nothing a source can reach */
	(*n)++;
}

/* office.hmac beside the signing key. */
char *
pc_config_hmac_path(const struct pc_config *cfg)
{
	const char *key = cfg->report.signing_key, *slash;
	char *out;
	size_t n;

	if (key == NULL)
		return NULL;
	slash = strrchr(key, '/');
	n = slash ? (size_t)(slash - key) : 1;
	if ((out = malloc(n + sizeof("/office.hmac"))) == NULL)
		return NULL;
	snprintf(out, n + sizeof("/office.hmac"), "%.*s/office.hmac", (int)n,
	    slash ? key : ".");
	return out;
}

/* The secrets a config names, plus office.hmac and the config folder. */
static size_t
list_secrets(struct secret *v, const struct pc_config *c)
{
	struct pc_config_secret prov[MAX_PROVIDER_SECRETS];
	const char *key = c->report.signing_key;
	char copy[PATH_MAX];
	size_t n = 0, np, i;

	memset(v, 0, MAX_SECRETS * sizeof(*v));
	char *hmac = pc_config_hmac_path(c);

	add(v, &n, key, "the signing key", 1);
	if (hmac != NULL && strlen(hmac) < PATH_MAX) {
		snprintf(v[MAX_SECRETS - 1].own, PATH_MAX, "%s", hmac);
		add(v, &n, v[MAX_SECRETS - 1].own,
		    "the office HMAC key beside the signing key", 1);
	}
	free(hmac);
	np = pc_config_provider_secrets(c, prov, MAX_PROVIDER_SECRETS);
	for (i = 0; i < np; i++)
		add(v, &n, prov[i].path, prov[i].what, 1);
	if (c->path != NULL && strlen(c->path) < sizeof(copy)) {
		snprintf(copy, sizeof(copy), "%s", c->path);
		snprintf(v[MAX_SECRETS - 2].own, PATH_MAX, "%s", dirname(copy));
		add(v, &n, v[MAX_SECRETS - 2].own, "the folder of this config",
		    0);
	}
	return n;
}

/* True when the folder or file at real (a source) is or contains target. */
static int
covers(const char *real, const char *target)
{
	size_t n = strlen(real);

	if (strcmp(real, "/") == 0)
		return 1;
	return strncmp(real, target, n) == 0 &&
	    (target[n] == '\0' || target[n] == '/');
}

/* Records the (device, inode) of each secret file that exists. */
static int
record_ids(struct pc_config *c, const struct secret *v, size_t n)
{
	struct stat st;
	size_t i;

	free(c->secret_ids);
	c->secret_ids = NULL;
	c->nsecret_ids = 0;
	if ((c->secret_ids = calloc(n + 1, sizeof(*c->secret_ids))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		/* stat follows links: the bytes are what must not be read */
		if (!v[i].is_file || stat(v[i].real, &st) != 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		c->secret_ids[c->nsecret_ids].dev = st.st_dev;
		c->secret_ids[c->nsecret_ids].ino = st.st_ino;
		c->nsecret_ids++;
	}
	return 0;
}

/* Refuses sources covering the agent's secrets; records their inodes. */
int
pc_config_check_secrets(struct pc_config *c)
{
	struct secret v[MAX_SECRETS];
	char real[PATH_MAX];
	size_t n, i, k;

	n = list_secrets(v, c);
	for (i = 0; i < c->nsources; i++) {
		const struct pc_source *s = &c->sources[i];

		if (s->path == NULL || strcmp(s->kind, "website") == 0 ||
		    resolve(real, s->path) != 0)
			continue;
		for (k = 0; k < n; k++)
			if (covers(real, v[k].real))
				return pc_error_set(PC_ECONFIG,
				    "%s:%d: sources[%zu].path: %s covers %s (%s), which portcullis must never read as content; point the source at a folder that holds neither the config nor its keys and secrets",
				    c->path, s->line, i, s->path, v[k].path,
				    v[k].what);
	}
	return record_ids(c, v, n);
}
