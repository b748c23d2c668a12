#include "model/rotary.h"

#include "common/error.h"
#include "model/config_limits.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <optional>

namespace causeway {

namespace {

constexpr double kPi = 3.14159265358979323846;

class ScalingReader {
public:
    ScalingReader(const nlohmann::json& scaling, std::string source, std::string type)
        : scaling_(scaling), source_(std::move(source)), type_(std::move(type)) {}

    bool has(const char* key) const { return scaling_.contains(key) && !scaling_[key].is_null(); }

    double number(const char* key, std::optional<double> fallback = std::nullopt) const {
        if (!has(key)) {
            if (fallback) return *fallback;
            fail("lacks the field '" + std::string(key) + "'");
        }
        if (!scaling_[key].is_number()) fail("has a non-numeric '" + std::string(key) + "' (" + scaling_[key].dump() + ")");
        return scaling_[key].get<double>();
    }

    std::vector<double> numbers(const char* key, std::size_t count) const {
        if (!has(key) || !scaling_[key].is_array()) fail("lacks the list '" + std::string(key) + "'");
        std::vector<double> values;
        for (const auto& v : scaling_[key]) {
            if (!v.is_number()) fail("has a non-numeric entry in '" + std::string(key) + "'");
            values.push_back(v.get<double>());
        }
        if (values.size() != count)
            fail("has " + std::to_string(values.size()) + " entries in '" + key + "', but the rotary embedding has " +
                 std::to_string(count) + " frequency pairs");
        return values;
    }

