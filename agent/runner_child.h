/* The check child's side of a run (the parent's is runner.c). */
#ifndef PC_RUNNER_CHILD_H
#define PC_RUNNER_CHILD_H

#include <stdbool.h>
#include <sys/types.h>

#include "check_ctx.h"

/*
 * In the child just forked for a check: sets the death signal (and leaves
 * if parent is no longer its parent), moves the channel fd to 3 and closes
 * every other inherited descriptor, applies the sandbox unless no_sandbox,
 * reports what was applied, routes HTTPS through the parent's broker for
 * the hosts in needs, runs run(ctx) and reports done. Never returns.
 */
void pc_runner_child_main(struct pc_check_ctx *ctx,
    int (*run)(struct pc_check_ctx *), const struct pc_needs *n, int fd,
    bool no_sandbox, pid_t parent) __attribute__((noreturn));

#endif
