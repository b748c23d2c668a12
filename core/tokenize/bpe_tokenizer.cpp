#include "tokenize/bpe_tokenizer.h"
#include "common/json_integers.h"

#include "tokenize/added_tokens.h"
#include "tokenize/pcre_regex.h"
#include "tokenize/tokenizer_config.h"
#include "tokenize/unicode_nfc.h"
#include "tokenize/utf8.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <mutex>
#include <queue>
#include <unordered_map>

namespace causeway {

namespace {

constexpr const char* kGpt2Pattern =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";
constexpr const char* kQwen2Pattern =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
constexpr const char* kEndOfText = "<|endoftext|>";

// Beyond this many ids a vocabulary file is corrupt rather than large.
constexpr int64_t kMaxVocabularyId = 16 * 1024 * 1024;

// GPT-2's byte <-> character table: bytes 33-126, 161-172 and 174-255 stand for themselves, the
// other 68 get U+0100 upward in byte order, so every token is printable text.
struct ByteLevelAlphabet {
    std::array<char32_t, 256> charOfByte{};
    std::unordered_map<char32_t, unsigned char> byteOfChar;

    ByteLevelAlphabet() {
        char32_t nextSubstitute = 256;
        for (int byte = 0; byte < 256; ++byte) {
            const bool printable = (byte >= 33 && byte <= 126) || (byte >= 161 && byte <= 172) || byte >= 174;
            charOfByte[byte] = printable ? static_cast<char32_t>(byte) : nextSubstitute++;
            byteOfChar.emplace(charOfByte[byte], static_cast<unsigned char>(byte));
        }
    }

    std::string charsOf(std::string_view bytes) const {
        std::string out;
        for (char byte : bytes)
            utf8::append(out, charOfByte[static_cast<unsigned char>(byte)]);
        return out;
    }

    // The bytes a byte-level token stands for. Characters outside the table (a vocabulary that is
    // not purely byte-level) stand for their own UTF-8.
    std::string bytesOf(std::string_view token) const {
        std::string out;
        for (std::size_t pos = 0; pos < token.size();) {
            const utf8::DecodedCodePoint decoded = utf8::decodeAt(token, pos);
            const auto found = decoded.valid ? byteOfChar.find(decoded.codePoint) : byteOfChar.end();
            if (found != byteOfChar.end())
                out += static_cast<char>(found->second);
            else
                out.append(token.substr(pos, decoded.length));
            pos += decoded.length;
        }
        return out;
    }
};

const ByteLevelAlphabet& byteLevelAlphabet() {
    static const ByteLevelAlphabet alphabet;
    return alphabet;
}

// One stage of the pre-tokenizer, which cuts text into the words BPE runs on.
struct PreTokenizeStep {
    enum class Kind {
        PrefixSpace,    // ByteLevel add_prefix_space: a space before each piece that lacks one
        IsolateMatches, // Split, behavior Isolated: matches and the text between them become pieces
        RemoveMatches,  // Split, behavior Removed: only the text between matches stays
    };
    Kind kind = Kind::IsolateMatches;
    std::shared_ptr<const Regex> regex;
};

// A piece of normalised text on its way through the pre-tokenizer. add_prefix_space can put a
// space in front that is not in the text; it maps to an empty range.
struct Piece {
    std::string text;
    std::size_t normalizedBegin = 0;
    bool syntheticSpace = false;

    std::size_t toNormalized(std::size_t offsetInPiece) const {
        const std::size_t synthetic = syntheticSpace ? 1 : 0;
        return normalizedBegin + (offsetInPiece > synthetic ? offsetInPiece - synthetic : 0);
    }

    Piece slice(std::size_t begin, std::size_t end) const {
        return {text.substr(begin, end - begin), toNormalized(begin), syntheticSpace && begin == 0};
    }
};

// Everything a loader gathers from the files; BpeTokenizer turns it into lookup tables.
struct BpeDefinition {
    std::filesystem::path source; // the file named in error messages
    std::string kind;
    std::unordered_map<std::string, int64_t> vocabulary; // byte-level token -> id
    std::vector<std::pair<std::string, std::string>> merges; // in rank order
    std::filesystem::path mergesFile;                        // where the merges are, for error messages
    std::vector<std::size_t> mergeLines;                     // line of each merge in merges.txt
    std::vector<AddedToken> addedTokens;
    std::vector<PreTokenizeStep> preTokenizer;
    bool nfc = false;
    bool prefixSpaceOnText = false; // slow GPT2Tokenizer add_prefix_space: one space before the text
    bool ignoreMerges = false;      // a piece that is itself a vocabulary entry skips the merges
    std::optional<std::string> unkToken;
    std::optional<int64_t> bosId, eosId; // what the tokenizer reports
    std::optional<int64_t> bosToAdd, eosToAdd; // what encode(..., true) adds
};

struct WordToken {
    int64_t id;
    std::size_t byteLength;
};

class BpeTokenizer final : public Tokenizer {
public:
    explicit BpeTokenizer(BpeDefinition definition);

