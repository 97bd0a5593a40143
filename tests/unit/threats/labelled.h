/* The labelled set (tests/data/threats/labelled.jsonl) run through the
 * content pipeline and the threats engine; shared by the measurement
 * and the hard-case tests. */
#ifndef PC_TEST_THREATS_LABELLED_H
#define PC_TEST_THREATS_LABELLED_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "agent/lib/buf.h"
#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "checks/content/extract.h"
#include "checks/threats/engine.h"
#include "checks/threats/protect.h"
#include "checks/threats/quote.h"
#include "agent/lib/yaml.h"

#define LAB_KEY "labelled-set test key, not an office key"

/* The protected details of tests/data/threats/fixture_protected.yaml,
 * hashed under LAB_KEY. Returns NULL on error. */
static inline struct pc_protect *
lab_protected(void)
{
	struct pc_yaml_node *root = NULL;
	struct pc_protect *p = NULL;
	const struct pc_yaml_node *it;
	size_t i;

	if (pc_yaml_load(&root, "tests/data/threats/fixture_protected.yaml") ||
	    pc_protect_new(
		&p, (const unsigned char *)LAB_KEY, strlen(LAB_KEY)) != 0)
		goto fail;
	for (i = 0; i < root->nitems; i++) {
		it = root->items[i];
		if (pc_protect_add(p, pc_yaml_get(it, "person")->scalar,
			pc_protect_kind_parse(pc_yaml_get(it, "kind")->scalar),
			pc_yaml_get(it, "value")->scalar) != 0)
			goto fail;
	}
	pc_yaml_free(root);
	return p;
fail:
	pc_yaml_free(root);
	pc_protect_free(p);
	return NULL;
}

#define LAB_LEXICONS                                                           \
	{                                                                      \
		"policies/lexicons/threats-words.yaml",                        \
		    "policies/lexicons/threats-veiled.yaml",                   \
		    "policies/lexicons/threats-allow.yaml",                    \
		    "policies/lexicons/threats-abuse.yaml",                    \
		    "policies/lexicons/threats-model.yaml"                     \
	}
#define LAB_NLEXICONS      5 /* the rules' files and the word model */
#define LAB_NRULE_LEXICONS 4 /* the rules' files alone (the first four) */

/* Collects the text of a message's units (the headers unit left out),
 * each unit's quotes split off. */
struct lab_sink {
	struct pc_buf unit;
	struct pc_buf text;
	int skip;
};

static inline int
lab_begin(void *arg, const struct pc_text_loc *loc)
{
	struct lab_sink *s = arg;

	s->skip = loc->member && strcmp(loc->member, "headers") == 0;
	pc_buf_reset(&s->unit);
	return 0;
}

static inline int
lab_data(void *arg, const char *p, size_t len)
{
	struct lab_sink *s = arg;

	return s->skip ? 0 : pc_buf_add(&s->unit, p, len);
}

static inline int
lab_end(void *arg)
{
	struct lab_sink *s = arg;

	if (s->skip || s->unit.len == 0)
		return 0;
	if (pc_threats_quote_split(&s->text, s->unit.data, s->unit.len, NULL) !=
	    0)
		return -1;
	return pc_buf_add(&s->text, "\n\n", 2);
}

/* The new text of an item of the labelled set (text, html or eml), in
 * out. Returns 0 or -1. */
static inline int
lab_text(struct pc_buf *out, const char *format, const char *text)
{
	struct lab_sink s;
	struct pc_text_sink sink = { lab_begin, lab_data, lab_end, &s, NULL };
	struct pc_text_loc loc = { .path = "labelled", .base_line = 1 };
	struct pc_extract_result res;
	int r;

	pc_buf_init(&s.unit, 1 << 24);
	pc_buf_init(&s.text, 1 << 24);
	s.skip = 0;
	memset(&res, 0, sizeof(res));
	if (strcmp(format, "html") == 0)
		r = pc_extract_html(
		    text, strlen(text), &loc, &sink, NULL, NULL, &res);
	else if (strcmp(format, "eml") == 0)
		r = pc_extract_mem(
		    text, strlen(text), &loc, PC_DOC_EML, &sink, &res);
	else {
		r = lab_begin(&s, &loc);
		r = r ? r : lab_data(&s, text, strlen(text));
		r = r ? r : lab_end(&s);
	}
	pc_buf_reset(out);
	if (r == 0 && s.text.len)
		r = pc_buf_add(out, s.text.data, s.text.len);
	pc_buf_free(&s.unit);
	pc_buf_free(&s.text);
	return r == 0 ? 0 : -1;
}

/* Whether a JSON array of strings holds s. */
static inline int
lab_has(const cJSON *arr, const char *s)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, arr) if (cJSON_IsString(it) &&
	    strcmp(it->valuestring, s) == 0) return 1;
	return 0;
}

#endif
