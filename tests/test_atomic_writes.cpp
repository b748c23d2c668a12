// No lost work in the core (issue 16): every writer of user data goes through io/atomic_file, so a
// read-only folder, a full disk or a write that dies half-way leaves the old file whole and no
// half file behind, with an error that names the file and the reason; a run that is cancelled or
// fails part-way keeps its cells, marked so in results.json, and older files still read.
#include "common/error.h"
#include "experiments/experiment.h"
#include "experiments/patching.h"
#include "experiments/results_io.h"
#include "io/atomic_file.h"
#include "io/safetensors.h"
#include "io/torch_pickle.h"
#include "model/transformer.h"
#include "write_failures.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <atomic>
#include <cerrno>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace causeway;
using causeway::testing::FileSizeLimit;
using causeway::testing::ReadOnlyFolder;

namespace {

const fs::path kData = CAUSEWAY_TEST_DATA;

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void putFile(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
}

// The error `write` throws, or "no error".
std::string errorOf(const std::function<void()>& write) {
    try {
        write();
    } catch (const Error& e) {
        return e.what();
    } catch (const std::exception& e) {
        return std::string("NOT A causeway::Error: ") + e.what();
    }
    return "no error";
}

// Names in `folder` other than `keep` (a half-written temporary file would show up here).
QStringList strays(const fs::path& folder, const QStringList& keep) {
    QStringList out;
    for (const auto& entry : fs::directory_iterator(folder)) {
        const QString name = QString::fromStdString(entry.path().filename().string());
        if (!keep.contains(name)) out << name;
    }
    return out;
}

ExperimentSpec patchingSpec() {
    std::ifstream in(kData / "experiments" / "gpt2-tiny" / "activation_patching" / "manifest.json");
    const nlohmann::json manifest = nlohmann::json::parse(in);
    ExperimentSpec spec;
    spec.kind = PatchingSpec::kKind;
    spec.model = "gpt2-tiny";
    spec.promptIds = manifest["clean_input_ids"].get<std::vector<int64_t>>();
    spec.part<PatchingSpec>().corruptedIds = manifest["corrupted_input_ids"].get<std::vector<int64_t>>();
    spec.part<PatchingSpec>().correctToken = manifest["correct_token_id"].get<int64_t>();
    spec.part<PatchingSpec>().incorrectToken = manifest["incorrect_token_id"].get<int64_t>();
    return spec;
}

} // namespace

class AtomicWritesTest : public QObject {
    Q_OBJECT

    std::shared_ptr<const Transformer> model_;

private Q_SLOTS:
    void initTestCase() { model_ = Transformer::load(kData / "models" / "gpt2-tiny"); }

    void writesReplacesAndLeavesNothingBehind() {
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString(), file = dir / "results.json";
        writeFileAtomically(file, "first");
        QCOMPARE(readFile(file), std::string("first"));
        writeFileAtomically(file, "second, longer than the first");
        QCOMPARE(readFile(file), std::string("second, longer than the first"));
        QCOMPARE(strays(dir, {QStringLiteral("results.json")}), QStringList());

        // An executable script stays executable when written again.
        const fs::path script = dir / "experiment.py";
        writeFileAtomically(script, "print(1)\n");
        fs::permissions(script, fs::perms::owner_exec, fs::perm_options::add);
        writeFileAtomically(script, "print(2)\n");
        QVERIFY((fs::status(script).permissions() & fs::perms::owner_exec) != fs::perms::none);

        // A symbolic link keeps pointing at its file, which gets the new content.
        const fs::path real = dir / "real.csv", link = dir / "link.csv";
        putFile(real, "old");
        fs::create_symlink(real.filename(), link);
        writeFileAtomically(link, "new");
        QVERIFY(fs::is_symlink(link));
        QCOMPARE(readFile(real), std::string("new"));

        // Streamed pieces (how safetensors are written) arrive in order.
        {
            AtomicFile out(dir / "pieces.bin");
            for (int i = 0; i < 1000; ++i) out.write(std::to_string(i) + ",");
            QVERIFY(fs::exists(out.temporaryPath()));
            QVERIFY(!fs::exists(dir / "pieces.bin")); // nothing under the name until commit
            out.commit();
        }
        QVERIFY(readFile(dir / "pieces.bin").rfind("998,999,") != std::string::npos);
    }

