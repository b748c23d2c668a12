#include "model/transformer.h"

#include "common/error.h"
#include "io/model_folder.h"
#include "model/memory_estimate.h"
#include "model/moe.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <set>
#include <sstream>
#include <atomic>
#include <thread>

namespace causeway {

namespace fs = std::filesystem;

namespace {

std::string shapeText(at::IntArrayRef shape) {
    std::ostringstream s;
    s << '[';
    for (std::size_t i = 0; i < shape.size(); ++i) s << (i ? ", " : "") << shape[i];
    s << ']';
    return s.str();
}

std::string layerName(const char* pattern, int layer) {
    char buffer[256];
    std::snprintf(buffer, sizeof buffer, pattern, layer);
    return buffer;
}

// Matrices stay in their stored dtype (F16/BF16 memory-mapped, never a whole-model F32 copy);
// compute is F32, so a narrow matrix is widened just for the product that needs it. Widening is
// exact, so the results are those of an F32 model holding the same values; on CPUs without native
// bf16 this is also the fastest way (docs/big-models.md has the measurements). F32 passes through
// as the same tensor (no copy, autograd intact).
at::Tensor widened(const at::Tensor& t) { return t.scalar_type() == at::kFloat ? t : t.to(at::kFloat); }

// y = x W + b with W stored [in, out] (a transposed view for nn.Linear weights: BLAS reads it
// transposed, no copy).
struct Projection {
    at::Tensor weight; // [in, out], stored dtype
    at::Tensor bias;   // [out] F32, or undefined
    at::Tensor operator()(const at::Tensor& x) const {
        auto sizes = x.sizes().vec();
        at::Tensor flat = x.reshape({-1, x.size(-1)});
        const at::Tensor w = widened(weight);
        at::Tensor y = bias.defined() ? at::addmm(bias, flat, w) : at::mm(flat, w);
        sizes.back() = weight.size(1);
        return y.view(sizes);
    }
};

using Norm = NormWeights;

// One MLP: a dense layer's, or one expert of a sparse-MoE layer.
struct MlpWeights {
    Projection gate, up, down; // gate undefined for ungated MLPs
    Projection gateUp;         // Phi-3's fused [gate | up]
};

struct Layer {
    Norm attentionNorm;
    Norm mlpNorm; // unused for ParallelSharedNorm
    Norm postAttentionNorm, postMlpNorm; // Gemma 2 only
    Norm queryNorm, keyNorm;             // qk_layernorm: weight [heads, Dh] (StableLM) or [Dh] with bias (Phi)
    Projection qkv; // fused layouts
    Projection query, key, value;
    Projection attentionOut;
    MlpWeights mlp;
    Projection router;               // sparse MoE: [D, experts]
    std::vector<MlpWeights> experts; // empty for dense MLPs
    MlpWeights sharedExpert;         // Qwen2-MoE: every token's extra expert, scaled by
    Projection sharedExpertGate;     //   sigmoid(sharedExpertGate(x)) [D, 1]; else undefined
};

at::Tensor activate(Activation a, const at::Tensor& x) {
    switch (a) {
    case Activation::GeluTanh: return at::gelu(x, "tanh");
    case Activation::GeluErf: return at::gelu(x);
    case Activation::Silu: return at::silu(x);
    case Activation::Relu: return at::relu(x);
    }
    return x;
}

// Lets a head-component callback see [B, n, T, Dh] and writes its result back to [B, T, n*Dh].
void visitHeads(const SiteHooks& hooks, int layer, Component c, at::Tensor& flat, int64_t heads) {
    if (!hooks.wants(layer, c)) return;
    const int64_t B = flat.size(0), T = flat.size(1), Dh = flat.size(2) / heads;
    at::Tensor view = flat.view({B, T, heads, Dh}).permute({0, 2, 1, 3});
    hooks.visit(layer, c, view);
    flat = view.permute({0, 2, 1, 3}).reshape({B, T, heads * Dh});
}

// rotate_half on the first rotaryDim dims of each head; the rest pass through.
at::Tensor applyRotary(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin, int64_t rotaryDim) {
    const int64_t Dh = x.size(-1);
    at::Tensor rot = rotaryDim == Dh ? x : x.narrow(-1, 0, rotaryDim);
    const int64_t half = rotaryDim / 2;
    at::Tensor rotated = at::cat({-rot.narrow(-1, half, half), rot.narrow(-1, 0, half)}, -1);
    at::Tensor out = rot * cos + rotated * sin;
    return rotaryDim == Dh ? out : at::cat({out, x.narrow(-1, rotaryDim, Dh - rotaryDim)}, -1);
}

// LayerNorm over each head's Dh values of x [B, T, heads, Dh]: with each head's own weight row
// (weight [heads, Dh]) or one weight and bias for all heads ([Dh]).
at::Tensor normPerHead(const Norm& norm, const at::Tensor& x) {
    if (norm.weight.dim() == 1) return at::layer_norm(x, {x.size(-1)}, norm.weight, norm.bias, norm.eps);
    return at::layer_norm(x, {x.size(-1)}, {}, {}, norm.eps) * norm.weight;
}

// cap * tanh(x / cap): Gemma 2 bounds attention scores and logits this way.
at::Tensor softCap(const at::Tensor& x, double cap) { return at::tanh(x / cap) * cap; }

const SiteHooks& noHooks() {
    static const SiteHooks none;
    return none;
}

// What attention needs to know about one batch of rows [rows, length, D]: where its tokens sit
// (rotary angles, mask), the cache holding earlier positions, and the hooks for its sites.
struct AttentionBatch {
    int64_t rows = 0, length = 0;
    const SiteHooks* hooks = nullptr;
    KVCache* cache = nullptr;
    at::Tensor cos, sin, mask;
    int64_t firstRow = 0; // where its rows start when several batches are packed
    // This batch's part [rows, length, width] of a packed [1, N, width] (or [N, width]) tensor.
    at::Tensor partOf(const at::Tensor& packed) const {
        const int64_t width = packed.size(-1);
        return packed.reshape({-1, width}).narrow(0, firstRow, rows * length).view({rows, length, width});
    }
};

} // namespace

at::Tensor NormWeights::operator()(const at::Tensor& x) const {
    if (kind != NormKind::RMSNorm) return at::layer_norm(x, {x.size(-1)}, weight, bias, eps);
    at::Tensor variance = x.pow(2).mean(-1, /*keepdim=*/true);
    return x * at::rsqrt(variance + eps) * weight;
}

at::Tensor NormWeights::linearized(const at::Tensor& scaleFrom, const at::Tensor& x) const {
    at::Tensor out;
    if (kind == NormKind::RMSNorm) {
        out = x * at::rsqrt(scaleFrom.pow(2).mean(-1, /*keepdim=*/true) + eps);
    } else {
        const at::Tensor variance = at::var(scaleFrom, {-1}, /*unbiased=*/false, /*keepdim=*/true);
        out = (x - x.mean(-1, /*keepdim=*/true)) * at::rsqrt(variance + eps);
    }
    return weight.defined() ? out * weight : out;
}

void SiteHooks::wantAll(const std::vector<Component>& components) {
    for (int l = 0; l < static_cast<int>(wanted_.size()); ++l)
        for (Component c : components) want(l, c);
}

int64_t KVCache::length() const { return keys.empty() || !keys[0].defined() ? 0 : keys[0].size(2); }

namespace {
std::atomic<bool> threadsConfigured{false};
} // namespace

int configureComputeThreads(int threads) {
    threadsConfigured = true;
    if (threads <= 0) {
        if (const char* omp = std::getenv("OMP_NUM_THREADS"); omp && std::atoi(omp) > 0)
            threads = std::atoi(omp);
        else
            threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    }
    if (at::get_num_threads() != threads) at::set_num_threads(threads);
    return at::get_num_threads();
}

struct Transformer::Impl {
    fs::path folder;
    ModelConfig config;
    std::unique_ptr<WeightStore> store;
    std::string basePrefix; // as found in the checkpoint ("" when it lacks the family's prefix)
    int64_t parameterCount = 0;
    std::set<std::string> counted;
    std::vector<std::pair<std::string, at::Tensor>> namedWeights;

