/*
 * make check's side of a fuzz target, built without libFuzzer: feeds each
 * file under tests/fuzz/regress/NAME and tests/fuzz/corpus/NAME (or the
 * files and directories given as arguments) to the target's
 * LLVMFuzzerTestOneInput() and prints TAP.  A failed check aborts with the
 * file named just before, so prove reports the test as dubious.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#ifndef FUZZ_NAME
#error FUZZ_NAME must name the target
#endif

static int n;

static void
one(const char *path)
{
	struct stat st;
	uint8_t *buf;
	size_t len;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL || fstat(fileno(fp), &st) == -1) {
		printf("not ok %d - %s: %s\n", ++n, path, strerror(errno));
		exit(1);
	}
	/* Exactly the file's bytes, so ASan sees a read past the end. */
	len = (size_t)st.st_size;
	if ((buf = malloc(len ? len : 1)) == NULL ||
	    fread(buf, 1, len, fp) != len) {
		printf("not ok %d - %s: cannot read\n", ++n, path);
		exit(1);
	}
	fclose(fp);
	printf("# %s\n", path);
	fflush(stdout);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	printf("ok %d - %s\n", ++n, path);
}

static int
visible(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

/* A file, or every file in a directory in name order. */
static void
walk(const char *path, int must)
{
	struct dirent **names;
	struct stat st;
	char *sub;
	int i, k;

	if (stat(path, &st) == -1) {
		if (!must && errno == ENOENT)
			return;
		printf("not ok %d - %s: %s\n", ++n, path, strerror(errno));
		exit(1);
	}
	if (!S_ISDIR(st.st_mode)) {
		one(path);
		return;
	}
	if ((k = scandir(path, &names, visible, alphasort)) == -1) {
		printf("not ok %d - %s: %s\n", ++n, path, strerror(errno));
		exit(1);
	}
	for (i = 0; i < k; i++) {
		if ((sub = malloc(strlen(path) + strlen(names[i]->d_name) +
		    2)) == NULL)
			abort();
		sprintf(sub, "%s/%s", path, names[i]->d_name);
		walk(sub, 1);
		free(sub);
		free(names[i]);
	}
	free(names);
}

int
main(int argc, char *argv[])
{
	int i;

	if (argc > 1)
		for (i = 1; i < argc; i++)
			walk(argv[i], 1);
	else {
		/* No crash found yet is no regress directory. */
		walk("tests/fuzz/regress/" FUZZ_NAME, 0);
		walk("tests/fuzz/corpus/" FUZZ_NAME, 1);
	}
	printf("1..%d\n", n);
	return 0;
}
