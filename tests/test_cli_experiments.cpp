// causeway-cli run / export end to end: results equal pyvene's reference matrices, CSVs are
// written, a signal cancels with exit code 130 and keeps the partial result, exports are usable.
#include "experiments/results_io.h"
#include "intervene/pyvene_format.h"
#include "io/safetensors.h"
#include "model/transformer.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <csignal>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace causeway;

namespace {
const fs::path kData = CAUSEWAY_TEST_DATA;
const QString kCli = QStringLiteral(CAUSEWAY_CLI_PATH);

nlohmann::json readJson(const fs::path& p) {
    std::ifstream in(p);
    return nlohmann::json::parse(in);
}

void writeJson(const QString& path, const nlohmann::json& j) { std::ofstream(path.toStdString()) << j.dump(1); }

struct Run {
    int exitCode;
    QString err, out;
};

Run cli(const QStringList& args) {
    QProcess p;
    p.start(kCli, args);
    p.waitForFinished(300000);
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardError()), QString::fromUtf8(p.readAllStandardOutput())};
}

nlohmann::json patchingExperiment() {
    const nlohmann::json ap = readJson(kData / "experiments" / "gpt2-tiny" / "activation_patching" / "manifest.json");
    return {{"format", 1},
            {"kind", "activation_patching"},
            {"model", (kData / "models" / "gpt2-tiny").string()},
            {"prompts", {{"clean", ap["clean_text"]}, {"corrupted", ap["corrupted_text"]}}},
            {"components", ap["components"]},
            {"metric", "logit_diff"}};
}
} // namespace

class CliExperimentsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void runMatchesReference() {
        QTemporaryDir tmp;
        writeJson(tmp.filePath(QStringLiteral("e.json")), patchingExperiment());
        Run r = cli({QStringLiteral("run"), tmp.filePath(QStringLiteral("e.json")), QStringLiteral("--out"), tmp.filePath(QStringLiteral("out"))});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const nlohmann::json results = readJson(tmp.filePath(QStringLiteral("out/results.json")).toStdString());
        SafetensorsFile reference(kData / "experiments" / "gpt2-tiny" / "activation_patching" / "tensors.safetensors");
        QCOMPARE(results["maps"].size(), std::size_t{3});
        for (const auto& map : results["maps"]) {
            at::Tensor want = reference.tensor(map["name"].get<std::string>() + ".raw");
            for (int64_t l = 0; l < want.size(0); ++l)
                for (int64_t t = 0; t < want.size(1); ++t)
                    QVERIFY(std::abs(map["raw"][l][t].get<double>() - want[l][t].item<double>()) < 1e-4);
            QVERIFY(QFile::exists(tmp.filePath(QStringLiteral("out/%1.csv").arg(QString::fromStdString(map["name"].get<std::string>())))));
        }
        QFile csv(tmp.filePath(QStringLiteral("out/block_output.csv")));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(csv.readLine()).trimmed(), QStringLiteral("layer,The,\" capital\",\" of\",\" A\",u,st,r,ia,\" is\""));
        QVERIFY(results["cancelled"] == false);
    }

    // results.json reads back to the same document; an experiment file carries it; `show` prints
    // both; the CSV written by run is heatmapCsv of the map read back.
    void resultsReadBackAndShow() {
        QTemporaryDir tmp;
        nlohmann::json e = patchingExperiment();
        e["layers"] = {0, 1};
        writeJson(tmp.filePath(QStringLiteral("e.json")), e);
        Run r = cli({QStringLiteral("run"), tmp.filePath(QStringLiteral("e.json")), QStringLiteral("--out"), tmp.filePath(QStringLiteral("out"))});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const fs::path resultsFile = tmp.filePath(QStringLiteral("out/results.json")).toStdString();
        const nlohmann::json written = readJson(resultsFile);
        const ExperimentResult result = resultFromJson(written, "results.json");
        QCOMPARE(result.toJson().dump(), written.dump());
        std::ifstream csv(tmp.filePath(QStringLiteral("out/block_output.normalized.csv")).toStdString());
        const std::string csvText((std::istreambuf_iterator<char>(csv)), std::istreambuf_iterator<char>());
        QCOMPARE(heatmapCsv(result.maps[0], true), csvText);
        QVERIFY(csvText.rfind("layer (normalised: 0 = corrupted baseline; 1 = clean baseline),", 0) == 0);

        const fs::path withResults = tmp.filePath(QStringLiteral("with.json")).toStdString();
        writeExperimentFile(withResults, result.spec, {result, result});
        const ExperimentFile read = readExperimentFile(withResults);
        QCOMPARE(static_cast<int>(read.results.size()), 2);
        QCOMPARE(read.results[1].toJson().dump(), written.dump());
        QCOMPARE(readExperimentFile(resultsFile).spec.toJson().dump(), result.spec.toJson().dump());

        for (const QString& file : {tmp.filePath(QStringLiteral("out/results.json")), tmp.filePath(QStringLiteral("with.json"))}) {
            r = cli({QStringLiteral("show"), file, QStringLiteral("--top"), QStringLiteral("3")});
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
            QVERIFY2(r.out.contains(QStringLiteral("activation_patching")), qPrintable(r.out));
            QVERIFY2(r.out.contains(QStringLiteral("map mlp_output (2 layers x 9 positions): top 3 cells")), qPrintable(r.out));
            QVERIFY2(r.out.contains(QStringLiteral("layer 1, position ")), qPrintable(r.out));
        }
        r = cli({QStringLiteral("show"), tmp.filePath(QStringLiteral("e.json"))});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("no results")), qPrintable(r.err));
    }

    // causeway-cli probe recomputes a clicked cell through the workbench's code (a single
    // intervention, a restored trace, a layer's read-out): its value equals the sweep's cell, from
    // a results.json and from an experiment not yet run.
    void probeRecomputesCells() {
        QTemporaryDir tmp;
        const fs::path examples = kData.parent_path().parent_path() / "resources" / "experiments";
        nlohmann::json lens = {{"format", 1}, {"kind", "logit_lens"}, {"model", "demo"},
                               {"prompt", "When Ben and Jane went to the station, Jane gave a pen to"}};
        writeJson(tmp.filePath(QStringLiteral("lens.json")), lens);
        struct Probe {
            QString experiment, map;
            int layer, column;
        };
        const QString block = QString::fromStdString((examples / "ioi-patching-block-output.json").string());
        const QString heads = QString::fromStdString((examples / "ioi-patching-heads.json").string());
        const QString trace = QString::fromStdString((examples / "fact-trace-venalor.json").string());
        const QList<Probe> probes = {{block, {}, 2, 13}, {block, {}, 0, 9}, {heads, {}, 1, 5}, {heads, {}, 3, 2},
                                     {trace, QStringLiteral("hidden"), 1, 3}, {trace, QStringLiteral("mlp"), 0, 4},
                                     {trace, QStringLiteral("attn"), 2, 6}, {tmp.filePath(QStringLiteral("lens.json")), {}, 1, 9}};
        QMap<QString, QString> results;
        for (const Probe& p : probes) {
            if (!results.contains(p.experiment)) {
                const QString out = tmp.filePath(QStringLiteral("run%1").arg(results.size()));
                const Run r = cli({QStringLiteral("run"), p.experiment, QStringLiteral("--out"), out});
                QVERIFY2(r.exitCode == 0, qPrintable(r.err));
                results[p.experiment] = out + QStringLiteral("/results.json");
            }
            for (const QString& file : {results[p.experiment], p.experiment}) {
                QStringList args = {QStringLiteral("probe"), file, QStringLiteral("--cell"), QStringLiteral("%1,%2").arg(p.layer).arg(p.column),
                                    QStringLiteral("--top"), QStringLiteral("5")};
                if (!p.map.isEmpty()) args << QStringLiteral("--map") << p.map;
                const Run r = cli(args);
                QVERIFY2(r.exitCode == 0, qPrintable(file + QStringLiteral(": ") + r.err));
                const nlohmann::json out = nlohmann::json::parse(r.out.toStdString());
                const double value = out.at("value").get<double>(), shown = out.at("map_value").get<double>();
                QVERIFY2(std::abs(value - shown) <= 1e-4 * std::max(1.0, std::abs(shown)),
                         qPrintable(QStringLiteral("%1 %2,%3: probe %4, map %5").arg(file).arg(p.layer).arg(p.column).arg(value).arg(shown)));
                // The sweep's own value for a results.json; the experiment's one-cell run otherwise.
                if (file == results[p.experiment]) {
                    const ExperimentResult result = resultFromJson(readJson(file.toStdString()), "results.json");
                    std::size_t map = 0;
                    for (std::size_t i = 0; i < result.maps.size(); ++i)
                        if (QString::fromStdString(result.maps[i].name) == p.map) map = i;
                    const Heatmap& h = result.maps[map];
                    const auto row = std::find(h.rowLayers.begin(), h.rowLayers.end(), p.layer) - h.rowLayers.begin();
                    QVERIFY(std::abs(h.at(row, p.column) - shown) < 1e-12);
                }
                QCOMPARE(static_cast<int>(out.at("runs").size()), p.experiment.endsWith(QStringLiteral("lens.json")) ? 1 : 3);
                QCOMPARE(static_cast<int>(out.at("runs")[0].at("top").size()), 5);
            }
        }
        // Bad cells and maps are refused with a sentence.
        Run r = cli({QStringLiteral("probe"), results[block], QStringLiteral("--cell"), QStringLiteral("9,0")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("no row for layer 9")), qPrintable(r.err));
        r = cli({QStringLiteral("probe"), results[trace], QStringLiteral("--cell"), QStringLiteral("1,1"), QStringLiteral("--map"), QStringLiteral("mlps")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("hidden, mlp, attn")), qPrintable(r.err));
        r = cli({QStringLiteral("probe"), results[block]});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("--cell")), qPrintable(r.err));
    }

    void signalCancelsWithPartialResult() {
        QTemporaryDir tmp;
        nlohmann::json trace = {{"format", 1}, {"kind", "causal_tracing"}, {"model", (kData / "models" / "llama-tiny").string()},
                                {"prompt", "The quick brown fox jumps over the lazy dog."}, {"subject_tokens", {1, 3}},
                                {"noise", {{"samples", 64}}}, {"window", 3}};
        writeJson(tmp.filePath(QStringLiteral("t.json")), trace);
        QProcess p;
        p.start(kCli, {QStringLiteral("run"), tmp.filePath(QStringLiteral("t.json")), QStringLiteral("--naive"), QStringLiteral("--out"),
                       tmp.filePath(QStringLiteral("out"))});
        QVERIFY(p.waitForStarted());
        QByteArray err;
        QElapsedTimer timer;
        timer.start();
        while (!err.contains("cells (") && timer.elapsed() < 60000) {
            p.waitForReadyRead(200);
            err += p.readAllStandardError();
        }
        QVERIFY2(err.contains("cells ("), err.constData());
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 130);
        const nlohmann::json results = readJson(tmp.filePath(QStringLiteral("out/results.json")).toStdString());
        QVERIFY(results["cancelled"] == true);
        QVERIFY(results["cells_done"].get<int>() > 0);
        QVERIFY(results["cells_done"].get<int>() < results["cells_total"].get<int>());
    }

    void badInputExitsWith2() {
        QTemporaryDir tmp;
        nlohmann::json e = patchingExperiment();
        e["prompts"]["corrupted"] = "The capital of the United Kingdom is";
        writeJson(tmp.filePath(QStringLiteral("e.json")), e);
        Run r = cli({QStringLiteral("run"), tmp.filePath(QStringLiteral("e.json")), QStringLiteral("--out"), tmp.filePath(QStringLiteral("o"))});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("equal lengths")), qPrintable(r.err));
        e = patchingExperiment();
        e["format"] = 7;
        writeJson(tmp.filePath(QStringLiteral("f.json")), e);
        r = cli({QStringLiteral("run"), tmp.filePath(QStringLiteral("f.json")), QStringLiteral("--out"), tmp.filePath(QStringLiteral("o"))});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("format 7")), qPrintable(r.err));
    }

    void exportsPyveneScriptAndConfig() {
        QTemporaryDir tmp;
        writeJson(tmp.filePath(QStringLiteral("e.json")), patchingExperiment());
        Run r = cli({QStringLiteral("export"), tmp.filePath(QStringLiteral("e.json")), QStringLiteral("--to"), QStringLiteral("pyvene"),
                     QStringLiteral("--out"), tmp.filePath(QStringLiteral("s.py"))});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QFile script(tmp.filePath(QStringLiteral("s.py")));
        QVERIFY(script.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(script.readAll());
        QVERIFY(text.contains(QStringLiteral("import pyvene as pv")));
        QVERIFY(text.contains(QStringLiteral("CLEAN_IDS = [266, 340, 297, 359, 84, 329, 81, 357, 273]")));
        // The script must at least be valid Python (running it needs torch + pyvene, which the
        // build machine does not have).
        const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
        if (!python.isEmpty()) {
            QProcess compile;
            compile.start(python, {QStringLiteral("-m"), QStringLiteral("py_compile"), tmp.filePath(QStringLiteral("s.py"))});
            QVERIFY(compile.waitForFinished(60000));
            QVERIFY2(compile.exitCode() == 0, compile.readAllStandardError().constData());
        }

        nlohmann::json one = patchingExperiment();
        one["components"] = {"mlp_output"};
        one["cells"] = {{1, 7}};
        writeJson(tmp.filePath(QStringLiteral("one.json")), one);
        r = cli({QStringLiteral("export"), tmp.filePath(QStringLiteral("one.json")), QStringLiteral("--to"), QStringLiteral("pyvene-config"),
                 QStringLiteral("--out"), tmp.filePath(QStringLiteral("cfg"))});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        IntervenableModel loaded = loadPyveneFolder(tmp.filePath(QStringLiteral("cfg")).toStdString(),
                                                    Transformer::load(kData / "models" / "gpt2-tiny"));
        QCOMPARE(loaded.config().representations[0].layer, 1);
        QCOMPARE(loaded.config().representations[0].component, std::string("mlp_output"));
        // pyvene 0.1.8's layout names the key with underscores.
        r = cli({QStringLiteral("export"), tmp.filePath(QStringLiteral("one.json")), QStringLiteral("--to"), QStringLiteral("pyvene-config"),
                 QStringLiteral("--out"), tmp.filePath(QStringLiteral("cfg18")), QStringLiteral("--pyvene"), QStringLiteral("0.1.8")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        std::ifstream config18(tmp.filePath(QStringLiteral("cfg18/config.json")).toStdString());
        QCOMPARE(nlohmann::json::parse(config18)["sorted_keys"][0].get<std::string>(),
                 std::string("layer_1_comp_mlp_output_unit_pos_nunit_1#0"));
        // A whole sweep is not one intervention.
        r = cli({QStringLiteral("export"), tmp.filePath(QStringLiteral("e.json")), QStringLiteral("--to"), QStringLiteral("pyvene-config"),
                 QStringLiteral("--out"), tmp.filePath(QStringLiteral("cfg2"))});
        QCOMPARE(r.exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(CliExperimentsTest)
#include "test_cli_experiments.moc"