    [[noreturn]] void fail(const std::string& problem) const {
        throw Error(source_ + ": rope_scaling of type '" + type_ + "' " + problem + ".");
    }

private:
    const nlohmann::json& scaling_;
    std::string source_, type_;
};

// Plain RoPE: theta^(-2i/dim), in float32 as HF computes it.
at::Tensor plainInverseFrequencies(double theta, int64_t dim) {
    at::Tensor exponents = at::arange(0, dim, 2, at::kLong).to(at::kFloat) / static_cast<float>(dim);
    return 1.0 / at::pow(theta, exponents);
}

// YaRN: the dimension whose wavelength fits `rotations` times into the original context.
double yarnCorrectionDim(double rotations, int64_t dim, double theta, int64_t originalContext) {
    return static_cast<double>(dim) * std::log(static_cast<double>(originalContext) / (rotations * 2 * kPi)) /
           (2 * std::log(theta));
}

} // namespace

RotaryScaling parseRotaryScaling(const nlohmann::json& config, int64_t rotaryDim, int64_t maxPositions,
                                 int64_t& contextLength, const std::string& source) {
    RotaryScaling s;
    contextLength = maxPositions;
    auto it = config.find("rope_scaling");
    if (it == config.end() || it->is_null()) return s;
    const nlohmann::json& scaling = *it;
    if (!scaling.is_object()) throw Error(source + ": rope_scaling must be an object, not " + scaling.dump() + ".");
    const nlohmann::json* typeField = scaling.contains("rope_type") ? &scaling["rope_type"]
                                      : scaling.contains("type")    ? &scaling["type"]
                                                                    : nullptr;
    if (!typeField || !typeField->is_string())
        throw Error(source + ": rope_scaling " + scaling.dump() + " names no type ('rope_type' or 'type').");
    s.typeName = typeField->get<std::string>();
    ScalingReader r(scaling, source, s.typeName);
    auto original = [&](std::optional<int64_t> fallback) -> int64_t {
        // Phi-3 keeps the pre-training context at the top level, Llama 3 and later YaRN configs
        // inside rope_scaling.
        for (const nlohmann::json* holder : {&scaling, &config})
            if (holder->contains("original_max_position_embeddings") && (*holder)["original_max_position_embeddings"].is_number_integer())
                return (*holder)["original_max_position_embeddings"].get<int64_t>();
        if (fallback) return *fallback;
        r.fail("lacks the field 'original_max_position_embeddings'");
    };
    auto positiveFactor = [&]() {
        double factor = r.number("factor");
        if (!(factor > 0 && std::isfinite(factor))) r.fail("needs a positive 'factor'");
        return factor;
    };
    auto extended = [&](double factor) {
        const double context = static_cast<double>(s.originalContext) * factor;
        if (!(context <= static_cast<double>(config_limits::kContext)))
            r.fail("extends the context to " + std::to_string(context) + " tokens, more than Causeway accepts (at most " +
                   std::to_string(config_limits::kContext) + "); the 'factor' is damaged");
        return std::max(maxPositions, static_cast<int64_t>(std::llround(context)));
    };

    if (s.typeName == "default") return s;
    if (s.typeName == "linear" || s.typeName == "dynamic") {
        s.kind = s.typeName == "linear" ? RotaryScalingKind::Linear : RotaryScalingKind::DynamicNtk;
        s.factor = positiveFactor();
        s.originalContext = maxPositions; // both read the pre-training context from max_position_embeddings
        contextLength = extended(s.factor);
    } else if (s.typeName == "yarn") {
        s.kind = RotaryScalingKind::Yarn;
        s.factor = positiveFactor();
        // transformers 4.43 always uses max_position_embeddings here; later versions (and this
        // code) prefer rope_scaling.original_max_position_embeddings when the config has it.
        s.originalContext = scaling.contains("original_max_position_embeddings") ? original(std::nullopt) : maxPositions;
        s.attentionFactor = r.number("attention_factor", 0.1 * std::log(s.factor) + 1.0);
        s.betaFast = r.number("beta_fast", 32.0);
        s.betaSlow = r.number("beta_slow", 1.0);
        contextLength = extended(s.factor);
    } else if (s.typeName == "longrope" || s.typeName == "su") {
        s.kind = RotaryScalingKind::LongRope;
        s.shortFactors = r.numbers("short_factor", static_cast<std::size_t>(rotaryDim / 2));
        s.longFactors = r.numbers("long_factor", static_cast<std::size_t>(rotaryDim / 2));
        const bool hasOriginal = scaling.contains("original_max_position_embeddings") ||
                                 config.contains("original_max_position_embeddings");
        if (hasOriginal) {
            s.originalContext = original(std::nullopt);
            if (s.originalContext <= 0) r.fail("needs a positive 'original_max_position_embeddings'");
            s.factor = static_cast<double>(maxPositions) / static_cast<double>(s.originalContext);
        } else {
            s.originalContext = maxPositions;
            s.factor = positiveFactor();
            contextLength = extended(s.factor);
        }
        const double defaultAttention =
            s.factor <= 1.0 ? 1.0 : std::sqrt(1 + std::log(s.factor) / std::log(static_cast<double>(s.originalContext)));
        s.attentionFactor = r.number("attention_factor", defaultAttention);
    } else if (s.typeName == "llama3") {
        s.kind = RotaryScalingKind::Llama3;
        s.factor = positiveFactor();
        s.lowFreqFactor = r.number("low_freq_factor");
        s.highFreqFactor = r.number("high_freq_factor");
        s.originalContext = original(std::nullopt);
        if (!(s.highFreqFactor > s.lowFreqFactor)) r.fail("needs high_freq_factor greater than low_freq_factor");
    } else {
        throw Error(source + ": rope_scaling type '" + s.typeName +
                    "' is not supported (supported: linear, dynamic, yarn, longrope, su, llama3).");
    }
    if (s.originalContext <= 0) r.fail("needs a positive original context length");
    return s;
}

at::Tensor rotaryInverseFrequencies(const RotaryConfig& rotary, int64_t sequenceLength) {
    const RotaryScaling& s = rotary.scaling;
    const int64_t dim = rotary.dim;
    switch (s.kind) {
    case RotaryScalingKind::None: return plainInverseFrequencies(rotary.theta, dim);
    case RotaryScalingKind::Linear: return plainInverseFrequencies(rotary.theta, dim) / s.factor;
    case RotaryScalingKind::DynamicNtk: {
        // Within the original context the plain frequencies; beyond it a larger base, chosen for
        // the current length.
        if (sequenceLength <= s.originalContext) return plainInverseFrequencies(rotary.theta, dim);
        const double stretch = s.factor * static_cast<double>(sequenceLength) / static_cast<double>(s.originalContext) -
                               (s.factor - 1);
        const double base = rotary.theta * std::pow(stretch, static_cast<double>(dim) / static_cast<double>(dim - 2));
        return plainInverseFrequencies(static_cast<float>(base), dim);
    }
    case RotaryScalingKind::Yarn: {
        // Fast-rotating pairs keep their frequency (extrapolate), slow ones are divided by the
        // factor (interpolate), with a linear ramp between the two correction dimensions.
        at::Tensor extrapolated = plainInverseFrequencies(rotary.theta, dim);
        at::Tensor interpolated = extrapolated / s.factor;
        double low = std::floor(yarnCorrectionDim(s.betaFast, dim, rotary.theta, s.originalContext));
        double high = std::ceil(yarnCorrectionDim(s.betaSlow, dim, rotary.theta, s.originalContext));
        low = std::max(low, 0.0);
        high = std::min(high, static_cast<double>(dim - 1));
        if (low == high) high += 0.001;
        at::Tensor ramp = ((at::arange(dim / 2, at::kFloat) - low) / (high - low)).clamp(0, 1);
        at::Tensor keep = 1 - ramp; // 1 = extrapolate
        return interpolated * (1 - keep) + extrapolated * keep;
    }
    case RotaryScalingKind::LongRope: {
        // Phi-3: the long factors once the sequence outgrows the pre-training context.
        const std::vector<double>& factors = sequenceLength > s.originalContext ? s.longFactors : s.shortFactors;
        at::Tensor ext = at::tensor(factors, at::kDouble).to(at::kFloat);
        at::Tensor exponents = at::arange(0, dim, 2, at::kLong).to(at::kFloat) / static_cast<float>(dim);
        return 1.0 / (ext * at::pow(rotary.theta, exponents));
    }
    case RotaryScalingKind::Llama3: {
        // Wavelengths shorter than original/high_freq_factor keep their frequency, longer than
        // original/low_freq_factor are divided by the factor, and those between are blended.
        at::Tensor freqs = plainInverseFrequencies(rotary.theta, dim);
        const double original = static_cast<double>(s.originalContext);
        const double lowWavelength = original / s.lowFreqFactor, highWavelength = original / s.highFreqFactor;
        at::Tensor wavelength = 2 * kPi / freqs;
        at::Tensor smooth = (original / wavelength - s.lowFreqFactor) / (s.highFreqFactor - s.lowFreqFactor);
        at::Tensor blended = (1 - smooth) * freqs / s.factor + smooth * freqs;
        at::Tensor scaled = at::where(wavelength > lowWavelength, freqs / s.factor, blended);
        return at::where(wavelength < highWavelength, freqs, scaled);
    }
    }
    return plainInverseFrequencies(rotary.theta, dim);
}

} // namespace causeway
