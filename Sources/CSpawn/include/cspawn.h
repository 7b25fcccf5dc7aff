#ifndef CACHESIM_CSPAWN_H
#define CACHESIM_CSPAWN_H

#include <sys/types.h>

/// Starts `path` with `argv` (NULL-terminated) as a child that cannot
/// outlive this process: in a process group of its own (so a terminal's
/// Ctrl-C reaches only cachesim, which stops it), with SIGKILL as its
/// parent-death signal (so a SIGKILL of cachesim takes it along), default
/// signal dispositions, standard input from /dev/null, standard output and
/// error appended to `log_path`, and no other inherited descriptor.
///
/// Returns the child's pid, or -1 with `*error` set to the errno of what
/// failed (fork, or the exec itself: ENOENT, EACCES, ENOEXEC…).
pid_t cachesim_spawn(const char *path, char *const argv[], const char *log_path, int *error);

#endif
