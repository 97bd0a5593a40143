/* Which operating system this is (os-release) and whether it still gets
 * security updates (policies/eol.yaml). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agent/lib/err.h"
#include "agent/lib/schema.h"
#include "agent/lib/yaml.h"
#include "eol.h"

#define DAY 86400LL

#define F(k, m)                                                                \
	{                                                                      \
		.key = k, .type = PC_F_STRING,                                 \
		.off = offsetof(struct pc_eol_release, m),                     \
		.present_off = PC_NO_OFFSET                                    \
	}
#define FR(k, m)                                                               \
	{                                                                      \
		.key = k, .type = PC_F_STRING,                                 \
		.off = offsetof(struct pc_eol_release, m), .required = true,   \
		.present_off = PC_NO_OFFSET                                    \
	}

static const struct pc_field release_fields[] = {
	FR("os", os),
	FR("version", version),
	F("codename", codename),
	FR("name", name),
	FR("security_end", security_end),
	F("extended_end", extended_end),
	F("extended_name", extended_name),
};

static const struct pc_schema release_schema = { release_fields,
	sizeof(release_fields) / sizeof(release_fields[0]),
	sizeof(struct pc_eol_release), offsetof(struct pc_eol_release, line) };

static const struct pc_field eol_fields[] = {
	{ .key = "version",
	    .type = PC_F_INT,
	    .off = offsetof(struct pc_eol, version),
	    .required = true,
	    .present_off = PC_NO_OFFSET },
	{ .key = "warn_days",
	    .type = PC_F_INT,
	    .off = offsetof(struct pc_eol, warn_days),
	    .required = true,
	    .present_off = PC_NO_OFFSET },
	{ .key = "releases",
	    .type = PC_F_LIST,
	    .off = offsetof(struct pc_eol, releases),
	    .count_off = offsetof(struct pc_eol, nreleases),
	    .sub = &release_schema,
	    .required = true,
	    .present_off = PC_NO_OFFSET },
};

static const struct pc_schema eol_schema = { eol_fields,
	sizeof(eol_fields) / sizeof(eol_fields[0]), sizeof(struct pc_eol),
	PC_NO_OFFSET };

/* Frees the strings in os. */
void
pc_osrelease_free(struct pc_osrelease *os)
{
	free(os->id);
	free(os->id_like);
	free(os->version_id);
	free(os->codename);
	free(os->pretty_name);
	memset(os, 0, sizeof(*os));
}

/* Unquotes an os-release value (bare, '...' or "..." with \ escapes). */
static char *
unquote(const char *v, size_t n)
{
	char *out = malloc(n + 1), q = 0;
	size_t i, o = 0;

	if (out == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		if (q == 0 && (v[i] == '"' || v[i] == '\'')) {
			q = v[i];
			continue;
		}
		if (q != 0 && v[i] == q) {
			q = 0;
			continue;
		}
		if (q != '\'' && v[i] == '\\' && i + 1 < n) {
			out[o++] = v[++i];
			continue;
		}
		out[o++] = v[i];
	}
	out[o] = '\0';
	return out;
}

/* Parses os-release text. */
int
pc_osrelease_parse(
    struct pc_osrelease *os, const char *name, const char *text, size_t len)
{
	static const struct {
		const char *key;
		size_t off;
	} keys[] = {
		{ "ID", offsetof(struct pc_osrelease, id) },
		{ "ID_LIKE", offsetof(struct pc_osrelease, id_like) },
		{ "VERSION_ID", offsetof(struct pc_osrelease, version_id) },
		{ "VERSION_CODENAME", offsetof(struct pc_osrelease, codename) },
		{ "PRETTY_NAME", offsetof(struct pc_osrelease, pretty_name) },
	};
	const char *p = text, *end = text + len, *eol, *eq;
	size_t i, klen;
	char **slot;
	int line = 0;

	memset(os, 0, sizeof(*os));
	if (len > PC_OSRELEASE_MAX)
		return pc_error_set(PC_ELIMIT, "%s is larger than %u bytes.",
		    name, PC_OSRELEASE_MAX);
	for (; p < end; p = eol + 1) {
		line++;
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		while (p < eol && (*p == ' ' || *p == '\t'))
			p++;
		if (p == eol || *p == '#')
			continue;
		if ((eq = memchr(p, '=', (size_t)(eol - p))) == NULL) {
			pc_osrelease_free(os);
			return pc_error_set(PC_EPARSE,
			    "%s:%d: expected KEY=value.", name, line);
		}
		klen = (size_t)(eq - p);
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			if (strlen(keys[i].key) != klen ||
			    strncmp(keys[i].key, p, klen) != 0)
				continue;
			slot = (char **)((char *)os + keys[i].off);
			free(*slot);
			*slot = unquote(eq + 1,
			    (size_t)(eol - eq - 1) -
				(eol > eq + 1 && eol[-1] == '\r'));
			if (*slot == NULL) {
				pc_osrelease_free(os);
				return pc_error_set(PC_ENOMEM, "out of memory");
			}
		}
		if (eol == end)
			break;
	}
	if (os->id == NULL || *os->id == '\0') {
		pc_osrelease_free(os);
		return pc_error_set(PC_EPARSE,
		    "%s has no ID= line, so the operating system cannot be identified.",
		    name);
	}
	return 0;
}

