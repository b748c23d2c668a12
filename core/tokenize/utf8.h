#pragma once
// UTF-8 helpers shared by the tokenizers. Text in the core is UTF-8 in std::string; nothing here
// assumes the bytes are valid.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace causeway::utf8 {

constexpr char32_t kReplacementCharacter = 0xFFFD;

struct DecodedCodePoint {
    char32_t codePoint = kReplacementCharacter; // U+FFFD when !valid
    std::size_t length = 1;                     // bytes consumed; for bad bytes the maximal ill-formed subpart
    bool valid = false;
};

// Decodes the code point starting at text[pos] (pos < text.size()). Overlong forms, surrogates and
// values past U+10FFFF are ill-formed.
DecodedCodePoint decodeAt(std::string_view text, std::size_t pos);

void append(std::string& out, char32_t codePoint);

// Replaces each ill-formed subsequence with U+FFFD, as Python's bytes.decode("utf-8", "replace").
std::string sanitize(std::string_view bytes);

bool isValid(std::string_view bytes);

} // namespace causeway::utf8
