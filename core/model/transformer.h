#pragma once
// One decoder implementation for every supported family (see model/architecture.h), with every
// pyvene intervention site exposed through a single callback.
#include "model/architecture.h"
#include "model/sites.h"

#include <ATen/core/Tensor.h>

#include <bitset>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace causeway {

// Which sites a forward pass reports, and the callback that sees (and may replace) each one.
// The callback receives the site's tensor in pyvene's layout: [B, T, width] for position
// components, [B, heads, T, Dh] for head components, [B, H, T, S] for attention weights. It may
// modify the tensor in place or assign a new tensor of the same shape; the forward pass continues
// with whatever the reference holds afterwards. Sites nobody asked for cost one bit test.
class SiteHooks {
public:
    using Callback = std::function<void(const Site& site, at::Tensor& tensor)>;

    SiteHooks() = default;
    SiteHooks(int numLayers, Callback callback) : wanted_(numLayers), callback_(std::move(callback)) {}

    void want(int layer, Component c) { wanted_.at(layer).set(static_cast<int>(c)); }
    void wantAll(const std::vector<Component>& components);
    bool wants(int layer, Component c) const {
        return layer >= 0 && layer < static_cast<int>(wanted_.size()) && wanted_[layer].test(static_cast<int>(c));
    }
    void visit(int layer, Component c, at::Tensor& tensor) const {
        if (wants(layer, c)) callback_(Site{layer, c}, tensor);
    }

private:
    std::vector<std::bitset<kComponentCount>> wanted_;
    Callback callback_;
};

// Keys (after rotary) and values of the tokens seen so far, per layer, [B, Hkv, S, Dh].
struct KVCache {
    std::vector<at::Tensor> keys;
    std::vector<at::Tensor> values;
    int64_t length() const;
};

enum class LogitsMode { All, LastPosition, None };

struct ForwardOptions {
    const SiteHooks* hooks = nullptr;
    // When set, earlier tokens' keys/values come from here (positions continue after them) and
    // this pass's keys/values are appended.
    KVCache* cache = nullptr;
    LogitsMode logits = LogitsMode::All;
    // Optional [B, T, embeddingWidth] (D except for OPT with word_embed_proj_dim): replaces the
    // token-embedding lookup, as HF's `inputs_embeds` does
    // (position embeddings and Gemma's scale are still applied).
    at::Tensor tokenEmbeddings;
    // Stop after this layer (inclusive; -1 = all layers). Logits are then not computed: used to
    // gather source activations without paying for the layers above them.
    int lastLayer = -1;
    // Record autograd history (training interventions or the model itself); off for inference.
    bool enableGrad = false;
};

// A norm layer's weights: LayerNorm, RMSNorm, or OLMo's LayerNorm without weight and bias.
struct NormWeights {
    NormKind kind = NormKind::LayerNorm;
    at::Tensor weight, bias; // undefined when the norm has none; Gemma's (1 + w) is folded in
    double eps = 1e-5;
    at::Tensor operator()(const at::Tensor& x) const;
    // The norm as a linear map of x, with the scale it computes on `scaleFrom` (the input the real
    // norm sees) held fixed: LayerNorm's mean is subtracted, the weight applied, the bias left out.
    // Over pieces that sum to scaleFrom, these plus the bias sum to the norm of scaleFrom.
    at::Tensor linearized(const at::Tensor& scaleFrom, const at::Tensor& x) const;
};

// What turns the residual stream into logits, and what the attention blocks write into it, as
// plain linear maps: direct logit attribution follows each head and MLP through them
// (experiments/logit_attribution.cpp). Matrices are applied as y = x W, in their stored dtype.
struct ReadoutWeights {
    std::vector<at::Tensor> attentionOut;     // per layer [H * Dh, D]: head h owns rows h*Dh .. (h+1)*Dh - 1
    std::vector<at::Tensor> attentionOutBias; // per layer [D], undefined when none
    std::vector<std::optional<NormWeights>> postAttentionNorm, postMlpNorm; // Gemma 2's, per layer
    std::optional<NormWeights> finalNorm;     // none for OPT-350m
    at::Tensor projectOut;                    // OPT's [D, E], undefined when embeddings are not narrower
    at::Tensor unembedding;                   // [E, V]
    at::Tensor unembeddingBias;               // [V], undefined when none
};