    std::vector<Token> encode(std::string_view text, bool addSpecialTokens) const override;
    std::string decode(const std::vector<int64_t>& ids, bool skipSpecialTokens) const override;
    std::string displayText(int64_t id) const override;
    std::string rawToken(int64_t id) const override;
    int64_t vocabSize() const override { return vocabSize_; }
    std::optional<int64_t> bosId() const override { return bosId_; }
    std::optional<int64_t> eosId() const override { return eosId_; }
    std::string kind() const override { return kind_; }

private:
    std::vector<Piece> preTokenize(Piece whole) const;
    std::vector<WordToken> bytePairEncode(const std::string& word) const;
    std::vector<WordToken> cachedBytePairEncode(const std::string& word) const;
    bool isVocabularyId(int64_t id) const {
        return id >= 0 && id < static_cast<int64_t>(tokenText_.size()) && !tokenText_[static_cast<std::size_t>(id)].empty();
    }
    [[noreturn]] void throwUnknownId(int64_t id) const;

    struct MergeRule {
        uint32_t rank;
        int64_t merged;
    };
    static uint64_t pairKey(int64_t left, int64_t right) {
        return (static_cast<uint64_t>(left) << 32) | static_cast<uint64_t>(right);
    }

    std::filesystem::path source_;
    std::string kind_;
    std::vector<std::string> tokenText_;  // id -> byte-level token ("" for unused ids)
    std::vector<std::string> tokenBytes_; // id -> the bytes it stands for
    std::unordered_map<std::string, int64_t> idOfToken_;
    std::array<int64_t, 256> idOfByte_{};  // -1 when the vocabulary lacks that byte
    std::unordered_map<uint64_t, MergeRule> merges_;
    AddedTokenMatcher addedTokens_;
    std::vector<PreTokenizeStep> preTokenizer_;
    bool nfc_ = false;
    bool prefixSpaceOnText_ = false;
    bool ignoreMerges_ = false;
    std::optional<int64_t> unkId_;
    std::optional<int64_t> bosId_, eosId_, bosToAdd_, eosToAdd_;
    int64_t vocabSize_ = 0;

