/* Error codes and the per-thread error detail slot. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "agent/lib/err.h"

static _Thread_local char error_text[1024];
static _Thread_local int error_code;

/* Static name of an error code. */
const char *
pc_strerror(int err)
{
	switch (err) {
	case PC_OK: return "success";
	case PC_ENOMEM: return "out of memory";
	case PC_EIO: return "I/O error";
	case PC_EUSAGE: return "usage error";
	case PC_ECONFIG: return "configuration error";
	case PC_EPARSE: return "malformed input";
	case PC_ELIMIT: return "size limit exceeded";
	case PC_EPERM: return "permission refused";
	case PC_ESANDBOX: return "sandbox unavailable";
	case PC_ENET: return "network error";
	case PC_EHTTP: return "HTTP error";
	case PC_EAUTH: return "credentials refused";
	case PC_ETIMEOUT: return "timed out";
	case PC_ECRYPTO: return "cryptographic error";
	case PC_EINVALID: return "verification failed";
	case PC_ENOTFOUND: return "not found";
	case PC_EEXIST: return "already exists";
	}
	return "unknown error";
}

/* Stores a detail message for this thread and returns err. */
int
pc_error_set(int err, const char *fmt, ...)
{
	char text[sizeof(error_text)];
	va_list ap;

	/* Format into a copy first: callers may pass pc_error_get() itself
	 * as an argument to add context. */
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	memcpy(error_text, text, sizeof(error_text));
	error_code = err;
	return err;
}

/* The detail message for this thread. */
const char *
pc_error_get(void)
{
	if (error_text[0] == '\0')
		return pc_strerror(error_code);
	return error_text;
}

/* Last code stored. */
int
pc_error_code(void)
{
	return error_code;
}

/* Clears this thread's error slot. */
void
pc_error_clear(void)
{
	error_text[0] = '\0';
	error_code = 0;
}

/* Exit status for an error: verification failures are 1, the rest 2. */
int
pc_err_exit_status(int err)
{
	if (err == PC_EINVALID)
		return 1;
	return err == 0 ? 0 : 2;
}
