#pragma once
// How much memory a model needs before it is opened, against what the machine has, so that a
// model too big for the machine is refused with a sentence instead of the process being killed.
#include "model/architecture.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace causeway {

// What will be run on the model: the estimate's activations and KV cache scale with it.
struct Workload {
    int64_t tokens = 128; // prompt length (clamped to the model's context)
    int64_t batch = 1;    // rows run together; 0 = one per layer, as an activation-patching sweep batches them
};

struct MemoryEstimate {
    uint64_t weights = 0;     // stored bytes: memory-mapped, resident once a forward has touched them
    uint64_t widening = 0;    // the largest matrix widened to F32 for one product (0 when stored as F32)
    uint64_t kvCache = 0;     // keys and values of every layer for the whole workload
    uint64_t activations = 0; // one layer's intermediate tensors, the kept site values and the logits
    uint64_t total() const { return weights + widening + kvCache + activations; }
};

// weightBytes: the tensor data of the weight files; narrow: whether matrices are stored in
// F16/BF16 (and so widened per product).
MemoryEstimate estimateMemory(const ModelConfig& config, uint64_t weightBytes, bool narrow, const Workload& workload = {});

class WeightStore;
// The same from an opened folder's safetensors headers (no weight data is read).
MemoryEstimate estimateMemory(const ModelConfig& config, const WeightStore& weights, const Workload& workload = {});

// Reads config.json and the safetensors headers (no weight data) of a model folder. Throws
// causeway::Error as Transformer::load would for a broken folder.
MemoryEstimate estimateFolderMemory(const std::filesystem::path& folder, const Workload& workload = {});

// Bytes the machine can give a new allocation without swapping: MemAvailable from /proc/meminfo,
// or $CAUSEWAY_AVAILABLE_MEMORY_BYTES when set (tests use it to force a refusal). nullopt when
// neither can be read.
std::optional<uint64_t> availableMemoryBytes();

// "13.5 GB" (decimal gigabytes, one decimal).
std::string gigabytesText(uint64_t bytes);

// Throws causeway::Error "<what> needs ~X GB (…), but only Y GB is available…" when the estimate
// exceeds the available memory; does nothing when that is unknown.
void requireMemoryFor(const MemoryEstimate& estimate, const std::string& what);

} // namespace causeway
