#include "model/sites.h"

namespace causeway {

namespace {
constexpr std::array<std::string_view, kComponentCount> kNames = {
    "block_input",       "block_output",      "attention_input",  "attention_output",
    "attention_value_output", "query_output", "key_output",       "value_output",
    "mlp_input",         "mlp_activation",    "mlp_output",       "head_query_output",
    "head_key_output",   "head_value_output", "head_attention_value_output", "attention_weight",
    "moe_router_logits",
};
} // namespace

std::string_view componentName(Component c) { return kNames[static_cast<int>(c)]; }

std::optional<Component> componentFromName(std::string_view name) {
    for (int i = 0; i < kComponentCount; ++i)
        if (kNames[i] == name) return static_cast<Component>(i);
    return std::nullopt;
}

std::vector<Component> allComponents() {
    std::vector<Component> all;
    for (int i = 0; i < kComponentCount; ++i) all.push_back(static_cast<Component>(i));
    return all;
}

bool isHeadComponent(Component c) {
    return c == Component::HeadQueryOutput || c == Component::HeadKeyOutput || c == Component::HeadValueOutput ||
           c == Component::HeadAttentionValueOutput;
}

bool isSweepable(Component c) { return c != Component::AttentionWeight && c != Component::MoeRouterLogits; }

std::string Site::name() const { return "L" + std::to_string(layer) + "." + std::string(componentName(component)); }

} // namespace causeway
