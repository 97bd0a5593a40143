/* Reads the dpkg status database into the list of installed packages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "debversion.h"
#include "dpkg_status.h"

enum { F_PACKAGE, F_STATUS, F_VERSION, F_ARCH, F_SOURCE, F_COUNT };

static const char *const status_fields[F_COUNT] = {
	"Package",
	"Status",
	"Version",
	"Architecture",
	"Source",
};

static const struct pc_deb822_limits status_limits = {
	.max_stanza = PC_DPKG_MAX_STANZA,
	.max_stanzas = PC_DPKG_MAX_PACKAGES,
	.max_value = 4096,
	.strict_end = true,
	.pgp = false,
};

/* A memory byte source for pc_dpkg_status_parse(). */
struct mem_src {
	const char *p;
	size_t left;
};

/* Copies the next bytes of a memory source. */
static ssize_t
read_mem(void *src, void *buf, size_t n)
{
	struct mem_src *m = src;

	if (n > m->left)
		n = m->left;
	memcpy(buf, m->p, n);
	m->p += n;
	m->left -= n;
	return (ssize_t)n;
}

/* Frees one package's strings. */
static void
pkg_free(struct pc_dpkg_pkg *p)
{
	free(p->name);
	free(p->version);
	free(p->arch);
	free(p->source);
}

/* Frees the database. */
void
pc_dpkg_db_free(struct pc_dpkg_db *db)
{
	size_t i;

	if (db == NULL)
		return;
	for (i = 0; i < db->npkgs; i++)
		pkg_free(&db->pkgs[i]);
	free(db->pkgs);
	free(db);
}

/*
 * Whether a Status value ("want flag status") says the package is fully
 * installed. A value that is not three words is an error.
 */
static int
status_installed(
    const struct pc_deb822 *r, const char *status, bool *installed_out)
{
	char want[32], flag[32], state[32], extra;

	if (sscanf(status, "%31s %31s %31s %c", want, flag, state, &extra) != 3)
		return pc_error_set(PC_EPARSE,
		    "%s:%ld: the Status field of the record at line %ld is not \"want flag status\".",
		    r->name, r->line, r->stanza_line);
	*installed_out = strcmp(state, "installed") == 0;
	return 0;
}

/* Copies the source package name, dropping a "(version)" suffix. */
static char *
source_name(const char *source, const char *package)
{
	size_t n;

	if (source == NULL || *source == '\0')
		return strdup(package);
	n = strcspn(source, " (");
	return strndup(source, n);
}

/* Adds the current record to db when the package is installed. */
static int
add_record(struct pc_dpkg_db *db, size_t *alloc, const struct pc_deb822 *r)
{
	const char *name = pc_deb822_get(r, F_PACKAGE);
	const char *status = pc_deb822_get(r, F_STATUS);
	const char *version = pc_deb822_get(r, F_VERSION);
	const char *arch = pc_deb822_get(r, F_ARCH);
	struct pc_dpkg_pkg *p, *grown;
	bool installed = false;
	size_t n;
	int ret;

	db->nrecords++;
	if (name == NULL || *name == '\0' || strchr(name, ' ') != NULL)
		return pc_error_set(PC_EPARSE,
		    "%s:%ld: the record at line %ld has no valid Package field.",
		    r->name, r->line, r->stanza_line);
	if (status == NULL)
		return pc_error_set(PC_EPARSE,
		    "%s:%ld: package %.200s has no Status field.", r->name,
		    r->stanza_line, name);
	if ((ret = status_installed(r, status, &installed)) != 0)
		return ret;
	if (!installed)
		return 0;
	if (version == NULL)
		return pc_error_set(PC_EPARSE,
		    "%s:%ld: installed package %.200s has no Version field.",
		    r->name, r->stanza_line, name);
	if (pc_debversion_check(version) != 0)
		return pc_error_set(PC_EPARSE, "%s:%ld: package %.200s: %s",
		    r->name, r->stanza_line, name, pc_error_get());
	if (db->npkgs == *alloc) {
		n = *alloc ? *alloc * 2 : 256;
		if ((grown = realloc(db->pkgs, n * sizeof(*grown))) == NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
		db->pkgs = grown;
		*alloc = n;
	}
	p = &db->pkgs[db->npkgs];
	memset(p, 0, sizeof(*p));
	p->name = strdup(name);
	p->version = strdup(version);
	p->arch = strdup(arch && *arch ? arch : "all");
	p->source = source_name(pc_deb822_get(r, F_SOURCE), name);
	if (!p->name || !p->version || !p->arch || !p->source) {
		pkg_free(p);
		return pc_error_set(PC_ENOMEM, "out of memory");
	}
	db->npkgs++;
	return 0;
}

/* Orders packages by name, then architecture. */
static int
pkg_cmp(const void *a, const void *b)
{
	const struct pc_dpkg_pkg *pa = a, *pb = b;
	int c = strcmp(pa->name, pb->name);

	return c ? c : strcmp(pa->arch, pb->arch);
}

/* Reads every record from an open reader. */
static int
read_all(struct pc_dpkg_db **db_out, struct pc_deb822 *r)
{
	struct pc_dpkg_db *db;
	size_t alloc = 0;
	bool got;
	int ret;

	*db_out = NULL;
	if ((db = calloc(1, sizeof(*db))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (;;) {
		if ((ret = pc_deb822_next(r, &got)) != 0)
			goto out;
		if (!got)
			break;
		if ((ret = add_record(db, &alloc, r)) != 0)
			goto out;
	}
	if (db->npkgs > 0)
		qsort(db->pkgs, db->npkgs, sizeof(*db->pkgs), pkg_cmp);
	*db_out = db;
	db = NULL;
out:
	pc_dpkg_db_free(db);
	return ret;
}

/* Reads a dpkg status file. */
int
pc_dpkg_status_load(struct pc_dpkg_db **db_out, const char *path)
{
	struct pc_deb822 r;
	int ret;

	*db_out = NULL;
	if ((ret = pc_deb822_open(
		 &r, path, &status_limits, status_fields, F_COUNT)) != 0)
		return ret;
	ret = read_all(db_out, &r);
	pc_deb822_close(&r);
	return ret;
}

/* Reads a dpkg status file from memory. */
int
pc_dpkg_status_parse(
    struct pc_dpkg_db **db_out, const char *name, const char *data, size_t len)
{
	struct mem_src m = { data, len };
	struct pc_deb822 r;
	int ret;

	*db_out = NULL;
	if ((ret = pc_deb822_init(&r, name, read_mem, &m, &status_limits,
		 status_fields, F_COUNT)) != 0) {
		pc_deb822_close(&r);
		return ret;
	}
	ret = read_all(db_out, &r);
	pc_deb822_close(&r);
	return ret;
}

/* Finds an installed package by name and architecture. */
const struct pc_dpkg_pkg *
pc_dpkg_find(const struct pc_dpkg_db *db, const char *name, const char *arch)
{
	size_t lo = 0, hi = db->npkgs, mid, i;
	int c;

	/* Binary search for the first entry with this name. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(db->pkgs[mid].name, name);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < db->npkgs && strcmp(db->pkgs[i].name, name) == 0; i++)
		if (strcmp(arch, "all") == 0 ||
		    strcmp(db->pkgs[i].arch, "all") == 0 ||
		    strcmp(db->pkgs[i].arch, arch) == 0)
			return &db->pkgs[i];
	return NULL;
}
