#include "model/architecture.h"

#include "common/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <initializer_list>

namespace causeway {

namespace {

// OPT's project_in / project_out, used when word_embed_proj_dim differs from hidden_size.
DecoderExtras optProjections() {
    DecoderExtras extras;
    extras.projectIn = "project_in";
    extras.projectOut = "project_out";
    return extras;
}

// Qwen2's sliding window: opt-in (use_sliding_window), and only on the layers from max_window_layers on.
DecoderExtras qwenWindow() {
    DecoderExtras extras;
    extras.windowFromLayerKey = "max_window_layers";
    return extras;
}

// Phi's qk_layernorm: one LayerNorm (weight and bias, width Dh) shared by every head of q and of k.
DecoderExtras phiQkNorms() {
    DecoderExtras extras;
    extras.queryNorm = "self_attn.q_layernorm";
    extras.keyNorm = "self_attn.k_layernorm";
    return extras;
}

// Field order follows ArchitectureSpec.
const ArchitectureSpec kLlamaLayout = {"llama", "LLaMA", "model.",
     "embed_tokens", nullptr, "norm", "lm_head",
     "layers.%d.", "input_layernorm", "post_attention_layernorm", QkvLayout::Separate,
     "self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj",
     "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj",
     false, NormKind::RMSNorm, false, PositionKind::Rotary, 0, ResidualKind::Sequential,
     false, false, false, BiasLayout{false, false, false, false, false, "attention_bias"}, Activation::Silu,
     true, true};

const std::vector<ArchitectureSpec> kClassicFamilies = {
    {"gpt2", "GPT-2", "transformer.",
     "wte", "wpe", "ln_f", "lm_head",
     "h.%d.", "ln_1", "ln_2", QkvLayout::FusedConcat, "attn.c_attn", nullptr, nullptr, "attn.c_proj",
     nullptr, "mlp.c_fc", "mlp.c_proj",
     /*conv1d*/ true, NormKind::LayerNorm, false, PositionKind::Learned, 0, ResidualKind::Sequential,
     false, /*tie*/ true, false, BiasLayout{true, true, true, true, false, nullptr}, Activation::GeluTanh,
     true, true},
    {"gpt_neox", "GPT-NeoX (Pythia)", "gpt_neox.",
     "embed_in", nullptr, "final_layer_norm", "embed_out",
     "layers.%d.", "input_layernorm", "post_attention_layernorm", QkvLayout::FusedInterleaved,
     "attention.query_key_value", nullptr, nullptr, "attention.dense",
     nullptr, "mlp.dense_h_to_4h", "mlp.dense_4h_to_h",
     false, NormKind::LayerNorm, false, PositionKind::Rotary, 0, ResidualKind::ParallelTwoNorms,
     false, false, false, BiasLayout{true, true, true, true, false, nullptr}, Activation::GeluErf,
     /*pyvene 0.1.5 maps no q/k/v for NeoX*/ false, true},
    kLlamaLayout,
    {"mistral", "Mistral", "model.",
     "embed_tokens", nullptr, "norm", "lm_head",
     "layers.%d.", "input_layernorm", "post_attention_layernorm", QkvLayout::Separate,
     "self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj",
     "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj",
     false, NormKind::RMSNorm, false, PositionKind::Rotary, 0, ResidualKind::Sequential,
     false, false, /*sliding window*/ true, BiasLayout{}, Activation::Silu,
     true, true},
    {"qwen2", "Qwen2", "model.",
     "embed_tokens", nullptr, "norm", "lm_head",
     "layers.%d.", "input_layernorm", "post_attention_layernorm", QkvLayout::Separate,
     "self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj",
     "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj",
     false, NormKind::RMSNorm, false, PositionKind::Rotary, 0, ResidualKind::Sequential,
     false, false, /*sliding window*/ true, BiasLayout{true, false, false, false, false, nullptr}, Activation::Silu,
     true, true, qwenWindow()},
    {"gemma", "Gemma", "model.",
     "embed_tokens", nullptr, "norm", "lm_head",
     "layers.%d.", "input_layernorm", "post_attention_layernorm", QkvLayout::Separate,
     "self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj",
     "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj",
     false, NormKind::RMSNorm, /*1 + w*/ true, PositionKind::Rotary, 0, ResidualKind::Sequential,
     /*sqrt(D) embedding scale*/ true, true, false, BiasLayout{false, false, false, false, false, "attention_bias"},
     Activation::GeluTanh, true, true},
    {"opt", "OPT", "model.decoder.",
     "embed_tokens", "embed_positions", "final_layer_norm", "lm_head",
     "layers.%d.", "self_attn_layer_norm", "final_layer_norm", QkvLayout::Separate,
     "self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.out_proj",
     nullptr, "fc1", "fc2",
     false, NormKind::LayerNorm, false, PositionKind::Learned, /*offset*/ 2, ResidualKind::Sequential,
     false, true, false, BiasLayout{true, true, true, true, false, nullptr}, Activation::Relu,
     true, true, optProjections()},
    {"phi", "Phi", "model.",
     "embed_tokens", nullptr, "final_layernorm", "lm_head",
     "layers.%d.", "input_layernorm", nullptr, QkvLayout::Separate,
     "self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.dense",
     nullptr, "mlp.fc1", "mlp.fc2",
     false, NormKind::LayerNorm, false, PositionKind::Rotary, 0, ResidualKind::ParallelSharedNorm,
     false, false, false, BiasLayout{true, true, true, true, true, nullptr}, Activation::GeluTanh,
     true, true, phiQkNorms()},
};

// The newer families differ from LLaMA's layout in a few fields each; they are stated as those
// differences.
ArchitectureSpec llamaLike(const char* modelType, const char* displayName) {
    ArchitectureSpec spec = kLlamaLayout;
    spec.modelType = modelType;
    spec.displayName = displayName;
    return spec;
}

std::vector<ArchitectureSpec> newerFamilies() {
    ArchitectureSpec gemma2 = llamaLike("gemma2", "Gemma 2");
    gemma2.mlpNorm = "pre_feedforward_layernorm";
    gemma2.normWeightPlusOne = true;
    gemma2.scaleEmbeddingBySqrtWidth = true;
    gemma2.tieEmbeddingsByDefault = true;
    gemma2.slidingWindowAttention = true;
    gemma2.defaultActivation = Activation::GeluTanh;
    gemma2.extras.postAttentionNorm = "post_attention_layernorm";
    gemma2.extras.postMlpNorm = "post_feedforward_layernorm";
    gemma2.extras.softCapping = true;
    gemma2.extras.windowOnEvenLayersOnly = true;

    ArchitectureSpec phi3 = llamaLike("phi3", "Phi-3");
    phi3.qkvLayout = QkvLayout::FusedConcat; // [q | k | v] along the output
    phi3.query = "self_attn.qkv_proj";
    phi3.key = phi3.value = nullptr;
    phi3.mlpGate = "mlp.gate_up_proj";
    phi3.mlpUp = nullptr;
    phi3.slidingWindowAttention = true;
    phi3.biases = BiasLayout{};
    phi3.extras.fusedGateUp = true;

    ArchitectureSpec mixtral = llamaLike("mixtral", "Mixtral");
    mixtral.slidingWindowAttention = true;
    mixtral.biases = BiasLayout{};
    mixtral.extras.moe = MoeLayout{"block_sparse_moe.gate", "num_local_experts", "block_sparse_moe.experts.%d.", "w1", "w3", "w2"};

    ArchitectureSpec qwen2Moe = llamaLike("qwen2_moe", "Qwen2-MoE");
    qwen2Moe.slidingWindowAttention = true;
    qwen2Moe.biases = BiasLayout{/*qkv*/ true, false, false, false, false, nullptr};
    qwen2Moe.extras = qwenWindow();
    qwen2Moe.extras.moe = MoeLayout{"mlp.gate", "num_experts", "mlp.experts.%d.", "gate_proj", "up_proj", "down_proj",
                                    "mlp.shared_expert.", "mlp.shared_expert_gate", "norm_topk_prob"};

    ArchitectureSpec olmo = llamaLike("olmo", "OLMo");
    olmo.norm = NormKind::ParameterFreeLayerNorm;
    olmo.extras.clipQkv = true;

    ArchitectureSpec stablelm = llamaLike("stablelm", "StableLM");
    stablelm.norm = NormKind::LayerNorm;
    stablelm.biases = BiasLayout{false, false, false, /*norms*/ true, false, nullptr, "use_qkv_bias"};
    stablelm.extras.queryNorm = "self_attn.q_layernorm.norms.%d";
    stablelm.extras.keyNorm = "self_attn.k_layernorm.norms.%d";
    stablelm.extras.qkNormPerHead = true;
    stablelm.extras.parallelResidualOptional = true;

    ArchitectureSpec starcoder2 = llamaLike("starcoder2", "StarCoder2");
    starcoder2.mlpGate = nullptr;
    starcoder2.mlpUp = "mlp.c_fc";
    starcoder2.mlpDown = "mlp.c_proj";
    starcoder2.norm = NormKind::LayerNorm;
    starcoder2.tieEmbeddingsByDefault = true;
    starcoder2.slidingWindowAttention = true;
    starcoder2.biases = BiasLayout{true, true, true, true, false, nullptr, nullptr, "use_bias"};
    starcoder2.defaultActivation = Activation::GeluTanh;

    return {gemma2, phi3, mixtral, qwen2Moe, olmo, stablelm, starcoder2};
}

std::vector<ArchitectureSpec> allFamilies() {
    std::vector<ArchitectureSpec> all = kClassicFamilies;
    for (const ArchitectureSpec& spec : newerFamilies()) all.push_back(spec);
    return all;
}

const std::vector<ArchitectureSpec> kArchitectures = allFamilies();

class ConfigReader {
public:
    ConfigReader(const nlohmann::json& json, std::string source) : json_(json), source_(std::move(source)) {}