    at::Tensor tokenEmbedding;    // [V, D], stored dtype: rows are widened after the lookup
    at::Tensor positionEmbedding; // [P, D] or undefined, likewise
    Norm finalNorm;                 // undefined weight and kind LayerNorm: none (see hasFinalNorm)
    Projection projectIn, projectOut; // OPT's projected embeddings, else undefined
    Projection lmHead;
    std::vector<Layer> layers;
    at::Tensor inverseFrequencies; // [rotary dim / 2]; recomputed per length when rope_scaling says so
    float embeddingScale = 1.0f;

    std::string errorContext() const {
        return "a " + config.modelType + " model with " + std::to_string(config.numLayers) + " layers, width " +
               std::to_string(config.hiddenSize) + " and " + std::to_string(config.numHeads) + " heads";
    }

    std::string resolve(const std::string& relative) const { return basePrefix + relative; }

    // The tensor in its stored dtype (a view of the memory map), after checking it is there and
    // has the dtype and shape this model needs.
    at::Tensor require(const std::string& name, std::vector<int64_t> shape) {
        if (!store->contains(name))
            throw Error("The model folder " + folder.string() + " lacks the tensor '" + name + "' that " + errorContext() +
                        " needs; the download is incomplete or the weights belong to another model.");
        const TensorEntry& e = store->entry(name);
        if (e.dtype != StorageDtype::F32 && e.dtype != StorageDtype::F16 && e.dtype != StorageDtype::BF16)
            throw Error("The tensor '" + name + "' in " + store->fileOf(name).path().string() + " has dtype " +
                        dtypeName(e.dtype) + "; model weights must be F32, F16 or BF16.");
        if (e.shape != shape)
            throw Error("The tensor '" + name + "' in " + store->fileOf(name).path().string() + " has shape " +
                        shapeText(e.shape) + ", but config.json describes " + errorContext() + ", which needs " +
                        shapeText(shape) + "; the weights and config.json do not belong together.");
        if (!counted.insert(name).second) throw Error("internal error: weight '" + name + "' loaded twice");
        parameterCount += e.numel();
        namedWeights.emplace_back(name, store->tensor(name));
        return namedWeights.back().second;
    }

