// Linked into the test programs of a ThreadSanitizer build only (tests/CMakeLists.txt).
//
// QProcess (Qt 6.4) starts a child with clone(CLONE_VM | CLONE_VFORK | CLONE_PIDFD): the child
// borrows the parent's memory until it calls exec. TSan's clone interceptor treats every clone as
// a fork and rebuilds its per-thread state in the child; with CLONE_VM that state is the
// parent's, and TSan (14 and 16 alike) stops with "CHECK failed: ((!thr->slot)) != (0)" in the
// first test that runs a child program. This definition replaces the interceptor's weak `clone`
// and sends exactly those vfork-style calls straight to the C library, as an uninstrumented
// vfork would go: the parent is suspended until the child execs, so there is nothing for TSan
// to order. Every other clone still goes through TSan.
#include <dlfcn.h>
#include <sched.h>
#include <sys/types.h>

#include <cstdarg>

extern "C" int __interceptor_clone(int (*fn)(void*), void* stack, int flags, void* arg, ...);

extern "C" int clone(int (*fn)(void*), void* stack, int flags, void* arg, ...) {
    // The optional arguments are read whether or not the flags use them, as glibc's own wrapper
    // is declared to take them; they are passed on unchanged.
    va_list rest;
    va_start(rest, arg);
    pid_t* parentTid = va_arg(rest, pid_t*);
    void* tls = va_arg(rest, void*);
    pid_t* childTid = va_arg(rest, pid_t*);
    va_end(rest);
    if ((flags & CLONE_VM) && (flags & CLONE_VFORK)) {
        using Clone = int (*)(int (*)(void*), void*, int, void*, ...);
        static const Clone libcClone = reinterpret_cast<Clone>(dlsym(RTLD_NEXT, "clone"));
        return libcClone(fn, stack, flags, arg, parentTid, tls, childTid);
    }
    return __interceptor_clone(fn, stack, flags, arg, parentTid, tls, childTid);
}
