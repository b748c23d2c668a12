// Forward-pass speed of a GPT-2-small-shaped model (random weights) against the machine's own
// matmul rate, measured in the same run. Usage: bench_forward [WORK_DIR]
#include "bench_util.h"

#include "model/transformer.h"
#include "common/openmp_policy.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <cstdio>
#include <filesystem>

using namespace causeway;

namespace {

// Multiply-adds of the matmuls in one forward pass over T tokens (norms and activations are
// a few percent on top and not counted).
double forwardFlops(const ModelConfig& c, int64_t T) {
    const double D = c.hiddenSize, I = c.intermediateSize, V = c.vocabSize, t = T;
    const double perLayer = 2 * t * D * 3 * D + 2 * t * D * D + 2 * 2 * t * D * I + 2 * 2 * t * t * D;
    return c.numLayers * perLayer + 2 * t * D * V;
}

} // namespace

int main(int argc, char** argv) {
    causeway::restartWithPassiveOpenMpWaiting(argv);
    const std::filesystem::path dir = argc > 1 ? argv[1] : std::filesystem::temp_directory_path() / "causeway-bench-gpt2";
    if (!std::filesystem::exists(dir / "model.safetensors")) {
        std::printf("writing a random GPT-2-small-shaped model to %s ...\n", dir.c_str());
        bench::writeRandomGpt2(dir);
    }
    const int threads = bench::configureAndPrintCompute();
    auto model = Transformer::load(dir);
    const ModelConfig& c = model->config();
    std::printf("model: %lld layers, width %lld, %lld heads, vocabulary %lld, %.1fM parameters; %d threads\n",
                static_cast<long long>(c.numLayers), static_cast<long long>(c.hiddenSize),
                static_cast<long long>(c.numHeads), static_cast<long long>(c.vocabSize),
                model->parameterCount() / 1e6, threads);

    const double matmul = bench::matmulGflops(2048);
    std::printf("baseline: 2048x2048 float matmul %.1f GFLOP/s\n\n", matmul);
    std::printf("%8s %14s %12s %14s\n", "tokens", "ms / forward", "GFLOP/s", "vs matmul");
    for (int64_t T : {16, 128}) {
        at::Tensor ids = at::randint(0, c.vocabSize, {1, T}, at::kLong);
        double seconds = bench::medianSeconds([&] { (void)model->logits(ids); }, T <= 16 ? 20 : 10);
        double gflops = forwardFlops(c, T) / seconds / 1e9;
        std::printf("%8lld %14.2f %12.1f %13.0f%%\n", static_cast<long long>(T), seconds * 1e3, gflops,
                    100.0 * gflops / matmul);
    }
    return 0;
}
