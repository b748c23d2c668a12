#include "tokenize/tokenizer.h"

#include "common/error.h"
#include "tokenize/bpe_tokenizer.h"
#include "tokenize/sentencepiece_tokenizer.h"

namespace causeway {

namespace {

bool isFile(const std::filesystem::path& path) {
    std::error_code error;
    return std::filesystem::is_regular_file(path, error);
}

} // namespace

std::pair<int64_t, int64_t> tokensOverlapping(const std::vector<Token>& tokens, std::size_t byteBegin, std::size_t byteEnd) {
    int64_t begin = -1, end = -1;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (tokens[i].byteEnd <= tokens[i].byteBegin) continue;
        if (tokens[i].byteEnd > byteBegin && tokens[i].byteBegin < byteEnd) {
            if (begin < 0) begin = static_cast<int64_t>(i);
            end = static_cast<int64_t>(i) + 1;
        }
    }
    return {begin, end};
}

std::vector<int64_t> Tokenizer::encodeIds(std::string_view text, bool addSpecialTokens) const {
    std::vector<int64_t> ids;
    for (const Token& token : encode(text, addSpecialTokens))
        ids.push_back(token.id);
    return ids;
}

bool hasTokenizerFiles(const std::filesystem::path& dir) {
    return isFile(dir / "tokenizer.json") || (isFile(dir / "vocab.json") && isFile(dir / "merges.txt")) ||
           isFile(dir / "tokenizer.model");
}

std::unique_ptr<Tokenizer> loadTokenizer(const std::filesystem::path& dir) {
    std::error_code error;
    if (!std::filesystem::exists(dir, error)) {
        throw Error("The folder " + dir.string() + " does not exist; choose a model folder that holds tokenizer files.");
    }
    if (!std::filesystem::is_directory(dir, error)) {
        throw Error(dir.string() + " is not a folder; choose the model folder that holds its tokenizer files.");
    }

    const std::filesystem::path tokenizerJson = dir / "tokenizer.json";
    const std::filesystem::path sentencePieceModel = dir / "tokenizer.model";
    if (isFile(tokenizerJson)) {
        try {
            return loadBpeFromTokenizerJson(tokenizerJson);
        } catch (const UnsupportedTokenizerJson&) {
            // e.g. a Llama folder whose tokenizer.json is Metaspace-based: its tokenizer.model says the same.
            if (!isFile(sentencePieceModel) && !(isFile(dir / "vocab.json") && isFile(dir / "merges.txt")))
                throw;
        }
    }
    if (isFile(dir / "vocab.json") && isFile(dir / "merges.txt"))
        return loadBpeFromVocabMerges(dir);
    if (isFile(sentencePieceModel))
        return loadSentencePiece(sentencePieceModel);
    if (isFile(dir / "vocab.json")) {
        throw Error("The folder " + dir.string() + " has vocab.json but no merges.txt, and BPE needs both; " +
                    "copy the model's merges.txt into it.");
    }
    throw Error("The folder " + dir.string() + " has no tokenizer files (tokenizer.json, vocab.json + merges.txt " +
                "or tokenizer.model); copy the model's tokenizer files into it.");
}

} // namespace causeway
