/* Per-source-address rate limit for uploads, before anything is verified. */
#ifndef PC_SERVE_RATELIMIT_H
#define PC_SERVE_RATELIMIT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#define PC_RATELIMIT_SLOTS 8192
#define PC_RATELIMIT_PROBE 32

struct pc_ratelimit_slot {
	unsigned char addr[16]; /* IPv4 mapped into IPv6 */
	long long window;       /* minute number; 0 = free */
	long count;
};

/*
 * A fixed table of per-address counters for the current minute: bounded
 * memory whatever the number of sources. When every slot near an address
 * is taken by another address active this minute the upload is refused
 * (fail closed) rather than counted nowhere.
 */
struct pc_ratelimit {
	pthread_mutex_t lock;
	long per_minute;
	struct pc_ratelimit_slot slots[PC_RATELIMIT_SLOTS];
};

/* Initialises the table (per_minute uploads per address). Caller
 * releases with pc_ratelimit_destroy(). */
int pc_ratelimit_init(struct pc_ratelimit *rl, long per_minute);
void pc_ratelimit_destroy(struct pc_ratelimit *rl);

/* Counts one upload from addr (16 bytes) at unix time now; false when
 * that address is over its limit for this minute. */
bool pc_ratelimit_take(
    struct pc_ratelimit *rl, const unsigned char addr[16], long long now);

#endif
