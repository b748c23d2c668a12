// Mixture-of-experts models (mixtral, qwen2_moe): which layers are MoE, the routing rule, the
// router logits as a site that can be collected and replaced (and where it is refused), and
// causeway-cli's routing, collect and info on them. The forward pass itself is checked against
// transformers in test_model_exactness.
#include "common/error.h"
#include "experiments/experiment.h"
#include "experiments/patching.h"
#include "intervene/intervenable.h"
#include "io/safetensors.h"
#include "model/moe.h"
#include "model/transformer.h"
#include "workbench/workbench.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace causeway;

namespace {

const fs::path kData = CAUSEWAY_TEST_DATA;

json readJson(const fs::path& p) {
    std::ifstream in(p);
    return json::parse(in);
}

fs::path modelDir(const char* name) { return kData / "models" / name; }

std::shared_ptr<const Transformer> load(const char* name) { return Transformer::load(modelDir(name)); }

// A fixture prompt's ids and its expected tensors (tests/reference/make_family_fixtures.py).
struct Fixture {
    at::Tensor ids; // [1, T]
    std::unique_ptr<SafetensorsFile> file;
};
Fixture fixture(const char* model, int prompt) {
    const fs::path dir = kData / "expected" / model;
    const json manifest = readJson(dir / "manifest.json");
    Fixture f;
    f.file = std::make_unique<SafetensorsFile>(dir / manifest["prompts"][prompt]["file"].get<std::string>());
    f.ids = f.file->tensor("input_ids");
    return f;
}

std::vector<int> moeLayers(const ModelConfig& c) {
    std::vector<int> layers;
    for (int l = 0; l < c.numLayers; ++l)
        if (c.isMoeLayer(l)) layers.push_back(l);
    return layers;
}

template <typename F>
QString errorOf(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

struct CliRun {
    int exitCode = -1;
    QByteArray out, err;
};
CliRun runCli(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(CAUSEWAY_CLI_PATH), args);
    CliRun run;
    if (!p.waitForFinished(120000)) return run;
    run.exitCode = p.exitCode();
    run.out = p.readAllStandardOutput();
    run.err = p.readAllStandardError();
    return run;
}

QString q(const fs::path& p) { return QString::fromStdString(p.string()); }

} // namespace

class MoeTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { qputenv("OMP_NUM_THREADS", "1"); }

    // decoder_sparse_step and mlp_only_layers decide the MoE layers; norm_topk_prob, the expert
    // sizes and Qwen2's window rule are read as transformers reads them.
    void configChoosesTheMoeLayers() {
        auto parse = [](const char* model) {
            return parseModelConfig(readJson(modelDir(model) / "config.json"), "config.json");
        };
        const ModelConfig shared = parse("qwen2_moe-shared-dense");
        QCOMPARE(moeLayers(shared), (std::vector<int>{0, 2})); // mlp_only_layers [1]
        QVERIFY(!shared.normalizeTopK);
        QCOMPARE(shared.numExperts, int64_t(4));
        QCOMPARE(shared.expertIntermediateSize, int64_t(32));
        QCOMPARE(shared.sharedExpertIntermediateSize, int64_t(80));
        QCOMPARE(shared.slidingWindow, int64_t(0)); // use_sliding_window false
        QVERIFY(shared.hasSite(0, Component::MoeRouterLogits));
        QVERIFY(!shared.hasSite(1, Component::MoeRouterLogits));
        QVERIFY(!shared.hasComponent(Component::MlpActivation));

        const ModelConfig step2 = parse("qwen2_moe-step2-window");
        QCOMPARE(moeLayers(step2), (std::vector<int>{1, 3})); // decoder_sparse_step 2
        QVERIFY(step2.normalizeTopK);
        QCOMPARE(step2.slidingWindow, int64_t(5));
        QCOMPARE(step2.firstWindowLayer, int64_t(2));

        const ModelConfig mixtral = parse("mixtral-top2");
        QCOMPARE(moeLayers(mixtral), (std::vector<int>{0, 1}));
        QVERIFY(mixtral.normalizeTopK); // always, as transformers' Mixtral does
        QCOMPARE(mixtral.sharedExpertIntermediateSize, int64_t(0));

        const ModelConfig dense = parse("llama-tiny");
        QVERIFY(!dense.hasComponent(Component::MoeRouterLogits));
        QVERIFY(moeLayers(dense).empty());

        // Qwen2 (dense) shares the window rule: opt-in, from max_window_layers on.
        json qwen2 = readJson(modelDir("qwen2-tiny") / "config.json");
        QCOMPARE(parseModelConfig(qwen2, "config.json").slidingWindow, int64_t(0));
        qwen2["use_sliding_window"] = true;
        qwen2["max_window_layers"] = 1;
        const ModelConfig windowed = parseModelConfig(qwen2, "config.json");
        QCOMPARE(windowed.slidingWindow, int64_t(4096));
        QCOMPARE(windowed.firstWindowLayer, int64_t(1));
    }

    void badMoeConfigsAreNamed() {
        const json base = readJson(modelDir("qwen2_moe-shared-dense") / "config.json");
        struct Case {
            const char* key;
            json value;
            const char* needle;
        };
        for (const Case& c : {Case{"mlp_only_layers", json::array({7}), "'mlp_only_layers' holds 7"},
                              Case{"mlp_only_layers", json("1"), "must be a list"},
                              Case{"decoder_sparse_step", json(0), "'decoder_sparse_step' must be positive"},
                              Case{"num_experts_per_tok", json(5), "between 1 and num_experts (4)"},
                              Case{"moe_intermediate_size", json(0), "must be positive"}}) {
            json config = base;
            config[c.key] = c.value;
            const QString message = errorOf([&] { parseModelConfig(config, "config.json"); });
            QVERIFY2(message.contains(QLatin1String(c.needle)), qPrintable(c.key + (": " + message)));
        }
        for (const char* key : {"shared_expert_intermediate_size", "num_experts"}) {
            json missing = base;
            missing.erase(key);
            const QString message = errorOf([&] { parseModelConfig(missing, "config.json"); });
            QVERIFY2(message.contains(QStringLiteral("lacks the field '%1'").arg(QLatin1String(key))), qPrintable(message));
        }
    }

    // The routing rule on transformers' own router logits: the top k by softmax, weights
    // renormalised or not as the config says, and expertsAt reads the same logits from a run.
    void routingFollowsTheRouterLogits() {
        for (const char* name : {"qwen2_moe-shared-dense", "qwen2_moe-step2-window", "mixtral-top2", "mixtral-top1-window"}) {
            auto model = load(name);
            const ModelConfig& c = model->config();
            Fixture f = fixture(name, 1);
            for (int layer : moeLayers(c)) {
                const at::Tensor logits = f.file->tensor("L" + std::to_string(layer) + ".moe_router_logits"); // [T, E]
                const at::Tensor probs = at::softmax(logits, -1);
                for (int64_t p = 0; p < logits.size(0); p += 5) {
                    const std::vector<ExpertChoice> chosen = chosenExperts(c, logits[p]);
                    QCOMPARE(static_cast<int64_t>(chosen.size()), c.expertsPerToken);
                    double sum = 0, previous = 2;
                    for (const ExpertChoice& e : chosen) {
                        QVERIFY(e.probability <= previous);
                        previous = e.probability;
                        QVERIFY(std::abs(e.probability - probs[p][e.expert].item<double>()) < 1e-6);
                        if (!c.normalizeTopK) QCOMPARE(e.weight, e.probability);
                        sum += e.weight;
                    }
                    // Nothing outside the top k is more probable than what is inside it.
                    const at::Tensor sorted = std::get<0>(probs[p].sort(-1, /*descending=*/true));
                    if (c.expertsPerToken < c.numExperts)
                        QVERIFY(sorted[c.expertsPerToken].item<double>() <= chosen.back().probability + 1e-7);
                    if (c.normalizeTopK) QVERIFY2(std::abs(sum - 1.0) < 1e-6, name);
                    const std::vector<ExpertChoice> read = expertsAt(*model, f.ids, layer, p);
                    for (std::size_t i = 0; i < chosen.size(); ++i) {
                        QCOMPARE(read[i].expert, chosen[i].expert);
                        QVERIFY(std::abs(read[i].weight - chosen[i].weight) < 1e-5);
                    }
                }
            }
        }
        auto dense = load("qwen2_moe-shared-dense");
        const QString message = errorOf([&] { expertsAt(*dense, at::ones({1, 4}, at::kLong), 1, 0); });
        QVERIFY2(message.contains(QLatin1String("Layer 1")) && message.contains(QLatin1String("dense")), qPrintable(message));
    }

    // Patching the router logits of one token from another run moves that token to the other
    // run's experts: logits before it are untouched, and a self-patch changes nothing.
    void patchingRouterLogitsReroutes() {
        for (const char* name : {"qwen2_moe-step2-window", "mixtral-top2"}) {
            auto model = load(name);
            const ModelConfig& c = model->config();
            const int layer = moeLayers(c).back();
            const at::Tensor base = fixture(name, 1).ids.narrow(1, 0, 10);
            const at::Tensor source = fixture(name, 2).ids.narrow(1, 0, 10);
            const int64_t position = 6;

            IntervenableConfig config;
            RepresentationConfig patch;
            patch.layer = layer;
            patch.component = "moe_router_logits";
            RepresentationConfig collect = patch;
            collect.interventionType = "CollectIntervention";
            config.representations = {patch, collect};
            IntervenableModel im(config, model);
            QCOMPARE(im.componentWidth(0), c.numExperts);
            InterveneRequest request;
            request.base = base;
            request.sources = {source, at::Tensor()};
            RepresentationLocations at;
            at.positions = {{position}};
            request.locations.base = {at, at};
            request.locations.sources = {at, std::nullopt};
            request.outputOriginal = true;
            const InterveneResult out = im.forward(request);

            std::vector<ExpertChoice> want = expertsAt(*model, source, layer, position);
            std::vector<ExpertChoice> got = chosenExperts(c, out.collected.at(0)[0]);
            for (std::size_t i = 0; i < want.size(); ++i) {
                QCOMPARE(got[i].expert, want[i].expert);
                QVERIFY(std::abs(got[i].weight - want[i].weight) < 1e-6);
            }
            const std::vector<ExpertChoice> before = expertsAt(*model, base, layer, position);
            bool rerouted = false;
            for (std::size_t i = 0; i < want.size(); ++i) rerouted |= before[i].expert != want[i].expert;
            QVERIFY2(rerouted, "the fixture prompts must route this token differently");
            const double earlier = (out.intervenedLogits.narrow(1, 0, position) - out.originalLogits.narrow(1, 0, position))
                                       .abs().max().item<double>();
            QVERIFY(earlier < 1e-5); // not 0: other tokens' expert batches change size, so BLAS sums in another order
            QVERIFY((out.intervenedLogits.select(1, position) - out.originalLogits.select(1, position)).abs().max().item<double>() > 1e-4);

            request.sources = {base, at::Tensor()};
            const InterveneResult self = im.forward(request);
            QVERIFY((self.intervenedLogits - self.originalLogits).abs().max().item<double>() < 1e-5);
        }
    }

    // Where the router logits cannot go: a dense layer, and patching sweeps (collect and intervene only).
    void routerLogitsRefusals() {
        auto model = load("qwen2_moe-shared-dense");
        IntervenableConfig config;
        RepresentationConfig r;
        r.layer = 1;
        r.component = "moe_router_logits";
        config.representations = {r};
        QString message = errorOf([&] { IntervenableModel(config, model); });
        QVERIFY2(message.contains(QLatin1String("layer 1 has a dense MLP")), qPrintable(message));

        auto dense = load("llama-tiny");
        config.representations[0].layer = 0;
        message = errorOf([&] { IntervenableModel(config, dense); });
        QVERIFY2(message.contains(QLatin1String("no component 'moe_router_logits'")), qPrintable(message));

        ExperimentSpec spec;
        spec.promptIds = {1, 2, 3, 4};
        PatchingSpec& patching = spec.part<PatchingSpec>();
        patching.corruptedIds = {1, 2, 5, 4};
        patching.correctToken = 7;
        patching.incorrectToken = 9;
        patching.components = {"moe_router_logits"};
        message = errorOf([&] { runExperiment(*model, nullptr, spec); });
        QVERIFY2(message.contains(QLatin1String("not swept")) && message.contains(QLatin1String("block_output")), qPrintable(message));
    }

    // A probed cell of an MoE layer names each run's experts. Patching mlp_input (the router's
    // input) from the clean run makes the patched run route that token as the clean run does; a
    // head cell's experts are the last token's.
    void probedCellsNameTheirExperts() {
        const fs::path folder = modelDir("mixtral-top2");
        const OpenedModel opened = openModelFolder(folder);
        const std::vector<int64_t> clean = {5, 17, 40, 77, 23, 62, 9}, corrupted = {5, 17, 41, 90, 23, 62, 9};
        ExperimentSpec spec;
        spec.promptIds = clean;
        PatchingSpec& patching = spec.part<PatchingSpec>();
        patching.corruptedIds = corrupted;
        patching.components = {"mlp_input"};
        const ExperimentResult result = runExperiment(*opened.model, nullptr, spec);
        const at::Tensor cleanIds = at::tensor(clean, at::kLong).view({1, 7}), corruptedIds = at::tensor(corrupted, at::kLong).view({1, 7});
        auto same = [](const std::vector<ExpertChoice>& a, const std::vector<ExpertChoice>& b) {
            if (a.size() != b.size()) return false;
            for (std::size_t i = 0; i < a.size(); ++i)
                if (a[i].expert != b[i].expert || std::abs(a[i].weight - b[i].weight) > 1e-5) return false;
            return true;
        };
        const CellProbe probe = probeCell(opened, result, 0, 1, 3);
        QCOMPARE(probe.expertLayer, 1);
        QCOMPARE(probe.expertPosition, int64_t(3));
        QVERIFY(same(probe.columns[0].experts, expertsAt(*opened.model, cleanIds, 1, 3)));
        QVERIFY(same(probe.columns[1].experts, expertsAt(*opened.model, corruptedIds, 1, 3)));
        QVERIFY(!same(probe.columns[0].experts, probe.columns[1].experts)); // the prompts route token 3 differently
        QVERIFY(same(probe.columns[2].experts, probe.columns[0].experts));  // patched = clean's routing

        patching.components = {"head_attention_value_output"};
        patching.unit = PatchUnit::Head;
        const CellProbe head = probeCell(opened, runExperiment(*opened.model, nullptr, spec), 0, 0, 2);
        QCOMPARE(head.expertPosition, int64_t(6));
        QVERIFY(same(head.columns[0].experts, expertsAt(*opened.model, cleanIds, 0, 6)));

        // Dense models and layers: no experts anywhere.
        const OpenedModel dense = openModelFolder(modelDir("qwen2_moe-shared-dense"));
        patching.components = {"block_output"};
        patching.unit = PatchUnit::Position;
        const ExperimentResult denseResult = runExperiment(*dense.model, nullptr, spec);
        const CellProbe denseLayer = probeCell(dense, denseResult, 0, 1, 3);
        QCOMPARE(denseLayer.expertLayer, -1);
        for (const ProbeColumn& c : denseLayer.columns) QVERIFY(c.experts.empty());
        QCOMPARE(probeCell(dense, denseResult, 0, 2, 3).expertLayer, 2);
    }

    // causeway-cli: routing per MoE layer and token, collect of the router logits, info's MoE fields.
    void cli() {
        const fs::path folder = modelDir("qwen2_moe-shared-dense");
        Fixture f = fixture("qwen2_moe-shared-dense", 0);
        QStringList ids;
        for (int64_t i = 0; i < f.ids.size(1); ++i) ids << QString::number(f.ids[0][i].item<int64_t>());

        CliRun run = runCli({"routing", q(folder), "--ids", ids.join(',')});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const json routing = json::parse(run.out.toStdString());
        QCOMPARE(routing["layers"].size(), std::size_t(2));
        auto model = load("qwen2_moe-shared-dense");
        for (const json& layer : routing["layers"]) {
            const int l = layer["layer"].get<int>();
            QVERIFY(l == 0 || l == 2);
            QCOMPARE(layer["positions"].size(), static_cast<std::size_t>(f.ids.size(1)));
            const at::Tensor logits = f.file->tensor("L" + std::to_string(l) + ".moe_router_logits");
            for (int64_t p = 0; p < f.ids.size(1); ++p) {
                const std::vector<ExpertChoice> want = chosenExperts(model->config(), logits[p]);
                const json& got = layer["positions"][p];
                QCOMPARE(got.size(), want.size());
                for (std::size_t i = 0; i < want.size(); ++i) {
                    QCOMPARE(got[i]["expert"].get<int64_t>(), want[i].expert);
                    QVERIFY(std::abs(got[i]["weight"].get<double>() - want[i].weight) < 1e-4);
                }
            }
        }
        run = runCli({"routing", q(folder), "--ids", ids.join(','), "--layer", "1"});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("dense"), run.err.constData());
        run = runCli({"routing", q(modelDir("llama-tiny")), "--ids", "1,2,3"});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("no experts"), run.err.constData());

        // collect: the router logits of the MoE layers only, equal to transformers' router_logits.
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("sites.safetensors"));
        run = runCli({"collect", q(folder), "--ids", ids.join(','), "--component", "moe_router_logits", "--out", out});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        SafetensorsFile collected(out.toStdString());
        QVERIFY(!collected.contains("L1.moe_router_logits"));
        for (const char* name : {"L0.moe_router_logits", "L2.moe_router_logits"})
            QVERIFY2((collected.tensor(name) - f.file->tensor(name)).abs().max().item<double>() < 1e-4, name);

        run = runCli({"info", q(folder)});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const json info = json::parse(run.out.toStdString());
        QVERIFY(info["tokenizer"].is_null()); // the fixture has no tokenizer files
        QCOMPARE(info["components"].back().get<std::string>(), std::string("moe_router_logits"));
        QCOMPARE(info["experts"]["layers"], json::array({0, 2}));
        QCOMPARE(info["experts"]["shared_expert_mlp_size"].get<int>(), 80);
        QCOMPARE(info["experts"]["renormalised"].get<bool>(), false);
    }
};

QTEST_GUILESS_MAIN(MoeTest)
#include "test_moe.moc"