    const nlohmann::json* find(std::initializer_list<const char*> keys) const {
        for (const char* key : keys) {
            auto it = json_.find(key);
            if (it != json_.end() && !it->is_null()) return &*it;
        }
        return nullptr;
    }

    int64_t integer(std::initializer_list<const char*> keys, std::optional<int64_t> fallback = std::nullopt) const {
        const nlohmann::json* v = find(keys);
        if (!v) {
            if (fallback) return *fallback;
            throw Error(source_ + " lacks the field '" + *keys.begin() + "'; the model's config is incomplete.");
        }
        if (!v->is_number_integer())
            throw Error(source_ + ": the field '" + keyOf(keys) + "' must be an integer, not " + v->dump() + ".");
        return v->get<int64_t>();
    }

    double number(std::initializer_list<const char*> keys, double fallback) const {
        const nlohmann::json* v = find(keys);
        if (!v) return fallback;
        if (!v->is_number())
            throw Error(source_ + ": the field '" + keyOf(keys) + "' must be a number, not " + v->dump() + ".");
        return v->get<double>();
    }

    bool boolean(std::initializer_list<const char*> keys, bool fallback) const {
        const nlohmann::json* v = find(keys);
        if (!v) return fallback;
        if (!v->is_boolean())
            throw Error(source_ + ": the field '" + keyOf(keys) + "' must be true or false, not " + v->dump() + ".");
        return v->get<bool>();
    }

