/* Per-address upload counters per minute in a fixed-size table. */
#include <string.h>

#include "agent/lib/err.h"
#include "agent/serve/ratelimit.h"

/* Initialises the table. */
int
pc_ratelimit_init(struct pc_ratelimit *rl, long per_minute)
{
	memset(rl->slots, 0, sizeof(rl->slots));
	rl->per_minute = per_minute;
	if (pthread_mutex_init(&rl->lock, NULL) != 0)
		return pc_error_set(PC_ENOMEM, "cannot create a lock");
	return 0;
}

/* Releases the lock. */
void
pc_ratelimit_destroy(struct pc_ratelimit *rl)
{
	pthread_mutex_destroy(&rl->lock);
}

/* FNV-1a over the address. */
static size_t
hash_addr(const unsigned char addr[16])
{
	unsigned long h = 2166136261u;
	int i;

	for (i = 0; i < 16; i++)
		h = (h ^ addr[i]) * 16777619u;
	return (size_t)h;
}

/* Counts one upload; false when over the limit or the table is full. */
bool
pc_ratelimit_take(
    struct pc_ratelimit *rl, const unsigned char addr[16], long long now)
{
	long long minute = now / 60 + 1; /* never 0 */
	struct pc_ratelimit_slot *s, *free_slot = NULL;
	size_t h = hash_addr(addr), i;
	bool ok = false;

	pthread_mutex_lock(&rl->lock);
	for (i = 0; i < PC_RATELIMIT_PROBE; i++) {
		s = &rl->slots[(h + i) % PC_RATELIMIT_SLOTS];
		if (s->window == minute && memcmp(s->addr, addr, 16) == 0) {
			ok = s->count < rl->per_minute;
			s->count += ok;
			goto out;
		}
		if (s->window != minute && free_slot == NULL)
			free_slot = s;
	}
	if (free_slot != NULL) {
		memcpy(free_slot->addr, addr, 16);
		free_slot->window = minute;
		free_slot->count = 1;
		ok = rl->per_minute >= 1;
	}
out:
	pthread_mutex_unlock(&rl->lock);
	return ok;
}
