#pragma once
// Transformer families as data: one table entry per HuggingFace `model_type`, read by the one
// generic decoder (model/transformer.cpp). A new family is a new entry here.
#include "model/rotary.h"
#include "model/sites.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace causeway {

enum class NormKind { LayerNorm, RMSNorm, ParameterFreeLayerNorm /* OLMo: no weight, no bias */ };
enum class PositionKind { Learned, Rotary };
enum class QkvLayout {
    Separate,          // q_proj, k_proj, v_proj
    FusedConcat,       // GPT-2 c_attn: [q | k | v] along the output
    FusedInterleaved,  // GPT-NeoX query_key_value: per head [q_h | k_h | v_h]
};
enum class ResidualKind {
    Sequential,        // x += attn(norm1(x)); x += mlp(norm2(x))
    ParallelTwoNorms,  // GPT-NeoX: x + attn(norm1(x)) + mlp(norm2(x))
    ParallelSharedNorm, // Phi: x + attn(norm(x)) + mlp(norm(x))
    SequentialPostNorm  // OPT-350m: x = norm1(x + attn(x)); x = norm2(x + mlp(x)); no final norm
};
enum class Activation { GeluTanh, GeluErf, Silu, Relu };

// Which projections carry a bias vector.
struct BiasLayout {
    bool qkv = false;
    bool attentionOut = false;
    bool mlp = false;
    bool norms = false;    // LayerNorm biases
    bool lmHead = false;
    const char* attentionBiasConfigKey = nullptr; // e.g. llama's "attention_bias" toggles qkv + out
    const char* qkvBiasConfigKey = nullptr;       // StableLM's "use_qkv_bias" toggles qkv
    const char* linearBiasConfigKey = nullptr;    // Starcoder2's "use_bias" toggles qkv, out and MLP
};

// A sparse mixture-of-experts MLP (Mixtral, Qwen2-MoE). Names are relative to the layer prefix.
struct MoeLayout {
    const char* router = nullptr;            // [experts, D]; nullptr = every MLP is dense
    const char* numExpertsConfigKey = nullptr; // num_local_experts (Mixtral), num_experts (Qwen2-MoE)
    const char* expertPrefix = nullptr;      // holds %d
    const char* expertGate = nullptr;        // each expert's gated MLP, relative to expertPrefix
    const char* expertUp = nullptr;
    const char* expertDown = nullptr;
    const char* sharedExpert = nullptr;      // Qwen2-MoE: prefix of an expert every token also goes
    const char* sharedExpertGate = nullptr;  //   through, scaled by sigmoid(sharedExpertGate(x)) [1, D]
    const char* normTopKConfigKey = nullptr; // Qwen2-MoE's norm_topk_prob; nullptr = always renormalise
};

// Features only a few families have; the defaults mean "absent", so most entries leave this out.
struct DecoderExtras {
    const char* postAttentionNorm = nullptr; // Gemma 2: norms the attention branch before its residual add
    const char* postMlpNorm = nullptr;       // Gemma 2: norms the MLP branch before its residual add
    bool softCapping = false;                // Gemma 2: tanh caps on attention scores and final logits,
                                             // scores scaled by query_pre_attn_scalar^-0.5
    bool windowOnEvenLayersOnly = false;     // Gemma 2: layers 0, 2, 4, ... slide; the others see everything
    bool fusedGateUp = false;                // Phi-3: mlpGate names gate_up_proj, [gate | up] along the output
    MoeLayout moe;
    const char* windowFromLayerKey = nullptr; // Qwen2: with use_sliding_window (off by default), only the
                                              //   layers from config[key] (max_window_layers) on slide
    bool clipQkv = false;                    // OLMo: config clip_qkv clamps q, k, v after their sites
    const char* queryNorm = nullptr;         // qk_layernorm: LayerNorms over each head's Dh values of q and k,
    const char* keyNorm = nullptr;           //   after the q/k sites, before rotary;
    bool qkNormPerHead = false;              //   StableLM: one per head (the names hold %d); Phi: one shared
    bool parallelResidualOptional = false;   // StableLM: use_parallel_residual = x + attn(ln(x)) + mlp(ln(x))
    const char* projectIn = nullptr;         // OPT: embeddings narrower than the model (word_embed_proj_dim)
    const char* projectOut = nullptr;        //   are projected in after the lookup and out before the head
};

struct ArchitectureSpec {
    const char* modelType;
    const char* displayName;
    const char* basePrefix; // stripped from every name below when a checkpoint lacks it

    // Global weights, relative to basePrefix unless marked absolute.
    const char* tokenEmbedding;
    const char* positionEmbedding; // nullptr for rotary families
    const char* finalNorm;
    const char* lmHead;            // absolute name (no base prefix); may be absent when tied