    // Vectors (norms, biases) are small: widened once at load rather than at every use.
    at::Tensor requireFloat(const std::string& name, std::vector<int64_t> shape) {
        return widened(require(name, std::move(shape)));
    }

    Projection projection(const std::string& stem, int64_t in, int64_t out, bool hasBias) {
        Projection p;
        const ArchitectureSpec& a = *config.arch;
        p.weight = a.conv1dWeights ? require(stem + ".weight", {in, out}) : require(stem + ".weight", {out, in}).t();
        if (hasBias) p.bias = requireFloat(stem + ".bias", {out});
        return p;
    }

    // One MLP of width I: a layer's dense MLP or one expert (names relative to `prefix`).
    MlpWeights mlpWeights(const std::string& prefix, const char* gate, const char* up, const char* down, int64_t I) {
        const int64_t D = config.hiddenSize;
        MlpWeights w;
        if (config.arch->extras.fusedGateUp) {
            w.gateUp = projection(prefix + gate, D, 2 * I, config.biases.mlp);
        } else {
            if (gate) w.gate = projection(prefix + gate, D, I, config.biases.mlp);
            w.up = projection(prefix + up, D, I, config.biases.mlp);
        }
        w.down = projection(prefix + down, I, D, config.biases.mlp);
        return w;
    }

    Norm norm(const std::string& stem) {
        Norm n;
        n.kind = config.arch->norm;
        n.eps = config.normEps;
        if (n.kind == NormKind::ParameterFreeLayerNorm) return n;
        n.weight = requireFloat(stem + ".weight", {config.hiddenSize});
        if (config.arch->normWeightPlusOne) n.weight = n.weight + 1.0f;
        if (config.biases.norms) n.bias = requireFloat(stem + ".bias", {config.hiddenSize});
        return n;
    }

    // qk_layernorm over Dh: one weight-only LayerNorm per head (StableLM; stacked to [heads, Dh]),
    // or one LayerNorm shared by all heads, with the family's norm bias (Phi).
    Norm headNorm(const std::string& pattern, int64_t heads) {
        Norm n;
        n.kind = NormKind::LayerNorm;
        n.eps = config.normEps;
        if (!config.arch->extras.qkNormPerHead) {
            n.weight = requireFloat(pattern + ".weight", {config.headDim});
            if (config.biases.norms) n.bias = requireFloat(pattern + ".bias", {config.headDim});
            return n;
        }
        std::vector<at::Tensor> rows;
        for (int h = 0; h < heads; ++h) rows.push_back(requireFloat(layerName(pattern.c_str(), h) + ".weight", {config.headDim}));
        n.weight = at::stack(rows);
        return n;
    }

    void loadWeights() {
        const ArchitectureSpec& a = *config.arch;
        const int64_t D = config.hiddenSize, V = config.vocabSize;
        const int64_t qWidth = config.numHeads * config.headDim, kvWidth = config.numKvHeads * config.headDim;

        // Hub checkpoints sometimes lack the base prefix (the original GPT-2 files say "h.0.attn...").
        basePrefix = a.basePrefix;
        if (!store->contains(resolve(std::string(a.tokenEmbedding) + ".weight")) &&
            store->contains(std::string(a.tokenEmbedding) + ".weight"))
            basePrefix.clear();

        const int64_t E = config.embeddingWidth;
        tokenEmbedding = require(resolve(std::string(a.tokenEmbedding) + ".weight"), {V, E});
        if (E != D) {
            if (!a.extras.projectIn)
                throw Error("internal error: " + config.modelType + " has no projection for narrower embeddings");
            projectIn = projection(resolve(a.extras.projectIn), E, D, false);
            projectOut = projection(resolve(a.extras.projectOut), D, E, false);
        }
        if (a.positionEmbedding)
            positionEmbedding = require(resolve(std::string(a.positionEmbedding) + ".weight"),
                                        {config.maxPositions + a.positionOffset, D});
        if (config.finalNorm) finalNorm = norm(resolve(a.finalNorm));
        if (config.tieEmbeddings) {
            // Taken at forward time (logitsOf): a transpose made now would not carry gradients
            // to the embedding if training later sets requires_grad on it.
        } else {
            lmHead.weight = require(a.lmHead + std::string(".weight"), {V, E}).t();
        }
        if (config.biases.lmHead) lmHead.bias = requireFloat(a.lmHead + std::string(".bias"), {V});
        if (a.scaleEmbeddingBySqrtWidth) embeddingScale = static_cast<float>(std::sqrt(static_cast<double>(D)));

        layers.resize(config.numLayers);
        for (int l = 0; l < config.numLayers; ++l) {
            const std::string p = resolve(layerName(a.layerPrefix, l));
            Layer& layer = layers[l];
            layer.attentionNorm = norm(p + a.attentionNorm);
            if (a.mlpNorm && config.residual != ResidualKind::ParallelSharedNorm) layer.mlpNorm = norm(p + a.mlpNorm);
            if (config.qkNorm) {
                layer.queryNorm = headNorm(p + a.extras.queryNorm, config.numHeads);
                layer.keyNorm = headNorm(p + a.extras.keyNorm, config.numKvHeads);
            }
            if (a.qkvLayout == QkvLayout::Separate) {
                layer.query = projection(p + a.query, D, qWidth, config.biases.qkv);
                layer.key = projection(p + a.key, D, kvWidth, config.biases.qkv);
                layer.value = projection(p + a.value, D, kvWidth, config.biases.qkv);
            } else {
                layer.qkv = projection(p + a.query, D, qWidth + 2 * kvWidth, config.biases.qkv);
            }
            layer.attentionOut = projection(p + a.attentionOut, qWidth, D, config.biases.attentionOut);
            if (a.extras.postAttentionNorm) layer.postAttentionNorm = norm(p + a.extras.postAttentionNorm);
            if (a.extras.postMlpNorm) layer.postMlpNorm = norm(p + a.extras.postMlpNorm);
            if (const MoeLayout& moe = a.extras.moe; config.isMoeLayer(l)) {
                layer.router = projection(p + moe.router, D, config.numExperts, false);
                for (int e = 0; e < config.numExperts; ++e)
                    layer.experts.push_back(mlpWeights(p + layerName(moe.expertPrefix, e), moe.expertGate, moe.expertUp,
                                                       moe.expertDown, config.expertIntermediateSize));
                if (moe.sharedExpert) {
                    layer.sharedExpert = mlpWeights(p + moe.sharedExpert, moe.expertGate, moe.expertUp, moe.expertDown,
                                                    config.sharedExpertIntermediateSize);
                    layer.sharedExpertGate = projection(p + moe.sharedExpertGate, D, 1, false);
                }
            } else {
                layer.mlp = mlpWeights(p, a.mlpGate, a.mlpUp, a.mlpDown, config.intermediateSize);
            }
        }

        if (a.positions == PositionKind::Rotary) {
            inverseFrequencies = rotaryInverseFrequencies(config.rotary, config.rotary.scaling.originalContext);
        }
    }

