/* The exposure check's parts, so a runner can sandbox each on its own. */
#ifndef PC_EXPOSURE_H
#define PC_EXPOSURE_H

#include <stdbool.h>

#include "agent/check.h"

/*
 * One separately sandboxed piece of a check. DESIGN.md wants the website
 * crawl in a child with network and no file access, and the file sources
 * read with no network: one struct check cannot express both, so exposure
 * is three parts, each with its own needs() (files: source paths only;
 * website: its URL's port only; breaches: the HIBP URL and API key) and
 * run(). A runner that knows parts forks one child per applicable part
 * and merges their findings into the one check result; today's runner
 * runs pc_check_exposure.run, which calls every part in one child under
 * the union of their needs.
 */
struct pc_check_part {
	const char *id; /* "files", "website", "breaches"; NULL ends */
	int (*needs)(const struct pc_config *cfg, struct pc_needs *needs);
	int (*run)(struct pc_check_ctx *ctx);
};

extern const struct pc_check_part pc_exposure_parts[];

int pc_exposure_needs_files(const struct pc_config *cfg, struct pc_needs *n);
int pc_exposure_needs_website(const struct pc_config *cfg,
    struct pc_needs *n);
int pc_exposure_needs_breaches(const struct pc_config *cfg,
    struct pc_needs *n);
int pc_exposure_run_files(struct pc_check_ctx *ctx);
int pc_exposure_run_website(struct pc_check_ctx *ctx);
int pc_exposure_run_breaches(struct pc_check_ctx *ctx);

/* True when the source is read by exposure (its checks list is empty or
 * names exposure). */
bool pc_exposure_reads(const struct pc_source *s);

/* The office HMAC key file: office.hmac in the signing key's folder.
 * Caller frees; NULL when no signing key is configured. */
char *pc_exposure_hmac_path(const struct pc_config *cfg);

#endif
