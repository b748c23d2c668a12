#define PCRE2_CODE_UNIT_WIDTH 8
#include "tokenize/pcre_regex.h"

#include "common/error.h"
#include "tokenize/utf8.h"

#include <pcre2.h>

#include <memory>

namespace causeway {

namespace {

std::string pcreErrorMessage(int errorCode) {
    PCRE2_UCHAR buffer[256];
    if (pcre2_get_error_message(errorCode, buffer, sizeof buffer) < 0)
        return "PCRE2 error " + std::to_string(errorCode);
    return reinterpret_cast<const char*>(buffer);
}

struct MatchDataDeleter {
    void operator()(pcre2_match_data* data) const { pcre2_match_data_free(data); }
};

} // namespace

Regex::Regex(const std::string& pattern, const std::string& source) : source_(source) {
    int errorCode = 0;
    PCRE2_SIZE errorOffset = 0;
    code_ = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                          PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, &errorCode, &errorOffset, nullptr);
    if (!code_) {
        throw Error("The pre-tokenizer regex in " + source + " does not compile (" + pcreErrorMessage(errorCode) +
                    " at offset " + std::to_string(errorOffset) + "); the tokenizer file needs fixing.");
    }
    // JIT is an optimisation only: without it matching is slower but identical.
    pcre2_jit_compile(code_, PCRE2_JIT_COMPLETE);
}

Regex::~Regex() { pcre2_code_free(code_); }

std::vector<std::pair<std::size_t, std::size_t>> Regex::findAll(std::string_view subject) const {
    std::unique_ptr<pcre2_match_data, MatchDataDeleter> matchData(pcre2_match_data_create_from_pattern(code_, nullptr));
    std::vector<std::pair<std::size_t, std::size_t>> matches;
    const auto* subjectData = reinterpret_cast<PCRE2_SPTR>(subject.data());
    for (std::size_t start = 0; start < subject.size();) {
        const int result = pcre2_match(code_, subjectData, subject.size(), start, 0, matchData.get(), nullptr);
        if (result == PCRE2_ERROR_NOMATCH)
            break;
        if (result < 0) {
            throw Error("Matching the pre-tokenizer regex of " + source_ + " failed (" + pcreErrorMessage(result) +
                        "); the text may be too long for it, try a shorter text.");
        }
        const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(matchData.get());
        const std::size_t begin = ovector[0], end = ovector[1];
        if (end > begin) {
            matches.emplace_back(begin, end);
            start = end;
        } else if (begin < subject.size()) {
            start = begin + utf8::decodeAt(subject, begin).length; // step over an empty match
        } else {
            break;
        }
    }
    return matches;
}

} // namespace causeway
