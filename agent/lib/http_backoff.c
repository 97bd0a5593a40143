/* When the HTTPS client tries again: Retry-After, backoff with jitter,
 * and sleeping until then. */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "agent/lib/http.h"

/* Sleeps ms milliseconds. */
void
pc_http_sleep_ms(long ms)
{
	struct timespec ts;

	if (ms <= 0)
		return;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Backoff with jitter: a value in [d/2, d], d = base * 2^attempt <= cap. */
long
pc_http_backoff_ms(int attempt, long base_ms, long cap_ms, uint32_t rnd)
{
	long d = base_ms > 0 ? base_ms : 1;
	int i;

	for (i = 0; i < attempt && d < cap_ms; i++)
		d *= 2;
	if (d > cap_ms)
		d = cap_ms;
	return d / 2 + (long)(rnd % (uint32_t)(d - d / 2 + 1));
}

/* Retry-After: delta-seconds or HTTP date, in ms from now; -1 if bad. */
long
pc_http_retry_after_ms(const char *value, time_t now)
{
	const char *p = value;
	long long secs = 0;
	time_t t;

	if (value == NULL)
		return -1;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p >= '0' && *p <= '9') {
		for (; *p >= '0' && *p <= '9'; p++) {
			secs = secs * 10 + (*p - '0');
			if (secs > 86400LL * 366)
				return -1;
		}
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		return *p == '\0' ? (long)(secs * 1000) : -1;
	}
	if (strlen(p) > 64 || (t = curl_getdate(p, NULL)) == -1)
		return -1;
	if (t <= now)
		return 0;
	if (t - now > 86400L * 366)
		return -1;
	return (long)(t - now) * 1000;
}
