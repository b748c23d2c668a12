#include "tokenize/added_tokens.h"

#include <algorithm>

namespace causeway {

namespace {

bool isAsciiWhitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

} // namespace

AddedTokenMatcher::AddedTokenMatcher(std::vector<AddedToken> tokens) : tokens_(std::move(tokens)) {
    tokens_.erase(std::remove_if(tokens_.begin(), tokens_.end(), [](const AddedToken& t) { return t.content.empty(); }),
                  tokens_.end());
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
        byFirstByte_[static_cast<unsigned char>(tokens_[i].content[0])].push_back(i);
        byId_.emplace(tokens_[i].id, i);
    }
    for (auto& candidates : byFirstByte_) {
        std::stable_sort(candidates.begin(), candidates.end(), [this](std::size_t a, std::size_t b) {
            return tokens_[a].content.size() > tokens_[b].content.size();
        });
    }
}

std::vector<TextSegment> AddedTokenMatcher::split(std::string_view text) const {
    std::vector<TextSegment> segments;
    std::size_t ordinaryBegin = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        const AddedToken* match = nullptr;
        for (std::size_t index : byFirstByte_[static_cast<unsigned char>(text[pos])]) {
            if (text.compare(pos, tokens_[index].content.size(), tokens_[index].content) == 0) {
                match = &tokens_[index];
                break;
            }
        }
        if (!match) {
            ++pos;
            continue;
        }
        std::size_t tokenBegin = pos;
        std::size_t tokenEnd = pos + match->content.size();
        if (match->lstrip) {
            while (tokenBegin > ordinaryBegin && isAsciiWhitespace(text[tokenBegin - 1]))
                --tokenBegin;
        }
        if (match->rstrip) {
            while (tokenEnd < text.size() && isAsciiWhitespace(text[tokenEnd]))
                ++tokenEnd;
        }
        if (tokenBegin > ordinaryBegin)
            segments.push_back({ordinaryBegin, tokenBegin, nullptr});
        segments.push_back({tokenBegin, tokenEnd, match});
        ordinaryBegin = pos = tokenEnd;
    }
    if (ordinaryBegin < text.size())
        segments.push_back({ordinaryBegin, text.size(), nullptr});
    return segments;
}

const AddedToken* AddedTokenMatcher::findById(int64_t id) const {
    const auto found = byId_.find(id);
    return found == byId_.end() ? nullptr : &tokens_[found->second];
}

const AddedToken* AddedTokenMatcher::findByContent(std::string_view content) const {
    for (const AddedToken& token : tokens_) {
        if (token.content == content)
            return &token;
    }
    return nullptr;
}

} // namespace causeway
