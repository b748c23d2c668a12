#pragma once
// SentencePiece tokenizers (Llama, Mistral, Gemma) with HF's slow-tokenizer behaviour on top:
// BOS, special-token strings in the text, Llama's `legacy` flag. The sentencepiece library itself
// lives in libcauseway_spm.so, loaded at run time (see core/spm_module/spm_module.h for why).
#include "tokenize/added_tokens.h"
#include "tokenize/tokenizer.h"
#include "tokenize/tokenizer_config.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct CausewaySpmProcessor;

namespace causeway {

// Which HF slow tokenizer class to reproduce.
enum class SentencePieceStyle {
    LlamaLegacy, // LlamaTokenizer, legacy=true (HF's default when the config does not say)
    Llama,       // LlamaTokenizer, legacy=false: no dummy-prefix "▁" after special tokens in the text
    Gemma,       // GemmaTokenizer: the model's own normalisation throughout
};

struct SentencePieceOptions {
    // nullopt: Gemma when the model's BOS piece is "<bos>", else LlamaLegacy.
    std::optional<SentencePieceStyle> style;
    bool addBos = true;
    bool addEos = false;
    bool addPrefixSpace = true; // LlamaTokenizer add_prefix_space (legacy=false only)
    // Absent: the model's own piece for that id.
    ConfiguredToken bosToken, eosToken, unkToken, padToken;
    std::vector<AddedToken> addedTokens; // tokenizer_config.json added_tokens_decoder
};

// The options tokenizer_config.json sets (tokenizer_class, legacy, add_bos_token, tokens).
SentencePieceOptions sentencePieceOptionsFromConfig(const TokenizerConfig& config);

class SentencePieceTokenizer final : public Tokenizer {
public:
    // Throws causeway::Error naming modelFile when it cannot be read or is not a SentencePiece
    // model, and when libcauseway_spm.so cannot be found or loaded.
    SentencePieceTokenizer(const std::filesystem::path& modelFile, SentencePieceOptions options);
    ~SentencePieceTokenizer() override;

    std::vector<Token> encode(std::string_view text, bool addSpecialTokens = true) const override;
    std::string decode(const std::vector<int64_t>& ids, bool skipSpecialTokens = false) const override;
    std::string displayText(int64_t id) const override;
    std::string rawToken(int64_t id) const override;
    int64_t vocabSize() const override { return vocabSize_; }
    std::optional<int64_t> bosId() const override { return bosId_; }
    std::optional<int64_t> eosId() const override { return eosId_; }
    std::string kind() const override;
    SentencePieceStyle style() const { return style_; }

    // The bare sentencepiece processor, as python's SentencePieceProcessor encode / encode(out_type=str)
    // / decode give it: no BOS, no special-token handling. For non-legacy Llama this is the
    // processor with the dummy prefix switched off, as HF builds it.
    struct Piece {
        int64_t id = 0;
        std::string piece;     // for an unknown piece, the text it covers
        std::size_t begin = 0; // byte range in the encoded text
        std::size_t end = 0;
    };
    std::vector<Piece> encodeWithSentencePiece(std::string_view text) const;
    std::string decodeWithSentencePiece(const std::vector<int64_t>& ids) const;

private:
    struct Encoded {
        int64_t id;
        std::string piece;
        std::size_t begin, end;
        const AddedToken* addedToken; // non-null for added tokens cut out of the text
    };
    std::vector<Encoded> tokenizeLikeHf(std::string_view text) const;
    std::vector<Piece> encodeChunk(std::string_view chunk, bool hideDummyPrefix) const;
    std::string decodePieces(const std::vector<std::string>& pieces) const;
    std::string decodeLlama(const std::vector<int64_t>& ids, bool skipSpecialTokens) const;
    std::string decodeGemma(const std::vector<int64_t>& ids, bool skipSpecialTokens) const;
    bool isSpecialId(int64_t id) const;
    void checkId(int64_t id) const;

    std::filesystem::path modelFile_;
    std::shared_ptr<CausewaySpmProcessor> processor_;
    SentencePieceStyle style_ = SentencePieceStyle::LlamaLegacy;
    bool addBos_ = true, addEos_ = false, addPrefixSpace_ = true;
    std::vector<std::string> pieces_;  // id -> piece
    std::vector<int> pieceKinds_;      // id -> CausewaySpmPieceKind
    AddedTokenMatcher addedTokens_;
    std::vector<int64_t> specialIds_;  // HF's all_special_ids
    std::optional<int64_t> bosId_, eosId_;
    std::string unkToken_;             // prefix of non-legacy Llama's "<unk>" trick
    std::size_t unkTokenPieceCount_ = 0;
    int64_t vocabSize_ = 0;
};

// Reads modelFile with the options of tokenizer_config.json next to it.
std::unique_ptr<Tokenizer> loadSentencePiece(const std::filesystem::path& modelFile);

} // namespace causeway
