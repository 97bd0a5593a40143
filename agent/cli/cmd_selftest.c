/* portcullis selftest: show that the sandbox holds on this kernel. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/cli/cli.h"
#include "agent/cli/help.h"
#include "agent/lib/err.h"
#include "agent/selftest.h"


/*
 * Prints the selftest's lines (text, as pc_selftest_run wrote them: a
 * kernel line, one "ok: ..." or "FAILED: ..." line per guarantee, a last
 * line) as one JSON object.
 */
static int
print_json(char *text, bool held)
{
	cJSON *top = cJSON_CreateObject(), *list, *g;
	char *line, *save = NULL, *out = NULL;
	int rc = 2;

	if (top == NULL || !cJSON_AddBoolToObject(top, "held", held) ||
	    (list = cJSON_AddArrayToObject(top, "guarantees")) == NULL)
		goto out;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		bool ok = strncmp(line, "ok: ", 4) == 0;

		if (strncmp(line, "kernel ", 7) == 0) {
			if (!cJSON_AddStringToObject(top, "kernel", line + 7))
				goto out;
			continue;
		}
		if (!ok && strncmp(line, "FAILED: ", 8) != 0)
			continue; /* the closing sentence: "held" says it */
		if ((g = cJSON_CreateObject()) == NULL ||
		    !cJSON_AddItemToArray(list, g) ||
		    !cJSON_AddBoolToObject(g, "held", ok) ||
		    !cJSON_AddStringToObject(g, "text", line + (ok ? 4 : 8)))
			goto out;
	}
	if ((out = cJSON_PrintUnformatted(top)) != NULL) {
		puts(out);
		rc = held ? 0 : 2;
	}
out:
	cJSON_free(out);
	cJSON_Delete(top);
	return rc;
}

/* Entry point for portcullis selftest. */
int
pc_cmd_selftest(int argc, char **argv)
{
	bool held, json = false;
	FILE *mem = NULL;
	char *text = NULL;
	size_t len = 0;
	int r, rc;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 ||
			    strcmp(argv[1], "-h") == 0)) {
		pc_help_print(stdout, "selftest");
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "--json") == 0)
		json = true;
	if (argc > 2 || (argc > 1 && !json)) {
		fprintf(stderr, "portcullis: selftest: unexpected argument "
				"\"%s\"; run portcullis selftest --help\n",
		    argv[argc > 2 ? 2 : 1]);
		return 2;
	}
	if (json && (mem = open_memstream(&text, &len)) == NULL) {
		pc_cli_error("out of memory");
		return 2;
	}
	r = pc_selftest_run(json ? mem : stdout, &held);
	if (mem)
		fclose(mem);
	if (r != 0) {
		pc_cli_error(pc_error_get());
		free(text);
		return 2;
	}
	rc = json ? print_json(text, held) : held ? 0 : 2;
	free(text);
	return rc;
}
