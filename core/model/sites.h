#pragma once
// Intervention sites: (layer, component), with pyvene's component names and meanings.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace causeway {

enum class Component : uint8_t {
    BlockInput,
    BlockOutput,
    AttentionInput,
    AttentionOutput,
    AttentionValueOutput,
    QueryOutput,
    KeyOutput,
    ValueOutput,
    MlpInput,
    MlpActivation,
    MlpOutput,
    HeadQueryOutput,
    HeadKeyOutput,
    HeadValueOutput,
    HeadAttentionValueOutput,
    AttentionWeight, // post-softmax probabilities [B, H, T, S]; readable, replaceable
    MoeRouterLogits, // sparse-MoE router logits [B, T, experts], before the softmax; not a pyvene site
    Count
};

constexpr int kComponentCount = static_cast<int>(Component::Count);

std::string_view componentName(Component c);
std::optional<Component> componentFromName(std::string_view name);
std::vector<Component> allComponents();

// Head components are laid out [B, heads, T, Dh] (pyvene's split_head_and_permute); the others
// [B, T, width]. AttentionWeight is [B, H, T, S].
bool isHeadComponent(Component c);

// Whether patching sweeps (and the workbench's grid) offer the component: not attention weights
// (only collected) nor MoE router logits (no pyvene counterpart to export to, and absent at the
// dense layers of models that mix dense and MoE MLPs). Interventions may still act on the latter.
bool isSweepable(Component c);

struct Site {
    int layer = 0;
    Component component = Component::BlockOutput;
    std::string name() const; // "L3.mlp_output", as the fixtures name collected tensors
};

} // namespace causeway
