// The only workbench file that sees torch: model loading, sweeps, single interventions and
// causal-tracing cells, each run on the session's pool and handed back through queued calls.
#include "session.h"
#include "thread_handoff.h"

#include "common/error.h"
#include "experiments/export.h"
#include "experiments/sweep.h"
#include "intervene/cell_intervention.h"
#include "intervene/intervenable.h"
#include "intervene/pyvene_format.h"
#include "io/safetensors.h"
#include "io/model_folder.h"
#include "model/memory_estimate.h"
#include "model/transformer.h"
#include "tokenize/caching_tokenizer.h"
#include "tokenize/tokenizer.h"
#include "workbench/workbench.h"

#include <ATen/ATen.h>

#include <QFileInfo>
#include <QPointer>
#include <QThread>

#include <chrono>
#include <filesystem>
#include <map>

namespace causeway::app {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

at::Tensor idsTensor(const std::vector<int64_t>& ids) {
    return at::tensor(ids, at::kLong).view({1, static_cast<int64_t>(ids.size())});
}

QVector<TokenProb> topK(const at::Tensor& probs, int k, const Tokenizer* tokenizer) {
    // probs: [V]
    QVector<TokenProb> out;
    const auto [values, indices] = at::topk(probs, std::min<int64_t>(k, probs.size(0)));
    for (int64_t i = 0; i < values.size(0); ++i) {
        TokenProb t;
        t.id = indices[i].item<int64_t>();
        t.probability = values[i].item<double>();
        t.text = tokenizer ? q(tokenizer->displayText(t.id)) : QString::number(t.id);
        out.push_back(t);
    }
    return out;
}

} // namespace

QVector<InterventionTypeInfo> cellInterventionTypeInfos() {
    QVector<InterventionTypeInfo> infos;
    for (const CellInterventionType& t : cellInterventionTypes())
        infos.push_back({q(t.name), t.takesSource, t.takesInterchangeDim, t.moduleOutputsOnly});
    return infos;
}

Session::Session(QObject* parent) : QObject(parent) {
    qRegisterMetaType<causeway::ExperimentResult>();
    qRegisterMetaType<causeway::app::ModelInfo>();
    qRegisterMetaType<causeway::app::SingleResult>();
    qRegisterMetaType<causeway::CellProbe>();
    pool_.setMaxThreadCount(2);
}

Session::~Session() {
    if (runCancel_) runCancel_->store(true);
    pool_.waitForDone();
}

int Session::openModel(const QString& folder) {
    const int job = nextJob_++;
    loadJob_ = job;
    cancelRun();
    Q_EMIT modelLoadStarted(folder);
    QPointer<Session> self(this);
    const std::filesystem::path path = folder.toStdString();
    startOnPool(pool_, [self, job, path, folder] {
        try {
            // The steps' texts, translated here (core speaks English).
            const QStringList steps = {tr("Reading the weights"), tr("Reading the tokenizer"), tr("Fingerprinting the weights")};
            const OpenedModel opened = openModelFolder(path, [&](int step, int count, const std::string&) {
                postToGui(self.data(), [self, job, step, count, text = steps.value(step)] {
                    if (self && self->loadJob_ == job) Q_EMIT self->modelLoadProgress(step, count, text);
                });
            });
            const ModelDescription& d = opened.description;
            ModelInfo info;
            info.folder = QFileInfo(folder).absoluteFilePath();
            info.family = q(d.family);
            info.modelType = q(d.modelType);
            info.weightDtype = q(d.weightDtype);
            info.tokenizerKind = opened.tokenizer ? q(d.tokenizerKind) : tr("none");
            info.weightsHash = q(opened.fingerprint);
            info.layers = static_cast<int>(d.layers);
            info.heads = static_cast<int>(d.heads);
            info.kvHeads = static_cast<int>(d.kvHeads);
            info.width = static_cast<int>(d.width);
            info.mlpWidth = static_cast<int>(d.mlpWidth);
            info.contextLength = static_cast<int>(d.contextLength);
            info.vocab = d.vocab;
            info.parameters = d.parameters;
            info.sweepMemoryBytes = d.sweepMemoryBytes;
            info.availableMemoryBytes = d.availableMemoryBytes;
            for (const std::string& c : d.components) info.components << q(c);
            for (const std::string& c : d.headComponents) info.headComponents << q(c);
            const std::shared_ptr<const Transformer> model = opened.model;
            // Each edit asks for the prompts' tokens several times (chips, every Run button's
            // check): remembered, each changed prompt is tokenized once.
            const std::shared_ptr<const Tokenizer> tokenizer =
                opened.tokenizer ? std::make_shared<CachingTokenizer>(opened.tokenizer) : nullptr;
            postToGui(self.data(), [self, job, model, tokenizer, info] {
                if (!self || self->loadJob_ != job) return; // a newer open superseded this one
                self->loadJob_ = 0;
                self->model_ = model;
                self->tokenizer_ = tokenizer;
                self->info_ = info;
                Q_EMIT self->modelOpened(info);
            });
        } catch (const std::exception& e) {
            const QString message = QString::fromUtf8(e.what());
            postToGui(self.data(), [self, job, folder, message] {
                if (!self || self->loadJob_ != job) return;
                self->loadJob_ = 0;
                Q_EMIT self->modelFailed(folder, message);
            });
        }
    });
    return job;
}

