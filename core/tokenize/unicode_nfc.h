#pragma once
// Unicode NFC normalisation that remembers where each output byte came from, so tokens found in
// the normalised text can be mapped back to byte ranges of the user's text.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace causeway {

struct NormalizedText {
    std::string text;
    // sourceOffset[i] is the input byte where text[i] came from; sourceOffset[text.size()] is the
    // input size. Non-decreasing, so a byte range of text maps to a byte range of the input.
    std::vector<std::size_t> sourceOffset;

    std::size_t toSource(std::size_t normalizedOffset) const { return sourceOffset[normalizedOffset]; }
};

// The text unchanged, with the identity offset map.
NormalizedText unnormalized(std::string_view input);

// NFC (canonical decomposition, canonical ordering, canonical composition) over the full Unicode
// tables of unicode_nfc_tables.inc (Unicode 14.0, as Python 3.11's unicodedata). Bytes that are
// not valid UTF-8 pass through untouched.
NormalizedText normalizeNfc(std::string_view input);

} // namespace causeway
