#include "common/openmp_policy.h"

#include <cstdlib>

#include <dlfcn.h>
#include <unistd.h>

namespace causeway {

namespace {

// OpenBLAS's own queries, looked up rather than linked: libblas.so.3 may be another BLAS.
template <typename Function>
Function openBlasFunction(const char* name) {
    return reinterpret_cast<Function>(dlsym(RTLD_DEFAULT, name));
}

int openBlasParallelMode() { // 0 sequential, 1 pthreads, 2 OpenMP; -1 not OpenBLAS
    const auto parallel = openBlasFunction<int (*)()>("openblas_get_parallel");
    return parallel ? parallel() : -1;
}

// OpenBLAS built with OpenMP: its products share LibTorch's threads.
bool blasRunsOnOpenMpThreads() { return openBlasParallelMode() == 2; }

} // namespace

std::string blasDescription() {
    const auto config = openBlasFunction<char* (*)()>("openblas_get_config");
    if (!config) return "not OpenBLAS";
    static const char* const modes[] = {"single-threaded", "its own pthreads", "OpenMP threads"};
    const int mode = openBlasParallelMode();
    return std::string(config()) + " (" + (mode >= 0 && mode <= 2 ? modes[mode] : "unknown threading") + ")";
}

void restartWithPassiveOpenMpWaiting(char** argv) {
    if (std::getenv("OMP_WAIT_POLICY") || blasRunsOnOpenMpThreads()) return;
    setenv("OMP_WAIT_POLICY", "PASSIVE", 1);
    execv("/proc/self/exe", argv); // returns only on failure: carry on with the default policy
}

} // namespace causeway
