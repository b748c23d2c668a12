#pragma once
// LibTorch runs elementwise work on libgomp's threads and matrix products on the BLAS that
// libblas.so.3 resolves to. With Debian's default, OpenBLAS's own pthreads, the two sets of
// threads compete: with libgomp's default (spinning) wait policy its idle threads kept the cores
// busy while OpenBLAS needed them (on 2 cores a bias add after a matmul took 4x the matmul itself,
// and a GPT-2 forward pass ran about 3x slower), so there the programs wait passively. With
// OpenBLAS's OpenMP build (our programs prefer it, CMakeLists.txt says how) both run on the same
// OpenMP threads and libgomp's default policy, a short spin before sleeping, is the fastest.
// libgomp reads OMP_WAIT_POLICY only when it is loaded, so a program sets it by restarting
// itself once, first thing in main().
#include <string>

namespace causeway {

// Restarts the program with OMP_WAIT_POLICY=PASSIVE when the BLAS runs on threads of its own,
// unless the variable is already set (the user's choice wins). Returns only when no restart is
// needed or it failed (then runs as is).
void restartWithPassiveOpenMpWaiting(char** argv);

// The BLAS in use, for benchmark headers and bug reports: "OpenBLAS 0.3.21 ... (OpenMP threads)",
// or "not OpenBLAS" when libblas.so.3 is another implementation.
std::string blasDescription();

} // namespace causeway
