/* `portcullis serve` confines its own file access with Landlock. */
#ifndef PC_SERVE_CONFINE_H
#define PC_SERVE_CONFINE_H

#include "agent/serve/config.h"

/*
 * Sets no_new_privs and a Landlock ruleset for this process and the
 * threads it starts afterwards (call before the HTTP daemon starts its
 * threads): read and write only under cfg->store (no exec, no special
 * files); read only the keyring's folder (so an edited keyring is read
 * again), the OpenSSL configuration, /dev/urandom and /proc. 0 when
 * applied; 1 when this kernel has no Landlock (the caller says so);
 * PC_ESANDBOX when it could not be applied.
 */
int pc_serve_confine(const struct pc_serve_config *cfg);

#endif
