// Sweep speed: the fast engine against the naive loop (one full intervened forward pass per cell,
// as pyvene runs it), measured in the same run on a GPT-2-small-shaped model with random weights.
// Usage: bench_experiments [WORK_DIR] [--tokens N] [--samples N]
#include "bench_util.h"

#include "experiments/experiment.h"
#include "experiments/patching.h"
#include "experiments/tracing.h"
#include "model/transformer.h"
#include "common/openmp_policy.h"

#include <ATen/ATen.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

using namespace causeway;

namespace {

double seconds(const std::function<void()>& work) {
    auto start = std::chrono::steady_clock::now();
    work();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double maxDifference(const ExperimentResult& a, const ExperimentResult& b) {
    double worst = 0;
    for (std::size_t m = 0; m < a.maps.size(); ++m)
        for (std::size_t i = 0; i < a.maps[m].raw.size(); ++i)
            worst = std::max(worst, std::abs(a.maps[m].raw[i] - b.maps[m].raw[i]));
    return worst;
}

} // namespace

int main(int argc, char** argv) {
    causeway::restartWithPassiveOpenMpWaiting(argv);
    std::filesystem::path dir = std::filesystem::temp_directory_path() / "causeway-bench-gpt2";
    int64_t tokens = 16;
    int samples = 10;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--tokens") && i + 1 < argc) tokens = std::atoll(argv[++i]);
        else if (!std::strcmp(argv[i], "--samples") && i + 1 < argc) samples = std::atoi(argv[++i]);
        else dir = argv[i];
    }
    if (!std::filesystem::exists(dir / "model.safetensors")) {
        std::printf("writing a random GPT-2-small-shaped model to %s ...\n", dir.c_str());
        bench::writeRandomGpt2(dir);
    }
    auto model = Transformer::load(dir);
    const int threads = configureComputeThreads();
    const ModelConfig& c = model->config();
    std::printf("model: %lld layers, width %lld, vocabulary %lld; %lld tokens; %d threads\n\n",
                static_cast<long long>(c.numLayers), static_cast<long long>(c.hiddenSize),
                static_cast<long long>(c.vocabSize), static_cast<long long>(tokens), threads);

    at::manual_seed(5);
    at::Tensor clean = at::randint(0, c.vocabSize, {tokens}, at::kLong);
    at::Tensor corrupted = clean.clone();
    corrupted[tokens / 4] = (clean[tokens / 4].item<int64_t>() + 1) % c.vocabSize; // one subject-like token differs

    ExperimentSpec patching;
    patching.kind = PatchingSpec::kKind;
    patching.promptIds.assign(clean.data_ptr<int64_t>(), clean.data_ptr<int64_t>() + tokens);
    patching.part<PatchingSpec>().corruptedIds.assign(corrupted.data_ptr<int64_t>(), corrupted.data_ptr<int64_t>() + tokens);
    patching.part<PatchingSpec>().components = {"block_output"};

    ExperimentSpec tracing;
    tracing.kind = TracingSpec::kKind;
    tracing.promptIds = patching.promptIds;
    tracing.part<TracingSpec>().subjectTokens = {tokens / 4, tokens / 4 + 3};
    tracing.part<TracingSpec>().noiseSamples = samples;
    tracing.part<TracingSpec>().window = 10;

    std::printf("%-44s %10s %10s %8s %12s\n", "sweep", "naive s", "fast s", "ratio", "max |diff|");
    for (const auto& [name, spec] : {std::pair<std::string, ExperimentSpec>{"block_output patching (" +
                                                                                std::to_string(c.numLayers) + " x " +
                                                                                std::to_string(tokens) + " cells)",
                                                                            patching},
                                     {"causal trace, 3 maps, " + std::to_string(samples) + " noise samples", tracing}}) {
        RunControl naiveControl, fastControl;
        naiveControl.engine = SweepEngine::Naive;
        ExperimentResult naive, fast;
        (void)runExperiment(*model, nullptr, spec, fastControl); // warm-up
        const double naiveSeconds = seconds([&] { naive = runExperiment(*model, nullptr, spec, naiveControl); });
        const double fastSeconds = seconds([&] { fast = runExperiment(*model, nullptr, spec, fastControl); });
        std::printf("%-44s %10.2f %10.2f %7.1fx %12.2e\n", name.c_str(), naiveSeconds, fastSeconds,
                    naiveSeconds / fastSeconds, maxDifference(naive, fast));
        std::fflush(stdout);
    }
    return 0;
}