    // Words repeat a lot in real text; remembering their encoding makes long texts cheap.
    static constexpr std::size_t kMaxCachedWords = 200000;
    mutable std::mutex cacheMutex_;
    mutable std::unordered_map<std::string, std::vector<WordToken>> cache_;
};

BpeTokenizer::BpeTokenizer(BpeDefinition definition)
    : source_(std::move(definition.source)), kind_(std::move(definition.kind)),
      idOfToken_(std::move(definition.vocabulary)), addedTokens_(std::move(definition.addedTokens)),
      preTokenizer_(std::move(definition.preTokenizer)), nfc_(definition.nfc),
      prefixSpaceOnText_(definition.prefixSpaceOnText), ignoreMerges_(definition.ignoreMerges),
      bosId_(definition.bosId), eosId_(definition.eosId), bosToAdd_(definition.bosToAdd),
      eosToAdd_(definition.eosToAdd) {
    const ByteLevelAlphabet& alphabet = byteLevelAlphabet();
    int64_t maxId = -1;
    for (const auto& [token, id] : idOfToken_) {
        if (id < 0 || id > kMaxVocabularyId) {
            throw Error("The vocabulary in " + source_.string() + " gives the token \"" + token + "\" the id " +
                        std::to_string(id) + ", which is not a valid token id; the file is damaged, download it again.");
        }
        maxId = std::max(maxId, id);
    }
    tokenText_.resize(static_cast<std::size_t>(maxId + 1));
    tokenBytes_.resize(tokenText_.size());
    for (const auto& [token, id] : idOfToken_) {
        tokenText_[static_cast<std::size_t>(id)] = token;
        tokenBytes_[static_cast<std::size_t>(id)] = alphabet.bytesOf(token);
    }
    for (int byte = 0; byte < 256; ++byte) {
        std::string character;
        utf8::append(character, alphabet.charOfByte[byte]);
        const auto found = idOfToken_.find(character);
        idOfByte_[byte] = found == idOfToken_.end() ? -1 : found->second;
    }

    merges_.reserve(definition.merges.size());
    for (std::size_t rank = 0; rank < definition.merges.size(); ++rank) {
        const auto& [left, right] = definition.merges[rank];
        const std::string where = definition.mergesFile.string() + " (merge \"" + left + " " + right + "\"" +
                                  (rank < definition.mergeLines.size() ? ", line " + std::to_string(definition.mergeLines[rank]) : "") +
                                  ")";
        const auto leftId = idOfToken_.find(left);
        const auto rightId = idOfToken_.find(right);
        if (leftId == idOfToken_.end() || rightId == idOfToken_.end()) {
            throw Error("A merge in " + where + " names a token that is not in the vocabulary; the merges do not " +
                        "belong to this vocabulary, use the files that came together.");
        }
        const auto mergedId = idOfToken_.find(left + right);
        if (mergedId == idOfToken_.end()) {
            throw Error("A merge in " + where + " makes \"" + left + right + "\", which is not in the vocabulary; " +
                        "the merges do not belong to this vocabulary, use the files that came together.");
        }
        // A repeated merge takes its last rank, as both HF implementations do.
        merges_[pairKey(leftId->second, rightId->second)] = {static_cast<uint32_t>(rank), mergedId->second};
    }

    if (definition.unkToken) {
        if (const auto found = idOfToken_.find(*definition.unkToken); found != idOfToken_.end())
            unkId_ = found->second;
    }
    vocabSize_ = static_cast<int64_t>(tokenText_.size());
    for (const AddedToken& token : addedTokens_.tokens())
        vocabSize_ = std::max(vocabSize_, token.id + 1);
}

std::vector<Piece> BpeTokenizer::preTokenize(Piece whole) const {
    std::vector<Piece> pieces{std::move(whole)};
    for (const PreTokenizeStep& step : preTokenizer_) {
        if (step.kind == PreTokenizeStep::Kind::PrefixSpace) {
            for (Piece& piece : pieces) {
                if (piece.text.empty() || piece.text[0] != ' ') {
                    piece.text.insert(piece.text.begin(), ' ');
                    piece.syntheticSpace = true;
                }
            }
            continue;
        }
        const bool keepMatches = step.kind == PreTokenizeStep::Kind::IsolateMatches;
        std::vector<Piece> next;
        for (const Piece& piece : pieces) {
            std::size_t gapBegin = 0;
            for (const auto& [begin, end] : step.regex->findAll(piece.text)) {
                if (begin > gapBegin)
                    next.push_back(piece.slice(gapBegin, begin));
                if (keepMatches)
                    next.push_back(piece.slice(begin, end));
                gapBegin = end;
            }
            if (gapBegin < piece.text.size())
                next.push_back(piece.slice(gapBegin, piece.text.size()));
        }
        pieces = std::move(next);
    }
    return pieces;
}

// Merges the word's byte symbols, always the lowest-ranked adjacent pair first (leftmost on ties),
// with a heap so that long words stay O(n log n).
std::vector<WordToken> BpeTokenizer::bytePairEncode(const std::string& word) const {
    if (ignoreMerges_) {
        const auto whole = idOfToken_.find(byteLevelAlphabet().charsOf(word));
        if (whole != idOfToken_.end())
            return {{whole->second, word.size()}};
    }

    struct Symbol {
        int64_t id;
        std::size_t length;
        int prev, next; // neighbours still alive, -1 at the ends
    };
    std::vector<Symbol> symbols;
    symbols.reserve(word.size());
    for (std::size_t i = 0; i < word.size(); ++i) {
        const int64_t id = idOfByte_[static_cast<unsigned char>(word[i])];
        symbols.push_back({id, 1, static_cast<int>(i) - 1, i + 1 < word.size() ? static_cast<int>(i) + 1 : -1});
    }

    struct Candidate {
        uint32_t rank;
        int left, right;
        int64_t leftId, rightId, merged;
        bool operator>(const Candidate& other) const {
            return rank != other.rank ? rank > other.rank : left > other.left;
        }
    };
    std::priority_queue<Candidate, std::vector<Candidate>, std::greater<Candidate>> queue;
    const auto consider = [&](int left, int right) {
        if (left < 0 || right < 0 || symbols[left].id < 0 || symbols[right].id < 0)
            return;
        const auto rule = merges_.find(pairKey(symbols[left].id, symbols[right].id));
        if (rule != merges_.end())
            queue.push({rule->second.rank, left, right, symbols[left].id, symbols[right].id, rule->second.merged});
    };
    for (std::size_t i = 0; i + 1 < symbols.size(); ++i)
        consider(static_cast<int>(i), static_cast<int>(i) + 1);

    while (!queue.empty()) {
        const Candidate top = queue.top();
        queue.pop();
        Symbol& left = symbols[top.left];
        // Skip candidates that earlier merges made stale.
        if (left.length == 0 || left.next != top.right || left.id != top.leftId || symbols[top.right].id != top.rightId)
            continue;
        Symbol& right = symbols[top.right];
        left.id = top.merged;
        left.length += right.length;
        left.next = right.next;
        if (right.next >= 0)
            symbols[right.next].prev = top.left;
        right.length = 0;
        right.id = -1;
        consider(left.prev, top.left);
        consider(top.left, left.next);
    }

    std::vector<WordToken> tokens;
    std::size_t pendingBytes = 0; // bytes of dropped symbols join the next token's range
    for (int i = symbols.empty() ? -1 : 0; i >= 0; i = symbols[i].next) {
        const Symbol& symbol = symbols[i];
        const int64_t id = symbol.id >= 0 ? symbol.id : unkId_.value_or(-1);
        if (id < 0) {
            pendingBytes += symbol.length; // no token for this byte and no unk: HF drops it too
            continue;
        }
        tokens.push_back({id, symbol.length + pendingBytes});
        pendingBytes = 0;
    }
    if (pendingBytes && !tokens.empty())
        tokens.back().byteLength += pendingBytes;
    return tokens;
}

std::vector<WordToken> BpeTokenizer::cachedBytePairEncode(const std::string& word) const {
    {
        std::lock_guard<std::mutex> lock(cacheMutex_);
        if (const auto found = cache_.find(word); found != cache_.end())
            return found->second;
    }
    std::vector<WordToken> tokens = bytePairEncode(word);
    std::lock_guard<std::mutex> lock(cacheMutex_);
    if (cache_.size() >= kMaxCachedWords)
        cache_.clear();
    cache_.emplace(word, tokens);
    return tokens;
}

std::vector<Token> BpeTokenizer::encode(std::string_view text, bool addSpecialTokens) const {
    const NormalizedText normalized = nfc_ ? normalizeNfc(text) : unnormalized(text);
    std::vector<Token> tokens;
    const auto addSpecial = [&](int64_t id, std::size_t at) {
        tokens.push_back({id, displayText(id), at, at, true});
    };
    if (addSpecialTokens && bosToAdd_)
        addSpecial(*bosToAdd_, 0);

    std::vector<TextSegment> segments = addedTokens_.split(normalized.text);
    if (prefixSpaceOnText_ && (segments.empty() || segments.front().addedToken))
        segments.insert(segments.begin(), TextSegment{0, 0, nullptr});

    for (const TextSegment& segment : segments) {
        if (segment.addedToken) {
            tokens.push_back({segment.addedToken->id, segment.addedToken->content, normalized.toSource(segment.begin),
                              normalized.toSource(segment.end), segment.addedToken->special});
            continue;
        }
        Piece whole{normalized.text.substr(segment.begin, segment.end - segment.begin), segment.begin, false};
        if (prefixSpaceOnText_ && segment.begin == 0) {
            whole.text.insert(whole.text.begin(), ' ');
            whole.syntheticSpace = true;
        }
        for (const Piece& piece : preTokenize(std::move(whole))) {
            std::size_t offset = 0;
            for (const WordToken& wordToken : cachedBytePairEncode(piece.text)) {
                const std::size_t begin = normalized.toSource(piece.toNormalized(offset));
                offset += wordToken.byteLength;
                const std::size_t end = normalized.toSource(piece.toNormalized(offset));
                tokens.push_back({wordToken.id, displayText(wordToken.id), begin, end, false});
            }
        }
    }

    if (addSpecialTokens && eosToAdd_)
        addSpecial(*eosToAdd_, text.size());
    return tokens;
}

void BpeTokenizer::throwUnknownId(int64_t id) const {
    throw Error("Token id " + std::to_string(id) + " is not in the vocabulary of " + source_.string() +
                " (ids run from 0 to " + std::to_string(vocabSize_ - 1) + "); the ids were made by a different tokenizer.");
}

std::string BpeTokenizer::decode(const std::vector<int64_t>& ids, bool skipSpecialTokens) const {
    std::string bytes;
    for (int64_t id : ids) {
        if (const AddedToken* added = addedTokens_.findById(id)) {
            if (!(skipSpecialTokens && added->special))
                bytes += added->content;
        } else if (isVocabularyId(id)) {
            bytes += tokenBytes_[static_cast<std::size_t>(id)];
        } else {
            throwUnknownId(id);
        }
    }
    return utf8::sanitize(bytes);
}

std::string BpeTokenizer::displayText(int64_t id) const {
    if (const AddedToken* added = addedTokens_.findById(id))
        return added->content;
    if (!isVocabularyId(id))
        throwUnknownId(id);
    return utf8::sanitize(tokenBytes_[static_cast<std::size_t>(id)]);
}

std::string BpeTokenizer::rawToken(int64_t id) const {
    if (const AddedToken* added = addedTokens_.findById(id))
        return added->content;
    if (!isVocabularyId(id))
        throwUnknownId(id);
    return tokenText_[static_cast<std::size_t>(id)];
}

// ---- loading -------------------------------------------------------------------------------------

std::unordered_map<std::string, int64_t> parseVocabulary(const nlohmann::json& vocab, const std::filesystem::path& file) {
    if (!vocab.is_object())
        throw Error("The vocabulary in " + file.string() + " is not a JSON object of token -> id; the file is damaged, download it again.");
    std::unordered_map<std::string, int64_t> vocabulary;
    vocabulary.reserve(vocab.size());
    for (const auto& [token, id] : vocab.items()) {
        if (!id.is_number_integer()) {
            throw Error("The vocabulary in " + file.string() + " gives the token \"" + token +
                        "\" a non-integer id; the file is damaged, download it again.");
        }
        vocabulary.emplace(token, id.get<int64_t>());
    }
    return vocabulary;
}

std::optional<int64_t> lookupToken(const std::optional<std::string>& token, const BpeDefinition& definition) {
    if (!token)
        return std::nullopt;
    for (const AddedToken& added : definition.addedTokens) {
        if (added.content == *token)
            return added.id;
    }
    const auto found = definition.vocabulary.find(*token);
    return found == definition.vocabulary.end() ? std::nullopt : std::optional<int64_t>(found->second);
}

void addMissingAddedTokens(BpeDefinition& definition, const std::vector<AddedToken>& tokens) {
    for (const AddedToken& token : tokens) {
        const bool known = std::any_of(definition.addedTokens.begin(), definition.addedTokens.end(),
                                       [&](const AddedToken& t) { return t.id == token.id || t.content == token.content; });
        if (!known)
            definition.addedTokens.push_back(token);
    }
}

// BOS/EOS as tokenizer_config.json and the class defaults say; `template*` come from a
// tokenizer.json post-processor and apply when the config does not decide.
void resolveBosEos(BpeDefinition& definition, const TokenizerConfig& config, const std::optional<std::string>& classBos,
                   const std::optional<std::string>& classEos, std::optional<int64_t> templateBos = std::nullopt,
                   std::optional<int64_t> templateEos = std::nullopt) {
    definition.bosId = lookupToken(config.bosToken.orDefault(classBos), definition);
    definition.eosId = lookupToken(config.eosToken.orDefault(classEos), definition);
    if (config.addBosToken)
        definition.bosToAdd = *config.addBosToken ? definition.bosId : std::nullopt;
    else
        definition.bosToAdd = templateBos;
    if (config.addEosToken)
        definition.eosToAdd = *config.addEosToken ? definition.eosId : std::nullopt;
    else
        definition.eosToAdd = templateEos;
    if (!definition.bosId)
        definition.bosId = templateBos;
    if (!definition.eosId)
        definition.eosId = templateEos;
}

std::string describe(const nlohmann::json& value) {
    if (value.is_object() && value.contains("type") && value["type"].is_string())
        return value["type"].get<std::string>();
    return value.dump();
}

class TokenizerJsonReader {
public:
    explicit TokenizerJsonReader(std::filesystem::path file) : file_(std::move(file)) {}

