#include "tokenize/tokenizer_config.h"

#include "common/error.h"

#include <fstream>
#include <iterator>
#include <sstream>

namespace causeway {

namespace {

std::optional<bool> optionalBool(const nlohmann::json& object, const char* key) {
    if (!object.is_object())
        return std::nullopt;
    const auto found = object.find(key);
    if (found == object.end() || !found->is_boolean())
        return std::nullopt;
    return found->get<bool>();
}

// Special tokens appear as plain strings or, in older files, as serialised AddedToken objects.
ConfiguredToken configuredToken(const nlohmann::json& config, const char* key) {
    const auto found = config.find(key);
    if (found == config.end())
        return {};
    if (found->is_string())
        return {true, found->get<std::string>()};
    if (found->is_object() && found->contains("content") && (*found)["content"].is_string())
        return {true, (*found)["content"].get<std::string>()};
    return {true, std::nullopt};
}

std::vector<AddedToken> addedTokensDecoder(const nlohmann::json& config, const std::filesystem::path& file) {
    std::vector<AddedToken> tokens;
    const auto found = config.find("added_tokens_decoder");
    if (found == config.end() || !found->is_object())
        return tokens;
    for (const auto& [idText, entry] : found->items()) {
        AddedToken token;
        try {
            token.id = std::stoll(idText);
            token.content = entry.at("content").get<std::string>();
        } catch (const std::exception&) {
            throw Error("The added_tokens_decoder entry \"" + idText + "\" in " + file.string() +
                        " has no valid id or content; fix or remove that entry.");
        }
        token.special = jsonBool(entry, "special", false);
        token.lstrip = jsonBool(entry, "lstrip", false);
        token.rstrip = jsonBool(entry, "rstrip", false);
        tokens.push_back(std::move(token));
    }
    return tokens;
}

} // namespace

bool jsonBool(const nlohmann::json& object, const char* key, bool fallback) {
    return optionalBool(object, key).value_or(fallback);
}

std::string jsonString(const nlohmann::json& object, const char* key, const std::string& fallback) {
    if (!object.is_object())
        return fallback;
    const auto found = object.find(key);
    return found != object.end() && found->is_string() ? found->get<std::string>() : fallback;
}

bool TokenizerConfig::isClass(const std::string& slowClassName) const {
    return tokenizerClass == slowClassName || tokenizerClass == slowClassName + "Fast";
}

std::string readFileBytes(const std::filesystem::path& file) {
    std::ifstream stream(file, std::ios::binary);
    if (!stream)
        throw Error("Cannot open " + file.string() + "; check that the file exists and is readable.");
    std::ostringstream bytes;
    bytes << stream.rdbuf();
    if (stream.bad())
        throw Error("Reading " + file.string() + " failed; check the disk and the file's permissions.");
    return std::move(bytes).str();
}

nlohmann::json readJsonFile(const std::filesystem::path& file) {
    const std::string bytes = readFileBytes(file);
    try {
        return nlohmann::json::parse(bytes);
    } catch (const nlohmann::json::exception& error) { // parse_error, and out_of_range for a number like 1e999
        throw Error(file.string() + " is not valid JSON (" + error.what() +
                    "); the file is damaged or incomplete, download it again.");
    }
}

TokenizerConfig readTokenizerConfig(const std::filesystem::path& dir) {
    TokenizerConfig config;
    const std::filesystem::path file = dir / "tokenizer_config.json";
    std::error_code ignored;
    if (!std::filesystem::is_regular_file(file, ignored))
        return config;

    const nlohmann::json json = readJsonFile(file);
    if (!json.is_object())
        throw Error(file.string() + " does not hold a JSON object; it is not a tokenizer configuration, replace it.");
    config.file = file;
    config.tokenizerClass = jsonString(json, "tokenizer_class");
    config.addBosToken = optionalBool(json, "add_bos_token");
    config.addEosToken = optionalBool(json, "add_eos_token");
    config.legacy = optionalBool(json, "legacy");
    config.addPrefixSpace = optionalBool(json, "add_prefix_space");
    config.bosToken = configuredToken(json, "bos_token");
    config.eosToken = configuredToken(json, "eos_token");
    config.unkToken = configuredToken(json, "unk_token");
    config.padToken = configuredToken(json, "pad_token");
    config.addedTokens = addedTokensDecoder(json, file);
    return config;
}

} // namespace causeway
