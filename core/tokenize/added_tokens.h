#pragma once
// Added tokens (BOS/EOS, <|endoftext|>, chat markers...) are cut out of the text before the model's
// own tokenization runs, as HF does, and map straight to their id.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace causeway {

struct AddedToken {
    std::string content;
    int64_t id = 0;
    bool special = true; // skipped by decode(..., skipSpecialTokens)
    bool lstrip = false; // swallows the whitespace on its left
    bool rstrip = false; // swallows the whitespace on its right
};

struct TextSegment {
    std::size_t begin = 0; // byte range in the text, including whitespace an added token swallowed
    std::size_t end = 0;
    const AddedToken* addedToken = nullptr; // null for ordinary text
};

class AddedTokenMatcher {
public:
    AddedTokenMatcher() = default;
    explicit AddedTokenMatcher(std::vector<AddedToken> tokens);

    // Splits text into ordinary text and added tokens, taking the leftmost match and, among
    // matches at the same place, the longest. Empty ordinary segments are left out.
    std::vector<TextSegment> split(std::string_view text) const;

    const AddedToken* findById(int64_t id) const;
    const AddedToken* findByContent(std::string_view content) const;
    const std::vector<AddedToken>& tokens() const { return tokens_; }
    bool empty() const { return tokens_.empty(); }

private:
    std::vector<AddedToken> tokens_;
    // Indexes into tokens_ by first byte, longest content first.
    std::array<std::vector<std::size_t>, 256> byFirstByte_;
    std::unordered_map<int64_t, std::size_t> byId_;
};

} // namespace causeway
