// ROME-style causal tracing (Meng et al. 2022): noise the subject's token embeddings in N copies,
// then restore clean states and see how much of the clean answer's probability comes back.
// Three maps: a single hidden state (block_output); MLP outputs and attention outputs over a
// window of layers. Naive reference and fast engine, as in patching.cpp.
#include "experiments/tracing.h"
#include "common/json_integers.h"

#include "common/error.h"
#include "experiments/kind.h"
#include "experiments/suffix_sweep.h"
#include "experiments/sweep.h"
#include "tokenize/tokenizer.h"
#include "intervene/intervenable.h"
#include "model/transformer.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <limits>
#include <map>

namespace causeway {

std::vector<int> traceWindow(int layer, int window, int numLayers) {
    std::vector<int> layers;
    // ROME: range(max(0, l - w // 2), min(L, l - (-w // 2))) with Python's floor division, so an
    // odd window is centred on l (window 3 restores l-1..l+1). C++ division truncates toward zero,
    // hence the explicit ceiling for the upper end.
    const int first = std::max(0, layer - window / 2);
    const int last = std::min(numLayers, layer + (window + 1) / 2);
    for (int l = first; l < last; ++l) layers.push_back(l);
    if (layers.empty()) layers.push_back(layer);
    return layers;
}

at::Tensor noisedSubjectEmbeddings(const Transformer& model, const at::Tensor& prompt, std::pair<int64_t, int64_t> subject,
                                   int64_t samples, double scale, uint64_t seed) {
    const int64_t T = prompt.size(1), D = model.config().embeddingWidth, length = subject.second - subject.first;
    at::Generator generator = at::detail::createCPUGenerator(seed);
    at::Tensor noise = at::normal(0.0, 1.0, {samples, length, D}, generator) * scale;
    at::Tensor noised = model.embedTokens(prompt).expand({samples, T, D}).clone();
    noised.narrow(1, subject.first, length).add_(noise);
    return noised;
}

at::Tensor restoreAndRun(const Transformer& model, const at::Tensor& prompt, const at::Tensor& noised,
                         const std::string& component, const std::vector<int>& layers, int64_t position,
                         at::Tensor* noisedLogits) {
    const int64_t N = noised.size(0), T = prompt.size(1);
    IntervenableConfig config;
    InterveneRequest request;
    request.baseTokenEmbeddings = noised;
    request.outputOriginal = noisedLogits != nullptr;
    RepresentationLocations loc;
    loc.positions.assign(static_cast<std::size_t>(N), {position});
    for (int layer : layers) {
        RepresentationConfig rep;
        rep.layer = layer;
        rep.component = component;
        config.representations.push_back(rep);
        request.sources.push_back(prompt.expand({N, T}));
        request.locations.base.push_back(loc);
        request.locations.sources.push_back(loc);
    }
    IntervenableModel im(config, std::shared_ptr<const Transformer>(&model, [](const Transformer*) {}));
    InterveneResult out = im.forward(request);
    if (noisedLogits) *noisedLogits = out.originalLogits;
    return out.intervenedLogits;
}

namespace {

struct TraceMap {
    std::string name;
    Component component;
    bool windowed;
};

const TraceMap kTraceMaps[] = {
    {"hidden", Component::BlockOutput, false},
    {"mlp", Component::MlpOutput, true},
    {"attn", Component::AttentionOutput, true},
};

} // namespace

void runCausalTracing(const Transformer& model, const at::Tensor& prompt, ExperimentResult& result,
                      const RunControl& control) {
    const ExperimentSpec& spec = result.spec;
    const TracingSpec& tracing = spec.part<TracingSpec>();
    const ModelConfig& mc = model.config();
    const int L = static_cast<int>(mc.numLayers);
    const int64_t T = prompt.size(1), N = tracing.noiseSamples;
    const auto [subjectBegin, subjectEnd] = result.subjectRange;
    if (N <= 0) throw Error("noise.samples must be at least 1.");
    if (tracing.window <= 0) throw Error("window must be at least 1.");

    // Clean run: the answer, the high score, and every state a restore copies.
    std::map<std::pair<int, Component>, at::Tensor> clean;
    SiteHooks cleanHooks(L, [&](const Site& site, at::Tensor& t) { clean[{site.layer, site.component}] = t; });
    for (const TraceMap& m : kTraceMaps)
        for (int l = 0; l < L; ++l) cleanHooks.want(l, m.component);
    ForwardOptions cleanOptions;
    cleanOptions.hooks = &cleanHooks;
    cleanOptions.logits = LogitsMode::LastPosition;
    at::Tensor cleanLast = model.forward(prompt, cleanOptions).logits.select(1, 0);
    const int64_t answer = tracing.answerToken.value_or(cleanLast.argmax(-1).item<int64_t>());
    result.correctToken = answer;
    result.cleanBaseline = at::softmax(cleanLast, -1)[0][answer].item<double>();

    // Noise drawn as torch.randn(N, s, D) after torch.manual_seed(seed), so a Python script with
    // the same seed draws the same (see noisedSubjectEmbeddings).
    result.noiseScale = tracing.noiseScale.value_or(tracing.noiseMultiple * model.tokenEmbeddingMatrix().std().item<double>());
    at::Tensor noised = noisedSubjectEmbeddings(model, prompt, result.subjectRange, N, result.noiseScale, tracing.seed);

    // Noised run: the low score, and (fast engine) each layer's input and the key/value cache.
    std::vector<at::Tensor> layerInputs(L);
    KVCache cache;
    SiteHooks noisedHooks(L, [&](const Site& site, at::Tensor& t) { layerInputs[site.layer] = t; });
    for (int l = 0; l < L; ++l) noisedHooks.want(l, Component::BlockInput);
    ForwardOptions noisedOptions;
    noisedOptions.hooks = &noisedHooks;
    noisedOptions.cache = &cache;
    noisedOptions.logits = LogitsMode::LastPosition;
    noisedOptions.tokenEmbeddings = noised;
    const ForwardResult noisedRun = model.forward({}, noisedOptions);
    at::Tensor noisedLast = noisedRun.logits.select(1, 0);
    auto score = [&](const at::Tensor& last) { // [R*N, V] -> [R]: mean answer probability per cell
        return at::softmax(last, -1).select(-1, answer).view({-1, N}).mean(1);
    };
    result.corruptedBaseline = score(noisedLast)[0].item<double>();

    std::vector<int> allLayers;
    for (int l = 0; l < L; ++l) allLayers.push_back(l);
    for (const TraceMap& m : kTraceMaps)
        result.maps.push_back(kindutil::emptyMap(m.name, std::string(componentName(m.component)), "position", allLayers, result.tokens, false));
    // The cells asked for (layers, positions, or an explicit list): the same rows and columns in
    // all three maps; the others stay NaN.
    std::vector<std::vector<bool>> wanted(L, std::vector<bool>(T, spec.cells.empty()));
    for (int l = 0; l < L; ++l)
        for (int64_t t = 0; t < T; ++t) {
            const bool layerOk = spec.layers.empty() || std::find(spec.layers.begin(), spec.layers.end(), l) != spec.layers.end();
            const bool positionOk =
                spec.positions.empty() || std::find(spec.positions.begin(), spec.positions.end(), t) != spec.positions.end();
            wanted[l][t] = wanted[l][t] && layerOk && positionOk;
        }
    for (auto [l, t] : spec.cells) {
        if (l < 0 || l >= L || t < 0 || t >= T)
            throw Error("The cell (layer " + std::to_string(l) + ", position " + std::to_string(t) + ") is outside the " +
                        std::to_string(L) + " x " + std::to_string(T) + " grid.");
        wanted[l][t] = true;
    }
    int64_t perMap = 0;
    for (const auto& row : wanted) perMap += std::count(row.begin(), row.end(), true);
    result.cellsTotal = 3 * perMap;
    auto report = [&] {
        if (control.progress) control.progress(result);
    };
    auto restoredLayers = [&](const TraceMap& m, int layer) {
        return m.windowed ? traceWindow(layer, tracing.window, L) : std::vector<int>{layer};
    };
    auto set = [&](Heatmap& h, int layer, int64_t t, double v) {
        h.raw[static_cast<std::size_t>(layer * T + t)] = v;
        ++result.cellsDone;
    };

    for (std::size_t mi = 0; mi < 3; ++mi) {
        const TraceMap& m = kTraceMaps[mi];
        Heatmap& map = result.maps[mi];
        const std::string compName(componentName(m.component));
        // Before the subject nothing differs from the clean run: restoring there is a no-op.
        for (int64_t t = 0; t < std::min(subjectBegin, T); ++t)
            for (int l = 0; l < L; ++l)
                if (wanted[l][t]) set(map, l, t, result.corruptedBaseline);
        report();

        std::vector<SuffixGroup> groups; // the fast engine's cells, one group per position
        for (int64_t t = subjectBegin; t < T; ++t) {
            checkCancel(control);
            std::vector<int> layersHere;
            for (int l = 0; l < L; ++l)
                if (wanted[l][t]) layersHere.push_back(l);
            if (layersHere.empty()) continue;
            if (control.engine == SweepEngine::Naive) {
                for (int l : layersHere) {
                    at::Tensor logits = restoreAndRun(model, prompt, noised, compName, restoredLayers(m, l), t);
                    set(map, l, t, score(logits.select(1, T - 1))[0].item<double>());
                }
                report();
                continue;
            }
            // Fast (suffix_sweep.h): a cell (l, t) changes nothing before its first restored
            // layer nor before position t; its N noised copies join the batch there.
            SuffixGroup& group = groups.emplace_back();
            group.start = t;
            for (int l : layersHere) group.cells.push_back({restoredLayers(m, l), static_cast<std::size_t>(l)});
        }
        SuffixCallbacks callbacks;
        callbacks.patch = [&](int layer, int64_t t, const std::vector<const SuffixCell*>&, const std::vector<std::size_t>& patched,
                              at::Tensor& site) {
            std::vector<int64_t> rows; // cell-major blocks of N copies
            for (std::size_t i : patched)
                for (int64_t r = 0; r < N; ++r) rows.push_back(static_cast<int64_t>(i) * N + r);
            const at::Tensor value = clean.at({layer, m.component}).select(0, 0).select(0, t);
            at::Tensor edited = site.clone();
            edited.select(1, 0).index_copy_(0, at::tensor(rows, at::kLong), value.expand({static_cast<int64_t>(rows.size()), -1}));
            site = edited;
        };
        callbacks.groupDone = [&](std::size_t g, const SuffixLogits& out) {
            const at::Tensor scores = score(out.logits);
            for (std::size_t c = 0; c < out.ids.size(); ++c)
                set(map, static_cast<int>(out.ids[c]), groups[g].start, scores[static_cast<int64_t>(c)].item<double>());
            report();
        };
        callbacks.beforeLayer = [&] { checkCancel(control); };
        runSuffixGroups(model, SuffixBase{&layerInputs, &noisedRun.finalHidden, &cache}, groups, m.component, callbacks);
    }
}

namespace {

const char* kTracing = R"PY(
ids = torch.tensor([PROMPT_IDS])
T = ids.shape[1]
L = model.config.num_hidden_layers
clean_last = last_logits(model(ids))[0]
answer = ANSWER if ANSWER is not None else int(clean_last.argmax())
high = float(torch.softmax(clean_last, -1)[answer])
embeddings = model.get_input_embeddings()
scale = NOISE_SCALE if NOISE_SCALE is not None else NOISE_MULTIPLE * float(torch.std(embeddings.weight))
begin, end = SUBJECT
torch.manual_seed(SEED)
noise = torch.randn(SAMPLES, end - begin, embeddings.weight.shape[1]) * scale
noised = embeddings(ids).repeat(SAMPLES, 1, 1)
noised[:, begin:end] += noise


def score(output):
    return float(torch.softmax(last_logits(output), -1)[:, answer].mean())


low = score(model(inputs_embeds=noised))


def window(layer):
    return list(range(max(0, layer - WINDOW // 2), min(L, layer - (-WINDOW // 2)))) or [layer]


def wanted(layer, t):  # an explicit cell list wins; otherwise the layers x positions grid (empty = all)
    if CELLS:
        return [layer, t] in CELLS
    return (not LAYERS or layer in LAYERS) and (not POSITIONS or t in POSITIONS)


maps = {}
for name, component, windowed in (("hidden", "block_output", False), ("mlp", "mlp_output", True),
                                  ("attn", "attention_output", True)):
    rows = []
    for layer in range(L):
        row = [None] * T
        columns = [t for t in range(T) if wanted(layer, t)]
        if columns:
            restored = window(layer) if windowed else [layer]
            config = pv.IntervenableConfig([pv.RepresentationConfig(k, component, "pos",
                                                                    intervention_type=pv.VanillaIntervention)
                                            for k in restored])
            im = pv.IntervenableModel(config, model)
        for t in columns:
            if t < begin:
                row[t] = low  # the noise has not reached positions before the subject
                continue
            locations = [[[t]] * SAMPLES] * len(restored)
            _, out = im({"inputs_embeds": noised}, [{"input_ids": ids.repeat(SAMPLES, 1)}] * len(restored),
                        unit_locations={"sources->base": (locations, locations)})
            row[t] = score(out)
        rows.append(row)
    maps[name] = rows
print(json.dumps({"baselines": {"high": high, "low": low}, "answer_token_id": answer, "noise_scale": scale,
                  "maps": maps}))
)PY";


const char* mapTitle(const std::string& name) {
    if (name == "mlp") return "Impact of restoring the MLP output after noising the subject";
    if (name == "attn") return "Impact of restoring the attention output after noising the subject";
    return "Impact of restoring the hidden state after noising the subject";
}

class CausalTracingKind final : public ExperimentKind {
public:
    std::string name() const override { return TracingSpec::kKind; }
    std::string title() const override { return "Causal tracing"; }

    void readSpec(const nlohmann::json& j, ExperimentSpec& spec, const std::string& source) const override {
        TracingSpec& s = spec.part<TracingSpec>();
        spec.prompt = j.value("prompt", std::string());
        if (j.contains("prompt_ids")) spec.promptIds = jsonIntegers<int64_t>(j["prompt_ids"], source + ": 'prompt_ids'");
        s.subject = j.value("subject", std::string());
        if (j.contains("subject_tokens")) s.subjectTokens = {jsonInteger<int64_t>(j["subject_tokens"].at(0), source + ": 'subject_tokens'"), jsonInteger<int64_t>(j["subject_tokens"].at(1), source + ": 'subject_tokens'")};
        // A subject is required by prepare(), not here: a workbench panel without one still reads back.
        if (j.contains("answer_id")) s.answerToken = jsonInteger<int64_t>(j["answer_id"], source + ": 'answer_id'");
        if (j.contains("noise")) {
            const auto& n = j["noise"];
            s.noiseSamples = jsonIntegerOr<int>(n, "samples", 10, source + ": noise");
            s.noiseMultiple = n.value("multiple_of_embedding_std", 3.0);
            if (n.contains("scale")) s.noiseScale = n["scale"].get<double>();
            s.seed = jsonIntegerOr<uint64_t>(n, "seed", 0, source + ": noise");
        }
        s.window = jsonIntegerOr<int>(j, "window", 10, source);
    }

    void writeSpec(const ExperimentSpec& spec, nlohmann::json& j) const override {
        const TracingSpec& s = spec.part<TracingSpec>();
        j["prompt"] = spec.prompt;
        if (!spec.promptIds.empty()) j["prompt_ids"] = spec.promptIds;
        if (!s.subject.empty()) j["subject"] = s.subject;
        if (s.subjectTokens) j["subject_tokens"] = {s.subjectTokens->first, s.subjectTokens->second};
        if (s.answerToken) j["answer_id"] = *s.answerToken;
        j["noise"] = {{"samples", s.noiseSamples}, {"multiple_of_embedding_std", s.noiseMultiple}, {"seed", s.seed}};
        if (s.noiseScale) j["noise"]["scale"] = *s.noiseScale;
        j["window"] = s.window;
    }

    void prepare(const Tokenizer* tokenizer, int64_t vocabSize, ExperimentResult& result) const override {
        TracingSpec& s = result.spec.part<TracingSpec>();
        const std::string& prompt = result.spec.prompt;
        if (s.subject.empty() && !s.subjectTokens)
            throw Error("Causal tracing needs a subject: give 'subject' (a substring of the prompt) or 'subject_tokens' [begin, end).");
        if (s.subjectTokens) {
            result.subjectRange = *s.subjectTokens;
        } else {
            if (!tokenizer) throw Error("Finding the subject by text needs the model's tokenizer; give subject_tokens instead.");
            // The tokens whose bytes overlap the first occurrence of the subject.
            const std::vector<Token> tokens = tokenizer->encode(prompt);
            const auto at = prompt.find(s.subject);
            if (at == std::string::npos)
                throw Error("The subject '" + s.subject + "' does not occur in the prompt '" + prompt + "'.");
            result.subjectRange = tokensOverlapping(tokens, at, at + s.subject.size());
        }
        const auto [b, e] = result.subjectRange;
        if (b < 0 || e <= b || e > static_cast<int64_t>(result.tokenIds.size()))
            throw Error("The subject token range [" + std::to_string(b) + ", " + std::to_string(e) +
                        ") is empty or outside the prompt's " + std::to_string(result.tokenIds.size()) + " tokens.");
        s.subjectTokens = result.subjectRange;
        if (s.answerToken) kindutil::checkTokenId(*s.answerToken, vocabSize);
    }

    void run(const Transformer& model, const Tokenizer*, ExperimentResult& result, const RunControl& control) const override {
        runCausalTracing(model, at::tensor(result.tokenIds, at::kLong).view({1, static_cast<int64_t>(result.tokenIds.size())}),
                         result, control);
    }

    // The clicked cell restored in the same noised copies as the sweep's (same seed): the clean,
    // noised and restored runs' next tokens, averaged over the copies.
    CellProbe probe(const Transformer& model, const Tokenizer* tokenizer, const ExperimentResult& r, const Heatmap& map,
                    int layer, int64_t column, int topK) const override {
        const TracingSpec& tracing = r.spec.part<TracingSpec>();
        const TraceMap* traced = nullptr;
        for (const TraceMap& m : kTraceMaps)
            if (m.name == map.name) traced = &m;
        if (!traced) throw Error("The causal-tracing map '" + map.name + "' is not one this version draws (hidden, mlp, attn).");
        const int64_t T = static_cast<int64_t>(r.tokenIds.size());
        const at::Tensor prompt = at::tensor(r.tokenIds, at::kLong).view({1, T});
        // A prepared but not yet run experiment: the scale and answer as the sweep resolves them.
        const double scale = r.noiseScale > 0 ? r.noiseScale
                                              : tracing.noiseScale.value_or(tracing.noiseMultiple * model.tokenEmbeddingMatrix().std().item<double>());
        const at::Tensor noised = noisedSubjectEmbeddings(model, prompt, r.subjectRange, tracing.noiseSamples, scale, tracing.seed);
        const std::vector<int> layers =
            traced->windowed ? traceWindow(layer, tracing.window, static_cast<int>(model.config().numLayers)) : std::vector<int>{layer};
        at::Tensor noisedLogits;
        const at::Tensor restoredLogits =
            restoreAndRun(model, prompt, noised, std::string(componentName(traced->component)), layers, column, &noisedLogits);
        const at::Tensor noisedProbs = at::softmax(noisedLogits.select(1, T - 1), -1).mean(0);
        const at::Tensor restoredProbs = at::softmax(restoredLogits.select(1, T - 1), -1).mean(0);
        ForwardOptions options;
        options.logits = LogitsMode::LastPosition;
        const at::Tensor cleanProbs = at::softmax(model.forward(prompt, options).logits.select(1, 0)[0], -1);
        const int64_t answer = r.correctToken >= 0 ? r.correctToken : tracing.answerToken.value_or(cleanProbs.argmax().item<int64_t>());
        CellProbe probe;
        probe.columns = {{"Clean", kindutil::topTokens(cleanProbs, topK, tokenizer)},
                         {"Noised", kindutil::topTokens(noisedProbs, topK, tokenizer)},
                         {"Restored", kindutil::topTokens(restoredProbs, topK, tokenizer)}};
        probe.value = restoredProbs[answer].item<double>();
        probe.valueName = "p(answer) after restoring";
        probe.note = {"averaged over %1 noised copies", {std::to_string(tracing.noiseSamples)}};
        probe.answers = {answer};
        const CellRouting routing = promptRouting(model, r.tokenIds, layer, column); // the clean run's; noised copies differ
        probe.expertLayer = routing.layer;
        probe.expertPosition = routing.position;
        probe.columns[0].experts = routing.base;
        return probe;
    }

    void writeResult(const ExperimentResult& r, nlohmann::json& j) const override {
        j["baselines"] = {{"high", r.cleanBaseline}, {"low", r.corruptedBaseline}};
        j["answer_token_id"] = r.correctToken;
        if (!r.correctTokenText.empty()) j["answer_token"] = r.correctTokenText;
        j["subject_tokens"] = {r.subjectRange.first, r.subjectRange.second};
        j["noise_scale"] = r.noiseScale;
    }

    void readResult(const nlohmann::json& j, ExperimentResult& r) const override {
        r.cleanBaseline = j.at("baselines").at("high").get<double>();
        r.corruptedBaseline = j.at("baselines").at("low").get<double>();
        r.correctToken = jsonIntegerOr<int64_t>(j, "answer_token_id", -1, "The results");
        r.correctTokenText = j.value("answer_token", std::string());
        if (j.contains("subject_tokens")) r.subjectRange = {jsonInteger<int64_t>(j["subject_tokens"].at(0), "The results: 'subject_tokens'"), jsonInteger<int64_t>(j["subject_tokens"].at(1), "The results: 'subject_tokens'")};
        r.noiseScale = j.value("noise_scale", 0.0);
    }

    ResultHints describe(const ExperimentResult& r) const override {
        ResultHints h;
        h.label = {"Trace \u00b7 subject %1\u2013%2", {std::to_string(r.subjectRange.first), std::to_string(r.subjectRange.second - 1)}};
        h.caption = {{"Prompt: %1", {r.spec.prompt}}, {"Subject: %1 \u00b7 answer: %2", {r.spec.part<TracingSpec>().subject, r.correctTokenText}}};
        h.highBaseline = "clean run (high)";
        h.lowBaseline = "noised run (low)";
        return h;
    }

    MapHints mapHints(const ExperimentResult& r, const Heatmap& map, bool) const override {
        MapHints h;
        h.title = mapTitle(map.name);
        h.tabTitle = map.name == "mlp" ? "MLP" : map.name == "attn" ? "Attention" : "Hidden states";
        h.scaleTitle = {"p(%1)", {r.correctTokenText}};
        h.columnAxis = map.name == "hidden" ? Phrase{"token (single restored layer per row)"}
                                            : Phrase{"token (restoring %1 layers around each row)", {std::to_string(r.spec.part<TracingSpec>().window)}};
        h.rangeMin = r.corruptedBaseline; // ROME: the scale starts at the low score
        h.palette = map.name == "mlp" ? "greens" : map.name == "attn" ? "reds" : "purples";
        h.markedColumns = r.subjectRange;
        return h;
    }

    std::string pyveneScript(const ExperimentResult& prepared) const override {
        const TracingSpec& s = prepared.spec.part<TracingSpec>();
        using namespace kindutil;
        return "PROMPT_IDS = " + pyList(prepared.tokenIds) + "\n" +
               "SUBJECT = (" + std::to_string(prepared.subjectRange.first) + ", " + std::to_string(prepared.subjectRange.second) + ")\n" +
               "ANSWER = " + pyOptional(s.answerToken) + "\n" +
               "SAMPLES = " + std::to_string(s.noiseSamples) + "\n" +
               "NOISE_MULTIPLE = " + pyFloat(s.noiseMultiple) + "\n" +
               "NOISE_SCALE = " + (s.noiseScale ? pyFloat(*s.noiseScale) : "None") + "\n" +
               "SEED = " + std::to_string(s.seed) + "\n" +
               "WINDOW = " + std::to_string(s.window) + "\n" +
               pyCellsAndPreamble(prepared.spec) + kTracing;
    }
};

} // namespace

const ExperimentKind& causalTracingKind() {
    static const CausalTracingKind kind;
    return kind;
}

} // namespace causeway