/* Parses a YYYY-MM-DD date to Unix time at 00:00 UTC. */
int
pc_eol_date(long long *t_out, const char *s)
{
	struct tm tm = { 0 };
	int y, m, d;
	char extra;
	time_t t;

	if (s == NULL || strlen(s) != 10 ||
	    sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 || y < 1990 ||
	    y > 2200 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	t = timegm(&tm);
	/* timegm normalises 2024-02-31 to March; refuse such dates. */
	if (tm.tm_mday != d || tm.tm_mon != m - 1)
		return -1;
	*t_out = (long long)t;
	return 0;
}

/* Frees eol data. */
void
pc_eol_free(struct pc_eol *eol)
{
	if (eol == NULL)
		return;
	pc_schema_free(&eol_schema, eol);
	free(eol);
}

/* Binds a parsed tree and checks the dates. */
static int
bind_tree(
    struct pc_eol **eol_out, const char *name, const struct pc_yaml_node *root)
{
	struct pc_eol_release *rel;
	struct pc_eol *eol;
	size_t i;
	int ret;

	if ((eol = calloc(1, sizeof(*eol))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	if ((ret = pc_schema_bind(&eol_schema, eol, root, name, "")) != 0)
		goto out;
	for (i = 0; i < eol->nreleases; i++) {
		rel = &eol->releases[i];
		if (pc_eol_date(&rel->security_end_t, rel->security_end) != 0) {
			ret = pc_error_set(PC_ECONFIG,
			    "%s:%d: releases[%zu].security_end: expected a date YYYY-MM-DD, got \"%.40s\".",
			    name, rel->line, i, rel->security_end);
			goto out;
		}
		rel->extended_end_t = 0;
		if (rel->extended_end != NULL &&
		    (pc_eol_date(&rel->extended_end_t, rel->extended_end) !=
			    0 ||
			rel->extended_end_t < rel->security_end_t)) {
			ret = pc_error_set(PC_ECONFIG,
			    "%s:%d: releases[%zu].extended_end: expected a date YYYY-MM-DD no earlier than security_end, got \"%.40s\".",
			    name, rel->line, i, rel->extended_end);
			goto out;
		}
	}
	if (eol->warn_days > 3650) {
		ret = pc_error_set(PC_ECONFIG,
		    "%s: warn_days: expected at most 3650 days, got %ld.", name,
		    eol->warn_days);
		goto out;
	}
	*eol_out = eol;
	eol = NULL;
out:
	pc_eol_free(eol);
	return ret;
}

/* Loads eol.yaml. */
int
pc_eol_load(struct pc_eol **eol_out, const char *path)
{
	struct pc_yaml_node *root = NULL;
	int ret;

	*eol_out = NULL;
	if ((ret = pc_yaml_load(&root, path)) != 0)
		return ret;
	ret = bind_tree(eol_out, path, root);
	pc_yaml_free(root);
	return ret;
}

/* Parses eol data from bytes. */
int
pc_eol_parse(
    struct pc_eol **eol_out, const char *name, const char *data, size_t len)
{
	struct pc_yaml_node *root = NULL;
	int ret;

	*eol_out = NULL;
	if ((ret = pc_yaml_parse(&root, name, data, len)) != 0)
		return ret;
	ret = bind_tree(eol_out, name, root);
	pc_yaml_free(root);
	return ret;
}

/* Whether word appears in a space-separated list. */
static int
has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p = list;

	while (list != NULL && (p = strstr(p, word)) != NULL) {
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == 0))
			return 1;
		p += n;
	}
	return 0;
}

/* Finds the release an os-release describes. */
const struct pc_eol_release *
pc_eol_find(const struct pc_eol *eol, const struct pc_osrelease *os)
{
	const struct pc_eol_release *r;
	size_t i;

	for (i = 0; i < eol->nreleases; i++) {
		r = &eol->releases[i];
		if (strcmp(r->os, os->id) != 0)
			continue;
		if (os->version_id != NULL && *os->version_id != '\0') {
			if (strcmp(r->version, os->version_id) == 0)
				return r;
		} else if (os->codename != NULL && r->codename != NULL &&
		    strcmp(r->codename, os->codename) == 0) {
			return r;
		}
	}
	/* A derivative (ID_LIKE=debian) built on a known release. */
	for (i = 0; os->codename != NULL && i < eol->nreleases; i++) {
		r = &eol->releases[i];
		if (has_word(os->id_like, r->os) && r->codename != NULL &&
		    strcmp(r->codename, os->codename) == 0)
			return r;
	}
	return NULL;
}

/* Where a release stands at time now. */
enum pc_eol_state
pc_eol_state(
    const struct pc_eol *eol, const struct pc_eol_release *rel, long long now)
{
	long long warn = (long long)eol->warn_days * DAY;
	long long final =
	    rel->extended_end_t ? rel->extended_end_t : rel->security_end_t;

	/* The date given is the last supported day. */
	if (now >= final + DAY)
		return PC_EOL_ENDED;
	if (now >= rel->security_end_t + DAY)
		return now + warn >= final + DAY ? PC_EOL_FINAL_SOON
						 : PC_EOL_EXTENDED;
	if (now + warn >= final + DAY)
		return PC_EOL_FINAL_SOON;
	if (now + warn >= rel->security_end_t + DAY)
		return PC_EOL_ENDING_SOON;
	return PC_EOL_SUPPORTED;
}
