#pragma once
// The workbench's one way into the core: an opened model and the background jobs that use it.
// Every job copies its inputs, runs on the session's thread pool, and hands its results back on
// the GUI thread through a queued call (the signals below are emitted there). Each job has an
// id; a result whose job is no longer the current one of its kind is dropped. Experiments stop
// on an atomic flag checked between batches of cells. No torch types in this header.
#include "experiments/experiment.h"
#include "experiments/probe.h"
#include "tokenize/tokenizer.h"
#include "experiments/patching.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QThreadPool>
#include <QVector>

#include <atomic>
#include <memory>

namespace causeway {
class Transformer;
class Tokenizer;
class IntervenableModel;
} // namespace causeway

namespace causeway::app {

struct ModelInfo {
    QString folder;
    QString family;       // "GPT-2"
    QString modelType;    // "gpt2"
    QString weightDtype;  // "F32"
    QString tokenizerKind;
    QString weightsHash;
    int layers = 0, heads = 0, kvHeads = 0, width = 0, mlpWidth = 0, contextLength = 0;
    qint64 vocab = 0, parameters = 0;
    QStringList components;     // patchable per position, pyvene's order
    QStringList headComponents; // patchable per head
    // Memory for a sweep over a full-context prompt (weights, widening, KV cache, activations)
    // and what the machine has free; 0 when unknown.
    quint64 sweepMemoryBytes = 0, availableMemoryBytes = 0;
};

struct TokenizedPrompt {
    QStringList display;  // as causeway-cli tokenize's "text"
    QVector<qint64> ids;
    QVector<bool> special;
    std::vector<Token> tokens; // as the tokenizer made them (byte offsets into the UTF-8 prompt)
    std::vector<int64_t> idVector() const { return {ids.begin(), ids.end()}; }
};

struct TokenProb {
    qint64 id = 0;
    QString text;
    double probability = 0;
};

// An intervention type the workbench offers on picked cells (core's cellInterventionTypes).
struct InterventionTypeInfo {
    QString name; // pyvene's class name
    bool takesSource = false, takesInterchangeDim = false, moduleOutputsOnly = false;
};
QVector<InterventionTypeInfo> cellInterventionTypeInfos();

// An intervention read from a pyvene save() folder (any type, trained weights included).
struct LoadedIntervention {
    std::shared_ptr<const IntervenableModel> model;
    QString folder;
    QString types;         // pyvene class names, "RotatedSpaceIntervention" or "A, B"
    QString component;     // of the first representation
    bool perHead = false;  // its units are heads
    QVector<int> layers;   // where it acts, ascending
    bool usesSource = false;
};

// Values a CollectIntervention gathered at one representation: [units, width] floats.
struct CollectedActivation {
    QString name; // "layer.3.block_output"
    QVector<qint64> shape;
    QVector<float> values;
};

// One intervention on chosen cells, its effect on the next token, and optionally a generation.
struct SingleRequest {
    std::vector<int64_t> baseIds, sourceIds; // base = the run intervened on; source = where values come from
    QString component = QStringLiteral("block_output");
    bool perHead = false;                    // cells' columns are heads (patched at `headPositions`)
    std::vector<int64_t> headPositions;      // empty = all
    QVector<QPair<int, int>> cells;          // (layer, column)
    QString type = QStringLiteral("VanillaIntervention"); // pyvene class name (cellInterventionTypes)
    std::optional<qint64> interchangeDim;    // first N dimensions only; none = all
    std::shared_ptr<const IntervenableModel> loaded; // when set, run this (from a pyvene folder) instead of `type`
    int topK = 10;
    int generateTokens = 0;                  // 0 = no generation
    // Metric of the intervened run (as the sweep computes it), when answers are known.
    std::optional<PatchMetric> metric;
    int64_t correctToken = -1, incorrectToken = -1;
    // KL needs the clean distribution: the clean prompt's ids (baseIds or sourceIds).
    std::vector<int64_t> cleanIds;
};

struct SingleResult {
    QVector<TokenProb> base, source, intervened; // top-k of each run at the last position
    double metricValue = qQNaN();
    QString baseContinuation, intervenedContinuation; // generated text (after the prompt)
    QVector<CollectedActivation> collected;
    double seconds = 0;
};

class Session : public QObject {
    Q_OBJECT
public:
    explicit Session(QObject* parent = nullptr);
    ~Session() override; // cancels and waits for running jobs