    void readOnlyFolderKeepsTheOldFile() {
        QTemporaryDir tmp;
        const fs::path dir = fs::path(tmp.path().toStdString()) / "ro";
        fs::create_directories(dir);
        putFile(dir / "results.json", "the old results");
        putFile(dir / "weights.safetensors", "old weights");
        ExperimentResult result;
        result.spec = patchingSpec();
        std::vector<std::string> errors;
        {
            ReadOnlyFolder readOnly(QString::fromStdString(dir.string()));
            QVERIFY2(readOnly.effective(), "root without CAP_SETUID cannot be refused a write");
            errors.push_back(errorOf([&] { writeFileAtomically(dir / "results.json", "new"); }));
            errors.push_back(errorOf([&] { writeRunOutputs(dir, result); }));
            errors.push_back(errorOf([&] { writeExperimentFile(dir / "experiment.causeway.json", result.spec, {}); }));
            errors.push_back(errorOf([&] { writeSafetensors(dir / "weights.safetensors", {{"a", at::ones({4})}}); }));
            errors.push_back(errorOf([&] { writeTorchStateDict(dir / "intkey.bin", {{"a", at::ones({4})}}); }));
        }
        for (const std::string& e : errors) {
            QVERIFY2(e.rfind("Cannot write ", 0) == 0, e.c_str());
            QVERIFY2(e.find(dir.string()) != std::string::npos, e.c_str()); // names the file
            QVERIFY2(e.find("permission denied") != std::string::npos && e.find("save somewhere else") != std::string::npos, e.c_str());
        }
        QCOMPARE(readFile(dir / "results.json"), std::string("the old results"));
        QCOMPARE(readFile(dir / "weights.safetensors"), std::string("old weights"));
        QCOMPARE(strays(dir, {QStringLiteral("results.json"), QStringLiteral("weights.safetensors")}), QStringList());
    }

    // The disk fills up (here: the process's file size limit) half-way through the new file.
    void aWriteThatDiesHalfWayLeavesTheOldFileWhole() {
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString();
        const std::string old = "{\"old\": true}\n";
        putFile(dir / "results.json", old);
        putFile(dir / "sites.safetensors", old);
        const std::string big(256 * 1024, 'x');
        std::string message, safetensorsMessage;
        {
            FileSizeLimit limit(16 * 1024);
            message = errorOf([&] { writeFileAtomically(dir / "results.json", big); });
            safetensorsMessage = errorOf([&] { writeSafetensors(dir / "sites.safetensors", {{"h", at::ones({64, 1024})}}); });
        }
        QVERIFY2(message.find("results.json") != std::string::npos && message.find("limit") != std::string::npos, message.c_str());
        QVERIFY2(safetensorsMessage.find("sites.safetensors") != std::string::npos, safetensorsMessage.c_str());
        QCOMPARE(readFile(dir / "results.json"), old);
        QCOMPARE(readFile(dir / "sites.safetensors"), old);
        QCOMPARE(strays(dir, {QStringLiteral("results.json"), QStringLiteral("sites.safetensors")}), QStringList());

        // A writer that stops before commit (an exception while producing the data) changes nothing either.
        try {
            AtomicFile out(dir / "results.json");
            out.write("{\"new\": tr");
            throw Error("the producer failed");
        } catch (const Error&) {
        }
        QCOMPARE(readFile(dir / "results.json"), old);
        QCOMPARE(strays(dir, {QStringLiteral("results.json"), QStringLiteral("sites.safetensors")}), QStringList());
    }

    // A writer killed with SIGKILL leaves its temporary file. The next write of the same file
    // removes it when its process is gone, and leaves a live process's and another machine's.
    void abandonedTemporaryFilesAreRemoved() {
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString();
        const pid_t child = ::fork(); // a process id that no longer runs
        if (child == 0) ::_exit(0);
        QVERIFY(child > 0);
        QCOMPARE(::waitpid(child, nullptr, 0), child);
        const std::string dead = std::to_string(child);
        char hostBuffer[256] = {};
        QCOMPARE(::gethostname(hostBuffer, sizeof hostBuffer - 1), 0);
        const std::string host(hostBuffer), alive = std::to_string(::getppid());
        const QStringList abandoned{QString::fromStdString(".results.json.partial-" + host + "-" + dead + "-0"),
                                    QString::fromStdString(".results.json.partial-" + dead + "-3")}; // before the host was named
        const QStringList kept{QString::fromStdString(".results.json.partial-" + host + "-" + alive + "-1"),
                               QString::fromStdString(".results.json.partial-other-node-7-" + dead + "-0"),
                               QString::fromStdString(".other.json.partial-" + host + "-" + dead + "-0"),
                               QStringLiteral(".results.json.partial-notes.txt")};
        for (const QString& name : abandoned + kept) putFile(dir / name.toStdString(), "half");
        writeFileAtomically(dir / "results.json", "whole");
        QCOMPARE(readFile(dir / "results.json"), std::string("whole"));
        QStringList left = strays(dir, {QStringLiteral("results.json")});
        left.sort();
        QStringList expected = kept;
        expected.sort();
        QCOMPARE(left, expected);
    }

