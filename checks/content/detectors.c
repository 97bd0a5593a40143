/* Detector definitions loaded from policies/detectors/<name>.yaml. */
#include <dirent.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent/lib/err.h"
#include "agent/lib/schema.h"
#include "agent/lib/yaml.h"
#include "detectors.h"
#include "redact.h"

/* Frees a list of n strings. */
static void
free_strings(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Frees one detector's fields. */
static void
detector_clear(struct pc_detector *d)
{
	free(d->id);
	free(d->title);
	free(d->file);
	free(d->mask);
	free_strings(d->patterns, d->npatterns);
	free_strings(d->context, d->ncontext);
	free_strings(d->allow, d->nallow);
	free_strings(d->match, d->nmatch);
	free_strings(d->no_match, d->nno_match);
	memset(d, 0, sizeof(*d));
}

/* Frees a detector set. */
void
pc_detectors_free(struct pc_detectors *set)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++)
		detector_clear(&set->items[i]);
	free(set->items);
	free(set);
}

/* What one detector map in a YAML file binds to, before it is checked. */
struct raw_context {
	char **words;
	size_t nwords;
	long window;
	bool required;
	bool or_same_line;
	int severity_without; /* 0, info, by default */
};

struct raw_examples {
	char **match;
	size_t nmatch;
	char **no_match;
	size_t nno_match;
};

struct raw_detector {
	char *id;
	char *title;
	int severity;
	int kind; /* index in kind_names: 0, strong, by default */
	char *validator;
	char *mask;
	bool caseless;
	char **patterns;
	size_t npatterns;
	struct raw_context context;
	bool has_context;
	char **allow;
	size_t nallow;
	struct raw_examples examples;
	bool has_examples;
	int line;
};

struct raw_file {
	struct raw_detector *detectors;
	size_t ndetectors;
};

static const char *const kind_names[] = { "strong", "weak", "secret", NULL };

