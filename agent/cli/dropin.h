/* The systemd drop-in a config needs under the packaged portcullis.service. */
#ifndef PC_DROPIN_H
#define PC_DROPIN_H

#include "agent/lib/buf.h"
#include "agent/config.h"

/* Where the office installs the drop-in (printed in its header). */
#define PC_DROPIN_PATH "/etc/systemd/system/portcullis.service.d/office.conf"

/*
 * Appends to out (initialised by the caller) the text of a drop-in for
 * portcullis.service: LoadCredential= for the signing key and each provider
 * secret file and office.hmac beside the signing key (credential id = the
 * file's base name, see pc_secret_read; a file that does not exist yet is
 * only named in a comment, as systemd would fail the unit on it),
 * BindReadOnlyPaths= for each local content source and any extra CA or
 * policy outside /etc and /usr (the unit hides /home, /root, /srv, /mnt and
 * /media), and BindPaths= for a report folder outside /var/lib/portcullis.
 * A path systemd cannot take (relative, or with a quote, backslash, colon
 * or control character), or two secrets with one base name, is
 * PC_ECONFIG naming the key and the fix.
 */
int pc_dropin_text(struct pc_buf *out, const struct pc_config *cfg);

#endif
