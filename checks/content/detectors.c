/* Detector definitions loaded from policies/detectors/<name>.yaml. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent/lib/err.h"
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

/* Copies a scalar node's text; errors name the file and line. */
static int
get_scalar(char **out, const struct pc_yaml_node *n, const char *file,
    const char *key)
{
	if (n->type != PC_YAML_SCALAR)
		return pc_error_set(PC_ECONFIG, "%s:%d: %s must be a single "
						"value, not a list or map.",
		    file, n->line, key);
	if ((*out = strdup(n->scalar)) == NULL)
		return pc_error_set(PC_ENOMEM, "Out of memory reading %s.", file);
	return 0;
}

/* Copies a list of scalars (at most cap, each at most maxlen bytes). */
static int
get_list(char ***out, size_t *nout, const struct pc_yaml_node *n,
    const char *file, const char *key, size_t cap, size_t maxlen,
    bool lower)
{
	size_t i, k;
	char **v;

	if (n->type != PC_YAML_SEQ)
		return pc_error_set(PC_ECONFIG, "%s:%d: %s must be a list.", file,
		    n->line, key);
	if (n->nitems > cap)
		return pc_error_set(PC_ELIMIT, "%s:%d: %s has %zu entries; at "
					       "most %zu are allowed.",
		    file, n->line, key, n->nitems, cap);
	if ((v = calloc(n->nitems + 1, sizeof(*v))) == NULL)
		return pc_error_set(PC_ENOMEM, "Out of memory reading %s.", file);
	*out = v;
	*nout = 0;
	for (i = 0; i < n->nitems; i++) {
		const struct pc_yaml_node *it = n->items[i];
		if (it->type != PC_YAML_SCALAR || it->scalar[0] == '\0')
			return pc_error_set(PC_ECONFIG, "%s:%d: each entry of %s "
							"must be a non-empty "
							"text value.",
			    file, it->line, key);
		if (strlen(it->scalar) > maxlen)
			return pc_error_set(PC_ELIMIT, "%s:%d: an entry of %s is "
						       "longer than %zu bytes.",
			    file, it->line, key, maxlen);
		if ((v[i] = strdup(it->scalar)) == NULL)
			return pc_error_set(PC_ENOMEM, "Out of memory reading "
							"%s.",
			    file);
		(*nout)++;
		if (lower)
			for (k = 0; v[i][k] != '\0'; k++)
				if (v[i][k] >= 'A' && v[i][k] <= 'Z')
					v[i][k] = (char)(v[i][k] + 32);
	}
	return 0;
}

/* Parses a boolean scalar. */
static int
get_bool(bool *out, const struct pc_yaml_node *n, const char *file,
    const char *key)
{
	if (n->type == PC_YAML_SCALAR && strcmp(n->scalar, "true") == 0)
		*out = true;
	else if (n->type == PC_YAML_SCALAR && strcmp(n->scalar, "false") == 0)
		*out = false;
	else
		return pc_error_set(PC_ECONFIG, "%s:%d: %s must be true or "
						"false.",
		    file, n->line, key);
	return 0;
}

/* Parses a severity name. */
static int
get_severity(enum pc_severity *out, const struct pc_yaml_node *n,
    const char *file, const char *key)
{
	int s;

	if (n->type != PC_YAML_SCALAR || (s = pc_severity_parse(n->scalar)) < 0)
		return pc_error_set(PC_ECONFIG, "%s:%d: %s must be one of "
						"critical, high, medium, low, "
						"info.",
		    file, n->line, key);
	*out = (enum pc_severity)s;
	return 0;
}

/* Parses the context map: words, window, required, severity_without. */
static int
parse_context(struct pc_detector *d, const struct pc_yaml_node *n,
    const char *file)
{
	const struct pc_yaml_node *k, *v;
	char *end;
	long w;
	size_t i;
	int r;

	if (n->type != PC_YAML_MAP)
		return pc_error_set(PC_ECONFIG, "%s:%d: context must be a map "
						"with words, window, required.",
		    file, n->line);
	for (i = 0; i + 1 < n->nitems; i += 2) {
		k = n->items[i];
		v = n->items[i + 1];
		if (strcmp(k->scalar, "words") == 0) {
			if ((r = get_list(&d->context, &d->ncontext, v, file,
				 "context.words", PC_DETECTOR_MAX_WORDS, 64,
				 true)) != 0)
				return r;
		} else if (strcmp(k->scalar, "window") == 0) {
			w = v->type == PC_YAML_SCALAR ? strtol(v->scalar, &end, 10)
						      : -1;
			if (v->type != PC_YAML_SCALAR || *end != '\0' || w < 1 ||
			    w > PC_DETECTOR_MAX_WINDOW)
				return pc_error_set(PC_ECONFIG, "%s:%d: "
								"context.window "
								"must be 1 to %d "
								"bytes.",
				    file, v->line, PC_DETECTOR_MAX_WINDOW);
			d->context_window = (unsigned)w;
		} else if (strcmp(k->scalar, "required") == 0) {
			if ((r = get_bool(&d->context_required, v, file,
				 "context.required")) != 0)
				return r;
		} else if (strcmp(k->scalar, "or_same_line") == 0) {
			if ((r = get_bool(&d->context_or_line, v, file,
				 "context.or_same_line")) != 0)
				return r;
		} else if (strcmp(k->scalar, "severity_without") == 0) {
			if ((r = get_severity(&d->severity_without, v, file,
				 "context.severity_without")) != 0)
				return r;
		} else {
			return pc_error_set(PC_ECONFIG, "%s:%d: unknown key "
							"\"%s\" in context "
							"(words, window, "
							"required, "
							"or_same_line, "
							"severity_without).",
			    file, k->line, k->scalar);
		}
	}
	if (d->ncontext == 0)
		return pc_error_set(PC_ECONFIG, "%s:%d: context needs at least "
						"one word.",
		    file, n->line);
	return 0;
}

