// Every family's logits and every intervention site against HuggingFace transformers / pyvene
// (tests/data/expected, computed in Python; see tests/data/FIXTURES.md section 3).
#include "io/safetensors.h"
#include "model/transformer.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>
#include <map>

namespace fs = std::filesystem;
using namespace causeway;

namespace {
const fs::path kData = CAUSEWAY_TEST_DATA;
constexpr double kTolerance = 1e-4; // FIXTURES.md: float32 vs float64 differ by < 7.5e-6

nlohmann::json readJson(const fs::path& p) {
    std::ifstream in(p);
    return nlohmann::json::parse(in);
}

double maxAbsDiff(const at::Tensor& a, const at::Tensor& b) { return (a - b).abs().max().item<double>(); }
} // namespace

class ModelExactnessTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void logitsAndSites_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<int>("prompt");
        for (const char* model : {"gpt2-tiny", "gpt_neox-tiny", "llama-tiny", "mistral-tiny", "gemma-tiny",
                                  "qwen2-tiny", "opt-tiny", "phi-tiny"})
            for (int p = 0; p < 3; ++p)
                QTest::addRow("%s/prompt%d", model, p) << QString::fromLatin1(model) << p;
    }

    void logitsAndSites() {
        QFETCH(QString, model);
        QFETCH(int, prompt);
        const fs::path expectedDir = kData / "expected" / model.toStdString();
        const nlohmann::json manifest = readJson(expectedDir / "manifest.json");
        auto transformer = Transformer::load(kData / "models" / model.toStdString());
        const ModelConfig& config = transformer->config();
        QCOMPARE(config.numLayers, manifest["num_layers"].get<int64_t>());

        SafetensorsFile expected(expectedDir / manifest["prompts"][prompt]["file"].get<std::string>());
        at::Tensor ids = expected.tensor("input_ids");

        std::map<std::string, at::Tensor> collected;
        SiteHooks hooks(static_cast<int>(config.numLayers),
                        [&](const Site& site, at::Tensor& t) { collected[site.name()] = t.select(0, 0).clone(); });
        std::vector<Component> components;
        for (const auto& name : manifest["components"]) {
            auto c = componentFromName(name.get<std::string>());
            QVERIFY2(c.has_value(), name.get<std::string>().c_str());
            QVERIFY2(config.hasComponent(*c), name.get<std::string>().c_str());
            components.push_back(*c);
        }
        hooks.wantAll(components);
        ForwardOptions options;
        options.hooks = &hooks;
        ForwardResult result = transformer->forward(ids, options);

        double worst = maxAbsDiff(result.logits, expected.tensor("logits"));
        QVERIFY2(worst <= kTolerance, qPrintable(QStringLiteral("logits differ by %1").arg(worst)));

        int checked = 0;
        for (const auto& [name, entry] : expected.entries()) {
            if (name.rfind('L', 0) != 0) continue;
            auto it = collected.find(name);
            QVERIFY2(it != collected.end(), ("site not produced: " + name).c_str());
            at::Tensor want = expected.tensor(name);
            at::Tensor got = it->second;
            // HF's OPT decoder flattens to [B*T, D] before fc1, so the fixture's "[0]" of its MLP
            // sites holds position 0 only ([D] instead of [T, D]). Causeway keeps [B, T, D] for
            // every family; compare position 0 there.
            if (model == QLatin1String("opt-tiny") && want.dim() == 1) got = got.select(0, 0);
            QVERIFY2(got.sizes() == want.sizes(),
                     ("shape differs for " + name).c_str());
            double diff = maxAbsDiff(got, want);
            QVERIFY2(diff <= kTolerance, qPrintable(QStringLiteral("%1 differs by %2").arg(QString::fromStdString(name)).arg(diff)));
            ++checked;
        }
        QCOMPARE(checked, static_cast<int>(config.numLayers * components.size()));
    }

    // With no hooks attached the forward pass gives the same logits as with hooks that only read.
    void readingHooksChangeNothing() {
        auto transformer = Transformer::load(kData / "models" / "gpt2-tiny");
        at::Tensor ids = at::tensor(std::vector<int64_t>{266, 356, 381, 394, 492}, at::kLong).view({1, 5});
        SiteHooks hooks(3, [](const Site&, at::Tensor& t) { (void)t.sum(); });
        hooks.wantAll(transformer->config().components());
        ForwardOptions options;
        options.hooks = &hooks;
        QCOMPARE(maxAbsDiff(transformer->forward(ids, options).logits, transformer->logits(ids)), 0.0);
    }

    // Replacing a site changes downstream computation and only from that position on.
    void replacingASiteTakesEffect() {
        auto transformer = Transformer::load(kData / "models" / "llama-tiny");
        at::Tensor ids = at::tensor(std::vector<int64_t>{1, 8, 72, 73, 83, 9}, at::kLong).view({1, 6});
        at::Tensor clean = transformer->logits(ids);
        for (Component c : transformer->config().components()) {
            SiteHooks hooks(3, [](const Site&, at::Tensor& t) {
                // Zero position 3 (the third axis for head layouts).
                at::Tensor replaced = t.clone();
                if (t.dim() == 4) replaced.select(2, 3).zero_();
                else replaced.select(1, 3).zero_();
                t = replaced;
            });
            hooks.want(1, c);
            ForwardOptions options;
            options.hooks = &hooks;
            at::Tensor patched = transformer->forward(ids, options).logits;
            const std::string name(componentName(c));
            QVERIFY2(maxAbsDiff(patched.narrow(1, 0, 3), clean.narrow(1, 0, 3)) == 0.0, name.c_str());
            QVERIFY2(maxAbsDiff(patched, clean) > 1e-4, name.c_str());
        }
    }

    // Incremental decoding with the KV cache gives the logits of one full pass.
    void kvCacheMatchesFullPass() {
        for (const char* model : {"gpt2-tiny", "llama-tiny", "gemma-tiny", "opt-tiny", "phi-tiny", "gpt_neox-tiny"}) {
            auto transformer = Transformer::load(kData / "models" / model);
            at::Tensor ids = at::tensor(std::vector<int64_t>{1, 30, 72, 73, 83, 9, 44}, at::kLong).view({1, 7});
            at::Tensor full = transformer->logits(ids);
            KVCache cache;
            ForwardOptions options;
            options.cache = &cache;
            at::Tensor first = transformer->forward(ids.narrow(1, 0, 4), options).logits;
            at::Tensor rest = transformer->forward(ids.narrow(1, 4, 3), options).logits;
            QVERIFY2(maxAbsDiff(at::cat({first, rest}, 1), full) < 1e-5, model);
        }
    }
};

QTEST_GUILESS_MAIN(ModelExactnessTest)
#include "test_model_exactness.moc"