// One batch of rows for Transformer::runLayer: hidden [B, n, D] at positions start..start+n-1,
// the earlier positions' keys/values [B, Hkv, start, Dh] (undefined when start is 0), and the
// hooks that see its sites (none when null).
struct LayerBatch {
    at::Tensor hidden;
    int64_t start = 0;
    at::Tensor pastKeys, pastValues;
    const SiteHooks* hooks = nullptr;
};

struct ForwardResult {
    at::Tensor logits;      // [B, T, V], [B, 1, V] or undefined, per LogitsMode
    at::Tensor finalHidden; // [B, T, D], the last block's output before the final norm
};

class Transformer {
public:
    // Opens a HuggingFace model folder: config.json + safetensors weights. Validates the config,
    // and every tensor's presence, dtype and shape; weights are memory-mapped and stay in their
    // stored dtype (F16/BF16 matrices are widened to F32 one product at a time; compute is F32).
    // Refuses a model whose estimated memory for one prompt (model/memory_estimate.h) exceeds
    // what the machine has available. Throws causeway::Error with a message naming the file and
    // the problem.
    static std::shared_ptr<const Transformer> load(const std::filesystem::path& folder);
    ~Transformer();

    const ModelConfig& config() const;
    const std::filesystem::path& folder() const;
    int64_t parameterCount() const;
    std::string weightDtype() const;
    const std::vector<std::filesystem::path>& weightFiles() const;

    // inputIds: [B, T] int64. Throws causeway::Error for ids outside the vocabulary or a sequence
    // longer than the model's context.
    ForwardResult forward(const at::Tensor& inputIds, const ForwardOptions& options = {}) const;
    // Convenience: logits [B, T, V] with no hooks.
    at::Tensor logits(const at::Tensor& inputIds) const;

    // The token-embedding lookup alone ([B, T, D], before position embeddings or scaling) and the
    // embedding matrix itself, both F32 (a copy for F16/BF16 models): causal tracing adds noise there.
    at::Tensor embedTokens(const at::Tensor& inputIds) const;
    at::Tensor tokenEmbeddingMatrix() const;

    // Every weight as loaded, by its checkpoint name (tied weights once), in its stored dtype.
    // The tensors share storage with the model: training code may set requires_grad and update
    // them in place (train F32 models: an F16/BF16 model's updates would be rounded).
    const std::vector<std::pair<std::string, at::Tensor>>& namedWeights() const;

    // Pieces of a forward pass, for experiments that recompute only part of it (the layers
    // from L on, the positions from p on). `embed` gives layer 0's input for tokens at positions
    // start..; `runLayer` runs one block on hidden [B, n, D] at positions start.. with the earlier
    // positions' keys/values [B, Hkv, start, Dh] (undefined when start is 0); `logitsOf` applies
    // the final norm and the LM head.
    at::Tensor embed(const at::Tensor& inputIds, const at::Tensor& tokenEmbeddings = {}, int64_t start = 0) const;
    at::Tensor runLayer(int layer, const at::Tensor& hidden, int64_t start, const at::Tensor& pastKeys,
                        const at::Tensor& pastValues, const SiteHooks* hooks = nullptr) const;
    // Several independent batches through one block at once: the row-wise work (norms,
    // projections, MLP) is one product over all their rows, attention runs per batch. Each
    // output equals runLayer on that batch alone; for sweeps whose batches are each too small
    // to keep the matrix products busy.
    std::vector<at::Tensor> runLayer(int layer, const std::vector<LayerBatch>& batches) const;
    at::Tensor logitsOf(const at::Tensor& hidden) const;
    ReadoutWeights readoutWeights() const;

private:
    struct Positions;
    Positions positionsFor(int64_t start, int64_t length) const;
    Transformer();
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Uses every core for LibTorch's intra-op work unless OMP_NUM_THREADS says otherwise (Debian's
// LibTorch starts with one thread). `threads` <= 0 means "all cores". Returns the count in use.
// Transformer::load calls it once if nobody has; after that the caller's choice stands.
int configureComputeThreads(int threads = 0);

} // namespace causeway
