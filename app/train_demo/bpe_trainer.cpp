#include "train_demo/bpe_trainer.h"

#include "common/error.h"
#include "io/atomic_file.h"
#include "tokenize/pcre_regex.h"
#include "tokenize/utf8.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <limits>
#include <map>

namespace causeway::demo {

namespace {

constexpr const char* kGpt2Pattern = R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";
constexpr const char* kEndOfText = "<|endoftext|>";

const Regex& gpt2Regex() {
    static const Regex regex(kGpt2Pattern, "GPT-2 pre-tokenizer");
    return regex;
}

bool selfMapped(int byte) { return (byte >= 33 && byte <= 126) || (byte >= 161 && byte <= 172) || byte >= 174; }

// GPT-2's byte -> printable character table (FIXTURES.md section 1).
const std::vector<char32_t>& charOfByte() {
    static const std::vector<char32_t> table = [] {
        std::vector<char32_t> t(256);
        char32_t next = 256;
        for (int b = 0; b < 256; ++b) t[b] = selfMapped(b) ? static_cast<char32_t>(b) : next++;
        return t;
    }();
    return table;
}

std::string byteLevelText(const std::string& bytes) {
    std::string out;
    for (char c : bytes) utf8::append(out, charOfByte()[static_cast<unsigned char>(c)]);
    return out;
}

// Ids 0-255 in GPT-2's order: the self-mapped bytes in byte order, then the others.
std::vector<int> byteOrder() {
    std::vector<int> order;
    for (int b = 0; b < 256; ++b)
        if (selfMapped(b)) order.push_back(b);
    for (int b = 0; b < 256; ++b)
        if (!selfMapped(b)) order.push_back(b);
    return order;
}

void writeJson(const std::filesystem::path& path, const nlohmann::ordered_json& json) {
    writeFileAtomically(path, json.dump(2, ' ', false) + "\n");
}

} // namespace

std::vector<std::string> ByteLevelBpe::pretokenize(const std::string& text) const {
    std::vector<std::string> pieces;
    for (const auto& [begin, end] : gpt2Regex().findAll(text)) pieces.push_back(text.substr(begin, end - begin));
    return pieces;
}

ByteLevelBpe ByteLevelBpe::train(const std::vector<std::string>& texts, int vocabSize,
                                 const std::vector<std::string>& boosted, int64_t boost, int64_t minFrequency) {
    ByteLevelBpe bpe;
    bpe.idOfByte_.assign(256, -1);
    for (int b : byteOrder()) {
        bpe.idOfByte_[b] = static_cast<int64_t>(bpe.tokens_.size());
        bpe.tokens_.push_back(std::string(1, static_cast<char>(b)));
        bpe.idOfBytes_[bpe.tokens_.back()] = bpe.idOfByte_[b];
    }

    std::map<std::string, int64_t> counts; // ordered: the merge order never depends on hashing
    for (const std::string& text : texts)
        for (const std::string& piece : bpe.pretokenize(text)) ++counts[piece];
    for (const std::string& word : boosted) counts[word] += boost;

    std::vector<std::pair<std::vector<int64_t>, int64_t>> words;
    for (const auto& [piece, count] : counts) {
        std::vector<int64_t> symbols;
        for (char c : piece) symbols.push_back(bpe.idOfByte_[static_cast<unsigned char>(c)]);
        words.emplace_back(std::move(symbols), count);
    }

    while (bpe.vocabSize() < vocabSize) {
        std::map<std::pair<int64_t, int64_t>, int64_t> pairCounts;
        for (const auto& [symbols, count] : words)
            for (std::size_t i = 0; i + 1 < symbols.size(); ++i) pairCounts[{symbols[i], symbols[i + 1]}] += count;
        std::pair<int64_t, int64_t> best{-1, -1};
        int64_t bestCount = std::max<int64_t>(minFrequency, 2) - 1;
        for (const auto& [pair, count] : pairCounts)
            if (count > bestCount) best = pair, bestCount = count; // map order: ties keep the lowest ids
        if (best.first < 0) break;

        const std::string merged = bpe.tokens_[best.first] + bpe.tokens_[best.second];
        int64_t mergedId;
        if (auto found = bpe.idOfBytes_.find(merged); found != bpe.idOfBytes_.end()) {
            mergedId = found->second;
        } else {
            mergedId = static_cast<int64_t>(bpe.tokens_.size());
            bpe.tokens_.push_back(merged);
            bpe.idOfBytes_[merged] = mergedId;
        }
        bpe.merges_.push_back(best);
        for (auto& [symbols, count] : words) {
            std::vector<int64_t> out;
            out.reserve(symbols.size());
            for (std::size_t i = 0; i < symbols.size(); ++i) {
                if (i + 1 < symbols.size() && symbols[i] == best.first && symbols[i + 1] == best.second) {
                    out.push_back(mergedId);
                    ++i;
                } else {
                    out.push_back(symbols[i]);
                }
            }
            symbols = std::move(out);
        }
    }
    for (std::size_t r = 0; r < bpe.merges_.size(); ++r) bpe.ranks_.emplace(bpe.merges_[r], r);
    return bpe;
}

int64_t ByteLevelBpe::idOf(const std::string& bytes) const {
    auto found = idOfBytes_.find(bytes);
    return found == idOfBytes_.end() ? -1 : found->second;
}

// As HF's slow GPT2Tokenizer.bpe: merge every occurrence of the lowest-ranked pair, repeat.
std::vector<int64_t> ByteLevelBpe::encodePiece(const std::string& piece) const {
    std::vector<int64_t> symbols;
    for (char c : piece) symbols.push_back(idOfByte_[static_cast<unsigned char>(c)]);
    while (symbols.size() > 1) {
        std::size_t bestRank = std::numeric_limits<std::size_t>::max();
        for (std::size_t i = 0; i + 1 < symbols.size(); ++i) {
            auto found = ranks_.find({symbols[i], symbols[i + 1]});
            if (found != ranks_.end()) bestRank = std::min(bestRank, found->second);
        }
        if (bestRank == std::numeric_limits<std::size_t>::max()) break;
        const auto [left, right] = merges_[bestRank];
        const int64_t mergedId = idOfBytes_.at(tokens_[left] + tokens_[right]);
        std::vector<int64_t> out;
        for (std::size_t i = 0; i < symbols.size(); ++i) {
            if (i + 1 < symbols.size() && symbols[i] == left && symbols[i + 1] == right) {
                out.push_back(mergedId);
                ++i;
            } else {
                out.push_back(symbols[i]);
            }
        }
        symbols = std::move(out);
    }
    return symbols;
}

std::vector<int64_t> ByteLevelBpe::encode(const std::string& text) const {
    std::vector<int64_t> ids;
    for (const std::string& piece : pretokenize(text)) {
        std::vector<int64_t> part = encodePiece(piece);
        ids.insert(ids.end(), part.begin(), part.end());
    }
    return ids;
}

void ByteLevelBpe::save(const std::filesystem::path& dir, int64_t modelMaxLength) const {
    std::filesystem::create_directories(dir);
    const int64_t eot = endOfTextId();

    nlohmann::ordered_json vocab = nlohmann::ordered_json::object();
    for (std::size_t id = 0; id < tokens_.size(); ++id) vocab[byteLevelText(tokens_[id])] = id;
    vocab[kEndOfText] = eot;
    writeJson(dir / "vocab.json", vocab);

    nlohmann::ordered_json mergeList = nlohmann::ordered_json::array();
    {
        std::string merges = "#version: 0.2\n";
        for (const auto& [left, right] : merges_) {
            const std::string line = byteLevelText(tokens_[left]) + " " + byteLevelText(tokens_[right]);
            merges += line + "\n";
            mergeList.push_back(line);
        }
        writeFileAtomically(dir / "merges.txt", merges);
    }

    auto specialToken = [&](bool withId) {
        nlohmann::ordered_json t = nlohmann::ordered_json::object();
        if (withId) t["id"] = eot;
        t["content"] = kEndOfText;
        t["single_word"] = false;
        t["lstrip"] = false;
        t["rstrip"] = false;
        t["normalized"] = true;
        if (withId) t["special"] = true;
        return t;
    };
    auto byteLevel = [](bool prefixSpace) {
        return nlohmann::ordered_json{{"type", "ByteLevel"}, {"add_prefix_space", prefixSpace},
                                      {"trim_offsets", true},  {"use_regex", true}};
    };
    nlohmann::ordered_json tokenizer = nlohmann::ordered_json::object();
    tokenizer["version"] = "1.0";
    tokenizer["truncation"] = nullptr;
    tokenizer["padding"] = nullptr;
    tokenizer["added_tokens"] = nlohmann::ordered_json::array({specialToken(true)});
    tokenizer["normalizer"] = nullptr;
    tokenizer["pre_tokenizer"] = byteLevel(false);
    nlohmann::ordered_json post = byteLevel(true);
    post["trim_offsets"] = false;
    tokenizer["post_processor"] = post;
    tokenizer["decoder"] = byteLevel(true);
    nlohmann::ordered_json model = nlohmann::ordered_json::object();
    model["type"] = "BPE";
    model["dropout"] = nullptr;
    model["unk_token"] = nullptr;
    model["continuing_subword_prefix"] = "";
    model["end_of_word_suffix"] = "";
    model["fuse_unk"] = false;
    model["byte_fallback"] = false;
    model["vocab"] = vocab;
    model["merges"] = mergeList;
    tokenizer["model"] = model;
    writeJson(dir / "tokenizer.json", tokenizer);

    nlohmann::ordered_json config = nlohmann::ordered_json::object();
    config["add_bos_token"] = false;
    config["add_prefix_space"] = false;
    nlohmann::ordered_json decoderEntry = specialToken(false);
    decoderEntry["special"] = true;
    config["added_tokens_decoder"] = {{std::to_string(eot), decoderEntry}};
    config["bos_token"] = kEndOfText;
    config["clean_up_tokenization_spaces"] = false;
    config["eos_token"] = kEndOfText;
    config["errors"] = "replace";
    config["model_max_length"] = modelMaxLength;
    config["pad_token"] = nullptr;
    config["tokenizer_class"] = "GPT2Tokenizer";
    config["unk_token"] = kEndOfText;
    writeJson(dir / "tokenizer_config.json", config);

    writeJson(dir / "special_tokens_map.json", {{"bos_token", specialToken(false)},
                                                {"eos_token", specialToken(false)},
                                                {"unk_token", specialToken(false)}});
}

} // namespace causeway::demo