#define LIST(k, T, field, cap, len)                                            \
	{                                                                      \
		.key = k, .type = PC_F_STRLIST, .off = offsetof(T, field),     \
		.count_off = offsetof(T, n##field), .nonempty = true,          \
		.max_items = (cap), .max_len = (len),                          \
		.present_off = PC_NO_OFFSET                                    \
	}

static const struct pc_field context_fields[] = {
	LIST("words", struct raw_context, words, PC_DETECTOR_MAX_WORDS, 64),
	{ .key = "window",
	    .type = PC_F_INT,
	    .off = offsetof(struct raw_context, window),
	    .max_value = PC_DETECTOR_MAX_WINDOW,
	    .present_off = PC_NO_OFFSET },
	{ .key = "required",
	    .type = PC_F_BOOL,
	    .off = offsetof(struct raw_context, required),
	    .present_off = PC_NO_OFFSET },
	{ .key = "or_same_line",
	    .type = PC_F_BOOL,
	    .off = offsetof(struct raw_context, or_same_line),
	    .present_off = PC_NO_OFFSET },
	{ .key = "severity_without",
	    .type = PC_F_ENUM,
	    .off = offsetof(struct raw_context, severity_without),
	    .choices = pc_severity_names,
	    .present_off = PC_NO_OFFSET },
};
static const struct pc_schema context_schema = { context_fields,
	sizeof(context_fields) / sizeof(context_fields[0]),
	sizeof(struct raw_context), PC_NO_OFFSET };

static const struct pc_field examples_fields[] = {
	LIST("match", struct raw_examples, match, PC_DETECTOR_MAX_EXAMPLES,
	    4096),
	LIST("no_match", struct raw_examples, no_match,
	    PC_DETECTOR_MAX_EXAMPLES, 4096),
};
static const struct pc_schema examples_schema = { examples_fields,
	sizeof(examples_fields) / sizeof(examples_fields[0]),
	sizeof(struct raw_examples), PC_NO_OFFSET };

#define TEXT(k, field, req)                                                    \
	{                                                                      \
		.key = k, .type = PC_F_STRING,                                 \
		.off = offsetof(struct raw_detector, field),                   \
		.required = (req), .nonempty = true,                           \
		.present_off = PC_NO_OFFSET                                    \
	}

static const struct pc_field detector_fields[] = {
	TEXT("id", id, true),
	TEXT("title", title, true),
	{ .key = "severity",
	    .type = PC_F_ENUM,
	    .off = offsetof(struct raw_detector, severity),
	    .required = true,
	    .choices = pc_severity_names,
	    .present_off = PC_NO_OFFSET },
	{ .key = "kind",
	    .type = PC_F_ENUM,
	    .off = offsetof(struct raw_detector, kind),
	    .choices = kind_names,
	    .present_off = PC_NO_OFFSET },
	TEXT("validator", validator, true),
	TEXT("mask", mask, false),
	{ .key = "caseless",
	    .type = PC_F_BOOL,
	    .off = offsetof(struct raw_detector, caseless),
	    .present_off = PC_NO_OFFSET },
	LIST("patterns", struct raw_detector, patterns,
	    PC_DETECTOR_MAX_PATTERNS, PC_DETECTOR_MAX_PATTERN_LEN),
	{ .key = "context",
	    .type = PC_F_MAP,
	    .off = offsetof(struct raw_detector, context),
	    .sub = &context_schema,
	    .present_off = offsetof(struct raw_detector, has_context) },
	LIST("allow", struct raw_detector, allow, PC_DETECTOR_MAX_ALLOW,
	    PC_VALUE_MAX - 1),
	{ .key = "examples",
	    .type = PC_F_MAP,
	    .off = offsetof(struct raw_detector, examples),
	    .sub = &examples_schema,
	    .present_off = offsetof(struct raw_detector, has_examples) },
};
static const struct pc_schema detector_schema = { detector_fields,
	sizeof(detector_fields) / sizeof(detector_fields[0]),
	sizeof(struct raw_detector), offsetof(struct raw_detector, line) };

static const struct pc_field file_fields[] = {
	{ .key = "detectors",
	    .type = PC_F_LIST,
	    .off = offsetof(struct raw_file, detectors),
	    .required = true,
	    .sub = &detector_schema,
	    .count_off = offsetof(struct raw_file, ndetectors),
	    .present_off = PC_NO_OFFSET },
};
static const struct pc_schema file_schema = { file_fields, 1,
	sizeof(struct raw_file), PC_NO_OFFSET };

/* True for an id made of lower-case letters, digits and underscores. */
static bool
valid_id(const char *s)
{
	size_t i;

	if (s[0] == '\0' || strlen(s) > 64)
		return false;
	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
			(s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

/* Lower-cases ASCII letters in place (context words match folded text). */
static void
fold_ascii(char **v, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i++)
		for (k = 0; v[i][k] != '\0'; k++)
			if (v[i][k] >= 'A' && v[i][k] <= 'Z')
				v[i][k] = (char)(v[i][k] + 32);
}

/* Moves a bound list into the detector (the raw record keeps nothing). */
#define MOVE_LIST(dst, ndst, src, nsrc)                                        \
	do {                                                                   \
		(dst) = (src);                                                 \
		(ndst) = (nsrc);                                               \
		(src) = NULL;                                                  \
		(nsrc) = 0;                                                    \
	} while (0)

/* Checks one bound detector and moves its values into d. */
static int
adopt_detector(
    struct pc_detector *d, struct raw_detector *raw, const char *file)
{
	struct raw_context *c = &raw->context;

	d->line = raw->line;
	d->enabled = true;
	if (!valid_id(raw->id))
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: a detector needs an id of lower-case letters, digits and underscores.",
		    file, raw->line);
	if (strcmp(raw->id, "personal_record") == 0)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: personal_record is made by aggregation and cannot be a detector id.",
		    file, raw->line);
	if ((d->validator = pc_validator_find(raw->validator)) == NULL)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: detector %s: unknown validator \"%s\"; see checks/content/README.md for the names.",
		    file, raw->line, raw->id, raw->validator);
	if (raw->npatterns == 0)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: detector %s needs at least one pattern.", file,
		    raw->line, raw->id);
	if (raw->has_context && c->nwords == 0)
		return pc_error_set(PC_ECONFIG,
		    "%s:%d: detector %s: context needs at least one word.",
		    file, raw->line, raw->id);
	d->severity = (enum pc_severity)raw->severity;
	d->kind = (enum pc_detector_kind)raw->kind;
	d->caseless = raw->caseless;
	d->context_window = c->window > 0 ? (unsigned)c->window : 80;
	d->context_required = c->required;
	d->context_or_line = c->or_same_line;
	d->severity_without = (enum pc_severity)c->severity_without;
	if (c->nwords == 0)
		d->severity_without = d->severity;
	d->id = raw->id;
	d->title = raw->title;
	d->mask = raw->mask;
	raw->id = raw->title = raw->mask = NULL;
	MOVE_LIST(d->patterns, d->npatterns, raw->patterns, raw->npatterns);
	MOVE_LIST(d->context, d->ncontext, c->words, c->nwords);
	fold_ascii(d->context, d->ncontext);
	MOVE_LIST(d->allow, d->nallow, raw->allow, raw->nallow);
	MOVE_LIST(
	    d->match, d->nmatch, raw->examples.match, raw->examples.nmatch);
	MOVE_LIST(d->no_match, d->nno_match, raw->examples.no_match,
	    raw->examples.nno_match);
	if ((d->file = strdup(file)) == NULL ||
	    (d->mask == NULL &&
		(d->mask = strdup(pc_redact_mask_for(d->validator->name))) ==
		    NULL))
		return pc_error_set(
		    PC_ENOMEM, "Out of memory reading %s.", file);
	return 0;
}

