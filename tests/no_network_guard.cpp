// Preloaded (LD_PRELOAD) into the programs by tests/test_security.cpp: the first attempt to open a
// socket or resolve a host name ends the process with exit code 97 and says which call it was.
#include <cstdio>
#include <unistd.h>

namespace {

[[noreturn]] void caught(const char* call) {
    std::fprintf(stderr, "no_network_guard: the program called %s\n", call);
    _exit(97);
}

} // namespace

extern "C" {
__attribute__((visibility("default"))) int socket(int, int, int) { caught("socket"); }
__attribute__((visibility("default"))) int socketpair(int, int, int, int*) { caught("socketpair"); }
__attribute__((visibility("default"))) int connect(int, const void*, unsigned) { caught("connect"); }
__attribute__((visibility("default"))) int getaddrinfo(const char*, const char*, const void*, void**) { caught("getaddrinfo"); }
__attribute__((visibility("default"))) void* gethostbyname(const char*) { caught("gethostbyname"); }
}