    // Splits the attention projections into [B, T, n*Dh] query, key and value.
    void projectQkv(const Layer& layer, const at::Tensor& x, at::Tensor& q, at::Tensor& k, at::Tensor& v) const {
        const int64_t qWidth = config.numHeads * config.headDim, kvWidth = config.numKvHeads * config.headDim;
        switch (config.arch->qkvLayout) {
        case QkvLayout::Separate:
            q = layer.query(x);
            k = layer.key(x);
            v = layer.value(x);
            break;
        case QkvLayout::FusedConcat: {
            at::Tensor qkv = layer.qkv(x);
            q = qkv.narrow(-1, 0, qWidth);
            k = qkv.narrow(-1, qWidth, kvWidth);
            v = qkv.narrow(-1, qWidth + kvWidth, kvWidth);
            break;
        }
        case QkvLayout::FusedInterleaved: {
            const int64_t B = x.size(0), T = x.size(1), H = config.numHeads, Dh = config.headDim;
            at::Tensor qkv = layer.qkv(x).view({B, T, H, 3 * Dh});
            q = qkv.narrow(-1, 0, Dh).reshape({B, T, H * Dh});
            k = qkv.narrow(-1, Dh, Dh).reshape({B, T, H * Dh});
            v = qkv.narrow(-1, 2 * Dh, Dh).reshape({B, T, H * Dh});
            break;
        }
        }
    }

