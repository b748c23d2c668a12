// The only workbench file that sees torch: model loading, sweeps, single interventions and
// causal-tracing cells, each run on the session's pool and handed back through queued calls.
#include "session.h"

#include "common/error.h"
#include "experiments/export.h"
#include "experiments/sweep.h"
#include "intervene/intervenable.h"
#include "io/model_folder.h"
#include "model/memory_estimate.h"
#include "model/transformer.h"
#include "tokenize/tokenizer.h"

#include <ATen/ATen.h>

#include <QFileInfo>
#include <QMetaObject>
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

// Runs `work` on the pool; `deliver` runs on the session's thread with its result, unless the
// session is gone by then.
template <typename Work>
void startJob(QThreadPool& pool, Work work) {
    pool.start(std::move(work));
}

} // namespace

QString interventionTypeName(InterventionKind kind) {
    switch (kind) {
    case InterventionKind::Vanilla: return QStringLiteral("VanillaIntervention");
    case InterventionKind::Zero: return QStringLiteral("ZeroIntervention");
    case InterventionKind::Addition: return QStringLiteral("AdditionIntervention");
    case InterventionKind::Noise: return QStringLiteral("NoiseIntervention");
    }
    return {};
}

Session::Session(QObject* parent) : QObject(parent) {
    qRegisterMetaType<causeway::ExperimentResult>();
    qRegisterMetaType<causeway::app::ModelInfo>();
    qRegisterMetaType<causeway::app::SingleResult>();
    qRegisterMetaType<causeway::app::TraceCellResult>();
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
    startJob(pool_, [self, job, path, folder] {
        auto post = [&](auto fn) { QMetaObject::invokeMethod(self.data(), std::move(fn), Qt::QueuedConnection); };
        try {
            post([self, job] {
                if (self && self->loadJob_ == job) Q_EMIT self->modelLoadProgress(0, 3, tr("Reading the weights"));
            });
            if (!std::filesystem::is_directory(path))
                throw Error("'" + path.string() + "' is not a folder; choose a model folder holding config.json and safetensors weights.");
            std::shared_ptr<const Transformer> model = Transformer::load(path);
            post([self, job] {
                if (self && self->loadJob_ == job) Q_EMIT self->modelLoadProgress(1, 3, tr("Reading the tokenizer"));
            });
            std::shared_ptr<const Tokenizer> tokenizer;
            if (hasTokenizerFiles(path)) tokenizer = loadTokenizer(path);
            post([self, job] {
                if (self && self->loadJob_ == job) Q_EMIT self->modelLoadProgress(2, 3, tr("Fingerprinting the weights"));
            });
            std::vector<std::string> files;
            for (const auto& f : model->weightFiles()) files.push_back(f.string());
            const std::string hash = weightsFingerprint(files);

            ModelInfo info;
            const ModelConfig& c = model->config();
            info.folder = QFileInfo(folder).absoluteFilePath();
            info.family = QString::fromLatin1(c.arch->displayName);
            info.modelType = q(c.modelType);
            info.weightDtype = q(model->weightDtype());
            info.tokenizerKind = tokenizer ? q(tokenizer->kind()) : tr("none");
            info.weightsHash = q(hash);
            info.layers = static_cast<int>(c.numLayers);
            info.heads = static_cast<int>(c.numHeads);
            info.kvHeads = static_cast<int>(c.numKvHeads);
            info.width = static_cast<int>(c.hiddenSize);
            info.mlpWidth = static_cast<int>(c.intermediateSize);
            info.contextLength = static_cast<int>(c.maxPositions);
            info.vocab = c.vocabSize;
            info.parameters = model->parameterCount();
            try {
                // A patching sweep batches one row per layer over a full-context prompt: the most a
                // run of this model asks for.
                info.sweepMemoryBytes = estimateFolderMemory(path, Workload{c.maxPositions, 0}).total();
            } catch (const std::exception&) {
                info.sweepMemoryBytes = 0; // the model opened; the estimate is only advice
            }
            info.availableMemoryBytes = availableMemoryBytes().value_or(0);
            for (Component comp : c.components()) {
                if (comp == Component::AttentionWeight) continue;
                (isHeadComponent(comp) ? info.headComponents : info.components) << q(std::string(componentName(comp)));
            }
            post([self, job, model, tokenizer, info] {
                if (!self || self->loadJob_ != job) return; // a newer open superseded this one
                self->loadJob_ = 0;
                self->model_ = model;
                self->tokenizer_ = tokenizer;
                self->info_ = info;
                Q_EMIT self->modelOpened(info);
            });
        } catch (const std::exception& e) {
            const QString message = QString::fromUtf8(e.what());
            post([self, job, folder, message] {
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
    startJob(pool_, [self, job, spec, model, tokenizer, cancel, engine, delay, failAfter] {
        auto post = [&](auto fn) { QMetaObject::invokeMethod(self.data(), std::move(fn), Qt::QueuedConnection); };
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
                post([self, job, partial] {
                    if (self && self->runJob_ == job) Q_EMIT self->runProgress(job, partial);
                });
            };
            ExperimentResult result = causeway::runExperiment(*model, tokenizer.get(), spec, control);
            post([self, job, result] {
                if (!self || self->runJob_ != job) return;
                self->runJob_ = 0;
                Q_EMIT self->runFinished(job, result);
            });
        } catch (const std::exception& e) {
            const QString message = QString::fromUtf8(e.what());
            post([self, job, message] {
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
    startJob(pool_, [self, job, model, tokenizer, channel, compute, finished] {
        auto post = [&](auto fn) { QMetaObject::invokeMethod(self.data(), std::move(fn), Qt::QueuedConnection); };
        try {
            if (!model) throw Error("No model is open; open a model folder first.");
            Result result = compute(model, tokenizer);
            post([self, job, result, channel, finished] {
                if (self && self->singleJobs_[channel] == job) Q_EMIT(self.data()->*finished)(job, result);
            });
        } catch (const std::exception& e) {
            const QString message = QString::fromUtf8(e.what());
            post([self, job, message, channel] {
                if (self && self->singleJobs_[channel] == job) Q_EMIT self->singleFailed(job, message);
            });
        }
    });
    return job;
}

int Session::runSingle(const SingleRequest& r, int channel) {
    return runOnChannel<SingleResult>(channel, [r](const std::shared_ptr<const Transformer>& model,
                                                const std::shared_ptr<const Tokenizer>& tokenizer) {
        if (r.cells.isEmpty()) throw Error("Select at least one cell in the grid to intervene on.");
        const auto started = std::chrono::steady_clock::now();
        std::map<int, std::vector<int64_t>> byLayer;
        for (const auto& [layer, col] : r.cells) byLayer[layer].push_back(col);
        const std::string typeName = interventionTypeName(r.kind).toStdString();
        const bool usesSource = r.kind == InterventionKind::Vanilla || r.kind == InterventionKind::Addition;
        const int64_t T = static_cast<int64_t>(r.baseIds.size());
        std::vector<int64_t> headPositions = r.headPositions;
        if (r.perHead && headPositions.empty())
            for (int64_t p = 0; p < T; ++p) headPositions.push_back(p);

        IntervenableConfig config;
        UnitLocations locations;
        for (const auto& [layer, cols] : byLayer) {
            RepresentationConfig rep;
            rep.layer = layer;
            rep.component = r.component.toStdString();
            rep.unit = r.perHead ? "h.pos" : "pos";
            rep.interventionType = typeName;
            rep.maxNumberOfUnits = static_cast<int64_t>(r.perHead ? cols.size() * headPositions.size() : cols.size());
            config.representations.push_back(rep);
            RepresentationLocations loc;
            if (r.perHead) {
                loc.heads = {cols};
                loc.positions = {headPositions};
            } else {
                loc.positions = {cols};
            }
            locations.base.push_back(loc);
            locations.sources.push_back(usesSource ? std::optional<RepresentationLocations>(loc) : std::nullopt);
        }
        IntervenableModel im(config, model);
        InterveneRequest request;
        request.base = idsTensor(r.baseIds);
        if (usesSource)
            for (std::size_t i = 0; i < config.representations.size(); ++i) request.sources.push_back(idsTensor(r.sourceIds));
        request.locations = locations;
        request.outputOriginal = true;
        InterveneResult out = im.forward(request);
        const at::Tensor baseLast = out.originalLogits.select(0, 0).select(0, T - 1);
        const at::Tensor patchedLast = out.intervenedLogits.select(0, 0).select(0, T - 1);
        at::Tensor sourceLast;
        {
            at::Tensor src = idsTensor(r.sourceIds.empty() ? r.baseIds : r.sourceIds);
            sourceLast = model->logits(src).select(0, 0).select(0, src.size(1) - 1);
        }
        SingleResult result;
        result.base = topK(at::softmax(baseLast, -1), r.topK, tokenizer.get());
        result.source = topK(at::softmax(sourceLast, -1), r.topK, tokenizer.get());
        result.intervened = topK(at::softmax(patchedLast, -1), r.topK, tokenizer.get());
        if (r.metric && r.correctToken >= 0 && r.incorrectToken >= 0) {
            at::Tensor cleanLogProbs;
            if (*r.metric == PatchMetric::KLDivergence) {
                at::Tensor clean = idsTensor(r.cleanIds);
                cleanLogProbs = at::log_softmax(model->logits(clean).select(0, 0).select(0, clean.size(1) - 1), -1);
            }
            result.metricValue =
                patchMetric(*r.metric, patchedLast.unsqueeze(0), r.correctToken, r.incorrectToken, cleanLogProbs.defined() ? cleanLogProbs.unsqueeze(0) : cleanLogProbs)[0]
                    .item<double>();
        }
        if (r.generateTokens > 0) {
            GenerateOptions options;
            options.maxNewTokens = r.generateTokens;
            GenerateResult g = im.generate(request, options);
            auto continuation = [&](const at::Tensor& ids) {
                at::Tensor fresh = ids.select(0, 0).narrow(0, T, ids.size(1) - T).contiguous();
                std::vector<int64_t> v(fresh.data_ptr<int64_t>(), fresh.data_ptr<int64_t>() + fresh.numel());
                if (!tokenizer) {
                    QStringList parts;
                    for (int64_t id : v) parts << QString::number(id);
                    return parts.join(QLatin1Char(' '));
                }
                return q(tokenizer->decode(v));
            };
            result.baseContinuation = continuation(g.originalIds);
            result.intervenedContinuation = continuation(g.intervenedIds);
        }
        result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        return result;
    }, &Session::singleFinished);
}

int Session::runTraceCell(const TraceCellRequest& r, int channel) {
    return runOnChannel<TraceCellResult>(channel, [r](const std::shared_ptr<const Transformer>& model,
                                                const std::shared_ptr<const Tokenizer>& tokenizer) {
        const int64_t N = r.samples, T = static_cast<int64_t>(r.promptIds.size());
        at::Tensor prompt = idsTensor(r.promptIds);
        // The same noised copies and restore as the sweep's cells (experiments/tracing.cpp).
        const at::Tensor noised = noisedSubjectEmbeddings(*model, prompt, r.subject, N, r.noiseScale, r.seed);
        const std::vector<int> layers =
            r.window > 0 ? traceWindow(r.layer, r.window, static_cast<int>(model->config().numLayers)) : std::vector<int>{r.layer};
        at::Tensor noisedLogits;
        const at::Tensor restoredLogits =
            restoreAndRun(*model, prompt, noised, r.component.toStdString(), layers, r.position, &noisedLogits);
        const at::Tensor noisedProbs = at::softmax(noisedLogits.select(1, T - 1), -1).mean(0);
        const at::Tensor restoredProbs = at::softmax(restoredLogits.select(1, T - 1), -1).mean(0);
        const at::Tensor cleanProbs = at::softmax(model->logits(prompt).select(0, 0).select(0, T - 1), -1);
        TraceCellResult result;
        result.clean = topK(cleanProbs, r.topK, tokenizer.get());
        result.noised = topK(noisedProbs, r.topK, tokenizer.get());
        result.restored = topK(restoredProbs, r.topK, tokenizer.get());
        if (r.answer >= 0) result.answerProbability = restoredProbs[r.answer].item<double>();
        return result;
    }, &Session::traceCellFinished);
}

} // namespace causeway::app
