#pragma once
// LibTorch runs elementwise work on libgomp's threads and matrix products on OpenBLAS's own
// pthreads. With libgomp's default (spinning) wait policy its idle threads keep the cores busy
// while OpenBLAS needs them: on 2 cores a bias add after a matmul took 4x the matmul itself,
// and a GPT-2 forward pass ran about 3x slower. libgomp reads OMP_WAIT_POLICY only when it is
// loaded, so a program sets it by restarting itself once, first thing in main().
namespace causeway {

// Restarts the program with OMP_WAIT_POLICY=PASSIVE unless the variable is already set (the
// user's choice wins). Returns only when no restart is needed or it failed (then runs as is).
void restartWithPassiveOpenMpWaiting(char** argv);

} // namespace causeway
