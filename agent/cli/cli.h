/* Subcommands of the portcullis binary: one pc_cmd_<name>() per command. */
#ifndef PC_CLI_H
#define PC_CLI_H

#include <stddef.h>

/*
 * Each command parses its own arguments (argv[0] is the command name),
 * prints its --help, and returns the process exit status from DESIGN.md:
 * 0 ok, 1 findings/invalid, 2 usage/config/I/O error, 3 incomplete.
 */
int pc_cmd_init(int argc, char **argv);
int pc_cmd_scan(int argc, char **argv);
int pc_cmd_selftest(int argc, char **argv);
int pc_cmd_policy(int argc, char **argv);
int pc_cmd_keygen(int argc, char **argv);
int pc_cmd_verify(int argc, char **argv);
int pc_cmd_checklist(int argc, char **argv);
int pc_cmd_inspect(int argc, char **argv);
/* inspect --detectors threats (cmd_inspect_threats.c) */
int pc_cmd_inspect_threats(
    char **paths, int npaths, int fail_on, int quiet, const char *config);
int pc_cmd_aggregate(int argc, char **argv);
int pc_cmd_submit(int argc, char **argv);
int pc_cmd_serve(int argc, char **argv);
int pc_cmd_protect(int argc, char **argv);

struct pc_config;
struct pc_protect;
/* The protected details a config names, under its office HMAC key; with
 * create, a new empty store when the file does not exist yet
 * (cmd_protect.c). */
int pc_cli_protect_open(struct pc_protect **out, const struct pc_config *cfg,
    const char *cfg_path, int create);
int pc_cmd_config(int argc, char **argv);

/* Prints "portcullis: <msg>" on stderr as one line. */
void pc_cli_error(const char *msg);

struct pc_config;

/* Prints one "file:line: key: ..." line per unfilled placeholder of the
 * starter config in cfg; returns -1 when there is any, else 0. */
int pc_cli_placeholders(const struct pc_config *cfg);

/* Prints the policy load error, naming cfg's policy: line when it has one. */
void pc_cli_policy_error(const struct pc_config *cfg);

/*
 * Confines this process to reading paths[0..n) before cmd reads untrusted
 * input (cli_confine.c). Returns 0, or -1 after printing why it could not.
 */
int pc_cli_confine(const char *cmd, const char *const *paths, size_t n);

#endif
