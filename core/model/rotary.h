#pragma once
// Rotary position embeddings and their context-extension schemes (config.json's `rope_scaling`),
// computed as HuggingFace transformers 4.43 does: the inverse frequencies of each rotated pair and
// the factor that multiplies cos and sin ("attention scaling").
#include <ATen/core/Tensor.h>
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace causeway {

enum class RotaryScalingKind { None, Linear, DynamicNtk, Yarn, LongRope, Llama3 };

struct RotaryScaling {
    RotaryScalingKind kind = RotaryScalingKind::None;
    std::string typeName = "default"; // as config.json spells it
    double factor = 1.0;
    int64_t originalContext = 0;      // the context the model was pre-trained with
    double attentionFactor = 1.0;     // multiplies cos and sin
    double betaFast = 32.0, betaSlow = 1.0;            // yarn
    std::vector<double> shortFactors, longFactors;     // longrope: one per rotated pair
    double lowFreqFactor = 1.0, highFreqFactor = 4.0;  // llama3

    // Whether the frequencies depend on how long the sequence is (dynamic NTK, longrope).
    bool dependsOnLength() const { return kind == RotaryScalingKind::DynamicNtk || kind == RotaryScalingKind::LongRope; }
};

struct RotaryConfig {
    double theta = 10000.0;
    int64_t dim = 0; // rotated dims per head
    RotaryScaling scaling;
};

// Reads config["rope_scaling"] (absent or null = plain rotary). `maxPositions` is the config's
// max_position_embeddings; `contextLength` receives the longest sequence the scaled model accepts.
// Throws causeway::Error naming `source` for unknown types and missing or malformed fields.
RotaryScaling parseRotaryScaling(const nlohmann::json& config, int64_t rotaryDim, int64_t maxPositions,
                                 int64_t& contextLength, const std::string& source);

// Inverse frequency of each rotated pair, [dim / 2] float32, for a sequence `sequenceLength` long.
at::Tensor rotaryInverseFrequencies(const RotaryConfig& rotary, int64_t sequenceLength);

} // namespace causeway
