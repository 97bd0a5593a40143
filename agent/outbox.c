/* The outbox of reports not yet submitted: add, then send oldest first. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/lib/err.h"
#include "agent/lib/fileio.h"
#include "agent/outbox.h"
#include "agent/upload_tar.h"
#include "agent/submit.h"
#include "agent/history.h"
#include "agent/report_parse.h"

#define OUTBOX_MAX 10000

/* Base name of a path (no trailing slash expected). */
static const char *
base_of(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* Removes an outbox entry's files, then the folder. */
static void
remove_entry(const char *dir)
{
	char path[4200];
	int i;

	for (i = 0; i < PC_UPLOAD_NMEMBERS; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir,
		    pc_upload_member_name((enum pc_upload_member)i));
		unlink(path);
	}
	rmdir(dir);
}

/* Copies the three signed files of a report into the outbox. */
int
pc_outbox_add(const char *office_dir, const char *report)
{
	static const size_t caps[PC_UPLOAD_NMEMBERS] = { PC_REPORT_MAX_BYTES,
		PC_UPLOAD_SIG_CAP, PC_UPLOAD_PUB_CAP };
	char box[4200], stage[4300], target[4300], path[4400];
	const char *name = base_of(report), *m;
	struct pc_buf b;
	int i, r = 0;

	snprintf(box, sizeof(box), "%s/outbox", office_dir);
	snprintf(stage, sizeof(stage), "%s/.new-%s", box, name);
	snprintf(target, sizeof(target), "%s/%s", box, name);
	if (!pc_history_name_ok(name))
		return pc_error_set(
		    PC_EUSAGE, "%s is not a report folder", report);
	if ((r = pc_mkdir_p(box, 0700)) != 0)
		return r;
	remove_entry(stage);
	if (mkdir(stage, 0700) != 0)
		return pc_error_set(
		    PC_EIO, "cannot create %s: %s", stage, strerror(errno));
	for (i = 0; i < PC_UPLOAD_NMEMBERS && r == 0; i++) {
		m = pc_upload_member_name((enum pc_upload_member)i);
		snprintf(path, sizeof(path), "%s/%s", report, m);
		if ((r = pc_file_read(&b, path, caps[i])) == 0) {
			snprintf(path, sizeof(path), "%s/%s", stage, m);
			r = pc_file_write_atomic(path, b.data, b.len, 0600);
		}
		pc_buf_free(&b);
	}
	if (r == 0 && rename(stage, target) != 0)
		r = errno == EEXIST || errno == ENOTEMPTY
		    ? 0
		    : pc_error_set(PC_EIO, "cannot queue %s: %s", target,
			  strerror(errno));
	remove_entry(stage);
	return r;
}

/* pc_dir_names filter: queued report names. */
static int
keep_queued(const char *name)
{
	return pc_history_name_ok(name);
}

/* Removes a sent report from the outbox. */
int
pc_outbox_remove(void *arg, const char *office_dir, const char *name)
{
	char entry[4400];

	if (!pc_history_name_ok(name))
		return pc_error_set(
		    PC_EUSAGE, "not a queued report: %.80s", name);
	snprintf(entry, sizeof(entry), "%s/outbox/%s", office_dir, name);
	remove_entry(entry);
	return 0;
}

/* Sends the outbox, oldest first. */
int
pc_outbox_send(struct pc_outbox_flush *f, const char *office_dir,
    const char *url, const char *ca_file, int quiet, pc_outbox_sent_fn sent,
    void *arg)
{
	struct pc_submit_result res;
	char box[4200], entry[4400];
	char **names = NULL;
	size_t n = 0, i;
	int r, first = 0;

	memset(f, 0, sizeof(*f));
	snprintf(box, sizeof(box), "%s/outbox", office_dir);
	r = pc_dir_names(&names, &n, box, keep_queued, OUTBOX_MAX);
	if (r == PC_ENOTFOUND)
		return 0;
	if (r != 0)
		return r;
	for (i = 0; i < n; i++) {
		snprintf(entry, sizeof(entry), "%s/%s", box, names[i]);
		r = pc_submit_report(&res, entry, url, ca_file);
		if (r == 0) {
			f->sent++;
			if ((r = sent(arg, office_dir, names[i])) != 0) {
				first = first ? first : r;
				f->left = n - i - 1;
				break;
			}
			if (!quiet)
				printf("%s: %s (sha256 %.16s..., chain %s)\n",
				    names[i],
				    res.status == 201 ? "stored"
						      : "already stored",
				    res.sha256, res.chain);
			continue;
		}
		if (first == 0)
			first = r;
		if (!quiet || r == PC_EINVALID)
			fprintf(stderr, "portcullis: submit: %s: %s\n",
			    names[i], pc_error_get());
		if (r != PC_EINVALID) {
			f->left = n - i;
			break;
		}
		f->refused++;
	}
	pc_dir_names_free(names, n);
	return first;
}
