#include "model/gpt2_init.h"

#include "common/error.h"
#include "io/atomic_file.h"
#include "io/safetensors.h"

#include <ATen/ATen.h>

#include <cmath>

namespace causeway {

nlohmann::json gpt2Config(const Gpt2Shape& s) {
    return {{"model_type", "gpt2"},     {"architectures", {"GPT2LMHeadModel"}}, {"n_layer", s.layers},
            {"n_embd", s.width},        {"n_head", s.heads},                    {"vocab_size", s.vocab},
            {"n_positions", s.positions}, {"activation_function", "gelu_new"},   {"layer_norm_epsilon", 1e-5},
            {"tie_word_embeddings", true}, {"torch_dtype", "float32"}};
}

std::vector<std::pair<std::string, at::Tensor>> initialGpt2Weights(const Gpt2Shape& s) {
    const int64_t D = s.width;
    const double std = 0.02, residualStd = 0.02 / std::sqrt(2.0 * s.layers);
    auto normal = [](std::vector<int64_t> shape, double sigma) { return at::randn(shape) * sigma; };
    std::vector<std::pair<std::string, at::Tensor>> t = {
        {"transformer.wte.weight", normal({s.vocab, D}, std)},
        {"transformer.wpe.weight", normal({s.positions, D}, 0.01)},
        {"transformer.ln_f.weight", at::ones({D})},
        {"transformer.ln_f.bias", at::zeros({D})},
    };
    for (int l = 0; l < s.layers; ++l) {
        const std::string p = "transformer.h." + std::to_string(l) + ".";
        t.insert(t.end(), {
            {p + "ln_1.weight", at::ones({D})},
            {p + "ln_1.bias", at::zeros({D})},
            {p + "attn.c_attn.weight", normal({D, 3 * D}, std)},
            {p + "attn.c_attn.bias", at::zeros({3 * D})},
            {p + "attn.c_proj.weight", normal({D, D}, residualStd)},
            {p + "attn.c_proj.bias", at::zeros({D})},
            {p + "ln_2.weight", at::ones({D})},
            {p + "ln_2.bias", at::zeros({D})},
            {p + "mlp.c_fc.weight", normal({D, 4 * D}, std)},
            {p + "mlp.c_fc.bias", at::zeros({4 * D})},
            {p + "mlp.c_proj.weight", normal({4 * D, D}, residualStd)},
            {p + "mlp.c_proj.bias", at::zeros({D})},
        });
    }
    return t;
}

void writeGpt2Folder(const std::filesystem::path& folder, const Gpt2Shape& shape,
                     const std::vector<std::pair<std::string, at::Tensor>>& weights, const nlohmann::json& extraConfig) {
    createFolders(folder);
    nlohmann::json config = gpt2Config(shape);
    config.update(extraConfig);
    writeFileAtomically(folder / "config.json", config.dump(2) + "\n");
    writeSafetensors(folder / "model.safetensors", weights, {{"format", "pt"}});
}

} // namespace causeway
