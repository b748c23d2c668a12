// Sweep speed: the fast engine against the naive loop (one full intervened forward pass per cell,
// as pyvene runs it), measured in the same run on a GPT-2-small-shaped model with random weights,
// and against the FLOP floor: the multiply-adds the sweep cannot avoid (each cell's layers from its
// first patched one, at positions from its start, logits at the last position only, cells before
// the first change not run, plus the plain runs), timed at the 2048² matmul speed measured around
// each sweep. Usage: bench_experiments [WORK_DIR] [--tokens N] [--samples N] [--fast-only]
// [--only patching|tracing] [--repeats N] (--fast-only skips the naive loop, which takes minutes for the trace).
#include "bench_util.h"

#include "experiments/experiment.h"
#include "experiments/patching.h"
#include "experiments/sweep.h"
#include "experiments/tracing.h"
#include "model/transformer.h"
#include "common/openmp_policy.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <chrono>
#include <vector>
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

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

double maxDifference(const ExperimentResult& a, const ExperimentResult& b) {
    double worst = 0;
    for (std::size_t m = 0; m < a.maps.size(); ++m)
        for (std::size_t i = 0; i < a.maps[m].raw.size(); ++i)
            worst = std::max(worst, std::abs(a.maps[m].raw[i] - b.maps[m].raw[i]));
    return worst;
}

// GPT-2 block FLOPs for `rows` rows at positions start..T-1: the four attention projections and
// the 4x MLP (24 D^2 per token), and the scores and weighted values over each query's keys.
double blockFlops(int64_t rows, int64_t start, int64_t T, int64_t D) {
    double attention = 0;
    for (int64_t q = start; q < T; ++q) attention += 4.0 * static_cast<double>(D) * static_cast<double>(q + 1);
    return static_cast<double>(rows) * (24.0 * D * D * static_cast<double>(T - start) + attention);
}

double readoutFlops(int64_t rows, int64_t D, int64_t V) { return 2.0 * static_cast<double>(rows * D * V); }

// Floor of an activation-patching sweep over every (layer, position) of block_output. As the
// issue defines it, a cell at layer L runs layers >= L; `strict` leaves out layer L itself, whose
// block output is the base run's next layer input with one position replaced (the engine skips it).
double patchingFloor(const ModelConfig& c, int64_t T, int64_t firstDifference, bool strict) {
    const int64_t L = c.numLayers, D = c.hiddenSize, V = c.vocabSize;
    double flops = 2 * (static_cast<double>(L) * blockFlops(1, 0, T, D) + readoutFlops(1, D, V)); // clean and corrupted runs
    for (int64_t layer = 0; layer < L; ++layer)
        for (int64_t p = firstDifference; p < T; ++p)
            flops += static_cast<double>(L - layer - (strict ? 1 : 0)) * blockFlops(1, p, T, D) + readoutFlops(1, D, V);
    return flops;
}

// Floor of a causal trace: 3 maps (hidden, then mlp and attn restored over a window of layers),
// N noised copies per cell, cells from the subject's first token on.
double tracingFloor(const ModelConfig& c, int64_t T, int64_t subjectBegin, int64_t N, int window, bool strict) {
    const int L = static_cast<int>(c.numLayers);
    const int64_t D = c.hiddenSize, V = c.vocabSize;
    double flops = static_cast<double>(L) * (blockFlops(1, 0, T, D) + blockFlops(N, 0, T, D)) + readoutFlops(1 + N, D, V);
    for (int map = 0; map < 3; ++map)
        for (int layer = 0; layer < L; ++layer) {
            const int first = map == 0 ? layer + (strict ? 1 : 0) : traceWindow(layer, window, L).front();
            for (int64_t t = subjectBegin; t < T; ++t) flops += (L - first) * blockFlops(N, t, T, D) + readoutFlops(N, D, V);
        }
    return flops;
}

} // namespace