    BpeDefinition read() {
        const nlohmann::json json = readJsonFile(file_);
        if (!json.is_object() || !json.contains("model") || !json["model"].is_object()) {
            throw Error(file_.string() + " has no \"model\" section, so it is not a HF tokenizer.json; " +
                        "use the tokenizer files that came with the model.");
        }
        const nlohmann::json& model = json["model"];
        readModel(model);
        readNormalizer(json.value("normalizer", nlohmann::json()));
        readPreTokenizer(json.value("pre_tokenizer", nlohmann::json()));
        if (!sawByteLevel_) {
            throw UnsupportedTokenizerJson(file_.string() + " is a BPE tokenizer without a ByteLevel pre-tokenizer; " +
                                           "Causeway reads only byte-level BPE from tokenizer.json, so it needs the " +
                                           "model's tokenizer.model (SentencePiece) or vocab.json + merges.txt.");
        }
        readAddedTokens(json.value("added_tokens", nlohmann::json::array()));

        const TokenizerConfig config = readTokenizerConfig(file_.parent_path());
        addMissingAddedTokens(definition_, config.addedTokens);
        const auto [templateBos, templateEos] = templateSpecialTokens(json.value("post_processor", nlohmann::json()));
        const std::optional<std::string> endOfText =
            lookupToken(std::string(kEndOfText), definition_) ? std::optional<std::string>(kEndOfText) : std::nullopt;
        resolveBosEos(definition_, config, endOfText, endOfText, templateBos, templateEos);
        definition_.source = definition_.mergesFile = file_;
        definition_.kind = "byte-level BPE (tokenizer.json)";
        return std::move(definition_);
    }

private:
    [[noreturn]] void unsupported(const std::string& what) const {
        throw UnsupportedTokenizerJson(file_.string() + " uses " + what +
                                       ", which Causeway does not read; it reads byte-level BPE tokenizer.json files, " +
                                       "SentencePiece tokenizer.model files and vocab.json + merges.txt.");
    }

