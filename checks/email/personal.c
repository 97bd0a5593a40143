/* Personal mail domains: gmail.com, hotmail.* and the like. */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "agent/lib/err.h"
#include "agent/lib/yaml.h"
#include "personal.h"

/* 1 when pattern is lower-case LDH labels, optionally ending ".*". */
int
pc_personal_pattern_valid(const char *pattern)
{
	size_t len = strlen(pattern), i, label = 0, labels = 0;

	if (len >= 2 && strcmp(pattern + len - 2, ".*") == 0)
		len -= 2;
	if (len == 0 || len > 253)
		return 0;
	for (i = 0; i < len; i++) {
		char c = pattern[i];

		if (c == '.') {
			if (label == 0 || pattern[i - 1] == '-')
				return 0;
			label = 0;
			labels++;
			continue;
		}
		if (!(islower((unsigned char)c) || isdigit((unsigned char)c) ||
			(c == '-' && label > 0)) ||
		    ++label > 63)
			return 0;
	}
	if (label == 0 || pattern[len - 1] == '-')
		return 0;
	/* A bare "name" is only allowed with a wildcard suffix. */
	return labels > 0 || len < strlen(pattern);
}

/* Builds a list from patterns. */
int
pc_personal_new(
    struct pc_personal **list_out, const char *const *patterns, size_t n)
{
	struct pc_personal *l;
	size_t i;

	*list_out = NULL;
	if (n > PC_PERSONAL_MAX)
		return pc_error_set(PC_ELIMIT,
		    "the personal domain list has %zu entries, over the limit of %d",
		    n, PC_PERSONAL_MAX);
	if ((l = calloc(1, sizeof(*l))) == NULL ||
	    (l->patterns = calloc(n + 1, sizeof(char *))) == NULL) {
		free(l);
		return pc_error_set(PC_ENOMEM, "out of memory");
	}
	for (i = 0; i < n; i++) {
		if (!pc_personal_pattern_valid(patterns[i])) {
			pc_personal_free(l);
			return pc_error_set(PC_ECONFIG,
			    "personal domain entry \"%.80s\" is not a lower-case domain such as gmail.com or a name with a wildcard suffix such as hotmail.*",
			    patterns[i]);
		}
		if ((l->patterns[i] = strdup(patterns[i])) == NULL) {
			pc_personal_free(l);
			return pc_error_set(PC_ENOMEM, "out of memory");
		}
		l->n = i + 1;
	}
	*list_out = l;
	return 0;
}

/* Loads the list from a YAML file. */
int
pc_personal_load(struct pc_personal **list_out, const char *path)
{
	struct pc_yaml_node *root = NULL;
	const struct pc_yaml_node *list;
	const char **pats = NULL;
	size_t i;
	int r;

	*list_out = NULL;
	if ((r = pc_yaml_load(&root, path)) != 0)
		return r;
	list = root->type == PC_YAML_MAP ? pc_yaml_get(root, "domains") : NULL;
	if (list == NULL || list->type != PC_YAML_SEQ) {
		r = pc_error_set(PC_ECONFIG,
		    "%s:%d: domains: expected a list of personal mail domains",
		    path, list ? list->line : 1);
		goto out;
	}
	if ((pats = calloc(list->nitems + 1, sizeof(*pats))) == NULL) {
		r = pc_error_set(PC_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < list->nitems; i++) {
		const struct pc_yaml_node *it = list->items[i];

		if (it->type != PC_YAML_SCALAR ||
		    !pc_personal_pattern_valid(it->scalar)) {
			r = pc_error_set(PC_ECONFIG,
			    "%s:%d: domains[%zu]: expected a lower-case domain such as gmail.com or a name with a wildcard suffix such as hotmail.*",
			    path, it->line, i);
			goto out;
		}
		pats[i] = it->scalar;
	}
	if ((r = pc_personal_new(list_out, pats, list->nitems)) != 0) {
		char why[256];

		snprintf(why, sizeof(why), "%s", pc_error_get());
		pc_error_set(r, "%s: %s", path, why);
	}
out:
	free(pats);
	pc_yaml_free(root);
	return r;
}

/* Frees a list. */
void
pc_personal_free(struct pc_personal *list)
{
	size_t i;

	if (list == NULL)
		return;
	for (i = 0; i < list->n; i++)
		free(list->patterns[i]);
	free(list->patterns);
	free(list);
}

/* True when suffix (no final dot) is one or two non-empty labels. */
static bool
wild_suffix(const char *s, size_t n)
{
	size_t i, dots = 0, label = 0;

	if (n == 0)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (label == 0)
				return false;
			dots++;
			label = 0;
		} else {
			label++;
		}
	}
	return label > 0 && dots <= 1;
}

/* The pattern domain matches, or NULL. */
const char *
pc_personal_match(const struct pc_personal *list, const char *domain)
{
	size_t dl, pl, i;

	if (list == NULL || domain == NULL)
		return NULL;
	dl = strlen(domain);
	if (dl > 0 && domain[dl - 1] == '.')
		dl--;
	for (i = 0; i < list->n; i++) {
		const char *p = list->patterns[i];

		pl = strlen(p);
		if (pl >= 2 && strcmp(p + pl - 2, ".*") == 0) {
			/* "name." then one or two labels. */
			if (dl > pl - 1 &&
			    strncasecmp(domain, p, pl - 1) == 0 &&
			    wild_suffix(domain + pl - 1, dl - (pl - 1)))
				return p;
		} else if (dl == pl && strncasecmp(domain, p, pl) == 0) {
			return p;
		}
	}
	return NULL;
}
