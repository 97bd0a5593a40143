/* Shared between the threats check's needs (check.c) and run (run.c). */
#ifndef PC_THREATS_CHECK_INT_H
#define PC_THREATS_CHECK_INT_H

#include <stdbool.h>

#include "agent/check.h"
#include "settings.h"

/* Does the source name the threats check (explicitly, not a website)? */
bool pc_threats_reads(const struct pc_source *s);
/* The check's settings from the config (an empty set when absent). */
const struct pc_threats_settings *pc_threats_settings_of(
    const struct pc_config *cfg);
/* The messages part's run in the sandboxed child. */
int pc_threats_run(struct pc_check_ctx *ctx);
/* The website part: doxxing on the office's pages (website.c). */
int pc_threats_needs_website(const struct pc_config *cfg, struct pc_needs *n);
int pc_threats_run_website(struct pc_check_ctx *ctx);

#endif
