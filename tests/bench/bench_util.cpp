#include "bench_util.h"

#include "io/safetensors.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <vector>

namespace causeway::bench {

void writeRandomGpt2(const std::filesystem::path& folder, int layers, int width, int heads, int vocab, int positions) {
    std::filesystem::create_directories(folder);
    nlohmann::json config = {{"model_type", "gpt2"},  {"n_layer", layers},     {"n_embd", width},
                             {"n_head", heads},       {"vocab_size", vocab},   {"n_positions", positions},
                             {"activation_function", "gelu_new"}, {"layer_norm_epsilon", 1e-5}};
    std::ofstream(folder / "config.json") << config.dump(2);

    at::manual_seed(1234);
    const int64_t D = width;
    auto normal = [](std::vector<int64_t> shape) { return at::randn(shape) * 0.02; };
    std::vector<std::pair<std::string, at::Tensor>> tensors = {
        {"transformer.wte.weight", normal({vocab, D})},
        {"transformer.wpe.weight", normal({positions, D})},
        {"transformer.ln_f.weight", at::ones({D})},
        {"transformer.ln_f.bias", at::zeros({D})},
    };
    for (int l = 0; l < layers; ++l) {
        const std::string p = "transformer.h." + std::to_string(l) + ".";
        tensors.insert(tensors.end(), {
            {p + "ln_1.weight", at::ones({D})},           {p + "ln_1.bias", at::zeros({D})},
            {p + "ln_2.weight", at::ones({D})},           {p + "ln_2.bias", at::zeros({D})},
            {p + "attn.c_attn.weight", normal({D, 3 * D})}, {p + "attn.c_attn.bias", at::zeros({3 * D})},
            {p + "attn.c_proj.weight", normal({D, D})},   {p + "attn.c_proj.bias", at::zeros({D})},
            {p + "mlp.c_fc.weight", normal({D, 4 * D})},  {p + "mlp.c_fc.bias", at::zeros({4 * D})},
            {p + "mlp.c_proj.weight", normal({4 * D, D})}, {p + "mlp.c_proj.bias", at::zeros({D})},
        });
    }
    writeSafetensors(folder / "model.safetensors", tensors);
}

double medianSeconds(const std::function<void()>& work, int repeats) {
    work(); // warm-up: page in weights, size allocator caches
    std::vector<double> times;
    for (int i = 0; i < repeats; ++i) {
        auto start = std::chrono::steady_clock::now();
        work();
        times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

double matmulGflops(int n) {
    at::Tensor a = at::randn({n, n}), b = at::randn({n, n});
    double seconds = medianSeconds([&] { (void)at::mm(a, b); }, 5);
    return 2.0 * n * n * n / seconds / 1e9;
}

} // namespace causeway::bench
