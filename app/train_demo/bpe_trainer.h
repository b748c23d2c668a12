#pragma once
// Trains a GPT-2-style byte-level BPE tokenizer and writes it as HuggingFace files (vocab.json,
// merges.txt, tokenizer.json, tokenizer_config.json, special_tokens_map.json).
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace causeway::demo {

class ByteLevelBpe {
public:
    // Pre-tokenizes `texts` with GPT-2's regex, counts the pieces and merges the most frequent
    // adjacent pair (ties: the pair of lowest ids) until the vocabulary holds `vocabSize` ids:
    // 256 bytes, the merges and <|endoftext|> last. `boosted` pieces (e.g. " Paris") count
    // `boost` extra times, so they become single tokens early. A pair that occurs fewer than
    // `minFrequency` times is never merged (the vocabulary then ends smaller): rare words such as
    // made-up names stay split into the pieces that common words share.
    static ByteLevelBpe train(const std::vector<std::string>& texts, int vocabSize,
                              const std::vector<std::string>& boosted, int64_t boost, int64_t minFrequency = 2);

    // The ids this tokenizer gives, applying merges by rank as HF's GPT2Tokenizer does.
    std::vector<int64_t> encode(const std::string& text) const;

    int64_t vocabSize() const { return static_cast<int64_t>(tokens_.size()) + 1; }
    int64_t endOfTextId() const { return static_cast<int64_t>(tokens_.size()); }
    std::size_t mergeCount() const { return merges_.size(); }
    // The token for exactly these bytes, or -1.
    int64_t idOf(const std::string& bytes) const;

    // Writes vocab.json, merges.txt, tokenizer.json, tokenizer_config.json, special_tokens_map.json.
    void save(const std::filesystem::path& dir, int64_t modelMaxLength) const;

private:
    std::vector<std::string> pretokenize(const std::string& text) const;
    std::vector<int64_t> encodePiece(const std::string& piece) const;

    std::vector<std::string> tokens_;                   // id -> bytes
    std::vector<std::pair<int64_t, int64_t>> merges_;   // rank -> (left id, right id); result id 256 + rank
    std::unordered_map<std::string, int64_t> idOfBytes_;
    std::vector<int64_t> idOfByte_;                     // byte -> id
    std::map<std::pair<int64_t, int64_t>, std::size_t> ranks_;
};

} // namespace causeway::demo