TokenizedPrompt Session::tokenize(const QString& text) const {
    TokenizedPrompt out;
    if (!tokenizer_ || text.isEmpty()) return out;
    out.tokens = tokenizer_->encode(text.toStdString());
    for (const Token& t : out.tokens) {
        out.display << q(t.display);
        out.ids << t.id;
        out.special << t.special;
    }
    return out;
}

QString Session::tokenText(int64_t id) const {
    // Called from paint and slot code: an id from another model's result must never throw here.
    if (!tokenizer_ || id < 0 || (model_ && id >= info_.vocab)) return QStringLiteral("#%1").arg(id);
    try {
        return q(tokenizer_->displayText(id));
    } catch (const std::exception&) {
        return QStringLiteral("#%1").arg(id);
    }
}

QString Session::demoModelFolder() {
    try {
        return q(resolveModelFolder("demo").string());
    } catch (const std::exception&) {
        return {};
    }
}

QStringList Session::exampleExperimentFiles() {
    QStringList files;
    for (const auto& dir : resourceDirectories()) {
        const auto folder = dir / "experiments";
        std::error_code ec;
        if (!std::filesystem::is_directory(folder, ec)) continue;
        QStringList here;
        for (const auto& entry : std::filesystem::directory_iterator(folder, ec))
            if (entry.path().extension() == ".json") here << q(entry.path().string());
        here.sort();
        files << here;
        if (!files.isEmpty()) break; // the first resource folder that has examples
    }
    return files;
}

QString Session::resolveModel(const QString& nameOrPath, const QString& relativeTo) {
    return q(resolveModelFolder(nameOrPath.toStdString(), relativeTo.toStdString()).string());
}

ExperimentResult Session::prepare(const ExperimentSpec& spec) const {
    return prepareExperiment(tokenizer_.get(), spec, model_ ? model_->config().vocabSize : (int64_t{1} << 40));
}

QString Session::pyveneScript(const ExperimentResult& prepared) const {
    if (!model_) throw Error("Open the experiment's model first; the script names its folder.");
    return q(causeway::pyveneScript(prepared, model_->folder()));
}

void Session::writePyveneConfig(const ExperimentResult& prepared, const QString& folder) const {
    if (!model_) throw Error("Open the experiment's model first.");
    causeway::writePyveneConfig(prepared, model_, folder.toStdString());
}

void Session::cancelRun() {
    if (runCancel_) runCancel_->store(true);
}

int Session::runExperiment(const ExperimentSpec& spec) {
    cancelRun();
    const int job = nextJob_++;
    runJob_ = job;
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    runCancel_ = cancel;
    QPointer<Session> self(this);
    auto model = model_;
    auto tokenizer = tokenizer_;
    const SweepEngine engine = engine_;
    // Copies: the worker touches nothing of the session's but through `self`, on its thread.
    const int delay = batchDelayMs_, failAfter = failAfterCells_;
    Q_EMIT runStarted(job);
    startOnPool(pool_, [self, job, spec, model, tokenizer, cancel, engine, delay, failAfter] {
        try {
            if (!model) throw Error("No model is open; open a model folder first.");
            RunControl control;
            control.cancel = cancel.get();
            control.engine = engine;
            auto last = std::chrono::steady_clock::now() - std::chrono::seconds(1);
            control.progress = [&](const ExperimentResult& partial) {
                if (failAfter > 0 && partial.cellsDone >= failAfter)
                    throw Error("A failure simulated for testing after " + std::to_string(partial.cellsDone) + " cells.");
                if (delay > 0) QThread::msleep(static_cast<unsigned long>(delay));
                const auto now = std::chrono::steady_clock::now();
                // At most ~25 updates a second: the GUI thread stays free whatever the batch rate.
                if (now - last < std::chrono::milliseconds(40) && partial.cellsDone < partial.cellsTotal) return;
                last = now;
                postToGui(self.data(), [self, job, partial] {
                    if (self && self->runJob_ == job) Q_EMIT self->runProgress(job, partial);
                });
            };
            ExperimentResult result = causeway::runExperiment(*model, tokenizer.get(), spec, control);
            postToGui(self.data(), [self, job, result] {
                if (!self || self->runJob_ != job) return;
                self->runJob_ = 0;
                Q_EMIT self->runFinished(job, result);
            });
        } catch (const std::exception& e) {
            const QString message = QString::fromUtf8(e.what());
            postToGui(self.data(), [self, job, message] {
                if (!self || self->runJob_ != job) return;
                self->runJob_ = 0;
                Q_EMIT self->runFailed(job, message);
            });
        }
    });
    return job;
}

