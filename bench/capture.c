/*
 * capture - stand-in for scripts/kconfig/conf while run.sh records how the
 * kernel's make invokes conf.  Writes, next to itself (readlink /proc/self/exe):
 *   conf.capture-env   the environment, NUL-separated (as `env -0`)
 *   conf.capture-argv  argv, NUL-separated
 *   conf.capture-cwd   the working directory
 * Written in C rather than sh so no shell adds or rewrites variables (PWD...).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

static FILE *open_out(const char *self, const char *suffix)
{
	char p[4096];
	snprintf(p, sizeof p, "%s.capture-%s", self, suffix);
	FILE *f = fopen(p, "wb");
	if (!f) {
		perror(p);
		exit(1);
	}
	return f;
}

int main(int argc, char **argv)
{
	char self[4096], cwd[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n < 0)
		return 1;
	self[n] = 0;
	FILE *f = open_out(self, "env");
	for (char **e = environ; *e; e++)
		fwrite(*e, 1, strlen(*e) + 1, f);
	fclose(f);
	f = open_out(self, "argv");
	for (int i = 0; i < argc; i++)
		fwrite(argv[i], 1, strlen(argv[i]) + 1, f);
	fclose(f);
	f = open_out(self, "cwd");
	if (getcwd(cwd, sizeof cwd))
		fprintf(f, "%s\n", cwd);
	fclose(f);
	return 0;
}
