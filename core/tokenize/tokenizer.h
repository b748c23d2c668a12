#pragma once
// Tokenizers turn text into token ids the way the model's own HuggingFace tokenizer does.
// Torch-free: this header is safe for the GUI and the CLI to include.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace causeway {

struct Token {
    int64_t id = 0;
    std::string display;       // human-readable text: GPT-2's "Ġthe" and SentencePiece's "▁the" shown as " the"
    std::size_t byteBegin = 0; // [byteBegin, byteEnd) into the UTF-8 input text; empty range for added BOS/EOS
    std::size_t byteEnd = 0;
    bool special = false;      // BOS/EOS/added special tokens
};

class Tokenizer {
public:
    virtual ~Tokenizer() = default;

    // Encodes as HF's `tokenizer(text)` does: with addSpecialTokens the family's BOS is prepended
    // when the tokenizer config says so (tokenizer_config.json `add_bos_token`).
    virtual std::vector<Token> encode(std::string_view text, bool addSpecialTokens = true) const = 0;
    std::vector<int64_t> encodeIds(std::string_view text, bool addSpecialTokens = true) const;

    // Exact inverse of encode (HF decode with clean_up_tokenization_spaces=False).
    virtual std::string decode(const std::vector<int64_t>& ids, bool skipSpecialTokens = false) const = 0;

    virtual std::string displayText(int64_t id) const = 0; // as Token::display
    virtual std::string rawToken(int64_t id) const = 0;    // as HF convert_ids_to_tokens
    virtual int64_t vocabSize() const = 0;
    virtual std::optional<int64_t> bosId() const = 0;
    virtual std::optional<int64_t> eosId() const = 0;
    virtual std::string kind() const = 0; // "byte-level BPE (tokenizer.json)", "SentencePiece", ...
};

// The tokens [begin, end) whose bytes overlap the text's bytes [byteBegin, byteEnd) (BOS/EOS,
// which cover no bytes, never count); {-1, -1} when none does. How a subject given as text
// becomes token positions, in causal tracing and in the workbench.
std::pair<int64_t, int64_t> tokensOverlapping(const std::vector<Token>& tokens, std::size_t byteBegin, std::size_t byteEnd);

// Opens the tokenizer in a model folder or a folder holding only tokenizer files. Preference:
// tokenizer.json, then vocab.json + merges.txt, then tokenizer.model (SentencePiece).
// tokenizer_config.json (when present) decides BOS and Llama's `legacy` flag.
// Throws causeway::Error naming the file and the problem.
std::unique_ptr<Tokenizer> loadTokenizer(const std::filesystem::path& dir);

// True when the folder holds any tokenizer file loadTokenizer understands.
bool hasTokenizerFiles(const std::filesystem::path& dir);

} // namespace causeway
