/* portcullis selftest: show that the sandbox holds on this kernel. */
#include <stdio.h>
#include <string.h>

#include "agent/cli/cli.h"
#include "agent/cli/help.h"
#include "agent/lib/err.h"
#include "agent/selftest.h"

/* Entry point for portcullis selftest. */
int
pc_cmd_selftest(int argc, char **argv)
{
	bool held, json = false;

	if (argc > 1 &&
	    (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		pc_help_print(stdout, "selftest");
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "--json") == 0) {
		json = true;
		argc--;
		argv++;
	}
	if (argc > 1) {
		fprintf(stderr,
		    "portcullis: selftest: unexpected argument \"%s\"; run portcullis selftest --help\n",
		    argv[1]);
		return 2;
	}
	if (pc_selftest_run(stdout, json, &held) != 0) {
		pc_cli_error(pc_error_get());
		return 2;
	}
	return held ? 0 : 2;
}