    void readModel(const nlohmann::json& model) {
        const bool untaggedBpe = !model.contains("type") && model.contains("vocab") && model.contains("merges");
        const std::string type = jsonString(model, "type");
        if (type != "BPE" && !untaggedBpe)
            unsupported("a model of type \"" + (type.empty() ? describe(model) : type) + "\"");
        if (!jsonString(model, "continuing_subword_prefix").empty())
            unsupported("a continuing_subword_prefix");
        if (!jsonString(model, "end_of_word_suffix").empty())
            unsupported("an end_of_word_suffix");

        definition_.vocabulary = parseVocabulary(model.value("vocab", nlohmann::json()), file_);
        const nlohmann::json merges = model.value("merges", nlohmann::json::array());
        if (!merges.is_array())
            throw Error("The merges in " + file_.string() + " are not a JSON list; the file is damaged, download it again.");
        definition_.merges.reserve(merges.size());
        for (const nlohmann::json& merge : merges) {
            // Older files write a merge as "left right", newer ones as ["left", "right"].
            if (merge.is_string()) {
                const std::string text = merge.get<std::string>();
                const std::size_t space = text.find(' ');
                if (space == std::string::npos || text.find(' ', space + 1) != std::string::npos)
                    throw Error("The merge \"" + text + "\" in " + file_.string() + " is not two tokens separated by one space; the file is damaged, download it again.");
                definition_.merges.emplace_back(text.substr(0, space), text.substr(space + 1));
            } else if (merge.is_array() && merge.size() == 2 && merge[0].is_string() && merge[1].is_string()) {
                definition_.merges.emplace_back(merge[0].get<std::string>(), merge[1].get<std::string>());
            } else {
                throw Error("The merge " + merge.dump() + " in " + file_.string() + " is neither \"a b\" nor [\"a\", \"b\"]; the file is damaged, download it again.");
            }
        }
        definition_.ignoreMerges = jsonBool(model, "ignore_merges", false);
        if (const std::string unk = jsonString(model, "unk_token"); !unk.empty())
            definition_.unkToken = unk;
    }