/* Adds the detectors of one parsed file to set. */
static int
add_file(
    struct pc_detectors *set, const struct pc_yaml_node *root, const char *file)
{
	struct raw_file raw = { 0 };
	struct pc_detector *grown;
	size_t i, j;
	int r;

	if (root == NULL)
		return pc_error_set(PC_ECONFIG,
		    "%s: the file is empty; expected a map with a \"detectors\" list.",
		    file);
	if ((r = pc_schema_bind(&file_schema, &raw, root, file, "")) != 0)
		goto out;
	if (set->n + raw.ndetectors > PC_DETECTORS_MAX) {
		r = pc_error_set(PC_ELIMIT,
		    "%s: more than %d detectors in all.", file,
		    PC_DETECTORS_MAX);
		goto out;
	}
	grown =
	    realloc(set->items, (set->n + raw.ndetectors + 1) * sizeof(*grown));
	if (grown == NULL) {
		r = pc_error_set(PC_ENOMEM, "Out of memory reading %s.", file);
		goto out;
	}
	set->items = grown;
	for (i = 0; i < raw.ndetectors; i++) {
		struct pc_detector *d = &set->items[set->n];

		memset(d, 0, sizeof(*d));
		r = adopt_detector(d, &raw.detectors[i], file);
		for (j = 0; r == 0 && j < set->n; j++)
			if (strcmp(set->items[j].id, d->id) == 0)
				r = pc_error_set(PC_ECONFIG,
				    "%s:%d: detector id %s is defined twice.",
				    file, d->line, d->id);
		if (r != 0) {
			detector_clear(d);
			goto out;
		}
		set->n++;
	}
out:
	pc_schema_free(&file_schema, &raw);
	return r;
}

/* Loads one file into set. */
static int
load_into(struct pc_detectors *set, const char *path)
{
	struct pc_yaml_node *root = NULL;
	int r;

	if ((r = pc_yaml_load(&root, path)) != 0)
		return r;
	r = add_file(set, root, path);
	pc_yaml_free(root);
	return r;
}

/* Loads one YAML file. */
int
pc_detectors_load_file(struct pc_detectors **out, const char *path)
{
	struct pc_detectors *set;
	int r;

	*out = NULL;
	if ((set = calloc(1, sizeof(*set))) == NULL)
		return pc_error_set(
		    PC_ENOMEM, "Out of memory loading detectors.");
	if ((r = load_into(set, path)) != 0) {
		pc_detectors_free(set);
		return r;
	}
	*out = set;
	return 0;
}

/* True when name ends in ".yaml" and does not start with a dot. */
static int
yaml_name(const struct dirent *de)
{
	size_t n = strlen(de->d_name);

	return de->d_name[0] != '.' && n > 5 &&
	    strcmp(de->d_name + n - 5, ".yaml") == 0;
}

