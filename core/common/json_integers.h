#pragma once
// Integers read from JSON files. nlohmann's get<int>() and value("key", 0) static_cast a float such
// as 1e90 to the integer type, which is undefined behaviour (found by fuzz_experiment). Every integer
// that comes from a file goes through these: a JSON integer, or a float with an exact integral value,
// that fits the type; anything else is an Error naming the field.
#include "common/error.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

namespace causeway {

template <class Int = int64_t>
Int jsonInteger(const nlohmann::json& v, const std::string& what) {
    static_assert(std::is_integral_v<Int>);
    const auto bad = [&] {
        return Error(what + " must be an integer between " + std::to_string(std::numeric_limits<Int>::min()) + " and " +
                     std::to_string(std::numeric_limits<Int>::max()) + ", not " + v.dump() + ".");
    };
    if (v.is_number_unsigned()) {
        const uint64_t u = v.get<uint64_t>();
        if (u > static_cast<uint64_t>(std::numeric_limits<Int>::max())) throw bad();
        return static_cast<Int>(u);
    }
    if (v.is_number_integer()) {
        const int64_t i = v.get<int64_t>();
        if constexpr (std::is_unsigned_v<Int>) {
            if (i < 0 || static_cast<uint64_t>(i) > std::numeric_limits<Int>::max()) throw bad();
        } else {
            if (i < std::numeric_limits<Int>::min() || i > std::numeric_limits<Int>::max()) throw bad();
        }
        return static_cast<Int>(i);
    }
    if (v.is_number_float()) {
        const double d = v.get<double>();
        // The bounds are powers of two, exact as doubles; max() + 1 is excluded.
        const double low = static_cast<double>(std::numeric_limits<Int>::min());
        const double highExclusive = 2.0 * static_cast<double>(std::numeric_limits<Int>::max() / 2 + 1);
        if (!std::isfinite(d) || d != std::floor(d) || d < low || d >= highExclusive) throw bad();
        return static_cast<Int>(d);
    }
    throw bad();
}

template <class Int = int64_t>
std::vector<Int> jsonIntegers(const nlohmann::json& v, const std::string& what) {
    if (!v.is_array()) throw Error(what + " must be a list of integers, not " + v.dump() + ".");
    std::vector<Int> out;
    out.reserve(v.size());
    for (const auto& item : v) out.push_back(jsonInteger<Int>(item, what));
    return out;
}

// object[key] as an integer, or fallback when the key is absent (or null).
template <class Int = int64_t>
Int jsonIntegerOr(const nlohmann::json& object, const char* key, Int fallback, const std::string& where) {
    if (!object.is_object()) return fallback;
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) return fallback;
    return jsonInteger<Int>(*it, where + ": '" + key + "'");
}

} // namespace causeway
