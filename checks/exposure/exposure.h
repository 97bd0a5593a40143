/* The exposure check's parts, so a runner can sandbox each on its own. */
#ifndef PC_EXPOSURE_H
#define PC_EXPOSURE_H

#include <stdbool.h>

#include "agent/check.h"

/* The parts the runner runs in separate children: files, website,
 * breaches (see struct pc_check_part in agent/check.h). */
extern const struct pc_check_part pc_exposure_parts[];

int pc_exposure_needs_files(const struct pc_config *cfg, struct pc_needs *n);
int pc_exposure_needs_website(const struct pc_config *cfg, struct pc_needs *n);
int pc_exposure_needs_breaches(const struct pc_config *cfg, struct pc_needs *n);
int pc_exposure_run_files(struct pc_check_ctx *ctx);
int pc_exposure_run_website(struct pc_check_ctx *ctx);
int pc_exposure_run_breaches(struct pc_check_ctx *ctx);

/* The Microsoft 365 sharing part (drive365.c): OneDrive and SharePoint
 * files shared by link, their permissions and content. */
int pc_exposure_needs_m365(const struct pc_config *cfg, struct pc_needs *n);
int pc_exposure_run_m365(struct pc_check_ctx *ctx);
int pc_exposure_needs_m365_hosts(
    const struct pc_config *cfg, struct pc_needs *n);
int pc_exposure_run_m365_hosts(struct pc_check_ctx *ctx);

/* True when the source is read by exposure (its checks list is empty or
 * names exposure). */
bool pc_exposure_reads(const struct pc_source *s);

#endif
