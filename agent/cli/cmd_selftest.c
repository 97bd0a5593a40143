/* portcullis selftest: show that the sandbox holds on this kernel. */
#include <stdio.h>
#include <string.h>

#include "agent/cli/cli.h"
#include "agent/lib/err.h"
#include "agent/selftest.h"

static const char selftest_help[] =
    "usage: portcullis selftest\n"
    "\n"
    "Forks sandboxed children that try what a compromised check might:\n"
    "run a program, fork, read /etc/shadow or a key file, write files,\n"
    "connect to a port it was not given. Prints one line per guarantee.\n"
    "Exit 0 only if every guarantee holds, 2 otherwise.\n";

/* Entry point for portcullis selftest. */
int
pc_cmd_selftest(int argc, char **argv)
{
	bool held;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 ||
			    strcmp(argv[1], "-h") == 0)) {
		fputs(selftest_help, stdout);
		return 0;
	}
	if (argc > 1) {
		fprintf(stderr, "portcullis: selftest: unexpected argument "
				"\"%s\"; run portcullis selftest --help\n",
		    argv[1]);
		return 2;
	}
	if (pc_selftest_run(stdout, &held) != 0) {
		pc_cli_error(pc_error_get());
		return 2;
	}
	return held ? 0 : 2;
}