    // --- model ---
    int openModel(const QString& folder); // job id; modelOpened or modelFailed follow
    bool hasModel() const { return static_cast<bool>(model_); }
    bool isLoading() const { return loadJob_ != 0; }
    const ModelInfo& modelInfo() const { return info_; }
    const Tokenizer* tokenizer() const { return tokenizer_.get(); }
    std::shared_ptr<const Transformer> model() const { return model_; }

    // Tokenizes on the calling thread (cheap; the chips update as you type).
    TokenizedPrompt tokenize(const QString& text) const;
    QString tokenText(int64_t id) const;

    // The bundled demo model's folder, or empty when it is not installed.
    static QString demoModelFolder();
    // resources/experiments/*.json from the resource folders.
    static QStringList exampleExperimentFiles();
    // A model name or path from an experiment file, as a folder; throws causeway::Error.
    static QString resolveModel(const QString& nameOrPath, const QString& relativeTo);

    // prepareExperiment with the open model's tokenizer; throws causeway::Error.
    ExperimentResult prepare(const ExperimentSpec& spec) const;
    // pyvene exports of a prepared experiment; throw causeway::Error.
    QString pyveneScript(const ExperimentResult& prepared) const;
    void writePyveneConfig(const ExperimentResult& prepared, const QString& folder) const;

    // --- experiments ---
    int runExperiment(const ExperimentSpec& spec); // job id
    bool isRunning() const { return runJob_ != 0; }
    int currentRun() const { return runJob_; }
    void cancelRun();
    // For tests and slow demos: sleep this long after each batch of cells (0 = off); for the
    // next run started.
    void setBatchDelayForTesting(int ms) { batchDelayMs_ = ms; }
    // For tests: the next runs fail once this many cells are done (0 = never), as an out-of-memory
    // error in the middle of a sweep would.
    void setFailureForTesting(int afterCells) { failAfterCells_ = afterCells; }
    SweepEngine engine() const { return engine_; }
    void setEngine(SweepEngine e) { engine_ = e; }

    // --- single interventions ---
    // Channel 0: a clicked heatmap cell; 1: the intervention panel. A newer job on a channel
    // makes the older one's result stale.
    int runSingle(const SingleRequest& request, int channel = 0);
    // One cell of a result recomputed on the open model by its kind (core/workbench probeCell):
    // the runs it compares and the cell's value; probeFinished or singleFailed follow.
    int runProbe(const ExperimentResult& result, int map, int layer, int column, int topK = 10, int channel = 0);
    // pyvene folders of single interventions; throw causeway::Error with a sentence for the user.
    LoadedIntervention loadInterventionFolder(const QString& folder) const;
    void saveInterventionFolder(const SingleRequest& request, const QString& folder, const QString& pyveneVersion) const;
    static void saveCollected(const QVector<CollectedActivation>& collected, const QString& path);

Q_SIGNALS:
    void modelLoadStarted(const QString& folder);
    void modelLoadProgress(int step, int steps, const QString& what);
    void modelOpened(const causeway::app::ModelInfo& info);
    void modelFailed(const QString& folder, const QString& message);

    void runStarted(int job);
    // Partial results as batches of cells finish (throttled); cells not yet done are NaN.
    void runProgress(int job, const causeway::ExperimentResult& partial);
    void runFinished(int job, const causeway::ExperimentResult& result); // also when cancelled
    void runFailed(int job, const QString& message);

    void singleFinished(int job, const causeway::app::SingleResult& result);
    void singleFailed(int job, const QString& message);
    void probeFinished(int job, const causeway::CellProbe& probe);

private:
    template <typename Result, typename Compute>
    int runOnChannel(int channel, Compute compute, void (Session::*finished)(int, const Result&));
    QThreadPool pool_;
    std::shared_ptr<const Transformer> model_;
    std::shared_ptr<const Tokenizer> tokenizer_;
    ModelInfo info_;
    int nextJob_ = 1;
    int loadJob_ = 0, runJob_ = 0;
    int singleJobs_[2] = {0, 0};
    std::shared_ptr<std::atomic<bool>> runCancel_;
    int batchDelayMs_ = 0, failAfterCells_ = 0;
    SweepEngine engine_ = SweepEngine::Fast;
};

} // namespace causeway::app

Q_DECLARE_METATYPE(causeway::ExperimentResult)
Q_DECLARE_METATYPE(causeway::app::ModelInfo)
Q_DECLARE_METATYPE(causeway::app::SingleResult)
Q_DECLARE_METATYPE(causeway::CellProbe)
