#pragma once
// Shared pieces of the benchmarks: a GPT-2-small-shaped model with random weights, written as a
// real HF folder so it loads through the same path as a downloaded model, and a timing helper.
#include <ATen/core/Tensor.h>

#include <filesystem>
#include <functional>

namespace causeway::bench {

// Writes config.json + model.safetensors for a GPT-2-shaped model (random weights, fixed seed).
void writeRandomGpt2(const std::filesystem::path& folder, int layers = 12, int width = 768, int heads = 12,
                     int vocab = 50257, int positions = 1024);

// Median wall time in seconds of `repeats` runs after one warm-up.
double medianSeconds(const std::function<void()>& work, int repeats);

// GFLOP/s of a plain n x n float matmul, as the baseline every figure is compared with.
double matmulGflops(int n = 2048);

// Configures the compute threads (configureComputeThreads) and prints them with the BLAS in use, the
// two things every figure depends on; returns the thread count.
int configureAndPrintCompute();

} // namespace causeway::bench
