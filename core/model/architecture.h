#pragma once
// Transformer families as data: one table entry per HuggingFace `model_type`, read by the one
// generic decoder (model/transformer.cpp). A new family is a new entry here.
#include "model/sites.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace causeway {

enum class NormKind { LayerNorm, RMSNorm };
enum class PositionKind { Learned, Rotary };
enum class QkvLayout {
    Separate,          // q_proj, k_proj, v_proj
    FusedConcat,       // GPT-2 c_attn: [q | k | v] along the output
    FusedInterleaved,  // GPT-NeoX query_key_value: per head [q_h | k_h | v_h]
};
enum class ResidualKind {
    Sequential,        // x += attn(norm1(x)); x += mlp(norm2(x))
    ParallelTwoNorms,  // GPT-NeoX: x + attn(norm1(x)) + mlp(norm2(x))
    ParallelSharedNorm // Phi: x + attn(norm(x)) + mlp(norm(x))
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
    int64_t maxPositions = 0;      // the context length
    std::string maxPositionsKey = "max_position_embeddings"; // as config.json names it
    double normEps = 1e-5;
    double ropeTheta = 10000.0;
    int64_t rotaryDim = 0;         // dims of each head that rotate (0 for learned positions)
    int64_t slidingWindow = 0;     // 0 = none
    bool tieEmbeddings = false;
    bool parallelResidual = false; // resolved ResidualKind != Sequential
    ResidualKind residual = ResidualKind::Sequential;
    Activation activation = Activation::GeluTanh;
    BiasLayout biases;
    std::string torchDtype;        // as config.json states it ("float32", "bfloat16", ...)

    // Components this family offers, in pyvene's order.
    std::vector<Component> components() const;
    bool hasComponent(Component c) const;
    int64_t headsFor(Component c) const; // number of heads a head component splits into
};

// Parses and validates config.json content. `source` names the file in error messages.
ModelConfig parseModelConfig(const nlohmann::json& config, const std::string& source);

std::string activationName(Activation a);

} // namespace causeway