    // Attention for one batch of rows [B, T, width] (q, k, v already projected): its sites, rotary,
    // the cache, the scores and the weighted values. Returns the context [B, T, H * Dh].
    at::Tensor attendBatch(const Layer& layer, int l, at::Tensor q, at::Tensor k, at::Tensor v, const AttentionBatch& batch) const {
        const SiteHooks& hooks = *batch.hooks;
        const int64_t B = q.size(0), T = q.size(1), H = config.numHeads, Hkv = config.numKvHeads, Dh = config.headDim;
        hooks.visit(l, Component::QueryOutput, q);
        hooks.visit(l, Component::KeyOutput, k);
        hooks.visit(l, Component::ValueOutput, v);
        visitHeads(hooks, l, Component::HeadQueryOutput, q, H);
        visitHeads(hooks, l, Component::HeadKeyOutput, k, Hkv);
        visitHeads(hooks, l, Component::HeadValueOutput, v, Hkv);

        if (config.clipQkv > 0) { // after the sites: a patched value is clipped too
            q = q.clamp(-config.clipQkv, config.clipQkv);
            k = k.clamp(-config.clipQkv, config.clipQkv);
            v = v.clamp(-config.clipQkv, config.clipQkv);
        }
        at::Tensor qh = q.reshape({B, T, H, Dh});
        at::Tensor kh = k.reshape({B, T, Hkv, Dh});
        if (config.qkNorm) {
            qh = normPerHead(layer.queryNorm, qh);
            kh = normPerHead(layer.keyNorm, kh);
        }
        qh = qh.transpose(1, 2);
        kh = kh.transpose(1, 2);
        at::Tensor vh = v.reshape({B, T, Hkv, Dh}).transpose(1, 2);
        if (config.arch->positions == PositionKind::Rotary) {
            qh = applyRotary(qh, batch.cos, batch.sin, config.rotary.dim);
            kh = applyRotary(kh, batch.cos, batch.sin, config.rotary.dim);
        }
        if (KVCache* cache = batch.cache) {
            at::Tensor& ck = cache->keys[l];
            at::Tensor& cv = cache->values[l];
            ck = ck.defined() ? at::cat({ck, kh}, 2) : kh.contiguous();
            cv = cv.defined() ? at::cat({cv, vh}, 2) : vh.contiguous();
            kh = ck;
            vh = cv;
        }
        const int64_t S = kh.size(2);
        if (Hkv != H) { // grouped-query attention: query head h reads kv head h / (H / Hkv)
            kh = kh.unsqueeze(2).expand({B, Hkv, H / Hkv, S, Dh}).reshape({B, H, S, Dh});
            vh = vh.unsqueeze(2).expand({B, Hkv, H / Hkv, S, Dh}).reshape({B, H, S, Dh});
        }
        at::Tensor scores = at::matmul(qh, kh.transpose(-1, -2)).mul_(config.attentionScale);
        if (config.attentionSoftCap > 0) scores = softCap(scores, config.attentionSoftCap);
        if (batch.mask.defined()) scores.masked_fill_(batch.mask, std::numeric_limits<float>::lowest());
        at::Tensor probs = at::softmax(scores, -1);
        hooks.visit(l, Component::AttentionWeight, probs);
        at::Tensor context = at::matmul(probs, vh).transpose(1, 2).reshape({B, T, H * Dh});
        hooks.visit(l, Component::AttentionValueOutput, context);
        visitHeads(hooks, l, Component::HeadAttentionValueOutput, context, H);
        return context;
    }

    // x is one batch [B, T, D], or several batches' rows packed as [1, N, D] (batches.size() > 1):
    // the projections run once over all rows, attention per batch.
    at::Tensor attention(const Layer& layer, int l, const at::Tensor& x, const std::vector<AttentionBatch>& batches) const {
        at::Tensor q, k, v;
        projectQkv(layer, x, q, k, v);
        if (batches.size() == 1) return layer.attentionOut(attendBatch(layer, l, q, k, v, batches.front()));
        std::vector<at::Tensor> contexts;
        for (const AttentionBatch& b : batches)
            contexts.push_back(attendBatch(layer, l, b.partOf(q), b.partOf(k), b.partOf(v), b).reshape({b.rows * b.length, -1}));
        return layer.attentionOut(at::cat(contexts, 0).unsqueeze(0));
    }

    // One MLP; mlp_activation is act(gate(x)) for gated MLPs (before the product with up(x)).
    at::Tensor denseMlp(const MlpWeights& w, int l, const at::Tensor& x, const SiteHooks& hooks) const {
        at::Tensor hidden;
        if (w.gateUp.weight.defined()) {
            at::Tensor gateUp = w.gateUp(x);
            const int64_t I = config.intermediateSize;
            at::Tensor gate = activate(config.activation, gateUp.narrow(-1, 0, I));
            hooks.visit(l, Component::MlpActivation, gate);
            hidden = gateUp.narrow(-1, I, I) * gate;
        } else if (w.gate.weight.defined()) {
            at::Tensor gate = activate(config.activation, w.gate(x));
            hooks.visit(l, Component::MlpActivation, gate);
            hidden = gate * w.up(x);
        } else {
            hidden = activate(config.activation, w.up(x));
            hooks.visit(l, Component::MlpActivation, hidden);
        }
        return w.down(hidden);
    }

    // Sparse MoE (Mixtral, Qwen2-MoE): each token goes to its top-k experts by router softmax
    // (model/moe.h), plus Qwen2-MoE's gated shared expert. The router logits are a site: a
    // replaced value changes the routing.
    at::Tensor sparseMoe(const Layer& layer, int l, const at::Tensor& x, const SiteHooks& hooks) const {
        at::Tensor flat = x.reshape({-1, x.size(-1)});
        at::Tensor routerLogits = layer.router(x);
        hooks.visit(l, Component::MoeRouterLogits, routerLogits);
        at::Tensor chosen, weights;
        routeTokens(config, routerLogits.reshape({-1, config.numExperts}), chosen, weights);
        at::Tensor out = at::zeros_like(flat);
        for (int64_t e = 0; e < static_cast<int64_t>(layer.experts.size()); ++e) {
            at::Tensor picked = chosen.eq(e); // [N, k]; an expert appears at most once per token
            at::Tensor rows = picked.any(-1).nonzero().squeeze(1);
            if (rows.numel() == 0) continue;
            at::Tensor weight = (weights * picked).sum(-1).index_select(0, rows).unsqueeze(1);
            at::Tensor y = denseMlp(layer.experts[e], /*no sites inside experts*/ -1, flat.index_select(0, rows), noHooks()) * weight;
            out.index_add_(0, rows, y);
        }
        if (layer.sharedExpertGate.weight.defined())
            out = out + at::sigmoid(layer.sharedExpertGate(flat)) * denseMlp(layer.sharedExpert, -1, flat, noHooks());
        return out.view(x.sizes());
    }