// The single-intervention and trace-cell jobs: one job per channel at a time; a newer job on the
// channel makes an older one's result stale. `compute` runs on the worker thread.
template <typename Result, typename Compute>
int Session::runOnChannel(int channel, Compute compute, void (Session::*finished)(int, const Result&)) {
    channel = channel == 1 ? 1 : 0;
    const int job = nextJob_++;
    singleJobs_[channel] = job;
    QPointer<Session> self(this);
    auto model = model_;
    auto tokenizer = tokenizer_;
    startOnPool(pool_, [self, job, model, tokenizer, channel, compute, finished] {
        try {
            if (!model) throw Error("No model is open; open a model folder first.");
            Result result = compute(model, tokenizer);
            postToGui(self.data(), [self, job, result, channel, finished] {
                if (self && self->singleJobs_[channel] == job) Q_EMIT(self.data()->*finished)(job, result);
            });
        } catch (const std::exception& e) {
            const QString message = QString::fromUtf8(e.what());
            postToGui(self.data(), [self, job, message, channel] {
                if (self && self->singleJobs_[channel] == job) Q_EMIT self->singleFailed(job, message);
            });
        }
    });
    return job;
}

namespace {

CellSelection cellSelection(const SingleRequest& r) {
    CellSelection selection;
    selection.component = r.component.toStdString();
    selection.perHead = r.perHead;
    selection.headPositions = r.headPositions;
    for (const auto& [layer, col] : r.cells) selection.cells.emplace_back(layer, col);
    return selection;
}

// The request's intervention: the loaded folder's, or one built from the type and the cells.
std::shared_ptr<const IntervenableModel> cellIntervention(const SingleRequest& r, const std::shared_ptr<const Transformer>& model) {
    if (r.loaded) {
        if (&r.loaded->model() != model.get())
            throw Error("The loaded intervention belongs to a model that is no longer open; load its folder again.");
        return r.loaded;
    }
    const std::optional<int64_t> dim = r.interchangeDim ? std::optional<int64_t>(*r.interchangeDim) : std::nullopt;
    return std::make_shared<const IntervenableModel>(
        cellInterventionConfig(cellSelection(r), r.type.toStdString(), dim, static_cast<int64_t>(r.baseIds.size())), model);
}

} // namespace

