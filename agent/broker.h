/*
 * The connection broker: a check child has no socket of its own. It asks
 * the parent over its channel for host:port; the parent checks the pair
 * against the check's allowlist (the URLs its config names), resolves the
 * name, connects, and passes the connected socket back (SCM_RIGHTS). TLS
 * stays end to end in the child.
 */
#ifndef PC_BROKER_H
#define PC_BROKER_H

#include <stdbool.h>
#include <stddef.h>

#include "check.h"

#define PC_BROKER_CONNECT_TIMEOUT_MS 10000
#define PC_BROKER_MAX_CONNECTS       4096 /* per child */

/*
 * Parent: connects to host:port if the pair is in allow[0..n), trying each
 * address the resolver gives until one answers within timeout_ms. On
 * success *fd_out is a connected TCP socket (caller closes). On failure
 * returns nonzero with pc_error_set() detail; *refused_out says the pair
 * was not allowed (rather than unreachable).
 */
int pc_broker_connect(int *fd_out, bool *refused_out,
    const struct pc_endpoint *allow, size_t n, const char *host, long port,
    int timeout_ms);

/*
 * Parent: answers one "connect" request on channel chan: {"t":"connect",
 * "ok":true} with the socket, or "ok":false, the reason, and whether the
 * pair was refused (not allowed) rather than unreachable. Returns nonzero
 * only when the answer could not be sent.
 */
int pc_broker_answer(int chan, int fd, const char *reason, bool refused);

/*
 * Child: asks the parent on channel chan for a connection to host:port.
 * Returns 0 with *fd_out connected, or nonzero with the parent's reason:
 * PC_EPERM when the pair is not allowed, PC_ENET when it is unreachable.
 */
int pc_broker_request(int *fd_out, int chan, const char *host, unsigned port);

/*
 * Child: routes every HTTPS connection of agent/lib/http.c through the
 * parent's broker on channel chan, with n's hosts pinned so libcurl never
 * resolves a name (a check child, the scan's submit child).
 */
void pc_broker_use(const struct pc_needs *n, int chan);

#endif
