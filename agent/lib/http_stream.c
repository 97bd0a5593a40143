/* pc_http_stream: a source's requests through a fixed number of slots,
 * each refilled as its transfer ends (Okta's per-user calls). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "agent/lib/err.h"
#include "agent/lib/http.h"
#include "agent/lib/http_private.h"

/* Hands a finished job to the source and frees its slot. */
static int
stream_finish(const struct pc_http_source *src, struct job *j)
{
	int r = src->done(src->arg, j->resp, j->tag);

	memset(j, 0, sizeof(*j));
	return r;
}

/* How long the stream may wait (ms): 0 when a slot can start now (ready:
 * the source may have more; idle: a transfer slot is free), else until the
 * soonest delayed retry, at most 1 s. */
static long
stream_wait(const struct job *slots, size_t nslots, bool ready, bool idle)
{
	long long now = pc_http_now_ms(), soonest = now + 1000;
	size_t i;

	for (i = 0; i < nslots; i++) {
		if (slots[i].req == NULL || slots[i].running)
			continue;
		if (slots[i].not_before <= now)
			ready = true;
		else if (slots[i].not_before < soonest)
			soonest = slots[i].not_before;
	}
	return ready && idle ? 0 : (long)(soonest - now);
}

/* Sends a source's requests, refilling each slot as it frees. */
int
pc_http_stream(struct pc_http *h, const struct pc_http_source *src)
{
	size_t conc = (size_t)h->o.concurrency, nslots = 2 * conc;
	size_t used = 0, running = 0, i;
	const struct pc_http_req *req;
	struct pc_http_resp *resp;
	struct job *slots, *j;
	long long now;
	bool more = true;
	int still, r, err = 0;
	void *tag;
	long wait;

	/* Slots beyond the concurrency hold requests waiting to retry. */
	if ((slots = calloc(nslots, sizeof(*slots))) == NULL)
		return pc_error_set(PC_ENOMEM, "out of memory");
	while (err == 0) {
		now = pc_http_now_ms();
		/* Due retries first, then new requests from the source. */
		for (i = 0; i < nslots && running < conc && err == 0; i++) {
			j = &slots[i];
			if (j->req == NULL || j->running || j->not_before > now)
				continue;
			if (pc_http_job_start(h, j)) {
				running++;
			} else {
				used--;
				err = stream_finish(src, j);
				more = true;
			}
		}
		while (err == 0 && more && running < conc && used < nslots) {
			r = src->next(src->arg, &req, &resp, &tag);
			if (r < 0) {
				err = r;
				break;
			}
			if (r == 0) {
				more = false;
				break;
			}
			for (j = slots; j->req != NULL; j++)
				;
			memset(resp, 0, sizeof(*resp));
			pc_buf_init(&resp->body, h->o.body_cap);
			resp->dialect = h->o.dialect;
			j->req = req;
			j->resp = resp;
			j->tag = tag;
			used++;
			if (pc_http_job_start(h, j)) {
				running++;
			} else {
				used--;
				err = stream_finish(src, j);
			}
		}
		if (err != 0 || (used == 0 && !more))
			break;
		curl_multi_perform(h->multi, &still);
		while ((j = pc_http_job_finished(h)) != NULL) {
			running--;
			if (j->done && err == 0) {
				used--;
				err = stream_finish(src, j);
				more = true;
			}
		}
		if (err != 0)
			break;
		/* Wait for traffic, a due retry, or a free slot to fill. */
		wait = stream_wait(
		    slots, nslots, more && used < nslots, running < conc);
		if (running > 0 || wait > 0)
			curl_multi_poll(h->multi, NULL, 0, (int)wait, NULL);
	}
	/* Stopped: abandon what is still in flight or waiting. */
	for (i = 0; i < nslots; i++)
		if (slots[i].req != NULL)
			pc_http_job_release(h, &slots[i]);
	free(slots);
	return err;
}
