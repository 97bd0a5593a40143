/* A repeated mapping key is refused in short and long maps alike (long
 * maps, such as a word model's features, are checked by sorting once). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "agent/lib/yaml.h"

/* A map of n keys "kI: I", with key dup_of repeated at line dup_at (1-
 * based; 0: none). */
static char *
long_map(int n, int dup_of, int dup_at)
{
	size_t cap = (size_t)n * 24 + 64, o = 0;
	char *s = malloc(cap);
	int i, line = 1;

	cr_assert_not_null(s);
	for (i = 0; i < n; i++, line++) {
		if (line == dup_at) {
			o += (size_t)snprintf(
			    s + o, cap - o, "k%d: 0\n", dup_of);
			line++;
		}
		o += (size_t)snprintf(s + o, cap - o, "k%d: %d\n", i, i);
	}
	return s;
}

Test(yaml_keys, a_long_map_parses_and_finds_its_last_key)
{
	struct pc_yaml_node *root = NULL;
	char *s = long_map(5000, 0, 0);

	cr_assert_eq(pc_yaml_parse(&root, "m.yaml", s, strlen(s)), 0, "%s",
	    pc_error_get());
	cr_assert_not_null(pc_yaml_get(root, "k4999"));
	cr_assert_str_eq(pc_yaml_get(root, "k4999")->scalar, "4999");
	pc_yaml_free(root);
	free(s);
}

Test(yaml_keys, a_key_repeated_in_a_long_map_names_its_later_line)
{
	struct pc_yaml_node *root = NULL;
	char *s = long_map(5000, 10, 3001);

	cr_assert_neq(pc_yaml_parse(&root, "m.yaml", s, strlen(s)), 0);
	cr_assert_null(root);
	cr_assert(strstr(pc_error_get(), "m.yaml:3001: k10: key given twice"),
	    "%s", pc_error_get());
	free(s);
}

Test(yaml_keys, a_key_repeated_in_a_short_map_is_refused)
{
	struct pc_yaml_node *root = NULL;
	const char *s = "a: 1\nb: 2\na: 3\n";

	cr_assert_neq(pc_yaml_parse(&root, "s.yaml", s, strlen(s)), 0);
	cr_assert(strstr(pc_error_get(), "s.yaml:3: a: key given twice"), "%s",
	    pc_error_get());
}
