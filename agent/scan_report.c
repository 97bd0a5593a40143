/* Fills the report header before a scan and writes the report after it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "fileio.h"
#include "reporter/output.h"
#include "scan_report.h"

/* Host name for the report. */
static char *
host_name(void)
{
	char h[256];

	if (gethostname(h, sizeof(h)) != 0)
		return strdup("unknown");
	h[sizeof(h) - 1] = '\0';
	return strdup(h);
}

/* Fills the report header and checks the output folder. */
int
pc_scan_report_prepare(struct pc_report *r, const struct pc_config *cfg,
    const struct pc_policy *policy, const char *out_dir, long long now,
    bool no_sandbox)
{
	char office_dir[4096];
	int r2;

	r->office_id = strdup(cfg->office.id);
	r->office_name = strdup(cfg->office.name);
	r->digital_lead = strdup(cfg->office.digital_lead);
	r->agent_version = strdup(PC_VERSION);
	r->host = host_name();
	r->policy_id = strdup(policy->id);
	r->policy_version = policy->version;
	r->policy_sha256 = strdup(policy->sha256);
	r->no_sandbox = no_sandbox;
	r->fail_on = pc_severity_parse(cfg->report.fail_on);
	pc_time_iso(r->started_at, now);
	if (!r->office_id || !r->office_name || !r->digital_lead ||
	    !r->agent_version || !r->host || !r->policy_id ||
	    !r->policy_sha256)
		return pc_error_set(PC_ENOMEM, "out of memory");
	snprintf(office_dir, sizeof(office_dir), "%s/%s", out_dir,
	    cfg->office.id);
	if ((r2 = pc_mkdir_p(office_dir, 0755)) != 0)
		return pc_error_set(PC_EIO,
		    "cannot use report folder %s: %s", out_dir,
		    pc_error_get());
	if (access(office_dir, W_OK | X_OK) != 0)
		return pc_error_set(PC_EIO,
		    "cannot write to report folder %s: %s; fix its "
		    "permissions or pass --out", office_dir, strerror(errno));
	return 0;
}

/* Writes the report folder, all or nothing. */
int
pc_scan_report_write(struct pc_report *r, const struct pc_config *cfg,
    const struct pc_policy *policy, const char *out_dir, char *dir_out,
    size_t dir_len)
{
	struct pc_output_file files[1];
	char office_dir[4096], stamp[32], name[40];
	char *json = NULL;
	size_t len = 0, i;
	int rc;

	(void)policy;
	/* 2026-11-23T06:56:13Z -> 2026-11-23T065613Z */
	for (i = 0, len = 0; r->started_at[i] && len < sizeof(stamp) - 1; i++)
		if (r->started_at[i] != ':')
			stamp[len++] = r->started_at[i];
	stamp[len] = '\0';
	snprintf(office_dir, sizeof(office_dir), "%s/%s", out_dir,
	    cfg->office.id);
	if ((rc = pc_report_to_json(r, &json, &len)) != 0)
		return rc;
	files[0] = (struct pc_output_file){ "report.json", json, len, 0644 };
	/* Two scans in the same second: the second gets "-2", "-3", ...,
	 * which still sorts after the first. */
	snprintf(name, sizeof(name), "%s", stamp);
	for (i = 2;; i++) {
		rc = pc_output_write_dir(office_dir, name, files, 1);
		if (rc != PC_EEXIST || i > 9)
			break;
		snprintf(name, sizeof(name), "%s-%zu", stamp, i);
	}
	free(json);
	if (rc == 0)
		snprintf(dir_out, dir_len, "%s/%s", office_dir, name);
	return rc;
}