/* Parses the examples map: match and no_match lists. */
static int
parse_examples(struct pc_detector *d, const struct pc_yaml_node *n,
    const char *file)
{
	size_t i;
	int r;

	if (n->type != PC_YAML_MAP)
		return pc_error_set(PC_ECONFIG, "%s:%d: examples must be a map "
						"with match and no_match.",
		    file, n->line);
	for (i = 0; i + 1 < n->nitems; i += 2) {
		const char *k = n->items[i]->scalar;
		if (strcmp(k, "match") == 0)
			r = get_list(&d->match, &d->nmatch, n->items[i + 1], file,
			    "examples.match", PC_DETECTOR_MAX_EXAMPLES, 4096,
			    false);
		else if (strcmp(k, "no_match") == 0)
			r = get_list(&d->no_match, &d->nno_match,
			    n->items[i + 1], file, "examples.no_match",
			    PC_DETECTOR_MAX_EXAMPLES, 4096, false);
		else
			r = pc_error_set(PC_ECONFIG, "%s:%d: unknown key \"%s\" "
						     "in examples (match, "
						     "no_match).",
			    file, n->items[i]->line, k);
		if (r != 0)
			return r;
	}
	return 0;
}

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

/* Parses one detector map into d. */
static int
parse_detector(struct pc_detector *d, const struct pc_yaml_node *n,
    const char *file)
{
	const struct pc_yaml_node *k, *v;
	char *s = NULL;
	size_t i;
	int r = 0;
	bool have_sev = false;

	if (n->type != PC_YAML_MAP)
		return pc_error_set(PC_ECONFIG, "%s:%d: each detector must be a "
						"map.",
		    file, n->line);
	d->line = n->line;
	d->enabled = true;
	d->context_window = 80;
	d->severity_without = PC_SEV_INFO;
	d->kind = PC_DET_STRONG;
	if ((d->file = strdup(file)) == NULL)
		return pc_error_set(PC_ENOMEM, "Out of memory reading %s.", file);
	for (i = 0; i + 1 < n->nitems && r == 0; i += 2) {
		k = n->items[i];
		v = n->items[i + 1];
		if (strcmp(k->scalar, "id") == 0) {
			r = get_scalar(&d->id, v, file, "id");
		} else if (strcmp(k->scalar, "title") == 0) {
			r = get_scalar(&d->title, v, file, "title");
		} else if (strcmp(k->scalar, "severity") == 0) {
			r = get_severity(&d->severity, v, file, "severity");
			have_sev = true;
		} else if (strcmp(k->scalar, "kind") == 0) {
			if ((r = get_scalar(&s, v, file, "kind")) != 0)
				break;
			if (strcmp(s, "strong") == 0)
				d->kind = PC_DET_STRONG;
			else if (strcmp(s, "weak") == 0)
				d->kind = PC_DET_WEAK;
			else if (strcmp(s, "secret") == 0)
				d->kind = PC_DET_SECRET;
			else
				r = pc_error_set(PC_ECONFIG, "%s:%d: kind must be "
							     "strong, weak or "
							     "secret.",
				    file, v->line);
			free(s);
			s = NULL;
		} else if (strcmp(k->scalar, "validator") == 0) {
			if ((r = get_scalar(&s, v, file, "validator")) != 0)
				break;
			d->validator = pc_validator_find(s);
			if (d->validator == NULL)
				r = pc_error_set(PC_ECONFIG, "%s:%d: unknown "
							     "validator \"%s\".",
				    file, v->line, s);
			free(s);
			s = NULL;
		} else if (strcmp(k->scalar, "mask") == 0) {
			r = get_scalar(&d->mask, v, file, "mask");
		} else if (strcmp(k->scalar, "caseless") == 0) {
			r = get_bool(&d->caseless, v, file, "caseless");
		} else if (strcmp(k->scalar, "patterns") == 0) {
			r = get_list(&d->patterns, &d->npatterns, v, file,
			    "patterns", PC_DETECTOR_MAX_PATTERNS,
			    PC_DETECTOR_MAX_PATTERN_LEN, false);
		} else if (strcmp(k->scalar, "context") == 0) {
			r = parse_context(d, v, file);
		} else if (strcmp(k->scalar, "allow") == 0) {
			r = get_list(&d->allow, &d->nallow, v, file, "allow",
			    PC_DETECTOR_MAX_ALLOW, PC_VALUE_MAX - 1, false);
		} else if (strcmp(k->scalar, "examples") == 0) {
			r = parse_examples(d, v, file);
		} else {
			r = pc_error_set(PC_ECONFIG, "%s:%d: unknown key \"%s\" in "
						     "a detector.",
			    file, k->line, k->scalar);
		}
	}
	if (r != 0)
		return r;
	if (d->id == NULL || !valid_id(d->id))
		return pc_error_set(PC_ECONFIG, "%s:%d: a detector needs an id "
						"of lower-case letters, digits "
						"and underscores.",
		    file, n->line);
	if (strcmp(d->id, "personal_record") == 0)
		return pc_error_set(PC_ECONFIG, "%s:%d: personal_record is made "
						"by aggregation and cannot be "
						"a detector id.",
		    file, n->line);
	if (d->title == NULL || !have_sev || d->validator == NULL ||
	    d->npatterns == 0)
		return pc_error_set(PC_ECONFIG, "%s:%d: detector %s needs title, "
						"severity, validator and "
						"patterns.",
		    file, n->line, d->id);
	if (d->context_required && d->ncontext == 0)
		return pc_error_set(PC_ECONFIG, "%s:%d: detector %s requires "
						"context but lists no words.",
		    file, n->line, d->id);
	if (d->ncontext == 0)
		d->severity_without = d->severity;
	if (d->mask == NULL &&
	    (d->mask = strdup(pc_redact_mask_for(d->validator->name))) == NULL)
		return pc_error_set(PC_ENOMEM, "Out of memory reading %s.", file);
	return 0;
}