    at::Tensor mlp(const Layer& layer, int l, const at::Tensor& x, const SiteHooks& hooks) const {
        return layer.experts.empty() ? denseMlp(layer.mlp, l, x, hooks) : sparseMoe(layer, l, x, hooks);
    }

    // One block. `hooks` sees the row-wise sites of x (all batches' rows when packed); each
    // attention batch's own hooks see its attention sites.
    at::Tensor block(const Layer& layer, int l, at::Tensor x, const SiteHooks& hooks, const std::vector<AttentionBatch>& batches) const {
        hooks.visit(l, Component::BlockInput, x);
        const bool postNorm = config.residual == ResidualKind::SequentialPostNorm;
        at::Tensor attnIn = postNorm ? x : layer.attentionNorm(x);
        hooks.visit(l, Component::AttentionInput, attnIn);
        at::Tensor attnOut = attention(layer, l, attnIn, batches);
        hooks.visit(l, Component::AttentionOutput, attnOut);
        if (layer.postAttentionNorm.weight.defined()) attnOut = layer.postAttentionNorm(attnOut);

        at::Tensor mlpIn;
        switch (config.residual) {
        case ResidualKind::Sequential:
            x = x + attnOut;
            mlpIn = layer.mlpNorm(x);
            break;
        case ResidualKind::SequentialPostNorm:
            x = layer.attentionNorm(x + attnOut);
            mlpIn = x;
            break;
        case ResidualKind::ParallelTwoNorms: mlpIn = layer.mlpNorm(x); break;
        case ResidualKind::ParallelSharedNorm: mlpIn = attnIn; break;
        }
        hooks.visit(l, Component::MlpInput, mlpIn);
        at::Tensor mlpOut = mlp(layer, l, mlpIn, hooks);
        hooks.visit(l, Component::MlpOutput, mlpOut);
        if (layer.postMlpNorm.weight.defined()) mlpOut = layer.postMlpNorm(mlpOut);
        switch (config.residual) {
        case ResidualKind::Sequential: x = x + mlpOut; break;
        case ResidualKind::SequentialPostNorm: x = layer.mlpNorm(x + mlpOut); break;
        case ResidualKind::ParallelTwoNorms: x = mlpOut + attnOut + x; break; // HF's summation order
        case ResidualKind::ParallelSharedNorm: x = attnOut + mlpOut + x; break;
        }
        hooks.visit(l, Component::BlockOutput, x);
        return x;
    }
};

Transformer::Transformer() : impl_(std::make_unique<Impl>()) {}
Transformer::~Transformer() = default;

std::shared_ptr<const Transformer> Transformer::load(const fs::path& folder) {
    if (!threadsConfigured) configureComputeThreads(); // the first model gets every core; later loads keep a caller's choice
    std::shared_ptr<Transformer> model(new Transformer());
    Impl& m = *model->impl_;
    m.folder = folder;
    m.config = parseModelConfig(readConfigJson(folder), (folder / "config.json").string());
    m.store = std::make_unique<WeightStore>(folder);
    // Refuse before touching the weights: one prompt must fit, or the process would be killed later.
    requireMemoryFor(estimateMemory(m.config, *m.store), "The model in " + folder.string());
    m.loadWeights();
    return model;
}

const ModelConfig& Transformer::config() const { return impl_->config; }
const fs::path& Transformer::folder() const { return impl_->folder; }
int64_t Transformer::parameterCount() const { return impl_->parameterCount; }
std::string Transformer::weightDtype() const { return impl_->store->weightDtype(); }
const std::vector<fs::path>& Transformer::weightFiles() const { return impl_->store->files(); }
at::Tensor Transformer::tokenEmbeddingMatrix() const { return widened(impl_->tokenEmbedding); }
const std::vector<std::pair<std::string, at::Tensor>>& Transformer::namedWeights() const { return impl_->namedWeights; }

at::Tensor Transformer::embedTokens(const at::Tensor& inputIds) const {
    const Impl& m = *impl_;
    if (inputIds.dim() != 2 || inputIds.scalar_type() != at::kLong)
        throw Error("Token ids must be a [batch, tokens] int64 tensor.");
    if (inputIds.numel() > 0) {
        int64_t lo = inputIds.min().item<int64_t>(), hi = inputIds.max().item<int64_t>();
        if (lo < 0 || hi >= m.config.vocabSize)
            throw Error("Token id " + std::to_string(lo < 0 ? lo : hi) + " is outside the vocabulary of " +
                        m.folder.string() + " (ids run from 0 to " + std::to_string(m.config.vocabSize - 1) + ").");
    }
    return widened(at::embedding(m.tokenEmbedding, inputIds));
}

// Rotary angles and the attention mask for queries at positions start..start+T-1 over keys
// 0..start+T-1: everything a layer needs to know about where its tokens sit.
struct Transformer::Positions {
    at::Tensor cos, sin;
    at::Tensor causalMask, windowMask; // either may be undefined (nothing hidden / no window)
    const at::Tensor& maskFor(int layer, const ModelConfig& c) const {
        const bool slides = c.slidingWindow > 0 && layer >= c.firstWindowLayer && (!c.windowOnEvenLayersOnly || layer % 2 == 0);
        return slides ? windowMask : causalMask;
    }
};

Transformer::Positions Transformer::positionsFor(int64_t start, int64_t T) const {
    const Impl& m = *impl_;
    const ModelConfig& c = m.config;
    if (start + T > c.maxPositions)
        throw Error("The sequence is " + std::to_string(start + T) + " tokens long, but this model's context holds " +
                    std::to_string(c.maxPositions) + " (" + c.maxPositionsKey + " in " +
                    (m.folder / "config.json").string() + "); shorten the prompt.");
    Positions p;
    at::Tensor positions = at::arange(start, start + T, at::kLong);
    if (c.arch->positions == PositionKind::Rotary) {
        const RotaryScaling& scaling = c.rotary.scaling;
        at::Tensor inverse = scaling.dependsOnLength() ? rotaryInverseFrequencies(c.rotary, start + T) : m.inverseFrequencies;
        at::Tensor freqs = at::outer(positions.to(at::kFloat), inverse);
        at::Tensor angles = at::cat({freqs, freqs}, -1); // [T, rotary dim]
        p.cos = angles.cos().view({1, 1, T, c.rotary.dim});
        p.sin = angles.sin().view({1, 1, T, c.rotary.dim});
        if (scaling.attentionFactor != 1.0) {
            p.cos = p.cos * scaling.attentionFactor;
            p.sin = p.sin * scaling.attentionFactor;
        }
    }
    // Causal and sliding-window masks over [T, S]; true = hidden. With a window w, key j is
    // visible to query i iff i - w < j <= i.
    const int64_t S = start + T;
    at::Tensor query = positions.view({T, 1});
    at::Tensor key = at::arange(0, S, at::kLong).view({1, S});
    if (T > 1) p.causalMask = key > query;
    if (c.slidingWindow > 0) p.windowMask = (key > query).logical_or(key <= query - c.slidingWindow);
    return p;
}

at::Tensor Transformer::embed(const at::Tensor& inputIds, const at::Tensor& tokenEmbeddings, int64_t start) const {
    const Impl& m = *impl_;
    const ModelConfig& c = m.config;
    at::Tensor tokens = tokenEmbeddings.defined() ? tokenEmbeddings : embedTokens(inputIds);
    if (tokens.dim() != 3 || tokens.size(2) != c.embeddingWidth)
        throw Error("Token embeddings must be [batch, tokens, " + std::to_string(c.embeddingWidth) + "].");
    const int64_t T = tokens.size(1);
    if (T == 0) throw Error("The prompt is empty: there is nothing to run the model on.");
    if (start + T > c.maxPositions)
        throw Error("The sequence is " + std::to_string(start + T) + " tokens long, but this model's context holds " +
                    std::to_string(c.maxPositions) + " (" + c.maxPositionsKey + " in " +
                    (m.folder / "config.json").string() + "); shorten the prompt.");
    at::Tensor x = m.embeddingScale != 1.0f ? tokens * m.embeddingScale : tokens;
    if (m.projectIn.weight.defined()) x = m.projectIn(x);
    if (m.positionEmbedding.defined()) {
        at::Tensor positions = at::arange(start, start + T, at::kLong);
        x = x + widened(at::embedding(m.positionEmbedding, positions + c.arch->positionOffset)).unsqueeze(0);
    }
    return x;
}

at::Tensor Transformer::runLayer(int layer, const at::Tensor& hidden, int64_t start, const at::Tensor& pastKeys,
                                 const at::Tensor& pastValues, const SiteHooks* hooks) const {
    return runLayer(layer, {LayerBatch{hidden, start, pastKeys, pastValues, hooks}}).front();
}

std::vector<at::Tensor> Transformer::runLayer(int layer, const std::vector<LayerBatch>& batches) const {
    const Impl& m = *impl_;
    if (layer < 0 || layer >= m.config.numLayers) throw Error("runLayer: layer " + std::to_string(layer) + " does not exist.");
    if (batches.empty()) return {};
    std::vector<KVCache> caches(batches.size());
    std::vector<AttentionBatch> attention;
    int64_t packedRows = 0;
    for (std::size_t i = 0; i < batches.size(); ++i) {
        const LayerBatch& b = batches[i];
        const Positions p = positionsFor(b.start, b.hidden.size(1));
        caches[i].keys.resize(m.config.numLayers);
        caches[i].values.resize(m.config.numLayers);
        AttentionBatch a{b.hidden.size(0), b.hidden.size(1), b.hooks ? b.hooks : &noHooks(), &caches[i], p.cos, p.sin,
                         p.maskFor(layer, m.config)};
        a.firstRow = packedRows;
        packedRows += a.rows * a.length;
        if (b.start > 0) {
            caches[i].keys[layer] = b.pastKeys;
            caches[i].values[layer] = b.pastValues;
        }
        attention.push_back(std::move(a));
    }
    if (batches.size() == 1)
        return {m.block(m.layers[layer], layer, batches.front().hidden, *attention.front().hooks, attention)};

    // Packed: every batch's rows in one [1, N, D] tensor. A row-wise site is shown to each batch's
    // hooks as that batch's [rows, length, width] part; what they write lands in the packed tensor.
    std::vector<at::Tensor> rows;
    for (const LayerBatch& b : batches) rows.push_back(b.hidden.reshape({-1, b.hidden.size(-1)}));
    // As with one batch, an edit in place reaches whatever shares the site's storage (post-norm
    // blocks' attention input is the block input), and a replaced tensor reaches nothing else.
    SiteHooks packedHooks(m.config.numLayers, [&](const Site& site, at::Tensor& packed) {
        if (!packed.is_contiguous()) packed = packed.contiguous();
        std::vector<std::pair<const AttentionBatch*, at::Tensor>> replaced;
        for (const AttentionBatch& b : attention) {
            if (!b.hooks->wants(site.layer, site.component)) continue;
            const at::Tensor part = b.partOf(packed);
            at::Tensor seen = part;
            b.hooks->visit(site.layer, site.component, seen);
            if (!seen.is_same(part)) replaced.emplace_back(&b, seen);
        }
        if (replaced.empty()) return;
        packed = packed.clone();
        for (const auto& [b, part] : replaced) b->partOf(packed).copy_(part);
    });
    for (int c = 0; c < kComponentCount; ++c)
        for (const AttentionBatch& b : attention)
            if (b.hooks->wants(layer, static_cast<Component>(c))) packedHooks.want(layer, static_cast<Component>(c));
    const at::Tensor out = m.block(m.layers[layer], layer, at::cat(rows, 0).unsqueeze(0), packedHooks, attention).squeeze(0);
    std::vector<at::Tensor> outputs;
    for (const AttentionBatch& b : attention) outputs.push_back(b.partOf(out));
    return outputs;
}

at::Tensor Transformer::logitsOf(const at::Tensor& hidden) const {
    const Impl& m = *impl_;
    at::Tensor normed = m.config.finalNorm ? m.finalNorm(hidden) : hidden;
    if (m.projectOut.weight.defined()) normed = m.projectOut(normed);
    at::Tensor logits = m.config.tieEmbeddings ? Projection{m.tokenEmbedding.t(), m.lmHead.bias}(normed) : m.lmHead(normed);
    return m.config.finalLogitSoftCap > 0 ? softCap(logits, m.config.finalLogitSoftCap) : logits;
}

ReadoutWeights Transformer::readoutWeights() const {
    const Impl& m = *impl_;
    ReadoutWeights r;
    auto optionalNorm = [](const Norm& n) { return n.weight.defined() ? std::optional<NormWeights>(n) : std::nullopt; };
    for (const Layer& layer : m.layers) {
        r.attentionOut.push_back(layer.attentionOut.weight);
        r.attentionOutBias.push_back(layer.attentionOut.bias);
        r.postAttentionNorm.push_back(optionalNorm(layer.postAttentionNorm));
        r.postMlpNorm.push_back(optionalNorm(layer.postMlpNorm));
    }
    if (m.config.finalNorm) r.finalNorm = m.finalNorm;
    r.projectOut = m.projectOut.weight;
    r.unembedding = m.config.tieEmbeddings ? m.tokenEmbedding.t() : m.lmHead.weight;
    r.unembeddingBias = m.lmHead.bias;
    return r;
}

ForwardResult Transformer::forward(const at::Tensor& inputIds, const ForwardOptions& options) const {
    const Impl& m = *impl_;
    const ModelConfig& c = m.config;
    at::AutoGradMode gradMode(options.enableGrad);

    if (options.cache && static_cast<int64_t>(options.cache->keys.size()) != c.numLayers) {
        options.cache->keys.resize(c.numLayers);
        options.cache->values.resize(c.numLayers);
    }
    const int64_t start = options.cache ? options.cache->length() : 0;
    at::Tensor x = embed(inputIds, options.tokenEmbeddings, start);
    const int64_t T = x.size(1);
    Positions p = positionsFor(start, T);

    const SiteHooks& hooks = options.hooks ? *options.hooks : noHooks();
    const int lastLayer = options.lastLayer < 0 ? static_cast<int>(c.numLayers) - 1
                                                : std::min(options.lastLayer, static_cast<int>(c.numLayers) - 1);
    for (int l = 0; l <= lastLayer; ++l)
        x = m.block(m.layers[l], l, x, hooks, {AttentionBatch{x.size(0), T, &hooks, options.cache, p.cos, p.sin, p.maskFor(l, c)}});

    ForwardResult result;
    result.finalHidden = x;
    if (options.logits != LogitsMode::None && lastLayer == c.numLayers - 1)
        result.logits = logitsOf(options.logits == LogitsMode::LastPosition ? x.narrow(1, T - 1, 1) : x);
    return result;
}

at::Tensor Transformer::logits(const at::Tensor& inputIds) const { return forward(inputIds).logits; }

} // namespace causeway
