/* Standalone fuzz driver: replays every file in a corpus folder through
 * LLVMFuzzerTestOneInput, so the corpus runs as an ordinary test. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/lib/buf.h"
#include "agent/lib/fileio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Replays each regular file in argv[1] (a folder) or each file argument. */
int
main(int argc, char **argv)
{
	struct pc_buf b;
	struct dirent *de;
	char path[4096];
	int i, n = 0;
	DIR *d;

	for (i = 1; i < argc; i++) {
		if ((d = opendir(argv[i])) == NULL) {
			if (pc_file_read(&b, argv[i], 64 << 20) != 0) {
				fprintf(stderr, "cannot read %s\n", argv[i]);
				return 2;
			}
			LLVMFuzzerTestOneInput((const uint8_t *)b.data, b.len);
			pc_buf_free(&b);
			n++;
			continue;
		}
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", argv[i],
			    de->d_name);
			if (pc_file_read(&b, path, 64 << 20) != 0)
				continue;
			LLVMFuzzerTestOneInput((const uint8_t *)b.data, b.len);
			pc_buf_free(&b);
			n++;
		}
		closedir(d);
	}
	printf("%d passed, 0 failed\n", n);
	return n > 0 ? 0 : 1;
}
