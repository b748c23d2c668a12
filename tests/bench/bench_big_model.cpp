// A 7B model on a desktop: writes a random-weight BF16 model of Mistral-7B's shape (32 layers,
// width 4096, 32 query / 8 key-value heads, MLP 14336, vocabulary 32000) as sharded safetensors
// into a temporary folder, opens it, and prints load time, peak RSS against the weights' size,
// forward passes of 16 and 128 tokens and one 16-position block_output patching row; then deletes
// the folder. First it times the choices for a BF16 matmul on a 4096 x 4096 weight, interleaved.
// Usage: bench_big_model [--layers N] [--dir PARENT]   (--layers 0: only the matmul comparison)
#include "bench_util.h"

#include "common/openmp_policy.h"
#include "experiments/experiment.h"
#include "experiments/patching.h"
#include "io/safetensors.h"
#include "model/memory_estimate.h"
#include "model/transformer.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace causeway;

namespace {

constexpr int64_t kWidth = 4096, kHeads = 32, kKvHeads = 8, kMlp = 14336, kVocab = 32000;
constexpr int kLayersPerShard = 4;

double secondsOf(const std::function<void()>& work) {
    const auto start = std::chrono::steady_clock::now();
    work();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// A field of /proc/self/status in GB ("VmHWM" is the peak resident set, "RssFile" the mapped file pages).
double statusGigabytes(const char* field) {
    std::ifstream status("/proc/self/status");
    std::string key;
    while (status >> key) {
        if (key == std::string(field) + ":") {
            double kb = 0;
            status >> kb;
            return kb * 1024 / 1e9;
        }
        std::getline(status, key);
    }
    return -1;
}

// Widening the weight for each product against a BF16 product (input rounded to BF16) and the
// F32 weight held resident, in interleaved rounds so that other load on the machine hits all alike.
void compareMatmuls() {
    at::Tensor weight32 = at::randn({kWidth, kWidth}) * 0.02;
    at::Tensor weight16 = weight32.to(at::kBFloat16);
    std::printf("BF16 4096x4096 weight, y = x W^T, median of 5 interleaved rounds (ms):\n");
    std::printf("%8s %14s %14s %14s %14s\n", "tokens", "widen + F32", "BF16 matmul", "F32 resident", "widen alone");
    for (int64_t tokens : {16, 128}) {
        at::Tensor x = at::randn({tokens, kWidth});
        const std::vector<std::function<void()>> ways = {
            [&] { (void)at::mm(x, weight16.t().to(at::kFloat)); },
            [&] { (void)at::mm(x.to(at::kBFloat16), weight16.t()).to(at::kFloat); },
            [&] { (void)at::mm(x, weight32.t()); },
            [&] { (void)weight16.to(at::kFloat); },
        };
        std::vector<std::vector<double>> times(ways.size());
        for (auto& way : ways) way(); // warm-up
        for (int round = 0; round < 5; ++round)
            for (std::size_t w = 0; w < ways.size(); ++w) times[w].push_back(secondsOf(ways[w]));
        std::printf("%8lld", static_cast<long long>(tokens));
        for (auto& t : times) {
            std::sort(t.begin(), t.end());
            std::printf(" %14.1f", t[t.size() / 2] * 1e3);
        }
        std::printf("\n");
    }
    std::printf("\n");
}

at::Tensor randomBf16(std::vector<int64_t> shape, double scale) {
    return at::empty(shape).uniform_(-scale, scale).to(at::kBFloat16);
}

at::Tensor onesBf16(int64_t n) { return at::ones({n}).to(at::kBFloat16); }

// Mistral's checkpoint layout, shard by shard, with model.safetensors.index.json.
void writeMistralShape(const fs::path& folder, int layers) {
    fs::create_directories(folder);
    nlohmann::json config = {{"model_type", "mistral"}, {"architectures", {"MistralForCausalLM"}},
                             {"hidden_size", kWidth}, {"intermediate_size", kMlp},
                             {"num_attention_heads", kHeads}, {"num_key_value_heads", kKvHeads},
                             {"num_hidden_layers", layers}, {"vocab_size", kVocab},
                             {"max_position_embeddings", 32768}, {"rms_norm_eps", 1e-5},
                             {"rope_theta", 10000.0}, {"sliding_window", 4096}, {"hidden_act", "silu"},
                             {"tie_word_embeddings", false}, {"torch_dtype", "bfloat16"}};
    std::ofstream(folder / "config.json") << config.dump(2);

    at::manual_seed(7);
    const double scale = 0.02;
    nlohmann::json weightMap = nlohmann::json::object();
    const int shards = (layers + kLayersPerShard - 1) / kLayersPerShard + 1;
    for (int shard = 0; shard < shards; ++shard) {
        std::vector<std::pair<std::string, at::Tensor>> tensors;
        if (shard == 0) {
            tensors.emplace_back("model.embed_tokens.weight", randomBf16({kVocab, kWidth}, scale));
            tensors.emplace_back("model.norm.weight", onesBf16(kWidth));
            tensors.emplace_back("lm_head.weight", randomBf16({kVocab, kWidth}, scale));
        } else {
            const int first = (shard - 1) * kLayersPerShard, last = std::min(layers, first + kLayersPerShard);
            for (int l = first; l < last; ++l) {
                const std::string p = "model.layers." + std::to_string(l) + ".";
                const int64_t headDim = kWidth / kHeads;
                tensors.emplace_back(p + "input_layernorm.weight", onesBf16(kWidth));
                tensors.emplace_back(p + "post_attention_layernorm.weight", onesBf16(kWidth));
                tensors.emplace_back(p + "self_attn.q_proj.weight", randomBf16({kHeads * headDim, kWidth}, scale));
                tensors.emplace_back(p + "self_attn.k_proj.weight", randomBf16({kKvHeads * headDim, kWidth}, scale));
                tensors.emplace_back(p + "self_attn.v_proj.weight", randomBf16({kKvHeads * headDim, kWidth}, scale));
                tensors.emplace_back(p + "self_attn.o_proj.weight", randomBf16({kWidth, kHeads * headDim}, scale));
                tensors.emplace_back(p + "mlp.gate_proj.weight", randomBf16({kMlp, kWidth}, scale));
                tensors.emplace_back(p + "mlp.up_proj.weight", randomBf16({kMlp, kWidth}, scale));
                tensors.emplace_back(p + "mlp.down_proj.weight", randomBf16({kWidth, kMlp}, scale));
            }
        }
        char name[64];
        std::snprintf(name, sizeof name, "model-%05d-of-%05d.safetensors", shard + 1, shards);
        writeSafetensors(folder / name, tensors);
        for (const auto& [tensorName, t] : tensors) weightMap[tensorName] = name;
    }
    std::ofstream(folder / "model.safetensors.index.json") << nlohmann::json{{"weight_map", weightMap}}.dump(1);
}

// Writing happens in a child process, so that the parent's peak RSS is the model's alone. The
// parent must not have run a parallel region yet: libgomp's thread pool does not survive a fork.
bool writeInChild(const fs::path& folder, int layers) {
    const pid_t child = fork();
    if (child == 0) {
        try {
            configureComputeThreads();
            writeMistralShape(folder, layers);
            _exit(0);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "writing failed: %s\n", e.what());
            _exit(1);
        }
    }
    int status = 0;
    return child > 0 && waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

void benchModel(const fs::path& folder) {
    std::shared_ptr<const Transformer> model;
    const double loadSeconds = secondsOf([&] { model = Transformer::load(folder); });
    std::vector<std::string> files;
    for (const auto& f : model->weightFiles()) files.push_back(f.string());
    std::string fingerprint;
    const double fingerprintSeconds = secondsOf([&] { fingerprint = weightsFingerprint(files); });
    const double weightsGb = static_cast<double>(estimateFolderMemory(folder).weights) / 1e9;
    const ModelConfig& c = model->config();
    std::printf("opened %zu shards, %.2fB parameters, %s: load %.2f s, fingerprint %.3f s (%s)\n", files.size(),
                model->parameterCount() / 1e9, model->weightDtype().c_str(), loadSeconds, fingerprintSeconds,
                fingerprint.c_str());
    std::printf("RSS after load: %.2f GB\n", statusGigabytes("VmRSS"));
    const MemoryEstimate sweep = estimateFolderMemory(folder, Workload{128, 0});
    std::printf("estimate for a 128-token patching sweep: ~%s (available now: %s)\n\n", gigabytesText(sweep.total()).c_str(),
                gigabytesText(availableMemoryBytes().value_or(0)).c_str());

    for (int64_t tokens : {16, 128}) {
        at::Tensor ids = at::randint(0, c.vocabSize, {1, tokens}, at::kLong);
        for (const char* pass : {"first", "second"}) {
            const double s = secondsOf([&] { (void)model->logits(ids); });
            std::printf("forward %3lld tokens (%s): %.2f s   RSS %.2f GB\n", static_cast<long long>(tokens), pass, s,
                        statusGigabytes("VmRSS"));
            std::fflush(stdout);
        }
    }

    ExperimentSpec patching;
    patching.kind = PatchingSpec::kKind;
    at::Tensor clean = at::randint(0, c.vocabSize, {16}, at::kLong);
    patching.promptIds.assign(clean.data_ptr<int64_t>(), clean.data_ptr<int64_t>() + 16);
    PatchingSpec& part = patching.part<PatchingSpec>();
    part.corruptedIds = patching.promptIds;
    part.corruptedIds[4] = (patching.promptIds[4] + 1) % c.vocabSize;
    part.components = {"block_output"};
    patching.layers = {static_cast<int>(c.numLayers / 2)};
    const double rowSeconds = secondsOf([&] { (void)runExperiment(*model, nullptr, patching); });
    std::printf("block_output patching row (layer %lld, 16 positions): %.2f s\n\n", static_cast<long long>(c.numLayers / 2),
                rowSeconds);

    const double peak = statusGigabytes("VmHWM");
    std::printf("peak RSS %.2f GB (mapped file pages now %.2f GB, heap now %.2f GB) against %.2f GB of weights: "
                "weights + %.2f GB (goal: weights + 2 GB)\n",
                peak, statusGigabytes("RssFile"), statusGigabytes("RssAnon"), weightsGb, peak - weightsGb);
}

} // namespace

int main(int argc, char** argv) {
    causeway::restartWithPassiveOpenMpWaiting(argv);
    int layers = 32;
    fs::path parent = fs::temp_directory_path();
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--layers") && i + 1 < argc) layers = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--dir") && i + 1 < argc) parent = argv[++i];
        else {
            std::fprintf(stderr, "usage: bench_big_model [--layers N] [--dir PARENT]\n");
            return 2;
        }
    }
    const fs::path folder = parent / ("causeway-bench-mistral-" + std::to_string(getpid()));
    if (layers > 0) {
        const double needGb = (2.0 * kVocab * kWidth + layers * (2.5 * kWidth * kWidth + 3.0 * kWidth * kMlp)) * 2 / 1e9;
        const double freeGb = static_cast<double>(fs::space(parent).available) / 1e9;
        std::printf("writing a %d-layer Mistral-7B-shaped BF16 model (~%.1f GB) to %s (%.1f GB free) ...\n", layers,
                    needGb, folder.c_str(), freeGb);
        if (freeGb < needGb + 2) {
            std::fprintf(stderr, "not enough disk space: pass a smaller --layers or another --dir\n");
            return 1;
        }
        std::fflush(stdout);
        bool written = false;
        const double writeSeconds = secondsOf([&] { written = writeInChild(folder, layers); });
        if (!written) {
            fs::remove_all(folder);
            return 1;
        }
        std::printf("written in %.1f s\n\n", writeSeconds);
    }
    bench::configureAndPrintCompute();
    std::printf("\n");
    compareMatmuls();
    std::fflush(stdout);
    if (layers <= 0) return 0;
    int status = 0;
    try {
        benchModel(folder);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        status = 1;
    }
    fs::remove_all(folder);
    return status;
}
