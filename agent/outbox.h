/* The office's outbox: reports waiting to be submitted to PDS, oldest first. */
#ifndef PC_OUTBOX_H
#define PC_OUTBOX_H

#include <stddef.h>

/*
 * <report.dir>/<office>/outbox/<report-folder-name>/ holds copies of a
 * report's report.json, report.json.sig and signer.pub. Names sort in
 * time order, so the queue is sent in chain order.
 */

/* Copies report folder report into the outbox of office_dir (made
 * atomically: staged, synced, renamed). */
int pc_outbox_add(const char *office_dir, const char *report);

/* Counts of one flush. */
struct pc_outbox_flush {
	size_t sent;    /* stored or already stored; removed */
	size_t refused; /* refused for good; kept, reasons printed */
	size_t left;    /* not sent (network); kept for next time */
};

/* Called for each report the server stored (or already had); 0 or an
 * error that stops the flush. */
typedef int (*pc_outbox_sent_fn)(
    void *arg, const char *office_dir, const char *name);

/* pc_outbox_sent_fn that removes the entry from the outbox. */
int pc_outbox_remove(void *arg, const char *office_dir, const char *name);

/*
 * Sends the outbox of office_dir to url, oldest first, with
 * pc_submit_report, calling sent() for each report stored. A refused one
 * stays (its reason printed on stderr) and the next is tried; a network
 * failure stops the flush (order matters for the chain). Prints one line
 * per report unless quiet (refusals always). 0, or the error
 * of the first failure (PC_EINVALID for a refusal).
 */
int pc_outbox_send(struct pc_outbox_flush *f, const char *office_dir,
    const char *url, const char *ca_file, int quiet, pc_outbox_sent_fn sent,
    void *arg);

#endif