/* Loads every *.yaml file in dir, in name order. */
int
pc_detectors_load_dir(struct pc_detectors **out, const char *dir)
{
	struct pc_detectors *set = NULL;
	struct dirent **names = NULL;
	char path[4096];
	int n, i, r = 0;

	*out = NULL;
	n = scandir(dir, &names, yaml_name, alphasort);
	if (n < 0)
		return pc_error_set(PC_EIO,
		    "Cannot read the detector folder %s; check it exists and is readable.",
		    dir);
	if (n == 0 || n > PC_DETECTOR_FILES_MAX) {
		r = pc_error_set(PC_ECONFIG,
		    "The detector folder %s holds %d *.yaml files; it needs 1 to %d.",
		    dir, n, PC_DETECTOR_FILES_MAX);
		goto out;
	}
	if ((set = calloc(1, sizeof(*set))) == NULL) {
		r = pc_error_set(PC_ENOMEM, "Out of memory loading detectors.");
		goto out;
	}
	for (i = 0; i < n && r == 0; i++) {
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir,
			names[i]->d_name) >= sizeof(path))
			r = pc_error_set(PC_ELIMIT,
			    "A detector file path under %s is too long.", dir);
		else
			r = load_into(set, path);
	}
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (r != 0) {
		pc_detectors_free(set);
		return r;
	}
	*out = set;
	return 0;
}

/* The installed detector folder if present, else the source tree's. */
const char *
pc_detectors_default_dir(void)
{
	if (access(PC_DETECTORS_DIR, R_OK | X_OK) == 0)
		return PC_DETECTORS_DIR;
	return PC_SOURCE_DIR "/policies/detectors";
}

/* The detector with this id, or NULL. */
const struct pc_detector *
pc_detectors_find(const struct pc_detectors *set, const char *id)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (strcmp(set->items[i].id, id) == 0)
			return &set->items[i];
	return NULL;
}

/* Enables only the listed detector ids. */
int
pc_detectors_select(struct pc_detectors *set, const char *list)
{
	const char *p = list, *e;
	char id[80];
	size_t i, len;
	bool found;

	for (i = 0; i < set->n; i++)
		set->items[i].enabled = false;
	while (*p != '\0') {
		e = strchr(p, ',');
		len = e != NULL ? (size_t)(e - p) : strlen(p);
		if (len == 0 || len >= sizeof(id))
			return pc_error_set(PC_EUSAGE,
			    "The detector list \"%s\" has an empty or too long name.",
			    list);
		memcpy(id, p, len);
		id[len] = '\0';
		found = false;
		for (i = 0; i < set->n; i++)
			if (strcmp(set->items[i].id, id) == 0) {
				set->items[i].enabled = true;
				found = true;
			}
		if (!found)
			return pc_error_set(PC_EUSAGE,
			    "Unknown detector \"%s\"; see checks/content/README.md for the ids.",
			    id);
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

/* Adds the office's public contact details to the weak allow lists. */
int
pc_detectors_allow_public(
    struct pc_detectors *set, char *const *values, size_t n, size_t *unused_out)
{
	struct pc_detector *d;
	struct pc_value v;
	char **grown;
	size_t i, k, unused = 0;
	bool used;

	for (i = 0; i < n; i++) {
		used = false;
		for (k = 0; k < set->n; k++) {
			d = &set->items[k];
			if (d->kind != PC_DET_WEAK || d->validator == NULL ||
			    !d->validator->fn(values[i], strlen(values[i]), &v))
				continue;
			used = true;
			if (pc_detector_allowed(d, v.norm))
				continue;
			grown = realloc(
			    d->allow, (d->nallow + 1) * sizeof(*d->allow));
			if (grown == NULL)
				return pc_error_set(PC_ENOMEM, "out of memory");
			d->allow = grown;
			if ((d->allow[d->nallow] = strdup(v.norm)) == NULL)
				return pc_error_set(PC_ENOMEM, "out of memory");
			d->nallow++;
		}
		if (!used)
			unused++;
	}
	if (unused_out != NULL)
		*unused_out = unused;
	return 0;
}

/* True when norm is on the detector's allow list. */
bool
pc_detector_allowed(const struct pc_detector *d, const char *norm)
{
	size_t i;

	for (i = 0; i < d->nallow; i++)
		if (strcmp(d->allow[i], norm) == 0)
			return true;
	return false;
}
