#pragma once
// The largest sizes a config.json may give. They lie far beyond any published model (the largest
// have a width of about 16k, about 126 layers, a vocabulary of about 256k and 10M-token contexts)
// and low enough that no size computed from them overflows 64 bits. A config outside them is
// damaged or hostile; it is refused with a message before anything is allocated for it.
#include <cstdint>

namespace causeway::config_limits {

constexpr int64_t kLayers = 4096;
constexpr int64_t kWidth = int64_t(1) << 20;      // hidden, MLP and embedding widths; heads x head_dim
constexpr int64_t kHeads = int64_t(1) << 14;
constexpr int64_t kVocabulary = int64_t(1) << 24;
constexpr int64_t kContext = int64_t(1) << 30;    // positions, also after a rope_scaling extension
constexpr int64_t kExperts = int64_t(1) << 12;

} // namespace causeway::config_limits
