#include "tokenize/unicode_nfc.h"

#include "tokenize/utf8.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <optional>
#include <utility>

namespace causeway {

namespace {

struct CombiningClassRange {
    char32_t first;
    char32_t last;
    std::uint8_t combiningClass;
};

struct CanonicalDecomposition {
    char32_t codePoint;
    char32_t first;
    char32_t second; // 0 for a singleton decomposition
};

struct PrimaryComposite {
    char32_t first;
    char32_t second;
    char32_t composite;
};

#include "tokenize/unicode_nfc_tables.inc"

// Hangul syllables decompose and compose arithmetically (Unicode 3.12).
constexpr char32_t kHangulSyllableBase = 0xAC00, kHangulLeadBase = 0x1100, kHangulVowelBase = 0x1161,
                   kHangulTrailBase = 0x11A7;
constexpr char32_t kHangulLeadCount = 19, kHangulVowelCount = 21, kHangulTrailCount = 28;
constexpr char32_t kHangulSyllableCount = kHangulLeadCount * kHangulVowelCount * kHangulTrailCount;

bool isHangulSyllable(char32_t c) { return c >= kHangulSyllableBase && c < kHangulSyllableBase + kHangulSyllableCount; }

// Input bytes that are not UTF-8 travel through the algorithm as this marker plus the byte value.
constexpr char32_t kRawByteMarker = 0x80000000;

std::uint8_t combiningClass(char32_t c) {
    if (c < 0x300 || c >= kRawByteMarker)
        return 0;
    const auto* end = std::end(kCombiningClassRanges);
    const auto* range = std::upper_bound(std::begin(kCombiningClassRanges), end, c,
                                         [](char32_t value, const CombiningClassRange& r) { return value < r.first; });
    if (range == std::begin(kCombiningClassRanges))
        return 0;
    --range;
    return c <= range->last ? range->combiningClass : 0;
}

const CanonicalDecomposition* findDecomposition(char32_t c) {
    const auto* end = std::end(kCanonicalDecompositions);
    const auto* found = std::lower_bound(std::begin(kCanonicalDecompositions), end, c,
                                         [](const CanonicalDecomposition& d, char32_t value) { return d.codePoint < value; });
    return found != end && found->codePoint == c ? found : nullptr;
}

std::optional<char32_t> compose(char32_t first, char32_t second) {
    if (first >= kHangulLeadBase && first < kHangulLeadBase + kHangulLeadCount && second >= kHangulVowelBase &&
        second < kHangulVowelBase + kHangulVowelCount) {
        return kHangulSyllableBase +
               ((first - kHangulLeadBase) * kHangulVowelCount + (second - kHangulVowelBase)) * kHangulTrailCount;
    }
    if (isHangulSyllable(first) && (first - kHangulSyllableBase) % kHangulTrailCount == 0 && second > kHangulTrailBase &&
        second < kHangulTrailBase + kHangulTrailCount) {
        return first + (second - kHangulTrailBase);
    }
    const auto* end = std::end(kPrimaryComposites);
    const auto* found = std::lower_bound(std::begin(kPrimaryComposites), end, std::make_pair(first, second),
                                         [](const PrimaryComposite& p, const std::pair<char32_t, char32_t>& value) {
                                             return std::make_pair(p.first, p.second) < value;
                                         });
    if (found != end && found->first == first && found->second == second)
        return found->composite;
    return std::nullopt;
}

struct SourcedCodePoint {
    char32_t codePoint;
    std::size_t sourceOffset;
};

void appendFullDecomposition(char32_t c, std::size_t sourceOffset, std::vector<SourcedCodePoint>& out) {
    if (isHangulSyllable(c)) {
        const char32_t index = c - kHangulSyllableBase;
        out.push_back({kHangulLeadBase + index / (kHangulVowelCount * kHangulTrailCount), sourceOffset});
        out.push_back({kHangulVowelBase + (index % (kHangulVowelCount * kHangulTrailCount)) / kHangulTrailCount, sourceOffset});
        if (index % kHangulTrailCount != 0)
            out.push_back({kHangulTrailBase + index % kHangulTrailCount, sourceOffset});
        return;
    }
    const CanonicalDecomposition* decomposition = c >= 0xC0 && c < kRawByteMarker ? findDecomposition(c) : nullptr;
    if (!decomposition) {
        out.push_back({c, sourceOffset});
        return;
    }
    appendFullDecomposition(decomposition->first, sourceOffset, out);
    if (decomposition->second)
        appendFullDecomposition(decomposition->second, sourceOffset, out);
}

// Stable-sorts each run of non-starters by combining class (canonical ordering).
void reorderCombiningMarks(std::vector<SourcedCodePoint>& text) {
    for (std::size_t start = 0; start < text.size();) {
        if (combiningClass(text[start].codePoint) == 0) {
            ++start;
            continue;
        }
        std::size_t end = start;
        while (end < text.size() && combiningClass(text[end].codePoint) != 0)
            ++end;
        std::stable_sort(text.begin() + static_cast<std::ptrdiff_t>(start), text.begin() + static_cast<std::ptrdiff_t>(end),
                         [](const SourcedCodePoint& a, const SourcedCodePoint& b) {
                             return combiningClass(a.codePoint) < combiningClass(b.codePoint);
                         });
        start = end;
    }
}

// Canonical composition (UAX #15, D117): a character joins the last starter unless a character
// between them is a starter or has a combining class at least as high as its own.
std::vector<SourcedCodePoint> composeCanonically(const std::vector<SourcedCodePoint>& decomposed) {
    std::vector<SourcedCodePoint> out;
    out.reserve(decomposed.size());
    std::optional<std::size_t> starter;
    std::uint8_t lastClass = 0; // class of the last character kept after the starter
    for (const SourcedCodePoint& c : decomposed) {
        const std::uint8_t cClass = combiningClass(c.codePoint);
        if (starter) {
            const bool adjacentToStarter = *starter == out.size() - 1;
            const bool blocked = !adjacentToStarter && (lastClass == 0 || lastClass >= cClass);
            if (!blocked) {
                if (const auto composite = compose(out[*starter].codePoint, c.codePoint)) {
                    out[*starter].codePoint = *composite;
                    continue;
                }
            }
        }
        if (cClass == 0)
            starter = out.size();
        lastClass = cClass;
        out.push_back(c);
    }
    return out;
}

bool isAscii(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

} // namespace

NormalizedText unnormalized(std::string_view input) {
    NormalizedText result{std::string(input), std::vector<std::size_t>(input.size() + 1)};
    for (std::size_t i = 0; i <= input.size(); ++i)
        result.sourceOffset[i] = i;
    return result;
}

NormalizedText normalizeNfc(std::string_view input) {
    if (isAscii(input))
        return unnormalized(input);

    std::vector<SourcedCodePoint> decomposed;
    decomposed.reserve(input.size());
    for (std::size_t pos = 0; pos < input.size();) {
        const utf8::DecodedCodePoint decoded = utf8::decodeAt(input, pos);
        if (decoded.valid) {
            appendFullDecomposition(decoded.codePoint, pos, decomposed);
        } else {
            for (std::size_t i = 0; i < decoded.length; ++i)
                decomposed.push_back({kRawByteMarker | static_cast<unsigned char>(input[pos + i]), pos + i});
        }
        pos += decoded.length;
    }
    reorderCombiningMarks(decomposed);

    NormalizedText result;
    result.text.reserve(input.size());
    result.sourceOffset.reserve(input.size() + 1);
    for (const SourcedCodePoint& c : composeCanonically(decomposed)) {
        const std::size_t before = result.text.size();
        if (c.codePoint >= kRawByteMarker)
            result.text += static_cast<char>(c.codePoint & 0xFF);
        else
            utf8::append(result.text, c.codePoint);
        result.sourceOffset.insert(result.sourceOffset.end(), result.text.size() - before, c.sourceOffset);
    }
    result.sourceOffset.push_back(input.size());
    // Reordered marks can carry offsets out of order; clamp so every range stays well formed.
    for (std::size_t i = result.sourceOffset.size() - 1; i-- > 0;)
        result.sourceOffset[i] = std::min(result.sourceOffset[i], result.sourceOffset[i + 1]);
    return result;
}

} // namespace causeway
