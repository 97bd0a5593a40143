/* The node cap: a document of more nodes than PC_YAML_MAX_NODES is
 * refused with file:line, one within it parses; lexicon files (the
 * threats word model) have larger caps of their own. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "agent/lib/yaml.h"

/* A sequence of n one-letter scalars ("- a"): n + 1 nodes. */
static char *
sequence(size_t n)
{
	char *s = malloc(n * 4 + 1), *p = s;
	size_t i;

	cr_assert_not_null(s);
	for (i = 0; i < n; i++, p += 4)
		memcpy(p, "- a\n", 4);
	*p = '\0';
	return s;
}

Test(yaml_limits, a_document_within_the_node_cap_parses)
{
	struct pc_yaml_node *root = NULL;
	char *s = sequence(PC_YAML_MAX_NODES - 1);

	cr_assert_eq(pc_yaml_parse(&root, "big.yaml", s, strlen(s)), 0, "%s",
	    pc_error_get());
	cr_assert_eq(root->nitems, (size_t)PC_YAML_MAX_NODES - 1);
	pc_yaml_free(root);
	free(s);
}

Test(yaml_limits, a_document_over_the_node_cap_is_refused)
{
	struct pc_yaml_node *root = NULL;
	char *s = sequence(PC_YAML_MAX_NODES);

	cr_assert_neq(pc_yaml_parse(&root, "big.yaml", s, strlen(s)), 0);
	cr_assert_null(root);
	cr_assert_not_null(strstr(pc_error_get(), "big.yaml:"));
	cr_assert_not_null(strstr(pc_error_get(), "YAML nodes"));
	free(s);
}

Test(yaml_limits, lexicon_files_have_caps_of_their_own)
{
	struct pc_yaml_node *root = NULL;
	char *s = sequence(PC_YAML_MAX_NODES);

	/* over the general cap, within the lexicons' (the word model) */
	cr_assert_eq(pc_yaml_parse_capped(&root, "model.yaml", s, strlen(s),
			 PC_YAML_LEXICON_MAX_BYTES, PC_YAML_LEXICON_MAX_NODES),
	    0, "%s", pc_error_get());
	cr_assert_eq(root->nitems, (size_t)PC_YAML_MAX_NODES);
	pc_yaml_free(root);
	/* a caller's own caps, bytes and nodes, with file and line */
	cr_assert_neq(
	    pc_yaml_parse_capped(&root, "model.yaml", s, strlen(s), 100, 10),
	    0);
	cr_assert_not_null(strstr(pc_error_get(), "larger than 100 bytes"));
	cr_assert_neq(pc_yaml_parse_capped(&root, "model.yaml", s, strlen(s),
			  PC_YAML_LEXICON_MAX_BYTES, 10),
	    0);
	cr_assert_not_null(strstr(pc_error_get(), "model.yaml:"));
	cr_assert_not_null(strstr(pc_error_get(), "more than 10 YAML nodes"));
	cr_assert_null(root);
	free(s);
}
