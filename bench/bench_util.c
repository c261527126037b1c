/* zkpot benchmarks: running and measuring a child process (declared in
 * bench_util.h). Not a benchmark itself: the Makefile leaves it out of the
 * bench_<name> list. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_util.h"

/* fork, exec (argv[0] searched in PATH) in cwd with stdout (and stderr when
 * out_path is given) redirected, wait4 for the usage. */
bench_run_t bench_run(char *const argv[], const char *cwd, const char *out_path) {
    bench_run_t r = {0, 0, 0, -1};
    fflush(stdout); /* or the child would write our buffered lines again */
    fflush(stderr);
    uint64_t t0 = zkp_now_ns();
    pid_t pid = fork();
    if (pid == 0) {
        if (cwd && chdir(cwd) != 0) _exit(126);
        int fd = open(out_path ? out_path : "/dev/null",
                      out_path ? O_WRONLY | O_CREAT | O_TRUNC : O_WRONLY, 0644);
        if (fd >= 0) {
            dup2(fd, STDOUT_FILENO);
            if (out_path) dup2(fd, STDERR_FILENO);
        }
        execvp(argv[0], argv);
        _exit(127);
    }
    if (pid < 0) return r;
    int st;
    struct rusage ru;
    if (wait4(pid, &st, 0, &ru) < 0) return r;
    r.seconds = (double)(zkp_now_ns() - t0) / 1e9;
    r.cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
            (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    r.peak_mib = (double)ru.ru_maxrss / 1024.0;
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return r;
}

bench_run_t bench_run_sh(const char *cmd, const char *cwd, const char *out_path) {
    size_t n = strlen(cmd) + 8;
    char *full = malloc(n);
    if (!full) return (bench_run_t){0, 0, 0, -1};
    snprintf(full, n, "%s%s", strstr(cmd, "&&") ? "" : "exec ", cmd);
    bench_run_t r = bench_run((char *[]){"/bin/sh", "-c", full, NULL}, cwd, out_path);
    free(full);
    return r;
}