    std::string string(std::initializer_list<const char*> keys, const std::string& fallback) const {
        const nlohmann::json* v = find(keys);
        if (!v) return fallback;
        if (!v->is_string())
            throw Error(source_ + ": the field '" + keyOf(keys) + "' must be a string, not " + v->dump() + ".");
        return v->get<std::string>();
    }

    std::string keyOf(std::initializer_list<const char*> keys) const {
        for (const char* key : keys)
            if (json_.contains(key)) return key;
        return *keys.begin();
    }

    [[noreturn]] void fail(const std::string& problem) const { throw Error(source_ + ": " + problem); }

private:
    const nlohmann::json& json_;
    std::string source_;
};

Activation parseActivation(const std::string& name, const ConfigReader& reader) {
    if (name == "gelu_new" || name == "gelu_pytorch_tanh" || name == "gelu_fast" || name == "gelu_python_tanh")
        return Activation::GeluTanh;
    if (name == "gelu") return Activation::GeluErf;
    if (name == "silu" || name == "swish") return Activation::Silu;
    if (name == "relu") return Activation::Relu;
    reader.fail("the activation function '" + name +
                "' is not supported (supported: gelu, gelu_new, gelu_pytorch_tanh, silu, relu).");
}

} // namespace

const std::vector<ArchitectureSpec>& architectures() { return kArchitectures; }

const ArchitectureSpec* findArchitecture(const std::string& modelType) {
    for (const auto& a : kArchitectures)
        if (modelType == a.modelType) return &a;
    return nullptr;
}

std::string supportedModelTypes() {
    std::string list;
    for (const auto& a : kArchitectures) list += (list.empty() ? "" : ", ") + std::string(a.modelType);
    return list;
}

std::string activationName(Activation a) {
    switch (a) {
    case Activation::GeluTanh: return "gelu (tanh approximation)";
    case Activation::GeluErf: return "gelu (exact)";
    case Activation::Silu: return "silu";
    case Activation::Relu: return "relu";
    }
    return "?";
}

ModelConfig parseModelConfig(const nlohmann::json& json, const std::string& source) {
    if (!json.is_object()) throw Error(source + " is not a JSON object; it is not a model config.");
    ConfigReader r(json, source);
    ModelConfig c;
    c.modelType = r.string({"model_type"}, "");
    if (c.modelType.empty())
        r.fail("there is no 'model_type' field, so the architecture is unknown. Supported model types: " +
               supportedModelTypes() + ".");
    c.arch = findArchitecture(c.modelType);
    if (!c.arch)
        r.fail("model_type '" + c.modelType + "' is not supported. Supported model types: " + supportedModelTypes() + ".");
    const ArchitectureSpec& a = *c.arch;

    c.numLayers = r.integer({"num_hidden_layers", "n_layer", "num_layers"});
    c.hiddenSize = r.integer({"hidden_size", "n_embd", "d_model"});
    c.numHeads = r.integer({"num_attention_heads", "n_head"});
    c.vocabSize = r.integer({"vocab_size"});
    // Name each field as this config.json spells it (GPT-2's n_layer, not num_hidden_layers).
    for (auto [value, key] : {std::pair{c.numLayers, r.keyOf({"num_hidden_layers", "n_layer", "num_layers"})},
                              {c.hiddenSize, r.keyOf({"hidden_size", "n_embd", "d_model"})},
                              {c.numHeads, r.keyOf({"num_attention_heads", "n_head"})}, {c.vocabSize, r.keyOf({"vocab_size"})}})
        if (value <= 0) r.fail("'" + key + "' is " + std::to_string(value) + "; it must be positive.");

    c.numKvHeads = r.integer({"num_key_value_heads"}, c.numHeads);
    if (c.numKvHeads <= 0 || c.numHeads % c.numKvHeads != 0)
        r.fail("num_key_value_heads (" + std::to_string(c.numKvHeads) + ") must be positive and divide num_attention_heads (" +
               std::to_string(c.numHeads) + ").");
    // Only families with separate q/k/v projections may decouple head size from width (Gemma does).
    if (const nlohmann::json* hd = r.find({"head_dim"}); hd && a.qkvLayout == QkvLayout::Separate) {
        c.headDim = r.integer({"head_dim"});
        if (c.headDim <= 0) r.fail("'head_dim' must be positive.");
    } else {
        if (c.hiddenSize % c.numHeads != 0)
            r.fail("the number of attention heads ('" + r.keyOf({"num_attention_heads", "n_head"}) + "', " +
                   std::to_string(c.numHeads) + ") does not divide the width ('" +
                   r.keyOf({"hidden_size", "n_embd", "d_model"}) + "', " + std::to_string(c.hiddenSize) + ").");
        c.headDim = c.hiddenSize / c.numHeads;
    }

    const bool gated = a.mlpGate != nullptr;
    int64_t defaultIntermediate = 4 * c.hiddenSize;
    c.intermediateSize = r.integer({"intermediate_size", "n_inner", "ffn_dim"}, defaultIntermediate);
    if (c.intermediateSize <= 0)
        r.fail("the MLP size ('" + r.keyOf({"intermediate_size", "n_inner", "ffn_dim"}) + "') must be positive.");
    (void)gated;

    c.maxPositions = r.integer({"max_position_embeddings", "n_positions", "n_ctx"}, 2048);
    c.maxPositionsKey = r.keyOf({"max_position_embeddings", "n_positions", "n_ctx"});
    if (c.maxPositions <= 0)
        r.fail("'" + r.keyOf({"max_position_embeddings", "n_positions", "n_ctx"}) + "' must be positive.");

    c.normEps = a.norm == NormKind::RMSNorm ? r.number({"rms_norm_eps"}, 1e-6)
                                            : r.number({"layer_norm_epsilon", "layer_norm_eps", "norm_epsilon"}, 1e-5);
    if (!(c.normEps > 0)) r.fail("the norm epsilon must be positive.");

    c.activation = parseActivation(r.string({"hidden_activation", "hidden_act", "activation_function"}, ""), r);
    if (!r.find({"hidden_activation", "hidden_act", "activation_function"})) c.activation = a.defaultActivation;

    if (a.positions == PositionKind::Rotary) {
        c.rotary.theta = r.number({"rope_theta", "rotary_emb_base"}, 10000.0);
        double fraction = r.number({"partial_rotary_factor", "rotary_pct"}, 1.0);
        if (!(fraction > 0 && fraction <= 1)) r.fail("the rotary fraction must be in (0, 1].");
        c.rotary.dim = static_cast<int64_t>(static_cast<double>(c.headDim) * fraction);
        if (c.rotary.dim % 2 != 0 || c.rotary.dim == 0) r.fail("the rotary dimension must be a positive even number.");
        int64_t context = c.maxPositions;
        c.rotary.scaling = parseRotaryScaling(json, c.rotary.dim, c.maxPositions, context, source);
        if (context != c.maxPositions) {
            c.maxPositions = context;
            c.maxPositionsKey += " extended by rope_scaling";
        }
    }
    const char* windowFrom = a.extras.windowFromLayerKey;
    if (a.slidingWindowAttention && r.boolean({"use_sliding_window"}, /*Qwen2 opts in*/ windowFrom == nullptr))
        c.slidingWindow = r.integer({"sliding_window"}, a.extras.windowOnEvenLayersOnly || windowFrom ? std::optional<int64_t>(4096) : 0);
    if (c.slidingWindow < 0) r.fail("'sliding_window' must not be negative.");
    c.windowOnEvenLayersOnly = a.extras.windowOnEvenLayersOnly;
    if (windowFrom && c.slidingWindow > 0) {
        c.firstWindowLayer = r.integer({windowFrom}, 28); // transformers' default
        if (c.firstWindowLayer < 0) r.fail("'" + std::string(windowFrom) + "' must not be negative.");
    }

    c.attentionScale = 1.0 / std::sqrt(static_cast<double>(c.headDim));
    if (a.extras.softCapping) {
        // Gemma 2's defaults apply when a field is absent; an explicit null turns a cap off.
        auto cap = [&](const char* key, double fallback) {
            if (json.contains(key) && json[key].is_null()) return 0.0;
            double value = r.number({key}, fallback);
            if (!(value > 0)) r.fail("'" + std::string(key) + "' must be positive or null.");
            return value;
        };
        c.attentionSoftCap = cap("attn_logit_softcapping", 50.0);
        c.finalLogitSoftCap = cap("final_logit_softcapping", 30.0);
        double scalar = r.number({"query_pre_attn_scalar"}, 224.0);
        if (!(scalar > 0)) r.fail("'query_pre_attn_scalar' must be positive.");
        c.attentionScale = 1.0 / std::sqrt(scalar);
    }
    if (const MoeLayout& moe = a.extras.moe; moe.router) {
        c.numExperts = r.integer({moe.numExpertsConfigKey});
        c.expertsPerToken = r.integer({"num_experts_per_tok"}, 2);
        if (c.numExperts <= 0 || c.expertsPerToken <= 0 || c.expertsPerToken > c.numExperts)
            r.fail("num_experts_per_tok (" + std::to_string(c.expertsPerToken) + ") must be between 1 and " +
                   moe.numExpertsConfigKey + " (" + std::to_string(c.numExperts) + ").");
        c.normalizeTopK = moe.normTopKConfigKey ? r.boolean({moe.normTopKConfigKey}, false) : true;
        c.expertIntermediateSize = r.integer({"moe_intermediate_size"}, c.intermediateSize);
        if (moe.sharedExpert) c.sharedExpertIntermediateSize = r.integer({"shared_expert_intermediate_size"});
        if (c.expertIntermediateSize <= 0 || (moe.sharedExpert && c.sharedExpertIntermediateSize <= 0))
            r.fail("the experts' MLP sizes (moe_intermediate_size, shared_expert_intermediate_size) must be positive.");
        c.sparseStep = r.integer({"decoder_sparse_step"}, 1);
        if (c.sparseStep <= 0) r.fail("'decoder_sparse_step' must be positive.");
        if (const nlohmann::json* dense = r.find({"mlp_only_layers"})) {
            if (!dense->is_array()) r.fail("'mlp_only_layers' must be a list of layer numbers, not " + dense->dump() + ".");
            for (const auto& layer : *dense) {
                if (!layer.is_number_integer() || layer.get<int64_t>() < 0 || layer.get<int64_t>() >= c.numLayers)
                    r.fail("'mlp_only_layers' holds " + layer.dump() + ", which is not a layer of this model (0 to " +
                           std::to_string(c.numLayers - 1) + ").");
                c.denseLayers.push_back(layer.get<int64_t>());
            }
        }
    }

    c.tieEmbeddings = r.boolean({"tie_word_embeddings"}, a.tieEmbeddingsByDefault);
    c.residual = a.residual;
    if (a.residual == ResidualKind::ParallelTwoNorms && !r.boolean({"use_parallel_residual"}, true))
        c.residual = ResidualKind::Sequential;
    if (a.extras.parallelResidualOptional && r.boolean({"use_parallel_residual"}, false))
        c.residual = ResidualKind::ParallelSharedNorm;
    c.parallelResidual = c.residual == ResidualKind::ParallelTwoNorms || c.residual == ResidualKind::ParallelSharedNorm;
    c.embeddingWidth = c.hiddenSize;
    c.biases = a.biases;
    if (a.biases.attentionBiasConfigKey) {
        bool on = r.boolean({a.biases.attentionBiasConfigKey}, false);
        c.biases.qkv = c.biases.attentionOut = on;
    }
    if (a.biases.qkvBiasConfigKey) c.biases.qkv = r.boolean({a.biases.qkvBiasConfigKey}, false);
    if (a.biases.linearBiasConfigKey)
        c.biases.qkv = c.biases.attentionOut = c.biases.mlp = r.boolean({a.biases.linearBiasConfigKey}, true);
    if (a.extras.clipQkv) {
        c.clipQkv = r.number({"clip_qkv"}, 0.0);
        if (c.clipQkv < 0) r.fail("'clip_qkv' must be positive or null.");
    }
    if (a.extras.queryNorm) c.qkNorm = r.boolean({"qk_layernorm"}, false);
    if (a.modelType == std::string("llama") || a.modelType == std::string("mistral"))
        c.biases.mlp = r.boolean({"mlp_bias"}, false);
    if (a.modelType == std::string("opt")) {
        if (!r.boolean({"do_layer_norm_before"}, true)) {
            c.residual = ResidualKind::SequentialPostNorm;
            c.finalNorm = false;
        }
        if (r.boolean({"_remove_final_layer_norm"}, false)) c.finalNorm = false;
        c.embeddingWidth = r.integer({"word_embed_proj_dim"}, c.hiddenSize);
        if (c.embeddingWidth <= 0) r.fail("'word_embed_proj_dim' must be positive.");
        bool bias = r.boolean({"enable_bias"}, true);
        c.biases.qkv = c.biases.attentionOut = c.biases.mlp = bias;
    }
    c.torchDtype = r.string({"torch_dtype"}, "float32");
    return c;
}

std::vector<Component> ModelConfig::components() const {
    std::vector<Component> list;
    for (Component comp : allComponents())
        if (hasComponent(comp)) list.push_back(comp);
    return list;
}

bool ModelConfig::hasComponent(Component c) const {
    switch (c) {
    case Component::QueryOutput:
    case Component::KeyOutput:
    case Component::ValueOutput:
    case Component::HeadQueryOutput:
    case Component::HeadKeyOutput:
    case Component::HeadValueOutput: return arch->hasProjectionComponents;
    case Component::AttentionWeight: return arch->hasAttentionWeightComponent;
    case Component::MlpActivation: return numExperts == 0; // each expert has its own activation
    case Component::MoeRouterLogits: return numExperts > 0;
    case Component::Count: return false;
    default: return true;
    }
}

bool ModelConfig::isMoeLayer(int layer) const {
    return numExperts > 0 && (layer + 1) % sparseStep == 0 &&
           std::find(denseLayers.begin(), denseLayers.end(), layer) == denseLayers.end();
}

bool ModelConfig::hasSite(int layer, Component c) const {
    return layer >= 0 && layer < numLayers && hasComponent(c) && (c != Component::MoeRouterLogits || isMoeLayer(layer));
}

int64_t ModelConfig::headsFor(Component c) const {
    return (c == Component::HeadKeyOutput || c == Component::HeadValueOutput) ? numKvHeads : numHeads;
}

} // namespace causeway