    void errorsSayWhy() {
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString();
        std::string m = errorOf([&] { writeFileAtomically(dir / "no_such_folder" / "a.json", "x"); });
        QVERIFY2(m.find("a.json") != std::string::npos && m.find("does not exist") != std::string::npos, m.c_str());
        m = errorOf([&] { writeFileAtomically(dir, "x"); });
        QVERIFY2(m.find("is a folder") != std::string::npos, m.c_str());
        putFile(dir / "plain", "x");
        m = errorOf([&] { createFolders(dir / "plain" / "sub"); });
        QVERIFY2(m.find("Cannot create the folder") != std::string::npos && m.find("a file, not a folder") != std::string::npos, m.c_str());
        // What no test can cause on demand: a full disk, a quota, a read-only mount.
        QVERIFY(fileErrorReason(ENOSPC).find("the disk is full") != std::string::npos);
        QVERIFY(fileErrorReason(EDQUOT).find("quota") != std::string::npos);
        QVERIFY(fileErrorReason(EROFS).find("read-only file system") != std::string::npos);
        QVERIFY(fileErrorReason(EACCES).find("permission denied") != std::string::npos);
    }

    // A run stopped early keeps its cells and says how it ended; results.json carries that.
    void failedRunKeepsItsCells() {
        RunControl control;
        control.progress = [](const ExperimentResult& partial) {
            if (partial.cellsDone >= 3) throw Error("out of memory (simulated)");
        };
        control.engine = SweepEngine::Naive; // one cell per batch: the failure lands mid-sweep
        const ExperimentResult r = runExperiment(*model_, nullptr, patchingSpec(), control);
        QCOMPARE(r.status, RunStatus::Failed);
        QCOMPARE(r.stopReason, std::string("out of memory (simulated)"));
        QVERIFY(r.cellsDone >= 3 && r.cellsDone < r.cellsTotal);
        int computed = 0;
        for (double v : r.maps[0].raw) computed += std::isnan(v) ? 0 : 1;
        QCOMPARE(computed, static_cast<int>(r.cellsDone));
        QVERIFY(resultSummary(r).find("(failed: out of memory (simulated))") != std::string::npos);

        // Cancelled before it began: not even the baselines ran.
        std::atomic<bool> cancel{true};
        RunControl cancelled;
        cancelled.cancel = &cancel;
        const ExperimentResult none = runExperiment(*model_, nullptr, patchingSpec(), cancelled);
        QCOMPARE(none.status, RunStatus::Cancelled);
        QCOMPARE(none.cellsDone, int64_t{0});

        // A failure before any cell is an error, not a result.
        RunControl early;
        early.progress = [](const ExperimentResult&) { throw Error("fails at once"); };
        ExperimentSpec bad = patchingSpec();
        bad.cells = {{99, 0}};
        QVERIFY(errorOf([&] { runExperiment(*model_, nullptr, bad, early); }).find("outside the grid") != std::string::npos);
    }

    void statusRoundTripsThroughResultsJson() {
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString();
        RunControl control;
        control.progress = [](const ExperimentResult& partial) {
            if (partial.cellsDone >= 2) throw Error("simulated");
        };
        control.engine = SweepEngine::Naive;
        ExperimentResult base = runExperiment(*model_, nullptr, patchingSpec(), control);
        for (RunStatus status : {RunStatus::Complete, RunStatus::Cancelled, RunStatus::Failed, RunStatus::Interrupted}) {
            ExperimentResult r = base;
            r.status = status;
            r.stopReason = status == RunStatus::Failed ? "simulated" : "";
            writeRunOutputs(dir / runStatusName(status), r);
            const ExperimentFile back = readExperimentFile(dir / runStatusName(status) / "results.json");
            QCOMPARE(back.results.size(), std::size_t{1});
            QCOMPARE(back.results[0].status, status);
            QCOMPARE(back.results[0].stopReason, r.stopReason);
            QCOMPARE(back.results[0].cellsDone, r.cellsDone);
            const nlohmann::json j = nlohmann::json::parse(readFile(dir / runStatusName(status) / "results.json"));
            QCOMPARE(j.contains("stopped"), status != RunStatus::Complete);
            QCOMPARE(j["cancelled"].get<bool>(), status != RunStatus::Complete); // what older readers understand
        }
        // Files from before "stopped": "cancelled" alone says it.
        nlohmann::json old = base.toJson();
        old.erase("stopped");
        old.erase("stop_reason");
        for (bool cancelled : {true, false}) {
            old["cancelled"] = cancelled;
            QCOMPARE(resultFromJson(old, "old.json").status, cancelled ? RunStatus::Cancelled : RunStatus::Complete);
        }
        old["stopped"] = "exploded";
        const std::string m = errorOf([&] { resultFromJson(old, "odd.json"); });
        QVERIFY2(m.find("odd.json") != std::string::npos && m.find("exploded") != std::string::npos, m.c_str());
    }
};

QTEST_GUILESS_MAIN(AtomicWritesTest)
#include "test_atomic_writes.moc"
