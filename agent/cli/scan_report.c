/* Fills the report header before a scan and writes the report after it. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "agent/accepted.h"
#include "agent/lib/date.h"
#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "reporter/checklist.h"
#include "agent/history.h"
#include "reporter/html.h"
#include "reporter/output.h"
#include "reporter/sarif.h"
#include "agent/report_parse.h"
#include "reporter/sign.h"
#include "agent/cli/scan_report.h"

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

/* Checks the previous report (if any) reads, so a broken chain is found
 * before the checks spend their time. */
static int
check_previous(const char *office_dir)
{
	char prev[PATH_MAX], path[PATH_MAX + 16];
	struct pc_report *old = NULL;
	int r;

	r = pc_history_previous(prev, sizeof(prev), office_dir, NULL);
	if (r == PC_ENOTFOUND)
		return 0;
	if (r != 0)
		return r;
	snprintf(path, sizeof(path), "%s/report.json", prev);
	if ((r = pc_report_load(&old, NULL, NULL, path)) != 0)
		return pc_error_set(PC_EIO,
		    "cannot continue the report chain: the previous report %s cannot be read (%s); restore it, or move that folder aside and tell PDS",
		    prev, pc_error_get());
	pc_report_free(old);
	return 0;
}

/* Copies the policy's manifest (every file it loads) into the report. */
static int
set_manifest(struct pc_report *r, const struct pc_policy *policy)
{
	size_t i;

	if (policy->nfiles == 0)
		return 0;
	r->policy_files = calloc(policy->nfiles, sizeof(*r->policy_files));
	if (r->policy_files == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	for (i = 0; i < policy->nfiles; i++) {
		if ((r->policy_files[i].path = strdup(policy->files[i].path)) ==
		    NULL)
			return pc_error_set(PC_ENOMEM, "out of memory");
		memcpy(r->policy_files[i].sha256, policy->files[i].sha256, 65);
		r->npolicy_files = i + 1;
	}
	return 0;
}

/* Fills the report header from the config and policy. */
int
pc_scan_report_header(struct pc_report *r, const struct pc_config *cfg,
    const struct pc_policy *policy, bool no_sandbox)
{
	size_t i;
	int rc;

	r->office_id = strdup(cfg->office.id);
	r->office_name = strdup(cfg->office.name);
	r->digital_lead = strdup(cfg->office.digital_lead);
	r->agent_version = strdup(PC_VERSION);
	r->host = host_name();
	r->policy_id = strdup(policy->id);
	r->policy_version = policy->version;
	r->policy_sha256 = strdup(policy->sha256);
	if ((rc = set_manifest(r, policy)) != 0)
		return rc;
	r->no_sandbox = no_sandbox;
	r->fail_on = pc_severity_parse(cfg->report.fail_on);
	for (i = 0; i < cfg->nstaff; i++)
		if (cfg->staff[i].name &&
		    (rc = pc_report_add_staff(r, cfg->staff[i].name)) != 0)
			return rc;
	if (!r->office_id || !r->office_name || !r->digital_lead ||
	    !r->agent_version || !r->host || !r->policy_id || !r->policy_sha256)
		return pc_error_set(PC_ENOMEM, "out of memory");
	return 0;
}

/* Refuses a missing, open or wrong-type signing key. */
int
pc_scan_report_check_key(const struct pc_config *cfg)
{
	int rc;

	/* A missing, open or wrong-type key is refused before any check runs:
	 * no report is ever written unsigned. */
	if ((rc = pc_sign_check_private(cfg->report.signing_key)) != 0) {
		if (rc == PC_ENOTFOUND)
			return pc_error_set(PC_ECONFIG,
			    "%s: report.signing_key %s does not exist; create it with portcullis keygen --out <its folder>",
			    cfg->path, cfg->report.signing_key);
		return rc;
	}
	return 0;
}

/* Makes office_dir (mode and group of report folders), writable. */
int
pc_scan_report_mkdir(const char *office_dir, const char *out_dir)
{
	if (pc_mkdir_p(office_dir, PC_OUTPUT_DIR_MODE) != 0)
		return pc_error_set(PC_EIO, "cannot use report folder %s: %s",
		    out_dir, pc_error_get());
	/* The office's folder is the report group's, not everyone's. */
	if (pc_output_own_dir(office_dir) != 0)
		return pc_error_set(PC_EIO,
		    "cannot set the group and mode of report folder %s: %s",
		    office_dir, strerror(errno));
	if (access(office_dir, W_OK | X_OK) != 0)
		return pc_error_set(PC_EIO,
		    "cannot write to report folder %s: %s; fix its permissions or pass --out",
		    office_dir, strerror(errno));
	return 0;
}

/* Fills the report header and checks the output folder and key. */
int
pc_scan_report_prepare(struct pc_report *r, const struct pc_config *cfg,
    const struct pc_policy *policy, const char *out_dir, long long *now,
    bool no_sandbox)
{
	char office_dir[4096], path[4200], stamp[32];
	int rc;

	if ((rc = pc_scan_report_header(r, cfg, policy, no_sandbox)) != 0 ||
	    (rc = pc_scan_report_check_key(cfg)) != 0)
		return rc;
	snprintf(
	    office_dir, sizeof(office_dir), "%s/%s", out_dir, cfg->office.id);
	if ((rc = pc_scan_report_mkdir(office_dir, out_dir)) != 0)
		return rc;
	/*
	 * One report per second and office: a scan started in the same second
	 * as the last one waits for the next, so every folder keeps the
	 * <date>T<time>Z name and the chain order is the name order.
	 */
	for (;;) {
		pc_time_iso(r->started_at, *now);
		pc_history_stamp(stamp, r->started_at);
		snprintf(path, sizeof(path), "%s/%s", office_dir, stamp);
		if (access(path, F_OK) != 0)
			break;
		sleep(1);
		*now = (long long)time(NULL);
	}
	return check_previous(office_dir);
}

/* Signs json with key: signature, public PEM and key id. */
static int
sign_report(unsigned char sig[PC_SIGN_SIG_LEN], char **pub_pem, size_t *pub_len,
    char key_id[PC_SIGN_KEY_ID_LEN + 1], const char *json, size_t len,
    EVP_PKEY *key)
{
	int rc;

	if ((rc = pc_sign_data(sig, key, json, len)) != 0 ||
	    (rc = pc_sign_public_pem(pub_pem, pub_len, key)) != 0 ||
	    (rc = pc_sign_key_id(key_id, key)) != 0)
		rc = pc_error_set(
		    rc, "cannot sign the report: %s", pc_error_get());
	return rc;
}

/* Loads the escalation routes and the signing key. The key is loaded
 * only now, after every check child has exited. */
int
pc_scan_writer_open(struct pc_scan_writer *w, const struct pc_config *cfg,
    const struct pc_policy *policy, bool stage)
{
	char *esc_path;
	int rc;

	memset(w, 0, sizeof(*w));
	w->stage = stage;
	w->accepted = cfg->accepted;
	if ((esc_path = pc_policy_path_of(policy, policy->escalation_file)) ==
	    NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	rc = pc_escalation_load(&w->esc, esc_path);
	free(esc_path);
	if (rc == 0 &&
	    (rc = pc_sign_load_private(&w->key, cfg->report.signing_key)) != 0)
		rc = pc_error_set(
		    rc, "cannot sign the report: %s", pc_error_get());
	if (rc != 0)
		pc_scan_writer_close(w);
	return rc;
}

/* Frees the writer; OpenSSL wipes the private key on free. */
void
pc_scan_writer_close(struct pc_scan_writer *w)
{
	pc_escalation_free(w->esc);
	EVP_PKEY_free(w->key);
	w->esc = NULL;
	w->key = NULL;
}

/* Prints one warning line about the accepted file. */
static void
warn_line(const char *line, void *arg)
{
	(void)arg;
	fprintf(stderr, "portcullis: warning: %s\n", line);
}

/* Writes the report folder, all or nothing. */
int
pc_scan_report_write(struct pc_report *r, const struct pc_config *cfg,
    const struct pc_policy *policy, const char *out_dir, char *dir_out,
    size_t dir_len)
{
	char office_dir[4096];

	snprintf(
	    office_dir, sizeof(office_dir), "%s/%s", out_dir, cfg->office.id);
	return pc_scan_report_write_in(
	    r, cfg, policy, office_dir, dir_out, dir_len);
}

/* Writes the report folder into office_dir, all or nothing. */
int
pc_scan_report_write_in(struct pc_report *r, const struct pc_config *cfg,
    const struct pc_policy *policy, const char *office_dir, char *dir_out,
    size_t dir_len)
{
	struct pc_scan_writer w;
	int rc;

	if ((rc = pc_scan_writer_open(&w, cfg, policy, false)) != 0)
		return rc;
	rc = pc_scan_report_write_with(
	    r, policy, office_dir, dir_out, dir_len, &w);
	pc_scan_writer_close(&w);
	return rc;
}

/* Chains, signs, renders and writes (or stages) the report folder. */
int
pc_scan_report_write_with(struct pc_report *r, const struct pc_policy *policy,
    const char *office_dir, char *dir_out, size_t dir_len,
    struct pc_scan_writer *w)
{
	unsigned char sig[PC_SIGN_SIG_LEN];
	char key_id[PC_SIGN_KEY_ID_LEN + 1];
	char stamp[32];
	char *json = NULL, *pub = NULL, *html = NULL, *md = NULL, *chtml = NULL;
	char *sarif = NULL;
	size_t json_len = 0, pub_len = 0, html_len = 0, md_len = 0;
	size_t chtml_len = 0, sarif_len = 0;
	int rc;

	pc_history_stamp(stamp, r->started_at);
	/* Litter from an interrupted earlier write goes after a day. */
	if ((rc = pc_output_clean_partial(
		 office_dir, time(NULL), PC_OUTPUT_PARTIAL_MAX_AGE, NULL)) != 0)
		goto out;
	if ((rc = pc_history_apply(r, office_dir, policy,
		 pc_history_time_parse(r->started_at))) != 0)
		goto out;
	/* After the history, so a moved file's finding keeps its acceptance
	 * and an accepted finding is never shown overdue. */
	if (w->accepted &&
	    (rc = pc_accepted_apply(r, w->accepted, policy,
		 pc_date_of_time(pc_history_time_parse(r->started_at)),
		 warn_line, NULL)) != 0)
		goto out;
	if ((rc = pc_report_to_json(r, &json, &json_len)) != 0 ||
	    (rc = sign_report(
		 sig, &pub, &pub_len, key_id, json, json_len, w->key)) != 0)
		goto out;
	if (!w->signed_only &&
	    ((rc = pc_html_report(&html, &html_len, r, w->esc, key_id)) != 0 ||
		(rc = pc_checklist_render(
		     &md, &md_len, r, w->esc, PC_CHECKLIST_MD, NULL)) != 0 ||
		(rc = pc_checklist_render(&chtml, &chtml_len, r, w->esc,
		     PC_CHECKLIST_HTML, NULL)) != 0 ||
		(rc = pc_sarif_render(&sarif, &sarif_len, r)) != 0))
		goto out;
	{
		const struct pc_output_file files[] = {
			{ "report.json", json, json_len, PC_OUTPUT_FILE_MODE },
			{ "report.json.sig", sig, sizeof(sig),
			    PC_OUTPUT_FILE_MODE },
			{ "signer.pub", pub, pub_len, PC_OUTPUT_FILE_MODE },
			{ "report.html", html, html_len, PC_OUTPUT_FILE_MODE },
			{ "checklist.md", md, md_len, PC_OUTPUT_FILE_MODE },
			{ "checklist.html", chtml, chtml_len,
			    PC_OUTPUT_FILE_MODE },
			{ "findings.sarif", sarif, sarif_len,
			    PC_OUTPUT_FILE_MODE },
		};
		/* The signed three first: signed_only writes just those. */
		size_t n =
		    w->signed_only ? 3 : sizeof(files) / sizeof(files[0]);

		rc = w->stage
		    ? pc_output_stage_dir(
			  w->staged, office_dir, stamp, files, n)
		    : pc_output_write_dir(office_dir, stamp, files, n);
	}
	if (rc == 0)
		snprintf(dir_out, dir_len, "%s/%s", office_dir, stamp);
out:
	free(json);
	free(pub);
	free(html);
	free(md);
	free(chtml);
	free(sarif);
	return rc;
}
