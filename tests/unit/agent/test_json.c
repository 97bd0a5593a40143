/* Unit tests for bounded JSON parsing and the typed getters. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/err.h"
#include "agent/lib/json.h"

/* Parses a C string. */
static int
parse(cJSON **j, const char *s)
{
	return pc_json_parse(j, s, strlen(s), 1 << 20, "graph");
}

Test(json, not_an_array_is_named)
{
	const cJSON *arr;
	cJSON *j = NULL;

	cr_assert_eq(parse(&j, "{\"value\":\"not-an-array\"}"), 0);
	cr_assert_eq(pc_json_need_array(&arr, j, "value", "graph"), PC_EPARSE);
	cr_assert_str_eq(pc_error_get(),
	    "graph: expected value to be an array, got a string");
	cJSON_Delete(j);
}

Test(json, typed_getters)
{
	const char *s;
	const cJSON *o;
	cJSON *j = NULL;
	int b;

	cr_assert_eq(parse(&j, "{\"s\":\"x\",\"b\":true,\"n\":null,\"o\":{},"
	    "\"i\":3}"), 0);
	cr_assert_eq(pc_json_need_string(&s, j, "s", "t"), 0);
	cr_assert_str_eq(s, "x");
	cr_assert_neq(pc_json_need_string(&s, j, "missing", "t"), 0);
	cr_assert(strstr(pc_error_get(), "got missing"));
	cr_assert_eq(pc_json_opt_string(&s, j, "n", "t"), 0);
	cr_assert_null(s);
	cr_assert_neq(pc_json_opt_string(&s, j, "i", "t"), 0);
	cr_assert_eq(pc_json_opt_bool(&b, j, "b", "t"), 0);
	cr_assert_eq(b, 1);
	cr_assert_eq(pc_json_opt_bool(&b, j, "absent", "t"), 0);
	cr_assert_eq(b, -1);
	cr_assert_neq(pc_json_opt_bool(&b, j, "s", "t"), 0);
	cr_assert_eq(pc_json_need_object(&o, j, "o", "t"), 0);
	cr_assert_neq(pc_json_need_object(&o, j, "s", "t"), 0);
	/* Getters on a non-object never crash. */
	cr_assert_neq(pc_json_need_string(&s, NULL, "s", "t"), 0);
	cJSON_Delete(j);
}

Test(json, refuses_deep_nesting_before_cjson)
{
	char *s = malloc(20001);
	cJSON *j = NULL;

	memset(s, '[', 10000);
	memset(s + 10000, ']', 10000);
	s[20000] = '\0';
	cr_assert_eq(parse(&j, s), PC_ELIMIT);
	cr_assert(strstr(pc_error_get(), "deeper than"));
	cr_assert_null(j);
	free(s);
	/* Brackets inside strings do not count. */
	cr_assert_eq(parse(&j, "{\"a\":\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
	    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\\"[[[[[\"}"), 0);
	cJSON_Delete(j);
}

Test(json, refuses_size_nul_and_trailing_garbage)
{
	cJSON *j = NULL;
	char nul[] = "{\"a\":1}\0{";

	cr_assert_eq(pc_json_parse(&j, "{}", 2, 1, "okta"), PC_ELIMIT);
	cr_assert_eq(pc_json_parse(&j, nul, sizeof(nul) - 1, 100, "okta"),
	    PC_EPARSE);
	cr_assert(strstr(pc_error_get(), "NUL"));
	cr_assert_eq(parse(&j, "{\"a\":1} x"), PC_EPARSE);
	cr_assert_eq(parse(&j, "{\"a\":1"), PC_EPARSE);
	cr_assert_eq(parse(&j, ""), PC_EPARSE);
	cr_assert_eq(parse(&j, " {\"a\":1}\n"), 0);
	cJSON_Delete(j);
}
