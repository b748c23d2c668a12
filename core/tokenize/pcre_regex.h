#pragma once
// A PCRE2 regex in UTF + Unicode-property mode, the closest match to the `regex` module HF's slow
// tokenizers use (\p{L}, \p{N}, Unicode \s, lookahead, (?i:...)).
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct pcre2_real_code_8;

namespace causeway {

class Regex {
public:
    // Throws causeway::Error naming `source` (the file the pattern came from) when it does not compile.
    Regex(const std::string& pattern, const std::string& source);
    ~Regex();
    Regex(const Regex&) = delete;
    Regex& operator=(const Regex&) = delete;

    // Byte ranges [begin, end) of the successive non-overlapping, non-empty matches. Bytes that are
    // not valid UTF-8 never match.
    std::vector<std::pair<std::size_t, std::size_t>> findAll(std::string_view subject) const;

private:
    pcre2_real_code_8* code_ = nullptr;
    std::string source_;
};

} // namespace causeway
