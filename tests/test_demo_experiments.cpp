// The shipped example experiments (resources/experiments) on the bundled demo model, loaded the
// way a user's run loads them: the files as they are, the model by its name "demo".
#include "experiments/experiment.h"
#include "io/model_folder.h"
#include "model/transformer.h"
#include "tokenize/tokenizer.h"

#include <nlohmann/json.hpp>

#include <QtTest/QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace causeway;

namespace {
const fs::path kExperiments = fs::path(CAUSEWAY_TEST_DATA) / ".." / ".." / "resources" / "experiments";

struct Loaded {
    std::shared_ptr<const Transformer> model;
    std::unique_ptr<Tokenizer> tokenizer;
    ExperimentSpec spec;
};

Loaded load(const std::string& file) {
    std::ifstream in(kExperiments / file);
    Loaded l;
    l.spec = ExperimentSpec::fromJson(nlohmann::json::parse(in), file);
    const fs::path folder = resolveModelFolder(l.spec.model, kExperiments);
    l.model = Transformer::load(folder);
    l.tokenizer = loadTokenizer(folder);
    return l;
}
} // namespace

class DemoExperimentsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void causalTraceOfAFact() {
        Loaded l = load("fact-trace-eiffel.json");
        ExperimentResult r = runExperiment(*l.model, l.tokenizer.get(), l.spec);
        const Heatmap& hidden = r.maps[0];
        const auto [begin, end] = r.subjectRange;
        const double high = r.cleanBaseline, low = r.corruptedBaseline, span = high - low;
        QVERIFY2(high > 0.9, qPrintable(QStringLiteral("clean p(answer) %1").arg(high)));
        QVERIFY2(low < 0.5 * high, qPrintable(QStringLiteral("noised p(answer) %1").arg(low)));
        QVERIFY(begin > 0); // "The" precedes the subject

        // Before the subject nothing is noised: restoring there recovers nothing, exactly.
        for (int l = 0; l < hidden.rows; ++l) QCOMPARE(hidden.at(l, begin - 1), low);
        // Restoring the last position's state at any layer restores the answer.
        for (int l = 0; l < hidden.rows; ++l) QVERIFY(hidden.at(l, hidden.cols - 1) > low + 0.9 * span);
        // The subject's own tokens carry the fact: the best single subject state in the first
        // layer brings back a large part of the clean probability.
        double best = 0;
        int64_t bestToken = begin;
        for (int64_t t = begin; t < end; ++t)
            if (hidden.at(0, t) > best) best = hidden.at(0, t), bestToken = t;
        const double recovered = (best - low) / span;
        qInfo("trace: p(clean) %.3f, p(noised) %.3f; layer 0 restores %.0f%% at subject token %lld ('%s'); "
              "last subject token ('%s') restores %.0f%% (layer 0) %.0f%% (layer 1); before the subject 0%%",
              high, low, 100 * recovered, static_cast<long long>(bestToken), r.tokens[bestToken].c_str(),
              r.tokens[end - 1].c_str(), 100 * (hidden.at(0, end - 1) - low) / span, 100 * (hidden.at(1, end - 1) - low) / span);
        QVERIFY2(recovered > 0.3, qPrintable(QStringLiteral("best subject state recovers %1").arg(recovered)));
    }

    void ioiResidualPatching() {
        Loaded l = load("ioi-patching-block-output.json");
        ExperimentResult r = runExperiment(*l.model, l.tokenizer.get(), l.spec);
        QVERIFY2(r.cleanBaseline > 2 && r.corruptedBaseline < -2,
                 qPrintable(QStringLiteral("logit diffs %1 / %2").arg(r.cleanBaseline).arg(r.corruptedBaseline)));
        const Heatmap& block = r.maps[0];
        auto normalized = [&](int layer, int64_t t) { return block.normalized[static_cast<std::size_t>(layer * block.cols + t)]; };
        // Before the first differing token (the second mention of a name) patching is a no-op.
        int64_t s2 = 0;
        while (r.tokenIds[s2] == r.corruptedTokenIds[s2]) ++s2;
        for (int l = 0; l < block.rows; ++l)
            for (int64_t t = 0; t < s2; ++t) QCOMPARE(normalized(l, t), 0.0);
        // The clean second name, patched in early, carries the whole answer; by the last layer the
        // answer has moved to the final position.
        const int last = static_cast<int>(block.rows) - 1;
        const int64_t end = block.cols - 1;
        qInfo("IOI: logit diff clean %.2f, corrupted %.2f; restoring '%s' (position %lld) at layer 0: %.0f%%, layer %d: %.0f%%; "
              "restoring the last position at layer 0: %.0f%%, layer %d: %.0f%%",
              r.cleanBaseline, r.corruptedBaseline, r.tokens[s2].c_str(), static_cast<long long>(s2), 100 * normalized(0, s2), last,
              100 * normalized(last, s2), 100 * normalized(0, end), last, 100 * normalized(last, end));
        QVERIFY(normalized(0, s2) > 0.9);
        QVERIFY(std::abs(normalized(last, end) - 1.0) < 0.05);
        QVERIFY(normalized(last, s2) < 0.1);
    }

    void ioiHeadPatching() {
        Loaded l = load("ioi-patching-heads.json");
        ExperimentResult r = runExperiment(*l.model, l.tokenizer.get(), l.spec);
        const Heatmap& heads = r.maps[0];
        QCOMPARE(heads.cols, l.model->config().numHeads);
        double best = -1e9;
        int64_t bestIndex = 0;
        for (std::size_t i = 0; i < heads.normalized.size(); ++i)
            if (heads.normalized[i] > best) best = heads.normalized[i], bestIndex = static_cast<int64_t>(i);
        qInfo("IOI heads: patching layer %lld head %lld restores %.0f%% of the clean logit difference",
              static_cast<long long>(bestIndex / heads.cols), static_cast<long long>(bestIndex % heads.cols), 100 * best);
        QVERIFY2(best > 0.3, "no single head carries a large part of the answer");
    }
};

QTEST_GUILESS_MAIN(DemoExperimentsTest)
#include "test_demo_experiments.moc"
