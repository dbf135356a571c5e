/*
 * pstat - run one command once and report figures of that process alone.
 *
 *   pstat [-e ENVFILE] [-C DIR] [-c SRC:DST]... [-r FILE]... [-o OUT] -- PROG ARG...
 *
 *   -e ENVFILE  exec with exactly the environment in ENVFILE (NUL-separated
 *               VAR=VALUE, as written by `env -0`); like `env -i VAR=...`
 *   -C DIR      run in DIR
 *   -c SRC:DST  copy SRC to DST before the run (not timed)
 *   -r FILE     remove FILE before the run (not timed)
 *   -t SECONDS  kill the command (SIGKILL) after SECONDS; exit status 137
 *   -o OUT      the command's stdout goes to OUT (default /dev/null);
 *               stderr always goes to OUT.err (or /dev/null)
 *
 * Prints one line:
 *   wall_ns own_cpu_ns own_peak_rss_kb total_cpu_ns exit_status
 *
 *   wall_ns          fork to reap, clock_gettime(CLOCK_MONOTONIC)
 *   own_cpu_ns       CPU time of the exec'd process itself, without any child
 *                    it starts (the kernel conf and kforge popen() /bin/sh for
 *                    $(shell ...)): /proc/PID/schedstat sum_exec_runtime read
 *                    at the PTRACE_EVENT_EXIT stop, i.e. the same figure as
 *                    `perf stat -e task-clock --no-inherit`
 *   own_peak_rss_kb  VmHWM from /proc/PID/status at the same stop (before the
 *                    address space is torn down): peak RSS of that process only
 *   total_cpu_ns     user+sys from wait4() rusage: the process plus every
 *                    child it reaped (the shells and compilers of $(shell))
 *
 * Only the process itself is traced (no PTRACE_O_TRACEFORK): its children run
 * untraced.  The tracer costs one stop per signal the process receives
 * (SIGCHLD per $(shell)), a few microseconds each.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void die(const char *m)
{
	perror(m);
	exit(1);
}

static char **read_env(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		die(path);
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap);
	size_t n;
	while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (len + 1 >= cap)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
	buf[len] = 0;
	size_t cnt = 0;
	for (size_t i = 0; i < len; i++)
		cnt += buf[i] == 0;
	char **env = calloc(cnt + 2, sizeof(*env));
	size_t k = 0;
	for (size_t i = 0; i < len;) {
		env[k++] = buf + i;
		i += strlen(buf + i) + 1;
	}
	env[k] = NULL;
	return env;
}

static void copy_file(const char *src, const char *dst)
{
	int in = open(src, O_RDONLY), out;
	if (in < 0)
		die(src);
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out < 0)
		die(dst);
	char b[65536];
	ssize_t n;
	while ((n = read(in, b, sizeof b)) > 0)
		if (write(out, b, n) != n)
			die(dst);
	close(in);
	close(out);
}

static volatile sig_atomic_t timed_out;
static void on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
}

static long long now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(int argc, char **argv)
{
	char **env = NULL;
	const char *dir = NULL, *out = "/dev/null";
	int opt, timeout = 0;
	while ((opt = getopt(argc, argv, "+e:C:c:r:o:t:")) != -1) {
		switch (opt) {
		case 'e': env = read_env(optarg); break;
		case 'C': dir = optarg; break;
		case 'c': {
			char *s = strdup(optarg), *c = strchr(s, ':');
			if (!c) { fprintf(stderr, "pstat: -c SRC:DST\n"); return 2; }
			*c = 0;
			copy_file(s, c + 1);
			break;
		}
		case 'r': if (unlink(optarg) && errno != ENOENT) die(optarg); break;
		case 'o': out = optarg; break;
		case 't': timeout = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: pstat [-e ENVFILE] [-C DIR] [-c SRC:DST] [-r FILE] [-o OUT] -- PROG ARG...\n");
			return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "pstat: no command\n");
		return 2;
	}
	char errpath[4096];
	snprintf(errpath, sizeof errpath, "%s%s", out, strcmp(out, "/dev/null") ? ".err" : "");

	long long t0 = now_ns();
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		int fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int fe = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int fi = open("/dev/null", O_RDONLY);
		if (fo < 0 || fe < 0 || fi < 0)
			_exit(126);
		dup2(fi, 0); dup2(fo, 1); dup2(fe, 2);
		if (dir && chdir(dir))
			_exit(126);
		if (ptrace(PTRACE_TRACEME, 0, 0, 0))
			_exit(126);
		raise(SIGSTOP);
		if (env)
			execvpe(argv[optind], argv + optind, env);
		else
			execvp(argv[optind], argv + optind);
		_exit(127);
	}
	long long own_cpu = -1, hwm = -1;
	int st;
	struct rusage ru;
	if (timeout > 0) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_alarm;	/* no SA_RESTART: wait4 gets EINTR */
		sigaction(SIGALRM, &sa, NULL);
		alarm(timeout);
	}
	for (;;) {
		if (wait4(pid, &st, 0, &ru) < 0) {
			if (errno == EINTR && timed_out) {
				kill(pid, SIGKILL);
				fprintf(stderr, "pstat: %s killed after %d s\n", argv[optind], timeout);
				continue;
			}
			die("wait4");
		}
		if (WIFEXITED(st) || WIFSIGNALED(st))
			break;
		if (!WIFSTOPPED(st))
			continue;
		int sig = WSTOPSIG(st), ev = st >> 16;
		if (ev == PTRACE_EVENT_EXIT) {
			char p[64], line[256];
			snprintf(p, sizeof p, "/proc/%d/schedstat", (int)pid);
			FILE *f = fopen(p, "r");
			if (f) {
				if (fscanf(f, "%lld", &own_cpu) != 1)
					own_cpu = -1;
				fclose(f);
			}
			snprintf(p, sizeof p, "/proc/%d/status", (int)pid);
			f = fopen(p, "r");
			if (f) {
				while (fgets(line, sizeof line, f))
					if (!strncmp(line, "VmHWM:", 6))
						hwm = atoll(line + 6);
				fclose(f);
			}
			sig = 0;
		} else if (ev) {
			sig = 0;	/* exec event */
		} else if (sig == SIGSTOP && own_cpu == -1 && hwm == -1) {
			static int first = 1;
			if (first) {
				first = 0;
				if (ptrace(PTRACE_SETOPTIONS, pid, 0,
					   PTRACE_O_TRACEEXIT | PTRACE_O_TRACEEXEC))
					die("PTRACE_SETOPTIONS");
				sig = 0;
			}
		} else if (sig == SIGTRAP) {
			sig = 0;
		}
		ptrace(PTRACE_CONT, pid, 0, sig);
	}
	long long t1 = now_ns();
	long long tot = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000LL +
			(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000LL;
	int rc = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	printf("%lld %lld %lld %lld %d\n", t1 - t0, own_cpu, hwm, tot, rc);
	return 0;
}