int Session::runSingle(const SingleRequest& r, int channel) {
    return runOnChannel<SingleResult>(channel, [r](const std::shared_ptr<const Transformer>& model,
                                                const std::shared_ptr<const Tokenizer>& tokenizer) {
        if (r.cells.isEmpty()) throw Error("Select at least one cell in the grid to intervene on.");
        const auto started = std::chrono::steady_clock::now();
        const std::shared_ptr<const IntervenableModel> im = cellIntervention(r, model);
        const CellInterventionOutcome out = runCellIntervention(*im, cellSelection(r), r.baseIds, r.sourceIds, r.generateTokens);
        at::Tensor sourceLast;
        {
            at::Tensor src = idsTensor(r.sourceIds.empty() ? r.baseIds : r.sourceIds);
            sourceLast = model->logits(src).select(0, 0).select(0, src.size(1) - 1);
        }
        SingleResult result;
        result.base = topK(at::softmax(out.baseLogits, -1), r.topK, tokenizer.get());
        result.source = topK(at::softmax(sourceLast, -1), r.topK, tokenizer.get());
        result.intervened = topK(at::softmax(out.intervenedLogits, -1), r.topK, tokenizer.get());
        if (r.metric && r.correctToken >= 0 && r.incorrectToken >= 0) {
            at::Tensor cleanLogProbs;
            if (*r.metric == PatchMetric::KLDivergence) {
                at::Tensor clean = idsTensor(r.cleanIds);
                cleanLogProbs = at::log_softmax(model->logits(clean).select(0, 0).select(0, clean.size(1) - 1), -1);
            }
            result.metricValue =
                patchMetric(*r.metric, out.intervenedLogits.unsqueeze(0), r.correctToken, r.incorrectToken,
                            cleanLogProbs.defined() ? cleanLogProbs.unsqueeze(0) : cleanLogProbs)[0]
                    .item<double>();
        }
        const auto text = [&](const std::vector<int64_t>& ids) {
            if (tokenizer) return q(tokenizer->decode(ids));
            QStringList parts;
            for (int64_t id : ids) parts << QString::number(id);
            return parts.join(QLatin1Char(' '));
        };
        if (r.generateTokens > 0) {
            result.baseContinuation = text(out.baseContinuation);
            result.intervenedContinuation = text(out.intervenedContinuation);
        }
        for (const auto& [name, tensor] : out.collected) {
            CollectedActivation c;
            c.name = q(name);
            const at::Tensor values = tensor.to(at::kFloat).contiguous();
            for (int64_t d : values.sizes()) c.shape.push_back(d);
            c.values = QVector<float>(values.data_ptr<float>(), values.data_ptr<float>() + values.numel());
            result.collected.push_back(std::move(c));
        }
        result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        return result;
    }, &Session::singleFinished);
}

LoadedIntervention Session::loadInterventionFolder(const QString& folder) const {
    if (!model_) throw Error("Open a model first: a pyvene folder holds an intervention for one model.");
    auto im = std::make_shared<const IntervenableModel>(loadPyveneFolder(folder.toStdString(), model_));
    LoadedIntervention loaded;
    loaded.model = im;
    loaded.folder = folder;
    QStringList types;
    const auto& reps = im->config().representations;
    for (const RepresentationConfig& rep : reps) {
        if (!types.contains(q(rep.interventionType))) types << q(rep.interventionType);
        if (!loaded.layers.contains(rep.layer)) loaded.layers.push_back(rep.layer);
    }
    std::sort(loaded.layers.begin(), loaded.layers.end());
    loaded.types = types.join(QStringLiteral(", "));
    loaded.component = q(reps.front().component);
    loaded.perHead = reps.front().unit != "pos";
    for (const RepresentationConfig& rep : reps)
        if (q(rep.component) != loaded.component || (rep.unit != "pos") != loaded.perHead)
            throw Error("The folder's interventions act on different components (" + reps.front().component + ", " +
                        rep.component + "); the workbench runs one component at a time. Run it with causeway-cli intervene --load.");
    loaded.usesSource = interventionUsesSource(*im);
    return loaded;
}

void Session::saveInterventionFolder(const SingleRequest& r, const QString& folder, const QString& pyveneVersion) const {
    if (!model_) throw Error("Open a model first.");
    if (r.cells.isEmpty()) throw Error("Select the cells the intervention acts on before saving it.");
    const PyveneLayout layout = pyveneLayoutFromName(pyveneVersion.toStdString());
    const std::shared_ptr<const IntervenableModel> im = cellIntervention(r, model_);
    savePyveneFolder(*im, folder.toStdString(), layout);
}

void Session::saveCollected(const QVector<CollectedActivation>& collected, const QString& path) {
    if (collected.isEmpty()) throw Error("Nothing was collected: run a CollectIntervention on some cells first.");
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    for (const CollectedActivation& c : collected) {
        std::vector<int64_t> shape(c.shape.begin(), c.shape.end());
        tensors.emplace_back(c.name.toStdString(),
                             at::from_blob(const_cast<float*>(c.values.data()), shape, at::kFloat).clone());
    }
    writeSafetensors(path.toStdString(), tensors, {{"format", "pt"}});
}

int Session::runProbe(const ExperimentResult& result, int map, int layer, int column, int topK, int channel) {
    return runOnChannel<CellProbe>(channel, [result, map, layer, column, topK](const std::shared_ptr<const Transformer>& model,
                                                                             const std::shared_ptr<const Tokenizer>& tokenizer) {
        OpenedModel opened;
        opened.model = model;
        opened.tokenizer = tokenizer;
        return probeCell(opened, result, static_cast<std::size_t>(map), layer, column, topK);
    }, &Session::probeFinished);
}

} // namespace causeway::app
