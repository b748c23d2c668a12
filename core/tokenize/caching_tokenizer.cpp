#include "tokenize/caching_tokenizer.h"

namespace causeway {

CachingTokenizer::CachingTokenizer(std::shared_ptr<const Tokenizer> inner, std::size_t capacity)
    : inner_(std::move(inner)), capacity_(capacity == 0 ? 1 : capacity) {}

std::vector<Token> CachingTokenizer::encode(std::string_view text, bool addSpecialTokens) const {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        for (auto it = recent_.begin(); it != recent_.end(); ++it)
            if (it->special == addSpecialTokens && it->text == text) {
                recent_.splice(recent_.begin(), recent_, it);
                return it->tokens;
            }
    }
    // Encoded outside the lock: a long prompt on one thread does not hold up the others.
    std::vector<Token> tokens = inner_->encode(text, addSpecialTokens);
    ++encodings_;
    std::lock_guard<std::mutex> lock(mutex_);
    recent_.push_front({std::string(text), addSpecialTokens, tokens});
    if (recent_.size() > capacity_) recent_.pop_back();
    return tokens;
}

} // namespace causeway
