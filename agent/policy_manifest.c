/* The policy's manifest: every file it loads, each with its hash. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "agent/lib/sha256.h"
#include "policy.h"

#define MAX_FILES      256
#define MAX_FILE_BYTES (256u << 20)

/* Adds an entry; sha256 is the hex hash of its bytes. */
static int
add_entry(struct pc_policy *p, const char *rel, const char *sha256)
{
	struct pc_file_hash *f = &p->files[p->nfiles];

	memcpy(f->sha256, sha256, 65);
	if ((f->path = strdup(rel)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	p->nfiles++;
	return 0;
}

/* Adds path (relative to the policy's folder) with its bytes' hash. */
static int
add_file(struct pc_policy *p, const char *rel)
{
	char *full = NULL, sha[65];
	struct pc_buf b;
	int r;

	if (p->nfiles >= MAX_FILES)
		return pc_error_set(PC_ELIMIT,
		    "%s: the policy loads more than %d files", p->path,
		    MAX_FILES);
	if ((full = pc_policy_path_of(p, rel)) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	r = pc_file_read(&b, full, MAX_FILE_BYTES);
	free(full);
	if (r != 0) {
		pc_buf_free(&b);
		return pc_error_set(PC_ECONFIG,
		    "policy %s loads %s, which cannot be hashed: %s", p->path,
		    rel, pc_error_get());
	}
	pc_sha256_hex(sha, b.data ? b.data : "", b.len);
	pc_buf_free(&b);
	return add_entry(p, rel, sha);
}

/* pc_dir_names filter: *.yaml, not hidden. */
static int
yaml_name(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 5 && strcmp(name + n - 5, ".yaml") == 0;
}

/* Adds every *.yaml in the folder sub (an absent folder adds nothing: the
 * check that needs it fails on its own, and the manifest shows it gone). */
static int
add_folder(struct pc_policy *p, const char *sub)
{
	char **names = NULL, rel[PATH_MAX];
	char *dir = pc_policy_path_of(p, sub);
	size_t n = 0, i;
	int r;

	if (dir == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	r = pc_dir_names(&names, &n, dir, yaml_name, MAX_FILES);
	free(dir);
	if (r == PC_ENOTFOUND) {
		pc_error_clear();
		return 0;
	}
	for (i = 0; r == 0 && i < n; i++) {
		snprintf(rel, sizeof(rel), "%s/%s", sub, names[i]);
		r = add_file(p, rel);
	}
	pc_dir_names_free(names, n);
	return r;
}

/* Adds a file that is loaded only when present. */
static int
add_if_present(struct pc_policy *p, const char *rel)
{
	char *full = pc_policy_path_of(p, rel);
	struct stat st;
	int present;

	if (full == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	present = stat(full, &st) == 0 || errno != ENOENT;
	free(full);
	return present ? add_file(p, rel) : 0;
}

/* Orders manifest entries by path. */
static int
cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct pc_file_hash *)a)->path,
	    ((const struct pc_file_hash *)b)->path);
}

/* Builds the manifest and the policy's hash over it. */
int
pc_policy_manifest(struct pc_policy *p)
{
	char base[PATH_MAX], own[65], *slash;
	size_t i, kept;
	int r;

	if (p->files != NULL)
		return 0;
	if ((p->files = calloc(MAX_FILES, sizeof(*p->files))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	snprintf(base, sizeof(base), "%s", p->path);
	slash = strrchr(base, '/');
	/* The baseline: the hash of the bytes pc_policy_load() parsed. */
	memcpy(own, p->sha256, sizeof(own));
	if ((r = add_entry(p, slash ? slash + 1 : base, own)) != 0 ||
	    (r = add_file(p, p->escalation_file)) != 0 ||
	    (r = add_file(p, p->eol_file)) != 0 ||
	    (p->device_eol_file && (r = add_file(p, p->device_eol_file))) ||
	    (r = add_folder(p, "detectors")) != 0 ||
	    (r = add_folder(p, "lexicons")) != 0 ||
	    (r = add_if_present(p, "personal_domains.yaml")) != 0)
		return r;
	qsort(p->files, p->nfiles, sizeof(*p->files), cmp_file);
	/* A file named twice (eol_file: escalation.yaml) is one entry. */
	for (i = 1, kept = p->nfiles ? 1 : 0; i < p->nfiles; i++) {
		if (strcmp(p->files[kept - 1].path, p->files[i].path) == 0) {
			free(p->files[i].path);
			continue;
		}
		p->files[kept++] = p->files[i];
	}
	p->nfiles = kept;
	pc_sha256_manifest(p->sha256, p->files, p->nfiles);
	return 0;
}
