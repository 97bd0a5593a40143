/* Starts the provider emulator for a test (tests/emulator/start.sh). */
#ifndef PC_TEST_CONTENT_EMU_H
#define PC_TEST_CONTENT_EMU_H

#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

struct emu {
	char dir[64];
	char base[128]; /* https://127.0.0.1:PORT */
	char ca[128];
	pid_t pid;
};

/* Runs start.sh; fills e. Returns 0 or -1. */
static inline int
emu_start(struct emu *e)
{
	char certs[128], ready[128], line[64];
	int fds[2], status;
	pid_t child;
	FILE *f;
	ssize_t n;

	snprintf(e->dir, sizeof(e->dir), "/tmp/pc-emu-XXXXXX");
	if (mkdtemp(e->dir) == NULL || pipe(fds) != 0)
		return -1;
	snprintf(certs, sizeof(certs), "%s/certs", e->dir);
	snprintf(ready, sizeof(ready), "%s/port", e->dir);
	if ((child = fork()) == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		execl("/bin/sh", "sh", "tests/emulator/start.sh", certs, ready,
		    "--max-seconds", "300", (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	n = read(fds[0], line, sizeof(line) - 1);
	close(fds[0]);
	waitpid(child, &status, 0);
	if (n <= 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1;
	line[n] = '\0';
	e->pid = (pid_t)strtol(line, NULL, 10);
	if ((f = fopen(ready, "r")) == NULL)
		return -1;
	if (fgets(line, sizeof(line), f) == NULL) {
		fclose(f);
		return -1;
	}
	fclose(f);
	line[strcspn(line, "\r\n")] = '\0';
	snprintf(e->base, sizeof(e->base), "https://127.0.0.1:%s", line);
	snprintf(e->ca, sizeof(e->ca), "%s/ca.pem", certs);
	return 0;
}

/* Removes one entry of the emulator's temp folder. */
static inline int
emu_rm(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

/* Stops the emulator this test started and removes its temp folder. */
static inline void
emu_stop(struct emu *e)
{
	int i;

	if (e->pid > 0) {
		kill(e->pid, SIGTERM);
		for (i = 0; i < 50 && kill(e->pid, 0) == 0; i++)
			usleep(20000);
	}
	if (e->dir[0] == '/')
		nftw(e->dir, emu_rm, 8, FTW_DEPTH | FTW_PHYS);
}

#endif
