/* The one source of every command's --help and of the man page. */
#ifndef PC_HELP_H
#define PC_HELP_H

#include <stdio.h>

/* One option: its flag with argument ("--config FILE") and what it does. */
struct pc_help_option {
	const char *flag;
	const char *text;
};

/*
 * One command. Texts are plain sentences, wrapped when printed; a blank
 * line ("\n\n") starts a paragraph, and a line starting with two spaces
 * is printed as it is (a format, an example).
 */
struct pc_help_command {
	const char *name;            /* "scan", "policy lint" */
	const char *summary;         /* one line for portcullis --help */
	const char *const *synopsis; /* usage lines, NULL-terminated */
	const char *description;
	const struct pc_help_option *options; /* NULL-flag terminated */
	const char *exit;                     /* what each exit status means */
};

/* Every command, in the order portcullis --help lists them; NULL-name
 * terminated. */
extern const struct pc_help_command pc_help_commands[];

/* Prints the --help of the command called name ("policy lint") to f;
 * returns 0, or -1 when there is no such command. */
int pc_help_print(FILE *f, const char *name);

/* Prints the man page (roff, section 1) built from the same table. */
void pc_help_man(FILE *f);

#endif
