// Attribution patching against the exact sweep it estimates, in the same run:
//  1. time: on a GPT-2-small-shaped model (random weights; IOI-sized prompt pair, 14 tokens), the
//     AtP estimate of every cell (two runs + one backward pass) against the fast exact sweep
//     (activation patching of every cell), for block_output by position and for heads, at 14
//     tokens and at 56;
//  2. quality: on the bundled demo model's IOI example (resources/experiments), AtP against exact
//     patching on every cell and on the 20 cells AtP ranks highest: Pearson and Spearman.
// Times are also given in plain forward passes of the same prompt, measured in the same run.
// Usage: bench_attribution_patching [WORK_DIR] [--tokens N] [--repeats N]
#include "bench_util.h"

#include "common/openmp_policy.h"
#include "experiments/attribution_patching.h"
#include "experiments/experiment.h"
#include "experiments/patching.h"
#include "io/model_folder.h"
#include "model/transformer.h"
#include "tokenize/tokenizer.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

using namespace causeway;

namespace {

ExperimentSpec atpOf(const ExperimentSpec& patching, int exactTopK) {
    AttributionPatchingSpec atp;
    atp.patching = patching.part<PatchingSpec>();
    atp.exactTopK = exactTopK;
    ExperimentSpec spec = ExperimentSpec::of(atp);
    spec.prompt = patching.prompt;
    spec.promptIds = patching.promptIds;
    return spec;
}

ExperimentSpec patchingOf(const std::vector<int64_t>& clean, const std::vector<int64_t>& corrupted, const std::string& component) {
    PatchingSpec p;
    p.corruptedIds = corrupted;
    p.components = {component};
    p.unit = isHeadComponent(*componentFromName(component)) ? PatchUnit::Head : PatchUnit::Position;
    ExperimentSpec spec = ExperimentSpec::of(p);
    spec.promptIds = clean;
    return spec;
}

} // namespace

int main(int argc, char** argv) {
    causeway::restartWithPassiveOpenMpWaiting(argv);
    std::filesystem::path dir = std::filesystem::temp_directory_path() / "causeway-bench-gpt2";
    std::vector<int64_t> tokenCounts = {14, 56}; // the IOI pair's length, and 4x it (the sweep grows with the square)
    int repeats = 3;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--tokens") && i + 1 < argc) tokenCounts = {std::atoll(argv[++i])};
        else if (!std::strcmp(argv[i], "--repeats") && i + 1 < argc) repeats = std::atoi(argv[++i]);
        else if (argv[i][0] != '-') dir = argv[i];
        else {
            std::fprintf(stderr, "usage: %s [--tokens N] [--repeats N] [MODEL_FOLDER]\n", argv[0]);
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
    std::printf("GPT-2-small shape: %lld layers, %lld heads, width %lld; %d threads; median of %d\n\n",
                static_cast<long long>(c.numLayers), static_cast<long long>(c.numHeads), static_cast<long long>(c.hiddenSize),
                threads, repeats);

    // One plain forward pass (logits at the last position) is the unit the times are given in.
    std::printf("%-8s %-30s %7s %9s %9s %9s %10s %11s\n", "tokens", "component", "cells", "forward s", "AtP s", "exact s",
                "exact/AtP", "AtP/forward");
    for (const int64_t length : tokenCounts) {
        at::manual_seed(5);
        const at::Tensor ids = at::randint(0, c.vocabSize, {length}, at::kLong);
        std::vector<int64_t> clean(ids.data_ptr<int64_t>(), ids.data_ptr<int64_t>() + length), corrupted = clean;
        const std::size_t name = static_cast<std::size_t>(length * 2 / 3); // IOI: one name differs
        corrupted[name] = (clean[name] + 1) % c.vocabSize;
        ForwardOptions last;
        last.logits = LogitsMode::LastPosition;
        const double forwardSeconds = bench::medianSeconds([&] { model->forward(ids.view({1, length}), last); }, repeats);
        for (const char* component : {"block_output", "head_attention_value_output"}) {
            const ExperimentSpec exact = patchingOf(clean, corrupted, component);
            const ExperimentSpec estimate = atpOf(exact, 0); // the estimate alone
            ExperimentResult estimated, swept;
            const double atpSeconds = bench::medianSeconds([&] { estimated = runExperiment(*model, nullptr, estimate); }, repeats);
            const double exactSeconds = bench::medianSeconds([&] { swept = runExperiment(*model, nullptr, exact); }, std::max(1, repeats / 2));
            std::printf("%-8lld %-30s %7lld %9.3f %9.3f %9.3f %9.1fx %10.1fx\n", static_cast<long long>(length), component,
                        static_cast<long long>(swept.cellsDone), forwardSeconds, atpSeconds, exactSeconds, exactSeconds / atpSeconds,
                        atpSeconds / forwardSeconds);
        }
    }

    // The demo model's IOI example: how well the estimate ranks and predicts the exact effects.
    const std::filesystem::path demo = resolveModelFolder("demo", std::filesystem::current_path());
    auto demoModel = Transformer::load(demo);
    auto tokenizer = loadTokenizer(demo);
    nlohmann::json ioi;
    {
        std::ifstream in(std::filesystem::path(CAUSEWAY_RESOURCES) / "experiments" / "ioi-patching-block-output.json");
        ioi = nlohmann::json::parse(in);
    }
    ExperimentSpec example = ExperimentSpec::fromJson(ioi, "ioi-patching-block-output.json");
    std::printf("\ndemo model, IOI: \"%s\" / \"%s\", answers '%s' vs '%s'\n", example.prompt.c_str(),
                example.part<PatchingSpec>().corruptedPrompt.c_str(), example.part<PatchingSpec>().correctText.c_str(),
                example.part<PatchingSpec>().incorrectText.c_str());
    std::printf("%-34s %8s %9s %9s %12s %9s %9s\n", "component", "cells", "Pearson", "Spearman", "top-20 cells", "Pearson", "Spearman");
    for (const char* component : {"block_output", "attention_output", "mlp_output", "head_attention_value_output"}) {
        ExperimentSpec patching = example;
        PatchingSpec& p = patching.part<PatchingSpec>();
        p.components = {component};
        p.unit = isHeadComponent(*componentFromName(component)) ? PatchUnit::Head : PatchUnit::Position;
        const ExperimentResult all = runExperiment(*demoModel, tokenizer.get(), atpOf(patching, -1));
        const ExperimentResult top = runExperiment(*demoModel, tokenizer.get(), atpOf(patching, 20));
        const AtpAgreement& a = all.part<AttributionPatchingResult>().agreement.at(0);
        const AtpAgreement& t = top.part<AttributionPatchingResult>().agreement.at(0);
        std::printf("%-34s %8lld %9.3f %9.3f %12lld %9.3f %9.3f\n", component, static_cast<long long>(a.cells), a.pearson, a.spearman,
                    static_cast<long long>(t.cells), t.pearson, t.spearman);
    }
    return 0;
}
