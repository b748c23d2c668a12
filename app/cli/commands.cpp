#include "cli/commands.h"

#include "common/error.h"
#include "io/safetensors.h"
#include "model/transformer.h"
#include "tokenize/tokenizer.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>

namespace causeway::cli {

namespace fs = std::filesystem;

namespace {

// A minimal parser: positional arguments plus `--flag` and repeatable `--option VALUE`.
class ParsedArgs {
public:
    ParsedArgs(const Args& args, const std::set<std::string>& flags, const std::set<std::string>& options,
               const std::string& usage) {
        for (std::size_t i = 0; i < args.size(); ++i) {
            const std::string& a = args[i];
            if (a.size() > 2 && a.rfind("--", 0) == 0) {
                std::string name = a.substr(2), value;
                if (auto eq = name.find('='); eq != std::string::npos) {
                    value = name.substr(eq + 1);
                    name = name.substr(0, eq);
                } else if (options.count(name)) {
                    if (i + 1 >= args.size()) throw Error("The option --" + name + " needs a value. Usage: " + usage);
                    value = args[++i];
                }
                if (flags.count(name)) flags_.insert(name);
                else if (options.count(name)) options_[name].push_back(value);
                else throw Error("Unknown option --" + name + ". Usage: " + usage);
            } else {
                positional_.push_back(a);
            }
        }
    }
    const std::vector<std::string>& positional() const { return positional_; }
    bool flag(const std::string& name) const { return flags_.count(name) != 0; }
    std::vector<std::string> all(const std::string& name) const {
        auto it = options_.find(name);
        return it == options_.end() ? std::vector<std::string>{} : it->second;
    }
    std::optional<std::string> one(const std::string& name) const {
        auto values = all(name);
        if (values.size() > 1) throw Error("The option --" + name + " was given more than once.");
        return values.empty() ? std::nullopt : std::optional<std::string>(values[0]);
    }

private:
    std::vector<std::string> positional_;
    std::set<std::string> flags_;
    std::map<std::string, std::vector<std::string>> options_;
};

int64_t parseInteger(const std::string& text, const std::string& what) {
    std::size_t used = 0;
    long long value = 0;
    try {
        value = std::stoll(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != text.size()) throw Error(what + " '" + text + "' is not an integer.");
    return value;
}

std::vector<int64_t> parseIdList(const std::string& text) {
    std::vector<int64_t> ids;
    std::stringstream stream(text);
    std::string item;
    while (std::getline(stream, item, ','))
        if (!item.empty()) ids.push_back(parseInteger(item, "The token id"));
    if (ids.empty()) throw Error("--ids needs a comma-separated list of token ids, e.g. --ids 464,2068,7586.");
    return ids;
}

nlohmann::json tokensJson(const std::vector<Token>& tokens) {
    nlohmann::json list = nlohmann::json::array();
    for (const Token& t : tokens)
        list.push_back({{"id", t.id}, {"text", t.display}, {"begin", t.byteBegin}, {"end", t.byteEnd}, {"special", t.special}});
    return list;
}

} // namespace

int info(const Args& args) {
    const std::string usage = "causeway-cli info MODEL_DIR";
    ParsedArgs parsed(args, {}, {}, usage);
    if (parsed.positional().size() != 1) throw Error("info takes exactly one model folder. Usage: " + usage);
    const fs::path folder = parsed.positional()[0];
    auto model = Transformer::load(folder);
    auto tokenizer = loadTokenizer(folder);
    const ModelConfig& c = model->config();

    nlohmann::json components = nlohmann::json::array();
    for (Component comp : c.components()) components.push_back(std::string(componentName(comp)));
    nlohmann::json out = {
        {"folder", fs::absolute(folder).lexically_normal().string()},
        {"architecture", c.modelType},
        {"family", c.arch->displayName},
        {"layers", c.numLayers},
        {"heads", c.numHeads},
        {"key_value_heads", c.numKvHeads},
        {"hidden_size", c.hiddenSize},
        {"head_size", c.headDim},
        {"mlp_size", c.intermediateSize},
        {"vocab_size", c.vocabSize},
        {"context_length", c.maxPositions},
        {"parameters", model->parameterCount()},
        {"weight_dtype", model->weightDtype()},
        {"compute_dtype", "F32"},
        {"positions", c.arch->positions == PositionKind::Rotary ? "rotary" : "learned"},
        {"norm", c.arch->norm == NormKind::RMSNorm ? "rmsnorm" : "layernorm"},
        {"activation", activationName(c.activation)},
        {"parallel_residual", c.parallelResidual},
        {"tied_embeddings", c.tieEmbeddings},
        {"tokenizer", tokenizer->kind()},
        {"tokenizer_vocab_size", tokenizer->vocabSize()},
        {"components", components},
    };
    std::cout << out.dump(2) << '\n';
    return 0;
}

int tokenize(const Args& args) {
    const std::string usage = "causeway-cli tokenize DIR TEXT [--no-special]";
    ParsedArgs parsed(args, {"no-special"}, {}, usage);
    if (parsed.positional().size() != 2) throw Error("tokenize takes a folder and a text. Usage: " + usage);
    auto tokenizer = loadTokenizer(parsed.positional()[0]);
    const std::string& text = parsed.positional()[1];
    std::vector<Token> tokens = tokenizer->encode(text, !parsed.flag("no-special"));
    nlohmann::json ids = nlohmann::json::array();
    for (const Token& t : tokens) ids.push_back(t.id);
    nlohmann::json out = {{"text", text}, {"count", tokens.size()}, {"ids", ids}, {"tokens", tokensJson(tokens)}};
    std::cout << out.dump(2) << '\n';
    return 0;
}

int collect(const Args& args) {
    const std::string usage =
        "causeway-cli collect MODEL_DIR (TEXT | --ids 1,2,3) [--component C]... [--layer L]... --out FILE";
    ParsedArgs parsed(args, {}, {"component", "layer", "ids", "out"}, usage);
    const auto& positional = parsed.positional();
    const bool haveIds = parsed.one("ids").has_value();
    if (positional.size() != (haveIds ? 1u : 2u))
        throw Error("collect takes a model folder and either a text or --ids. Usage: " + usage);
    const auto out = parsed.one("out");
    if (!out) throw Error("collect needs --out FILE for the safetensors output. Usage: " + usage);

    const fs::path folder = positional[0];
    auto model = Transformer::load(folder);
    const ModelConfig& c = model->config();

    std::vector<int64_t> ids;
    if (haveIds) {
        ids = parseIdList(*parsed.one("ids"));
    } else {
        ids = loadTokenizer(folder)->encodeIds(positional[1]);
        if (ids.empty()) throw Error("The text tokenizes to no tokens; give a non-empty prompt.");
    }

    std::vector<Component> components;
    for (const std::string& name : parsed.all("component")) {
        auto comp = componentFromName(name);
        if (!comp || !c.hasComponent(*comp)) {
            std::string list;
            for (Component k : c.components()) list += (list.empty() ? "" : ", ") + std::string(componentName(k));
            throw Error("The component '" + name + "' is not available for " + c.modelType + " models; choose from: " + list + ".");
        }
        components.push_back(*comp);
    }
    if (components.empty()) components = c.components();
    std::vector<int> layers;
    for (const std::string& text : parsed.all("layer")) {
        int64_t layer = parseInteger(text, "The layer");
        if (layer < 0 || layer >= c.numLayers)
            throw Error("Layer " + text + " does not exist: the model has layers 0 to " + std::to_string(c.numLayers - 1) + ".");
        layers.push_back(static_cast<int>(layer));
    }
    if (layers.empty())
        for (int l = 0; l < c.numLayers; ++l) layers.push_back(l);

    std::vector<std::pair<std::string, at::Tensor>> tensors;
    SiteHooks hooks(static_cast<int>(c.numLayers), [&](const Site& site, at::Tensor& t) {
        tensors.emplace_back(site.name(), t.select(0, 0).contiguous().clone());
    });
    for (int l : layers)
        for (Component comp : components) hooks.want(l, comp);
    at::Tensor input = at::tensor(ids, at::kLong).view({1, static_cast<int64_t>(ids.size())});
    ForwardOptions options;
    options.hooks = &hooks;
    ForwardResult result = model->forward(input, options);
    tensors.emplace_back("input_ids", input);
    tensors.emplace_back("logits", result.logits);
    writeSafetensors(*out, tensors, {{"model", fs::absolute(folder).lexically_normal().string()}});
    std::cerr << "causeway-cli: wrote " << tensors.size() << " tensors for " << ids.size() << " tokens to " << *out << '\n';
    return 0;
}

} // namespace causeway::cli
