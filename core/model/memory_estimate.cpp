#include "model/memory_estimate.h"

#include "common/error.h"
#include "io/model_folder.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace causeway {

namespace {

constexpr uint64_t kFloatBytes = 4;

// The biggest matrix a single product widens: the embedding/LM head, a (fused) MLP matrix or the
// fused attention projection.
uint64_t largestMatrixValues(const ModelConfig& c) {
    const int64_t fusedMlp = c.arch && c.arch->extras.fusedGateUp ? 2 : 1;
    const int64_t qkv = (c.numHeads + 2 * c.numKvHeads) * c.headDim;
    return static_cast<uint64_t>(std::max({c.vocabSize * c.embeddingWidth, fusedMlp * c.intermediateSize * c.hiddenSize,
                                           qkv * c.hiddenSize}));
}

} // namespace

MemoryEstimate estimateMemory(const ModelConfig& c, uint64_t weightBytes, bool narrow, const Workload& workload) {
    const uint64_t tokens = static_cast<uint64_t>(std::clamp<int64_t>(workload.tokens, 1, std::max<int64_t>(1, c.maxPositions)));
    const uint64_t batch = static_cast<uint64_t>(workload.batch > 0 ? workload.batch : std::max<int64_t>(1, c.numLayers));
    const uint64_t rows = batch * tokens;
    const uint64_t D = c.hiddenSize, H = c.numHeads, Dh = c.headDim;
    const uint64_t I = std::max({c.intermediateSize, c.expertIntermediateSize, c.sharedExpertIntermediateSize});
    const uint64_t kvWidth = c.numKvHeads * Dh;

    MemoryEstimate e;
    e.weights = weightBytes;
    e.widening = narrow ? largestMatrixValues(c) * kFloatBytes : 0;
    e.kvCache = static_cast<uint64_t>(c.numLayers) * 2 * kvWidth * rows * kFloatBytes;
    // Within one layer: residual, norms, q/k/v with grouped-query keys and values expanded to
    // every head, context and outputs (about 8 x D), the MLP's gate, up and product (3 x I), and
    // the attention scores and probabilities (2 x H x tokens per token). Across layers: one kept
    // site value per layer (patching keeps every layer's clean activations), and the logits.
    const uint64_t perLayer = rows * (8 * D + 2 * H * Dh + 3 * I + 2 * H * tokens);
    const uint64_t kept = static_cast<uint64_t>(c.numLayers) * tokens * D;
    const uint64_t logits = rows * static_cast<uint64_t>(c.vocabSize);
    e.activations = (perLayer + kept + logits) * kFloatBytes;
    return e;
}

MemoryEstimate estimateMemory(const ModelConfig& config, const WeightStore& weights, const Workload& workload) {
    const std::string dtype = weights.weightDtype();
    return estimateMemory(config, weights.dataBytes(), dtype != "F32" && dtype != "F64", workload);
}

MemoryEstimate estimateFolderMemory(const std::filesystem::path& folder, const Workload& workload) {
    const ModelConfig config = parseModelConfig(readConfigJson(folder), (folder / "config.json").string());
    return estimateMemory(config, WeightStore(folder), workload);
}

std::optional<uint64_t> availableMemoryBytes() {
    if (const char* env = std::getenv("CAUSEWAY_AVAILABLE_MEMORY_BYTES"); env && *env) {
        char* end = nullptr;
        const unsigned long long bytes = std::strtoull(env, &end, 10);
        if (end && *end == '\0') return bytes;
        throw Error(std::string("CAUSEWAY_AVAILABLE_MEMORY_BYTES is '") + env + "', not a number of bytes.");
    }
    std::ifstream meminfo("/proc/meminfo");
    std::string key;
    uint64_t value = 0;
    std::string unit;
    while (meminfo >> key >> value) {
        std::getline(meminfo, unit);
        if (key == "MemAvailable:") return value * 1024; // the kernel reports kB
    }
    return std::nullopt;
}

std::string gigabytesText(uint64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f GB", static_cast<double>(bytes) / 1e9);
    return text;
}

void requireMemoryFor(const MemoryEstimate& e, const std::string& what) {
    const std::optional<uint64_t> available = availableMemoryBytes();
    if (!available || e.total() <= *available) return;
    std::ostringstream message;
    message << what << " needs ~" << gigabytesText(e.total()) << " (weights " << gigabytesText(e.weights);
    if (e.widening) message << ", widening " << gigabytesText(e.widening);
    message << ", KV cache and activations " << gigabytesText(e.kvCache + e.activations) << "), but only "
            << gigabytesText(*available)
            << " is available; close other programs or open a smaller model.";
    throw Error(message.str());
}

} // namespace causeway