int main(int argc, char** argv) {
    causeway::restartWithPassiveOpenMpWaiting(argv);
    std::filesystem::path dir = std::filesystem::temp_directory_path() / "causeway-bench-gpt2";
    int64_t tokens = 16;
    int samples = 10;
    bool fastOnly = false;
    int repeats = 3;
    std::string only;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--tokens") && i + 1 < argc) tokens = std::atoll(argv[++i]);
        else if (!std::strcmp(argv[i], "--samples") && i + 1 < argc) samples = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--fast-only")) fastOnly = true;
        else if (!std::strcmp(argv[i], "--only") && i + 1 < argc) only = argv[++i];
        else if (!std::strcmp(argv[i], "--repeats") && i + 1 < argc) repeats = std::max(1, std::atoi(argv[++i]));
        else if (argv[i][0] != '-') dir = argv[i];
        else {
            std::fprintf(stderr, "usage: %s [--tokens N] [--samples N] [--fast-only] [--only patching|tracing] [--repeats N] [MODEL_FOLDER]\n"
                                 "MODEL_FOLDER: where the random GPT-2-small-shaped model is written once (default: $TMPDIR/causeway-bench-gpt2)\n", argv[0]);
            return std::strcmp(argv[i], "--help") ? 2 : 0;
        }
    }
    if (!std::filesystem::exists(dir / "model.safetensors")) {
        std::printf("writing a random GPT-2-small-shaped model to %s ...\n", dir.c_str());
        bench::writeRandomGpt2(dir);
    }
    auto model = Transformer::load(dir);
    const int threads = bench::configureAndPrintCompute();
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

    const double patchFloor = patchingFloor(c, tokens, tokens / 4, false), patchStrict = patchingFloor(c, tokens, tokens / 4, true);
    const double traceFloor = tracingFloor(c, tokens, tokens / 4, samples, 10, false),
                 traceStrict = tracingFloor(c, tokens, tokens / 4, samples, 10, true);
    std::printf("%-44s %9s %9s %7s %10s %11s %9s %10s %11s\n", "sweep", "naive s", "fast s", "ratio", "max |diff|",
                "floor GFLOP", "floor s", "fast/floor", "fast/strict");
    struct Sweep {
        std::string name;
        ExperimentSpec spec;
        double floorFlops, strictFloorFlops;
        std::string kind;
    };
    for (const Sweep& sweep : {Sweep{"block_output patching (" + std::to_string(c.numLayers) + " x " + std::to_string(tokens) + " cells)",
                                     patching, patchFloor, patchStrict, "patching"},
                               Sweep{"causal trace, 3 maps, " + std::to_string(samples) + " noise samples", tracing, traceFloor, traceStrict, "tracing"}}) {
        if (!only.empty() && only != sweep.kind) continue;
        RunControl naiveControl, fastControl;
        naiveControl.engine = SweepEngine::Naive;
        ExperimentResult naive, fast;
        (void)runExperiment(*model, nullptr, sweep.spec, fastControl); // warm-up
        const double naiveSeconds =
            fastOnly ? std::nan("") : seconds([&] { naive = runExperiment(*model, nullptr, sweep.spec, naiveControl); });
        // The machine is shared and its speed drifts: the fast run is timed `repeats` times, each
        // between two 2048x2048 matmul measurements, and the median ratio to the floor reported.
        std::vector<double> fastTimes, ratios;
        for (int r = 0; r < repeats; ++r) {
            const double before = bench::matmulGflops();
            fastTimes.push_back(seconds([&] { fast = runExperiment(*model, nullptr, sweep.spec, fastControl); }));
            const double gflops = (before + bench::matmulGflops()) / 2;
            ratios.push_back(fastTimes.back() / (sweep.floorFlops / (gflops * 1e9)));
        }
        const double fastSeconds = median(fastTimes), ratio = median(ratios);
        std::printf("%-44s %9.2f %9.2f %6.1fx %10.2e %11.1f %9.2f %9.2fx %10.2fx\n", sweep.name.c_str(), naiveSeconds, fastSeconds,
                    naiveSeconds / fastSeconds, fastOnly ? std::nan("") : maxDifference(naive, fast), sweep.floorFlops / 1e9,
                    fastSeconds / ratio, ratio, ratio * sweep.floorFlops / sweep.strictFloorFlops);
        std::fflush(stdout);
    }
    std::printf("\n(fast s: median of the repeats; fast/floor: median of each repeat's ratio to the floor, the floor's FLOPs at the 2048x2048 matmul speed measured around that repeat; floor s = fast s / fast/floor;\n fast/strict: against a floor without a block_output cell's own layer, which the engine skips)\n");
    return 0;
}
