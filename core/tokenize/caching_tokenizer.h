#pragma once
// A tokenizer that remembers its last few encodings. The workbench asks for the same prompt's
// tokens many times per edit (the chips, then every Run button's check prepares an experiment);
// with this in front, each edit tokenizes each changed prompt once. Thread-safe.
#include "tokenize/tokenizer.h"

#include <atomic>
#include <list>
#include <mutex>

namespace causeway {

class CachingTokenizer final : public Tokenizer {
public:
    explicit CachingTokenizer(std::shared_ptr<const Tokenizer> inner, std::size_t capacity = 16);

    std::vector<Token> encode(std::string_view text, bool addSpecialTokens = true) const override;
    std::string decode(const std::vector<int64_t>& ids, bool skipSpecialTokens = false) const override {
        return inner_->decode(ids, skipSpecialTokens);
    }
    std::string displayText(int64_t id) const override { return inner_->displayText(id); }
    std::string rawToken(int64_t id) const override { return inner_->rawToken(id); }
    int64_t vocabSize() const override { return inner_->vocabSize(); }
    std::optional<int64_t> bosId() const override { return inner_->bosId(); }
    std::optional<int64_t> eosId() const override { return inner_->eosId(); }
    std::string kind() const override { return inner_->kind(); }

    // How many encode() calls reached the inner tokenizer (the rest were remembered).
    std::size_t encodings() const { return encodings_.load(); }

private:
    struct Entry {
        std::string text;
        bool special;
        std::vector<Token> tokens;
    };
    std::shared_ptr<const Tokenizer> inner_;
    std::size_t capacity_;
    mutable std::mutex mutex_;
    mutable std::list<Entry> recent_; // most recent first
    mutable std::atomic<std::size_t> encodings_{0};
};

} // namespace causeway