    // Per-layer weights, relative to basePrefix + layerPrefix (which holds %d).
    const char* layerPrefix;
    const char* attentionNorm;
    const char* mlpNorm;           // nullptr when one norm feeds both branches
    QkvLayout qkvLayout;
    const char* query;             // Separate: q/k/v; fused: query holds the fused projection
    const char* key;
    const char* value;
    const char* attentionOut;
    const char* mlpGate;           // nullptr for ungated MLPs
    const char* mlpUp;             // fc_in / up_proj
    const char* mlpDown;           // fc_out / down_proj

    bool conv1dWeights;            // GPT-2 stores [in, out]; nn.Linear stores [out, in]
    NormKind norm;
    bool normWeightPlusOne;        // Gemma scales by (1 + w)
    PositionKind positions;
    int positionOffset;            // OPT looks positions up at pos + 2
    ResidualKind residual;
    bool scaleEmbeddingBySqrtWidth; // Gemma
    bool tieEmbeddingsByDefault;
    bool slidingWindowAttention;   // Mistral honours config sliding_window
    BiasLayout biases;
    Activation defaultActivation;
    bool hasProjectionComponents;  // pyvene maps query/key/value(+head_) components
    bool hasAttentionWeightComponent;
    DecoderExtras extras = {};
};

// All supported families, in a stable order.
const std::vector<ArchitectureSpec>& architectures();
// nullptr when unsupported.
const ArchitectureSpec* findArchitecture(const std::string& modelType);
std::string supportedModelTypes(); // "gpt2, gpt_neox, llama, ..."

// Hyperparameters read from config.json, with the family's defaults applied and validated.
struct ModelConfig {
    const ArchitectureSpec* arch = nullptr;
    std::string modelType;
    int64_t numLayers = 0;
    int64_t hiddenSize = 0;
    int64_t numHeads = 0;
    int64_t numKvHeads = 0;
    int64_t headDim = 0;
    int64_t intermediateSize = 0;
    int64_t vocabSize = 0;
    int64_t maxPositions = 0;      // the context length (rope_scaling may extend max_position_embeddings)
    std::string maxPositionsKey = "max_position_embeddings"; // as config.json names it
    double normEps = 1e-5;
    RotaryConfig rotary;           // theta, rotated dims per head (0 for learned positions), rope_scaling
    int64_t slidingWindow = 0;     // 0 = none
    bool windowOnEvenLayersOnly = false;
    double attentionScale = 0;     // multiplies q.k: 1/sqrt(head_dim), or Gemma 2's query_pre_attn_scalar^-0.5
    double attentionSoftCap = 0;   // 0 = none; else scores become cap * tanh(scores / cap)
    double finalLogitSoftCap = 0;  // 0 = none; likewise for the logits
    int64_t firstWindowLayer = 0;  // layers before this one attend globally (Qwen2's max_window_layers)
    int64_t numExperts = 0;        // sparse-MoE MLP: 0 = dense
    int64_t expertsPerToken = 0;
    bool normalizeTopK = true;     // renormalise the chosen experts' probabilities to sum to 1
    int64_t expertIntermediateSize = 0;       // each expert's MLP width
    int64_t sharedExpertIntermediateSize = 0; // 0 = no shared expert
    int64_t sparseStep = 1;                   // every sparseStep-th layer is MoE (decoder_sparse_step) ...
    std::vector<int64_t> denseLayers;         // ... except these (mlp_only_layers)
    double clipQkv = 0;            // 0 = none
    bool qkNorm = false;           // per-head LayerNorm on queries and keys
    bool tieEmbeddings = false;
    bool parallelResidual = false; // resolved ResidualKind is one of the parallel kinds
    bool finalNorm = true;         // OPT-350m has none
    int64_t embeddingWidth = 0;    // token embeddings and LM head; hiddenSize unless projected
    ResidualKind residual = ResidualKind::Sequential;
    Activation activation = Activation::GeluTanh;
    BiasLayout biases;
    std::string torchDtype;        // as config.json states it ("float32", "bfloat16", ...)

    // Components this family offers, in pyvene's order.
    std::vector<Component> components() const;
    bool hasComponent(Component c) const;
    // Whether layer `layer` has this site: moe_router_logits only exists at the MoE layers.
    bool hasSite(int layer, Component c) const;
    bool isMoeLayer(int layer) const;
    int64_t headsFor(Component c) const; // number of heads a head component splits into
};

// Parses and validates config.json content. `source` names the file in error messages.
ModelConfig parseModelConfig(const nlohmann::json& config, const std::string& source);

std::string activationName(Activation a);

} // namespace causeway
