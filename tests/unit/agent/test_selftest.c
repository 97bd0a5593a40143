/* portcullis selftest: one line per guarantee, all "ok:" on a kernel with
 * Landlock ABI 4+, and no temporary file left behind. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "agent/sandbox.h"
#include "agent/selftest.h"

/* Counts the /tmp entries the selftest makes (pc-selftest-*). */
static int
leftovers(void)
{
	DIR *d = opendir("/tmp");
	struct dirent *e;
	int n = 0;

	cr_assert_not_null(d);
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, "pc-selftest-", 12) == 0)
			n++;
	closedir(d);
	return n;
}

/* Runs the selftest into a string; the caller frees it. */
static char *
selftest_output(bool *held)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	cr_assert_not_null(out);
	cr_assert_eq(pc_selftest_run(out, false, held), 0);
	fclose(out);
	return text;
}

Test(selftest, one_line_per_guarantee_all_ok)
{
	static const char *const want[] = {
	    "ok: cannot execute programs (execve) (child stopped by "
	    "seccomp",
	    "ok: cannot fork new processes (child stopped by seccomp",
	    "ok: cannot read /etc/shadow (Permission denied",
	    "ok: cannot read a key file outside its paths (Permission "
	    "denied",
	    "ok: cannot read a world-readable file outside its paths",
	    "ok: can read a file inside its paths (control)",
	    "ok: cannot create or write files inside its paths (Permission "
	    "denied",
	    "ok: cannot create or write files in /tmp (Permission denied",
	    "ok: cannot empty a file it may read (O_TRUNC) (Operation not "
	    "permitted",
	    "ok: a network check cannot open a socket of its own (TCP, UDP, "
	    "UNIX) (Permission denied",
	    "ok: a network check cannot send UDP (Permission denied",
	    "ok: cannot connect to a TCP port it was not given (Permission "
	    "denied",
	    "ok: the broker refuses a TCP port the check was not given "
	    "(Permission denied",
	    "ok: the broker refuses an unlisted host, even on an allowed port "
	    "(Permission denied",
	    "ok: can connect to its listed host and port through the broker "
	    "(control)",
	    "ok: a content check cannot connect anywhere",
	    "ok: a network check cannot open raw sockets (Permission denied",
	    "ok: cannot make anonymous memory executable (mmap, mprotect) "
	    "(Permission denied",
	    "ok: a network check cannot connect to a local UNIX socket "
	    "(Permission denied",
	    "ok: cannot signal other processes (kill) (child stopped by "
	    "seccomp",
	};
	int before = leftovers();
	bool held = false;
	char *text, *line;
	size_t i, nlines = 0;

	/* No Landlock ABI 4 needed any more: the child has no socket. */
	text = selftest_output(&held);
	cr_assert(held, "%s", text);
	cr_assert(strncmp(text, "kernel ", 7) == 0 &&
	              strstr(text, "Landlock ABI ") != NULL,
	          "kernel and ABI first: %s", text);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		cr_assert(strstr(text, want[i]) != NULL,
		          "missing \"%s\" in\n%s", want[i], text);
	cr_assert_null(strstr(text, "FAILED"), "%s", text);
	for (line = text; (line = strchr(line, '\n')) != NULL; line++)
		nlines++;
	/* The kernel line, one per guarantee (the TLS-keys line too), the
	 * verdict. */
	cr_assert_eq(nlines, sizeof(want) / sizeof(want[0]) + 3, "%s", text);
	cr_assert(strstr(text, "the sandbox holds on this kernel\n") != NULL);
	cr_assert_eq(leftovers(), before, "temporary files left in /tmp");
	free(text);
}

Test(selftest, json_lists_every_guarantee)
{
	char *text = NULL;
	size_t len = 0, i;
	FILE *out = open_memstream(&text, &len);
	bool held = false;
	cJSON *root, *list;

	cr_assert_eq(pc_selftest_run(out, true, &held), 0);
	fclose(out);
	root = cJSON_Parse(text);
	cr_assert_not_null(root, "%s", text);
	list = cJSON_GetObjectItemCaseSensitive(root, "guarantees");
	cr_assert_eq(cJSON_GetArraySize(list), 21);
	for (i = 0; i < 21; i++) {
		cJSON *g = cJSON_GetArrayItem(list, (int)i);

		cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(g, "held")), "%s",
		    cJSON_GetObjectItem(g, "what")->valuestring);
	}
	cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(root, "held")));
	cr_assert(held);
	cJSON_Delete(root);
	free(text);
}
