#pragma once
// Byte-level BPE (GPT-2, GPT-NeoX, Qwen2, ...): text -> UTF-8 bytes -> one symbol per byte ->
// merges by rank. Reads HF's tokenizer.json or the older vocab.json + merges.txt pair and gives the
// ids HF gives.
#include "common/error.h"
#include "tokenize/tokenizer.h"

#include <filesystem>
#include <memory>

namespace causeway {

// A tokenizer.json Causeway does not read (it is not a byte-level BPE, e.g. a Metaspace-based
// Llama file). loadTokenizer catches it to fall back to tokenizer.model when the folder has one.
class UnsupportedTokenizerJson : public Error {
public:
    using Error::Error;
};

// Reads a HF tokenizer.json holding a BPE model with a ByteLevel pre-tokenizer, optionally after a
// Split(Regex) (Qwen2) and an NFC normalizer. tokenizer_config.json in the same folder, when
// present, decides BOS/EOS. Throws causeway::Error (or UnsupportedTokenizerJson) naming the file.
std::unique_ptr<Tokenizer> loadBpeFromTokenizerJson(const std::filesystem::path& tokenizerJson);

// Reads dir/vocab.json + dir/merges.txt as HF's slow GPT2Tokenizer does (GPT-2 regex,
// <|endoftext|> special), or as Qwen2Tokenizer when dir/tokenizer_config.json names that class
// (Qwen2 regex, NFC). Throws causeway::Error naming the file at fault.
std::unique_ptr<Tokenizer> loadBpeFromVocabMerges(const std::filesystem::path& dir);

} // namespace causeway