    void readNormalizer(const nlohmann::json& normalizer) {
        if (normalizer.is_null())
            return;
        const std::string type = jsonString(normalizer, "type");
        if (type == "NFC") {
            definition_.nfc = true;
        } else if (type == "Sequence") {
            for (const nlohmann::json& inner : normalizer.value("normalizers", nlohmann::json::array()))
                readNormalizer(inner);
        } else {
            unsupported("the normalizer \"" + describe(normalizer) + "\"");
        }
    }

    void readPreTokenizer(const nlohmann::json& preTokenizer) {
        if (preTokenizer.is_null())
            return;
        const std::string type = jsonString(preTokenizer, "type");
        if (type == "Sequence") {
            for (const nlohmann::json& inner : preTokenizer.value("pretokenizers", nlohmann::json::array()))
                readPreTokenizer(inner);
        } else if (type == "ByteLevel") {
            sawByteLevel_ = true;
            if (jsonBool(preTokenizer, "add_prefix_space", true))
                definition_.preTokenizer.push_back({PreTokenizeStep::Kind::PrefixSpace, nullptr});
            if (jsonBool(preTokenizer, "use_regex", true))
                definition_.preTokenizer.push_back({PreTokenizeStep::Kind::IsolateMatches, regex(kGpt2Pattern)});
        } else if (type == "Split") {
            readSplit(preTokenizer);
        } else if (type == "Digits") {
            const bool individual = jsonBool(preTokenizer, "individual_digits", false);
            definition_.preTokenizer.push_back({PreTokenizeStep::Kind::IsolateMatches, regex(individual ? R"(\p{N})" : R"(\p{N}+)")});
        } else {
            unsupported("the pre-tokenizer \"" + describe(preTokenizer) + "\"");
        }
    }

