// Every intervention case produced by pyvene itself (tests/data/pyvene_cases, FIXTURES.md
// section 4) through the C++ API: original and intervened logits, collected tensors and generated
// ids; pyvene-saved folders loaded and run; Causeway's own saves loaded back.
#include "intervene/intervenable.h"
#include "intervene/pyvene_format.h"
#include "io/safetensors.h"
#include "io/torch_pickle.h"
#include "model/transformer.h"
#include "common/error.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

namespace fs = std::filesystem;
using namespace causeway;

namespace {
const fs::path kData = CAUSEWAY_TEST_DATA;
constexpr double kTolerance = 1e-4;

nlohmann::json readJson(const fs::path& p) {
    std::ifstream in(p);
    return nlohmann::json::parse(in);
}

double maxAbsDiff(const at::Tensor& a, const at::Tensor& b) { return (a - b).abs().max().item<double>(); }

std::shared_ptr<const Transformer> model(const std::string& name) {
    static std::map<std::string, std::shared_ptr<const Transformer>> cache;
    auto& m = cache[name];
    if (!m) m = Transformer::load(kData / "models" / name);
    return m;
}

NamedTensors allTensors(const SafetensorsFile& file) {
    NamedTensors out;
    for (const auto& [name, entry] : file.entries()) out.emplace_back(name, file.tensor(name));
    return out;
}

#define VERIFY_CLOSE(got, want, what)                                                                    \
    do {                                                                                                 \
        QVERIFY2((got).sizes() == (want).sizes(), qPrintable(QStringLiteral("%1: shape differs").arg(what))); \
        const double d = maxAbsDiff(got, want);                                                          \
        QVERIFY2(d <= kTolerance, qPrintable(QStringLiteral("%1 differs by %2").arg(what).arg(d)));    \
    } while (0)
} // namespace

class PyveneCasesTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void pyveneCase_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("caseName");
        const nlohmann::json index = readJson(kData / "pyvene_cases" / "index.json");
        for (auto it = index["cases"].begin(); it != index["cases"].end(); ++it)
            for (const auto& c : it.value())
                QTest::addRow("%s/%s", it.key().c_str(), c.get<std::string>().c_str())
                    << QString::fromStdString(it.key()) << QString::fromStdString(c.get<std::string>());
    }

    void pyveneCase() {
        QFETCH(QString, model);
        QFETCH(QString, caseName);
        const fs::path dir = kData / "pyvene_cases" / model.toStdString() / caseName.toStdString();
        const nlohmann::json json = readJson(dir / "case.json");
        SafetensorsFile tensors(dir / "tensors.safetensors");
        InterventionCase c = parseInterventionCase(json, nullptr);
        IntervenableModel im(c.config, ::model(model.toStdString()));
        applyNamedWeights(im, allTensors(tensors));

        if (c.generate) {
            GenerateResult g = im.generate(c.request, *c.generate);
            QVERIFY(at::equal(g.originalIds, tensors.tensor("original_generated_ids")));
            QVERIFY(at::equal(g.intervenedIds, tensors.tensor("intervened_generated_ids")));
            InterveneResult r = im.forward(c.request);
            VERIFY_CLOSE(r.originalLogits, tensors.tensor("prompt_original_logits"), QStringLiteral("prompt original logits"));
            VERIFY_CLOSE(r.intervenedLogits, tensors.tensor("prompt_intervened_logits"), QStringLiteral("prompt intervened logits"));
            return;
        }

        InterveneResult r = im.forward(c.request);
        VERIFY_CLOSE(r.originalLogits, tensors.tensor("original_logits"), QStringLiteral("original logits"));
        VERIFY_CLOSE(r.intervenedLogits, tensors.tensor("intervened_logits"), QStringLiteral("intervened logits"));
        std::size_t expectedCollected = 0;
        while (tensors.contains("collected." + std::to_string(expectedCollected))) ++expectedCollected;
        QCOMPARE(r.collected.size(), expectedCollected);
        for (std::size_t i = 0; i < expectedCollected; ++i)
            VERIFY_CLOSE(r.collected[i], tensors.tensor("collected." + std::to_string(i)), QStringLiteral("collected.%1").arg(i));

        // pyvene's own saved folder (save_* cases) loads and reproduces pyvene's numbers.
        if (fs::exists(dir / "config.json")) {
            IntervenableModel loaded = loadPyveneFolder(dir, ::model(model.toStdString()));
            VERIFY_CLOSE(loaded.forward(c.request).intervenedLogits, tensors.tensor("intervened_logits"),
                         QStringLiteral("pyvene-saved folder"));
        }
        // Saving from Causeway and loading back gives identical numbers (pyvene saves no weights for
        // PCARotatedSpace, which is not trainable, so its folder cannot rerun; Causeway writes the same).
        if (im.intervention(0).type() == "PCARotatedSpaceIntervention") return;
        QTemporaryDir tmp;
        savePyveneFolder(im, tmp.path().toStdString());
        IntervenableModel reloaded = loadPyveneFolder(tmp.path().toStdString(), ::model(model.toStdString()));
        QCOMPARE(maxAbsDiff(reloaded.forward(c.request).intervenedLogits, r.intervenedLogits), 0.0);
    }

    // pyvene's own save() folders, 0.1.5 and 0.1.8 layouts, one per intervention kind
    // (tests/data/pyvene_saves, made by tests/reference/gen_saved_folders.py).
    void pyveneSave_data() {
        QTest::addColumn<QString>("version");
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("caseName");
        for (const char* version : {"0.1.5", "0.1.8"}) {
            const nlohmann::json index = readJson(kData / "pyvene_saves" / version / "index.json");
            for (auto it = index["cases"].begin(); it != index["cases"].end(); ++it)
                for (const auto& c : it.value())
                    QTest::addRow("%s/%s/%s", version, it.key().c_str(), c.get<std::string>().c_str())
                        << QString::fromLatin1(version) << QString::fromStdString(it.key())
                        << QString::fromStdString(c.get<std::string>());
        }
    }

    // Causeway loads the folder and reproduces pyvene's numbers; saving it again in the same
    // layout writes what pyvene wrote: the same config.json and the same weight files.
    void pyveneSave() {
        QFETCH(QString, version);
        QFETCH(QString, model);
        QFETCH(QString, caseName);
        const fs::path dir = kData / "pyvene_saves" / version.toStdString() / model.toStdString() / caseName.toStdString();
        SafetensorsFile tensors(dir / "tensors.safetensors");
        IntervenableModel loaded = loadPyveneFolder(dir, ::model(model.toStdString()));
        const IntervenableConfig config = loaded.config();
        InterventionCase c = parseInterventionCase(readJson(dir / "case.json"), nullptr, &config);
        InterveneResult r = loaded.forward(c.request);
        VERIFY_CLOSE(r.intervenedLogits, tensors.tensor("intervened_logits"), QStringLiteral("intervened logits"));
        for (std::size_t i = 0; i < r.collected.size(); ++i) { // 0.1.8 returns them with one more leading dim
            const at::Tensor want = tensors.tensor("collected." + std::to_string(i));
            QCOMPARE(r.collected[i].numel(), want.numel());
            VERIFY_CLOSE(r.collected[i].reshape_as(want), want, QStringLiteral("collected.%1").arg(i));
        }

        QTemporaryDir tmp;
        const fs::path mine = tmp.path().toStdString();
        savePyveneFolder(loaded, mine, pyveneLayoutFromName(version.toStdString()));
        QCOMPARE(QString::fromStdString(readJson(mine / "config.json").dump(1)),
                 QString::fromStdString(readJson(dir / "config.json").dump(1)));
        auto binFiles = [](const fs::path& folder) {
            std::set<std::string> names;
            for (const auto& entry : fs::directory_iterator(folder))
                if (entry.path().extension() == ".bin") names.insert(entry.path().filename().string());
            return names;
        };
        QVERIFY(binFiles(mine) == binFiles(dir));
        for (const std::string& bin : binFiles(dir)) {
            std::map<std::string, at::Tensor> theirs;
            for (const auto& [name, value] : readTorchStateDict(dir / bin)) theirs[name] = value;
            const NamedTensors ours = readTorchStateDict(mine / bin);
            QCOMPARE(ours.size(), theirs.size());
            for (const auto& [name, value] : ours) {
                QVERIFY2(theirs.count(name), qPrintable(QString::fromStdString(bin + " has an extra tensor " + name)));
                const at::Tensor& want = theirs[name];
                QVERIFY2(value.sizes() == want.sizes() && value.scalar_type() == want.scalar_type(),
                         qPrintable(QString::fromStdString(bin + ": " + name + " differs in shape or dtype")));
                QVERIFY2(maxAbsDiff(value.to(at::kDouble), want.to(at::kDouble)) <= 1e-6, qPrintable(QString::fromStdString(name)));
            }
        }
    }

    // pyvene 0.1.5's NoiseIntervention buffer is numpy's RandomState(1).randn(...): bit for bit.
    void noiseBufferMatchesNumpy() {
        const fs::path dir = kData / "pyvene_cases" / "gpt2-tiny" / "noise";
        SafetensorsFile tensors(dir / "tensors.safetensors");
        at::Tensor expected = tensors.tensor("noise_buffer_times_level").reshape({4, 64}).to(at::kDouble);
        std::vector<double> draws = numpyLegacyRandn(1, 4 * 64);
        at::Tensor mine = at::from_blob(draws.data(), {4, 64}, at::kDouble) * static_cast<double>(0.13462981581687927f);
        QVERIFY(maxAbsDiff(mine, expected) < 1e-7);
    }

    // Rotations stay orthogonal under any update training can make (the diagonal of a Householder
    // parameter holds reflection signs and receives no gradient, as in torch).
    void rotationsStayOrthogonal() {
        for (int64_t k : {64, 4}) {
            OrthogonalParametrization p = OrthogonalParametrization::init(64, k, 7);
            {
                at::NoGradGuard g;
                at::Tensor step = at::randn({64, k}) * 0.5;
                p.original.add_(k == 64 ? step : step.tril(-1));
            }
            at::Tensor w = p.weight();
            QVERIFY(maxAbsDiff(at::matmul(w.t(), w), at::eye(k)) < 1e-4);
        }
    }
};

QTEST_GUILESS_MAIN(PyveneCasesTest)
#include "test_pyvene_cases.moc"
