// config.json -> ModelConfig: the family's table entry, validated hyperparameters, rope_scaling,
// and the memory estimate made from them before any weight is touched (Transformer::load's order).
#include "fuzz_support.h"
#include "model/architecture.h"
#include "model/memory_estimate.h"
#include "model/rotary.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

using namespace causeway;

CAUSEWAY_FUZZ_TARGET(fuzz_config) {
    const nlohmann::json json = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded()) return; // readConfigJson refuses it with its own message
    const ModelConfig config = parseModelConfig(json, "config.json");
    (void)config.components();
    for (const Workload& workload : {Workload{}, Workload{config.maxPositions, 0}})
        (void)estimateMemory(config, 1u << 20, true, workload).total();
    if (config.arch->positions == PositionKind::Rotary) {
        // The model's load computes these once; a scaling that depends on the length, per forward.
        (void)rotaryInverseFrequencies(config.rotary, 16);
        (void)rotaryInverseFrequencies(config.rotary, std::min<int64_t>(config.maxPositions, 1 << 20));
    }
}
