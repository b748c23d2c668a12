#pragma once
// A GPT-2-architecture model folder with freshly initialised weights: what benchmarks, tests and
// the demo-model trainer start from. Written as a normal HF folder, so it loads like any other.
#include <ATen/core/Tensor.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace causeway {

struct Gpt2Shape {
    int layers = 12;
    int width = 768;
    int heads = 12;
    int64_t vocab = 50257;
    int positions = 1024;
};

nlohmann::json gpt2Config(const Gpt2Shape& shape);

// GPT-2's initialisation from the global generator: N(0, 0.02) for weights, the residual
// projections (attn.c_proj, mlp.c_proj) scaled by 1/sqrt(2 * layers), position embeddings
// N(0, 0.01), norms 1, biases 0. Tensors in checkpoint order with checkpoint names.
std::vector<std::pair<std::string, at::Tensor>> initialGpt2Weights(const Gpt2Shape& shape);

// Writes config.json (+ any extra fields) and model.safetensors.
void writeGpt2Folder(const std::filesystem::path& folder, const Gpt2Shape& shape,
                     const std::vector<std::pair<std::string, at::Tensor>>& weights,
                     const nlohmann::json& extraConfig = nlohmann::json::object());

} // namespace causeway
