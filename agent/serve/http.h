/* The HTTPS front of `portcullis serve` (libmicrohttpd over GnuTLS). */
#ifndef PC_SERVE_HTTP_H
#define PC_SERVE_HTTP_H

#include <stddef.h>

#include "agent/serve/intake.h"

struct pc_serve_http;

/*
 * Starts the HTTPS daemon on cfg's listen address with the PEM cert and
 * key (TLS 1.2 and 1.3 only; there is no plain HTTP), the connection
 * timeout and limits from cfg, and these routes:
 *   POST /v1/reports                 an upload (pc_intake_accept)
 *   GET  /                           the fleet page (token)
 *   GET  /v1/offices/<id>/reports    an office's reports as JSON (token)
 * token is the bearer token PDS staff send; only its SHA-256 is kept.
 * Caller stops with pc_serve_http_stop().
 */
int pc_serve_http_start(struct pc_serve_http **h_out, struct pc_intake *in,
    const char *cert_pem, const char *key_pem, const char *token,
    size_t token_len);

/* The port actually bound (cfg may say 0). */
unsigned pc_serve_http_port(const struct pc_serve_http *h);

/* Stops the daemon, finishing no new request; NULL-safe. */
void pc_serve_http_stop(struct pc_serve_http *h);

#endif