    void readSplit(const nlohmann::json& split) {
        if (jsonBool(split, "invert", false))
            unsupported("an inverted Split pre-tokenizer");
        const nlohmann::json pattern = split.value("pattern", nlohmann::json());
        std::string regexText;
        if (const std::string regexPattern = jsonString(pattern, "Regex"); !regexPattern.empty()) {
            regexText = regexPattern;
        } else if (const std::string literal = jsonString(pattern, "String"); !literal.empty()) {
            regexText = "\\Q" + literal + "\\E";
        } else {
            throw Error("The Split pre-tokenizer in " + file_.string() + " has no Regex or String pattern; the file is damaged, download it again.");
        }
        const std::string behavior = jsonString(split, "behavior");
        if (behavior == "Isolated")
            definition_.preTokenizer.push_back({PreTokenizeStep::Kind::IsolateMatches, regex(regexText)});
        else if (behavior == "Removed")
            definition_.preTokenizer.push_back({PreTokenizeStep::Kind::RemoveMatches, regex(regexText)});
        else
            unsupported("a Split pre-tokenizer with behavior \"" + behavior + "\"");
    }

    void readAddedTokens(const nlohmann::json& addedTokens) {
        if (!addedTokens.is_array())
            throw Error("The added_tokens in " + file_.string() + " are not a JSON list; the file is damaged, download it again.");
        for (const nlohmann::json& entry : addedTokens) {
            if (!entry.is_object() || !entry.contains("id") || !entry["id"].is_number_integer() ||
                !entry.contains("content") || !entry["content"].is_string())
                throw Error("An entry of added_tokens in " + file_.string() + " lacks an integer id or a content string; the file is damaged, download it again.");
            AddedToken token;
            token.id = entry["id"].get<int64_t>();
            token.content = entry["content"].get<std::string>();
            token.special = jsonBool(entry, "special", false);
            token.lstrip = jsonBool(entry, "lstrip", false);
            token.rstrip = jsonBool(entry, "rstrip", false);
            definition_.addedTokens.push_back(std::move(token));
        }
    }

    // A TemplateProcessing post-processor (alone or in a Sequence) that puts special tokens around
    // the text is how tokenizer.json-only models (Llama 3) add BOS/EOS.
    std::pair<std::optional<int64_t>, std::optional<int64_t>> templateSpecialTokens(const nlohmann::json& processor) const {
        if (!processor.is_object())
            return {};
        const std::string type = jsonString(processor, "type");
        if (type == "Sequence") {
            std::pair<std::optional<int64_t>, std::optional<int64_t>> found;
            for (const nlohmann::json& inner : processor.value("processors", nlohmann::json::array())) {
                const auto [bos, eos] = templateSpecialTokens(inner);
                if (bos) found.first = bos;
                if (eos) found.second = eos;
            }
            return found;
        }
        if (type != "TemplateProcessing")
            return {};
        const nlohmann::json single = processor.value("single", nlohmann::json::array());
        const nlohmann::json specialTokens = processor.value("special_tokens", nlohmann::json::object());
        const auto specialId = [&](const nlohmann::json& item) -> std::optional<int64_t> {
            if (!item.is_object() || !item.contains("SpecialToken"))
                return std::nullopt;
            const std::string name = jsonString(item["SpecialToken"], "id");
            if (specialTokens.contains(name) && specialTokens[name].contains("ids") && !specialTokens[name]["ids"].empty())
                return jsonInteger(specialTokens[name]["ids"][0], file_.string() + ": the post_processor's special token " + name);
            return lookupToken(name, definition_);
        };
        if (!single.is_array() || single.empty())
            return {};
        return {specialId(single.front()), single.size() > 1 ? specialId(single.back()) : std::nullopt};
    }