/* Adds the detectors of one parsed file to set. */
static int
add_file(struct pc_detectors *set, const struct pc_yaml_node *root,
    const char *file)
{
	const struct pc_yaml_node *list;
	struct pc_detector *grown;
	size_t i, j;
	int r;

	if (root == NULL || root->type != PC_YAML_MAP ||
	    (list = pc_yaml_get(root, "detectors")) == NULL ||
	    list->type != PC_YAML_SEQ)
		return pc_error_set(PC_ECONFIG, "%s: expected a map with a "
						"\"detectors\" list.",
		    file);
	for (i = 0; i < root->nitems; i += 2)
		if (strcmp(root->items[i]->scalar, "detectors") != 0)
			return pc_error_set(PC_ECONFIG, "%s:%d: unknown top-level "
							"key \"%s\" (only "
							"detectors).",
			    file, root->items[i]->line, root->items[i]->scalar);
	if (set->n + list->nitems > PC_DETECTORS_MAX)
		return pc_error_set(PC_ELIMIT, "%s: more than %d detectors in "
					       "all.",
		    file, PC_DETECTORS_MAX);
	grown = realloc(set->items, (set->n + list->nitems) * sizeof(*grown));
	if (grown == NULL && set->n + list->nitems > 0)
		return pc_error_set(PC_ENOMEM, "Out of memory reading %s.", file);
	set->items = grown;
	for (i = 0; i < list->nitems; i++) {
		struct pc_detector *d = &set->items[set->n];
		memset(d, 0, sizeof(*d));
		r = parse_detector(d, list->items[i], file);
		if (r == 0)
			for (j = 0; j < set->n; j++)
				if (strcmp(set->items[j].id, d->id) == 0)
					r = pc_error_set(PC_ECONFIG, "%s:%d: "
								     "detector id "
								     "%s is "
								     "defined "
								     "twice.",
					    file, d->line, d->id);
		if (r != 0) {
			detector_clear(d);
			return r;
		}
		set->n++;
	}
	return 0;
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
		return pc_error_set(PC_ENOMEM, "Out of memory loading detectors.");
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
		return pc_error_set(PC_EIO, "Cannot read the detector folder %s; "
					    "check it exists and is readable.",
		    dir);
	if (n == 0 || n > PC_DETECTOR_FILES_MAX) {
		r = pc_error_set(PC_ECONFIG, "The detector folder %s holds %d "
					     "*.yaml files; it needs 1 to %d.",
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
			r = pc_error_set(PC_ELIMIT, "A detector file path under "
						    "%s is too long.",
			    dir);
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
			return pc_error_set(PC_EUSAGE, "The detector list \"%s\" "
						       "has an empty or too "
						       "long name.",
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
			return pc_error_set(PC_EUSAGE, "Unknown detector \"%s\"; "
						       "see checks/content/"
						       "README.md for the ids.",
			    id);
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

/* Adds the office's public contact details to the weak allow lists. */
int
pc_detectors_allow_public(struct pc_detectors *set, char *const *values,
    size_t n, size_t *unused_out)
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
			grown = realloc(d->allow, (d->nallow + 1) *
			    sizeof(*d->allow));
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
