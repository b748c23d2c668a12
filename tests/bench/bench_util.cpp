#include "bench_util.h"

#include "common/openmp_policy.h"
#include "model/gpt2_init.h"
#include "model/transformer.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

namespace causeway::bench {

void writeRandomGpt2(const std::filesystem::path& folder, int layers, int width, int heads, int vocab, int positions) {
    at::manual_seed(1234);
    const Gpt2Shape shape{layers, width, heads, vocab, positions};
    writeGpt2Folder(folder, shape, initialGpt2Weights(shape));
}

double medianSeconds(const std::function<void()>& work, int repeats) {
    work(); // warm-up: page in weights, size allocator caches
    std::vector<double> times;
    for (int i = 0; i < repeats; ++i) {
        auto start = std::chrono::steady_clock::now();
        work();
        times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

double matmulGflops(int n) {
    at::Tensor a = at::randn({n, n}), b = at::randn({n, n});
    double seconds = medianSeconds([&] { (void)at::mm(a, b); }, 5);
    return 2.0 * n * n * n / seconds / 1e9;
}

int configureAndPrintCompute() {
    const int threads = configureComputeThreads();
    std::printf("compute: %d threads; BLAS: %s\n", threads, blasDescription().c_str());
    return threads;
}

} // namespace causeway::bench