    std::shared_ptr<const Regex> regex(const std::string& pattern) const {
        return std::make_shared<const Regex>(pattern, file_.string());
    }

    std::filesystem::path file_;
    BpeDefinition definition_;
    bool sawByteLevel_ = false;
};

std::vector<std::pair<std::string, std::string>> readMergesTxt(const std::filesystem::path& file,
                                                                std::vector<std::size_t>& lineNumbers) {
    const std::string bytes = readFileBytes(file);
    std::vector<std::pair<std::string, std::string>> merges;
    std::size_t lineNumber = 0;
    for (std::size_t lineBegin = 0; lineBegin < bytes.size();) {
        std::size_t lineEnd = bytes.find('\n', lineBegin);
        if (lineEnd == std::string::npos)
            lineEnd = bytes.size();
        std::string_view line(bytes.data() + lineBegin, lineEnd - lineBegin);
        lineBegin = lineEnd + 1;
        ++lineNumber;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.empty() || (lineNumber == 1 && line.substr(0, 8) == "#version"))
            continue;
        const std::size_t space = line.find(' ');
        if (space == std::string_view::npos || space == 0 || space + 1 == line.size() ||
            line.find(' ', space + 1) != std::string_view::npos) {
            throw Error("Line " + std::to_string(lineNumber) + " of " + file.string() +
                        " is not two tokens separated by one space; the file is damaged, download it again.");
        }
        merges.emplace_back(std::string(line.substr(0, space)), std::string(line.substr(space + 1)));
        lineNumbers.push_back(lineNumber);
    }
    return merges;
}

} // namespace

std::unique_ptr<Tokenizer> loadBpeFromTokenizerJson(const std::filesystem::path& tokenizerJson) {
    try {
        return std::make_unique<BpeTokenizer>(TokenizerJsonReader(tokenizerJson).read());
    } catch (const nlohmann::json::exception& error) {
        throw Error(tokenizerJson.string() + " does not have the structure of a HF tokenizer.json (" + error.what() +
                    "); the file is damaged, download it again.");
    }
}

std::unique_ptr<Tokenizer> loadBpeFromVocabMerges(const std::filesystem::path& dir) {
    const TokenizerConfig config = readTokenizerConfig(dir);
    const bool qwen2 = config.isClass("Qwen2Tokenizer");

    BpeDefinition definition;
    definition.source = dir / "vocab.json";
    definition.kind = "byte-level BPE (vocab.json + merges.txt)";
    definition.vocabulary = parseVocabulary(readJsonFile(dir / "vocab.json"), dir / "vocab.json");
    definition.mergesFile = dir / "merges.txt";
    definition.merges = readMergesTxt(definition.mergesFile, definition.mergeLines);
    definition.preTokenizer.push_back(
        {PreTokenizeStep::Kind::IsolateMatches,
         std::make_shared<const Regex>(qwen2 ? kQwen2Pattern : kGpt2Pattern, qwen2 ? "Qwen2Tokenizer" : "GPT2Tokenizer")});
    definition.nfc = qwen2;
    definition.prefixSpaceOnText = !qwen2 && config.addPrefixSpace.value_or(false);

    // The slow tokenizers split on every added token and on their special tokens, whose defaults
    // are <|endoftext|>: bos/eos/unk for GPT2Tokenizer, eos/unk/pad for Qwen2Tokenizer.
    const std::optional<std::string> endOfText =
        definition.vocabulary.count(kEndOfText) ? std::optional<std::string>(kEndOfText) : std::nullopt;
    const std::optional<std::string> classBos = qwen2 ? std::nullopt : endOfText;
    const std::optional<std::string> classPad = qwen2 ? endOfText : std::nullopt;
    definition.addedTokens = config.addedTokens;
    for (const std::optional<std::string>& special :
         {config.bosToken.orDefault(classBos), config.eosToken.orDefault(endOfText), config.unkToken.orDefault(endOfText),
          config.padToken.orDefault(classPad)}) {
        const auto found = special ? definition.vocabulary.find(*special) : definition.vocabulary.end();
        if (found != definition.vocabulary.end())
            addMissingAddedTokens(definition, {AddedToken{*special, found->second, true, false, false}});
    }
    definition.unkToken = config.unkToken.orDefault(endOfText);
    resolveBosEos(definition, config, classBos, endOfText);
    return std::make_unique<BpeTokenizer>(std::move(definition));
}

} // namespace causeway
