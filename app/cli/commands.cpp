#include "cli/commands.h"

#include "cli/args.h"

#include "common/error.h"
#include "common/openmp_policy.h"
#include "io/model_folder.h"
#include "io/safetensors.h"
#include "model/moe.h"
#include "model/transformer.h"
#include "tokenize/tokenizer.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

namespace causeway::cli {

namespace fs = std::filesystem;

namespace {

// The prompt of collect and routing: token ids from --ids, else TEXT tokenized by the folder's tokenizer.
std::vector<int64_t> promptIds(const ParsedArgs& parsed, const fs::path& folder, const std::string& text) {
    if (parsed.one("ids")) return parseIdList(*parsed.one("ids"));
    std::vector<int64_t> ids = loadTokenizer(folder)->encodeIds(text);
    if (ids.empty()) throw Error("The text tokenizes to no tokens; give a non-empty prompt.");
    return ids;
}

// --layer L... as layer numbers (all layers when none are given).
std::vector<int> layersArg(const ParsedArgs& parsed, const ModelConfig& c) {
    std::vector<int> layers;
    for (const std::string& text : parsed.all("layer")) {
        int64_t layer = parseInteger(text, "The layer");
        if (layer < 0 || layer >= c.numLayers)
            throw Error("Layer " + text + " does not exist: the model has layers 0 to " + std::to_string(c.numLayers - 1) + ".");
        layers.push_back(static_cast<int>(layer));
    }
    if (layers.empty())
        for (int l = 0; l < c.numLayers; ++l) layers.push_back(l);
    return layers;
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
    const fs::path folder = resolveModelFolder(parsed.positional()[0]);
    auto model = Transformer::load(folder);
    // A folder without tokenizer files is still a model (tests' fixtures are): say so instead of failing.
    auto tokenizer = hasTokenizerFiles(folder) ? loadTokenizer(folder) : nullptr;
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
        {"compute_blas", blasDescription()}, // which OpenBLAS build, and on whose threads (CMakeLists.txt)
        {"positions", c.arch->positions == PositionKind::Rotary ? "rotary" : "learned"},
        {"norm", c.arch->norm == NormKind::RMSNorm ? "rmsnorm" : "layernorm"},
        {"activation", activationName(c.activation)},
        {"parallel_residual", c.parallelResidual},
        {"tied_embeddings", c.tieEmbeddings},
        {"tokenizer", tokenizer ? nlohmann::json(tokenizer->kind()) : nlohmann::json(nullptr)},
        {"tokenizer_vocab_size", tokenizer ? nlohmann::json(tokenizer->vocabSize()) : nlohmann::json(nullptr)},
        {"components", components},
    };
    if (c.numExperts > 0) {
        nlohmann::json moeLayers = nlohmann::json::array();
        for (int l = 0; l < c.numLayers; ++l)
            if (c.isMoeLayer(l)) moeLayers.push_back(l);
        out["experts"] = {{"count", c.numExperts}, {"per_token", c.expertsPerToken}, {"renormalised", c.normalizeTopK},
                          {"mlp_size", c.expertIntermediateSize}, {"shared_expert_mlp_size", c.sharedExpertIntermediateSize},
                          {"layers", moeLayers}};
    }
    std::cout << out.dump(2) << '\n';
    return 0;
}

int tokenize(const Args& args) {
    const std::string usage = "causeway-cli tokenize DIR TEXT [--no-special]";
    ParsedArgs parsed(args, {"no-special"}, {}, usage);
    if (parsed.positional().size() != 2) throw Error("tokenize takes a folder and a text. Usage: " + usage);
    auto tokenizer = loadTokenizer(resolveModelFolder(parsed.positional()[0]));
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

    const fs::path folder = resolveModelFolder(positional[0]);
    auto model = Transformer::load(folder);
    const ModelConfig& c = model->config();

    const std::vector<int64_t> ids = promptIds(parsed, folder, haveIds ? std::string() : positional[1]);

    std::vector<Component> components;
    for (const std::string& name : parsed.all("component")) {
        auto comp = componentFromName(name);
        if (!comp || !c.hasComponent(*comp)) {
            std::string list;
            for (Component k : c.components()) list += (list.empty() ? "" : ", ") + std::string(componentName(k));
            // A typo and a component this family lacks call for different fixes.
            if (!comp) throw Error("There is no component named '" + name + "'; choose from: " + list + ".");
            throw Error("The component '" + name + "' is not available for " + c.modelType + " models; choose from: " + list + ".");
        }
        components.push_back(*comp);
    }
    if (components.empty()) components = c.components();
    const std::vector<int> layers = layersArg(parsed, c);

    std::vector<std::pair<std::string, at::Tensor>> tensors;
    SiteHooks hooks(static_cast<int>(c.numLayers), [&](const Site& site, at::Tensor& t) {
        tensors.emplace_back(site.name(), t.select(0, 0).contiguous().clone());
    });
    for (int l : layers)
        for (Component comp : components)
            if (c.hasSite(l, comp)) hooks.want(l, comp); // moe_router_logits: the MoE layers only
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

int routing(const Args& args) {
    const std::string usage = "causeway-cli routing MODEL_DIR (TEXT | --ids 1,2,3) [--layer L]...";
    ParsedArgs parsed(args, {}, {"layer", "ids"}, usage);
    const auto& positional = parsed.positional();
    const bool haveIds = parsed.one("ids").has_value();
    if (positional.size() != (haveIds ? 1u : 2u))
        throw Error("routing takes a model folder and either a text or --ids. Usage: " + usage);
    const fs::path folder = resolveModelFolder(positional[0]);
    auto model = Transformer::load(folder);
    const ModelConfig& c = model->config();
    if (c.numExperts == 0)
        throw Error("The " + c.modelType + " model in " + folder.string() + " has no experts to route to (its MLPs are dense).");
    const std::vector<int64_t> ids = promptIds(parsed, folder, haveIds ? std::string() : positional[1]);
    std::vector<int> layers;
    for (int l : layersArg(parsed, c))
        if (c.isMoeLayer(l)) layers.push_back(l);
    if (layers.empty()) throw Error("None of the chosen layers is an MoE layer; their MLPs are dense.");

    std::map<int, at::Tensor> logits; // layer -> [T, experts]
    SiteHooks hooks(static_cast<int>(c.numLayers), [&](const Site& site, at::Tensor& t) { logits[site.layer] = t[0].clone(); });
    for (int l : layers) hooks.want(l, Component::MoeRouterLogits);
    ForwardOptions options;
    options.hooks = &hooks;
    options.logits = LogitsMode::None;
    options.lastLayer = layers.back();
    model->forward(at::tensor(ids, at::kLong).view({1, static_cast<int64_t>(ids.size())}), options);

    nlohmann::json out = {{"experts", c.numExperts}, {"per_token", c.expertsPerToken}, {"ids", ids}};
    for (int l : layers) {
        nlohmann::json positions = nlohmann::json::array();
        for (int64_t p = 0; p < static_cast<int64_t>(ids.size()); ++p) {
            nlohmann::json chosen = nlohmann::json::array();
            for (const ExpertChoice& e : chosenExperts(c, logits.at(l)[p]))
                chosen.push_back({{"expert", e.expert}, {"weight", e.weight}, {"probability", e.probability}});
            positions.push_back(chosen);
        }
        out["layers"].push_back({{"layer", l}, {"positions", positions}});
    }
    std::cout << out.dump(2) << '\n';
    return 0;
}

} // namespace causeway::cli
