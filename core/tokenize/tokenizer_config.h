#pragma once
// What tokenizer_config.json says about special tokens, read once for every tokenizer kind.
#include "tokenize/added_tokens.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace causeway {

// A special token named in tokenizer_config.json: absent (the tokenizer class's default applies),
// explicitly null (the tokenizer has none) or a string.
struct ConfiguredToken {
    bool present = false;
    std::optional<std::string> content;

    std::optional<std::string> orDefault(std::optional<std::string> classDefault) const {
        return present ? content : classDefault;
    }
};

struct TokenizerConfig {
    std::filesystem::path file; // empty when the folder has no tokenizer_config.json
    std::string tokenizerClass; // e.g. "LlamaTokenizer"; empty when not given
    std::optional<bool> addBosToken;
    std::optional<bool> addEosToken;
    std::optional<bool> legacy;
    std::optional<bool> addPrefixSpace;
    ConfiguredToken bosToken, eosToken, unkToken, padToken;
    std::vector<AddedToken> addedTokens; // added_tokens_decoder

    // True when tokenizer_class names this class, slow or fast ("GemmaTokenizer", "GemmaTokenizerFast").
    bool isClass(const std::string& slowClassName) const;
};

// Lenient field access for hand-edited JSON: a missing, null or mistyped field gives the fallback.
bool jsonBool(const nlohmann::json& object, const char* key, bool fallback);
std::string jsonString(const nlohmann::json& object, const char* key, const std::string& fallback = {});

// Reads dir/tokenizer_config.json; a default TokenizerConfig when there is none.
TokenizerConfig readTokenizerConfig(const std::filesystem::path& dir);

// Parses a JSON file, throwing causeway::Error naming the file when it is missing or not JSON.
nlohmann::json readJsonFile(const std::filesystem::path& file);

// Reads a whole file as bytes, throwing causeway::Error naming the file when it cannot be read.
std::string readFileBytes(const std::filesystem::path& file);

} // namespace causeway
