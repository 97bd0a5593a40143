/* Error codes and the per-thread error detail slot (libgit2 style). */
#ifndef PC_ERR_H
#define PC_ERR_H

/*
 * Functions return 0 or a negative pc_err. The detail for the user (one
 * whole sentence naming file, line and fix) goes in a per-thread slot with
 * pc_error_set(); the CLI prints it once.
 */
enum pc_err {
	PC_OK = 0,
	PC_ENOMEM = -1,   /* out of memory */
	PC_EIO = -2,      /* file or device I/O failed */
	PC_EUSAGE = -3,   /* bad command line */
	PC_ECONFIG = -4,  /* config or policy invalid */
	PC_EPARSE = -5,   /* malformed input from outside */
	PC_ELIMIT = -6,   /* a size/count cap was hit */
	PC_EPERM = -7,    /* file mode/owner refused, or access denied */
	PC_ESANDBOX = -8, /* sandbox could not be installed */
	PC_ENET = -9,     /* network/TLS failure */
	PC_EHTTP = -10,   /* HTTP error status from a provider */
	PC_EAUTH = -11,   /* credentials refused */
	PC_ETIMEOUT = -12,
	PC_ECRYPTO = -13,  /* key or signature problem */
	PC_EINVALID = -14, /* verification failed (bad signature, chain) */
	PC_ENOTFOUND = -15,
	PC_EEXIST = -16,
};

/* Static name of an error code ("I/O error"). */
const char *pc_strerror(int err);

/* Stores a printf-style detail message for this thread; returns err. */
int pc_error_set(int err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The detail message for this thread, or pc_strerror of the last code. */
const char *pc_error_get(void);

/* Last code stored with pc_error_set, 0 if none. */
int pc_error_code(void);

/* Clears this thread's error slot. */
void pc_error_clear(void);

/* Maps an error code to the CLI exit status from DESIGN.md (2 or 1). */
int pc_err_exit_status(int err);

#endif
