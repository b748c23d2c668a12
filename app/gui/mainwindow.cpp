#include "mainwindow.h"
#include "std_text.h"

#include "intervention_panel.h"
#include "safeapplication.h"

#include "experiments/kind.h"
#include "experiments/logit_lens.h"
#include "experiments/patching.h"
#include "experiments/tracing.h"
#include "heatmapview.h"
#include "runoutcome.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QStatusBar>
#include <QUndoStack>
#include <QVBoxLayout>

#include <cmath>

namespace causeway::app {

namespace {

QString formatDuration(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0) return QStringLiteral("–");
    const int s = static_cast<int>(std::lround(seconds));
    if (s >= 3600) return QStringLiteral("%1:%2:%3").arg(s / 3600).arg((s / 60) % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), session_(new Session(this)), store_(new ResultStore(this)), undoStack_(new QUndoStack(this)) {
    setWindowTitle(tr("Causeway"));
    setAcceptDrops(true);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);
    registerKindPanels();
    buildUi();
    buildActions();
    readSettings();

    connect(session_, &Session::modelLoadStarted, this, [this](const QString& folder) {
        clearError();
        modelPanel_->showOpening(folder);
        progress_->setRange(0, 0);
        progress_->setVisible(true);
        progressLabel_->setText(tr("Opening the model…"));
        updateRunButtons();
    });
    connect(session_, &Session::modelLoadProgress, this, [this](int step, int steps, const QString& what) {
        progress_->setRange(0, steps);
        progress_->setValue(step);
        progressLabel_->setText(what);
    });
    // Removing results (and undoing it) leaves nothing shown: show the newest again.
    connect(store_, &ResultStore::removed, this, &MainWindow::reshowAfterRemoval);
    connect(store_, &ResultStore::restored, this, &MainWindow::reshowAfterRemoval);
    connect(session_, &Session::modelOpened, this, &MainWindow::onModelOpened);
    connect(session_, &Session::modelFailed, this, &MainWindow::onModelFailed);
    connect(session_, &Session::runProgress, this, &MainWindow::onRunProgress);
    connect(session_, &Session::runFinished, this, &MainWindow::onRunFinished);
    connect(session_, &Session::runFailed, this, &MainWindow::onRunFailed);
    connect(session_, &Session::singleFinished, this, &MainWindow::onSingleFinished);
    connect(session_, &Session::probeFinished, this, &MainWindow::onProbeFinished);
    connect(session_, &Session::singleFailed, this, [this](int, const QString& message) {
        interventionPanel_->setStatus(message);
        cellStatus()->setText(message);
        showError(message);
    });
    // Whatever escaped a handler was caught by the application; say so and carry on.
    if (auto* app = qobject_cast<SafeApplication*>(QCoreApplication::instance())) {
        connect(app, &SafeApplication::uncaughtException, this, [this](const QString& what) {
            showError(tr("Something went wrong inside Causeway: %1\nNothing was lost; the results and panels are as they "
                         "were. Please report this message.").arg(what));
        });
    }
    updateRunButtons();
}

MainWindow::~MainWindow() = default;

// ---------------------------------------------------------------------------------------------
// Construction

void MainWindow::buildUi() {
    pages_ = new QStackedWidget(this);
    pages_->addWidget(buildEmptyPage());

    // The centre: the component bar, the maps, and beside them a clicked cell's predictions.
    grid_ = new GridPanel(session_, undoStack_, this);
    predictionsPanel_ = new PredictionsPanel(this);
    grid_->setSidePane(predictionsPanel_);
    pages_->addWidget(grid_);
    setCentralWidget(pages_);
    auto showHover = [this](const QString& description) {
        if (description.isEmpty()) statusBar()->clearMessage();
        else statusBar()->showMessage(description);
    };
    connect(grid_, &GridPanel::componentChanged, this, [this] {
        updateGridAxes();
        updateRunButtons();
    });
    connect(grid_, &GridPanel::selectionChanged, this, &MainWindow::updateRunButtons);
    connect(grid_, &GridPanel::cellClicked, this, &MainWindow::onHeatmapCellClicked);
    connect(grid_, &GridPanel::clickedCellCleared, this, &MainWindow::clearClickedCell);
    connect(grid_, &GridPanel::normalizedToggled, this, [this] {
        if (store_->shown() >= 0) displayResult(store_->at(store_->shown()), true);
    });
    connect(grid_, &GridPanel::hovered, this, showHover);
    connect(predictionsPanel_, &PredictionsPanel::hovered, this, showHover);
    connect(predictionsPanel_, &PredictionsPanel::reopenRequested, this, &MainWindow::openModelFolder);

    auto dock = [this](const QString& title, const QString& name, QWidget* content, Qt::DockWidgetArea area) {
        auto* d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(content);
        d->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);
        addDockWidget(area, d);
        d->setProperty("defaultArea", static_cast<int>(area)); // View ▸ Reset Layout puts it back here
        docks_ << d;
        return d;
    };
    auto* modelScroll = new QScrollArea(this);
    modelScroll->setWidgetResizable(true);
    modelScroll->setFrameShape(QFrame::NoFrame);
    modelScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    modelPanel_ = new ModelPanel(this);
    modelScroll->setWidget(modelPanel_);
    // Prompts, options and the Run buttons must stay readable however the window is sized.
    modelScroll->setMinimumWidth(300);
    auto* modelDock = dock(tr("Model"), QStringLiteral("modelDock"), modelScroll, Qt::LeftDockWidgetArea);
    auto* promptScroll = new QScrollArea(this);
    promptScroll->setWidgetResizable(true);
    promptScroll->setFrameShape(QFrame::NoFrame);
    prompts_ = new PromptsPanel(session_, undoStack_, [this](QFormLayout* options) { addAnalysisKindOptions(options); }, this);
    promptScroll->setWidget(prompts_);
    promptScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    promptScroll->setMinimumWidth(300);
    promptScroll->setMinimumHeight(200);
    auto* promptPane = new QWidget(this);
    auto* promptLayout = new QVBoxLayout(promptPane);
    promptLayout->setContentsMargins(0, 0, 0, 0);
    promptLayout->setSpacing(0);
    promptLayout->addWidget(promptScroll, 1);
    promptLayout->addWidget(prompts_->footer()); // the Run buttons stay in view below the scrolling part
    auto* promptDock = dock(tr("Prompts and run"), QStringLiteral("promptDock"), promptPane, Qt::LeftDockWidgetArea);
    splitDockWidget(modelDock, promptDock, Qt::Vertical);
    connect(prompts_, &PromptsPanel::tokensChanged, this, [this] {
        updateGridAxes();
        updateRunButtons();
    });
    connect(prompts_, &PromptsPanel::answersChanged, this, &MainWindow::updateRunButtons);
    connect(prompts_->patchButton(), &QPushButton::clicked, this, &MainWindow::startPatch);
    connect(prompts_->traceButton(), &QPushButton::clicked, this, &MainWindow::startTrace);

    resultsPanel_ = new ResultsListPanel(store_, [this](const StoredResult& stored) { return modelMismatch(stored); }, this);
    connect(resultsPanel_, &ResultsListPanel::showRequested, this, &MainWindow::showResult);
    connect(resultsPanel_, &ResultsListPanel::compareRequested, this, &MainWindow::compareResults);
    connect(resultsPanel_, &ResultsListPanel::removeRequested, this, &MainWindow::removeResults);
    auto* resultsDock = dock(tr("Results"), QStringLiteral("resultsDock"), resultsPanel_, Qt::RightDockWidgetArea);
    buildInterventionPanel();
    auto* interveneDock = dock(tr("Intervene"), QStringLiteral("interveneDock"), interventionPanel_, Qt::RightDockWidgetArea);
    splitDockWidget(resultsDock, interveneDock, Qt::Vertical);
    restoreDockSizes();

    progress_ = new QProgressBar(this);
    progress_->setMaximumWidth(260);
    progress_->setTextVisible(true);
    progress_->setVisible(false);
    progressLabel_ = new QLabel(this);
    cancelButton_ = new QPushButton(tr("Cancel"), this);
    cancelButton_->setEnabled(false);
    cancelButton_->setToolTip(tr("Stop the run; the cells done so far are kept (Esc)"));
    connect(cancelButton_, &QPushButton::clicked, this, &MainWindow::cancelRun);
    statusBar()->addPermanentWidget(progressLabel_);
    statusBar()->addPermanentWidget(progress_);
    statusBar()->addPermanentWidget(cancelButton_);
}

QWidget* MainWindow::buildEmptyPage() {
    auto* page = new QWidget(this);
    auto* l = new QVBoxLayout(page);
    l->addStretch();
    auto* title = new QLabel(tr("No model open"), page);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    title->setFont(big);
    title->setAlignment(Qt::AlignCenter);
    auto* hint = new QLabel(tr("Open a HuggingFace model folder (config.json, safetensors weights and tokenizer files)\n"
                               "with File ▸ Open Model Folder (Ctrl+O), or drop the folder onto this window."),
                            page);
    hint->setAlignment(Qt::AlignCenter);
    hint->setWordWrap(true);
    auto* button = new QPushButton(tr("Open a Model Folder…"), page);
    connect(button, &QPushButton::clicked, this, &MainWindow::openModelDialog);
    auto* row = new QHBoxLayout;
    row->addStretch();
    row->addWidget(button);
    row->addStretch();
    l->addWidget(title);
    l->addWidget(hint);
    l->addSpacing(12);
    l->addLayout(row);
    l->addStretch();
    return page;
}

void MainWindow::buildInterventionPanel() {
    interventionPanel_ = new InterventionPanel(this);
    interventionPanel_->setStatus(tr("Source-taking interventions read the other prompt (by the direction); the others act on the clean prompt."));
    connect(interventionPanel_, &InterventionPanel::interveneRequested, this, &MainWindow::runIntervention);
    connect(interventionPanel_, &InterventionPanel::settingsChanged, this, [this] { updateRunButtons(); });
    connect(interventionPanel_, &InterventionPanel::loadFolderRequested, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Load a pyvene Intervention Folder"));
        if (!folder.isEmpty()) loadInterventionFolderFrom(folder);
    });
    connect(interventionPanel_, &InterventionPanel::saveFolderRequested, this, [this](const QString& version) {
        const QString folder = askNewFolder(tr("Save the Intervention as a pyvene Folder"), tr("pyvene-intervention"));
        if (!folder.isEmpty()) saveInterventionFolderTo(folder, version);
    });
    connect(interventionPanel_, &InterventionPanel::saveCollectedRequested, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save Collected Activations"), tr("activations.safetensors"),
                                                          tr("safetensors (*.safetensors)"));
        if (!path.isEmpty()) saveCollectedTo(path);
    });
}

QComboBox* MainWindow::interventionBox() const { return interventionPanel_->typeBox(); }
QSpinBox* MainWindow::generateSpin() const { return interventionPanel_->generateSpin(); }
QPushButton* MainWindow::interveneButton() const { return interventionPanel_->interveneButton(); }

// ---------------------------------------------------------------------------------------------
// Model

void MainWindow::openModelFolder(const QString& folder) { session_->openModel(folder); }

bool MainWindow::openStartupDefaults(bool withExample) {
    const QString demo = Session::demoModelFolder();
    if (demo.isEmpty()) return false; // stay in the "open a model folder" state
    const QStringList examples = Session::exampleExperimentFiles();
    if (withExample && !examples.isEmpty() && openExperimentFile(examples.first()) && session_->isLoading()) return true;
    if (!session_->isLoading()) openModelFolder(demo);
    return true;
}

void MainWindow::onModelOpened(const ModelInfo& info) {
    progress_->setVisible(false);
    progressLabel_->clear();
    clearError();
    // A loaded intervention and collected values belong to the model they were made with.
    interventionPanel_->clearLoaded();
    interventionPanel_->setCollected({});
    modelPanel_->showModel(info);
    QComboBox* box = componentBox();
    const QString previous = box->currentText();
    {
        QSignalBlocker block(box);
        box->clear();
        box->addItems(info.components);
        if (!info.headComponents.isEmpty()) {
            box->insertSeparator(box->count());
            box->addItems(info.headComponents);
        }
        const int i = box->findText(previous.isEmpty() ? QStringLiteral("block_output") : previous);
        box->setCurrentIndex(i >= 0 ? i : box->findText(QStringLiteral("block_output")));
    }
    pages_->setCurrentIndex(1);
    setWindowTitle(tr("%1 — Causeway").arg(QFileInfo(info.folder).fileName()));
    if (info.folder != Session::demoModelFolder()) addRecent(QStringLiteral("recent/models"), info.folder);
    refreshResultList(); // which results belong to the open model has changed
    prompts_->retokenize();
    statusBar()->showMessage(tr("Opened %1: %2 layers, %3 parameters").arg(info.family).arg(info.layers).arg(ModelPanel::formatCount(info.parameters)), 5000);
    Q_EMIT modelReady();
}

void MainWindow::onModelFailed(const QString& folder, const QString& message) {
    progress_->setVisible(false);
    progressLabel_->clear();
    modelPanel_->showLoadFailed(session_->hasModel() ? session_->modelInfo().folder : QString());
    showError(tr("Could not open %1:\n%2").arg(QDir::toNativeSeparators(folder), message));
    updateRunButtons();
    Q_EMIT modelLoadFailed(message);
}

void MainWindow::showError(const QString& message) {
    lastError_ = message;
    modelPanel_->showError(message, palette().color(QPalette::Window).lightness() < 128);
    statusBar()->showMessage(QString(message).replace(QLatin1Char('\n'), QLatin1Char(' ')), 8000);
    Q_EMIT errorShown(message);
}

void MainWindow::clearError() {
    modelPanel_->clearError();
}

// ---------------------------------------------------------------------------------------------
// Grid and run buttons

void MainWindow::updateGridAxes() {
    grid_->updateAxes(prompts_->cleanTokens().display);
    // The shown result no longer describes these prompts: show the grid for the next run.
    const int shown = store_->shown();
    if (shown < 0 || !grid_->matchesGrid(store_->at(shown))) {
        if (shown >= 0 && shown != store_->runningIndex()) {
            store_->setShown(-1);
            resultsPanel_->setCurrentRow(-1);
        }
        if (store_->shown() < 0) displayResult(StoredResult{}, false);
    } else {
        grid_->refreshMarks();
    }
    grid_->updateSelectionLabel();
}

void MainWindow::updateRunButtons() {
    const QString patch = patchBlocker(), trace = traceBlocker(), intervene = interveneBlocker();
    patchButton()->setEnabled(patch.isEmpty());
    traceButton()->setEnabled(trace.isEmpty());
    interventionPanel_->setInterveneEnabled(intervene.isEmpty(), intervene.isEmpty() ? tr("Run the intervention on the selected cells") : intervene);
    patchAction_->setEnabled(patch.isEmpty());
    traceAction_->setEnabled(trace.isEmpty());
    lensAction_->setEnabled(lensBlocker().isEmpty());
    for (const KindAction& entry : std::as_const(kindActions_)) {
        const QString why = entry.blocker();
        entry.action->setEnabled(why.isEmpty());
        entry.action->setStatusTip(why);
    }
    interveneAction_->setEnabled(intervene.isEmpty());
    patchButton()->setToolTip(patch.isEmpty() ? tr("Activation patching over the selected cells (all when none are selected)") : tr("Patch is disabled: %1").arg(patch));
    traceButton()->setToolTip(trace.isEmpty() ? tr("ROME causal tracing of the clean prompt, noising the subject") : tr("Trace is disabled: %1").arg(trace));
    QStringList why;
    if (!session_->isRunning()) {
        if (!patch.isEmpty()) why << tr("Patch: %1").arg(patch);
        if (!trace.isEmpty()) why << tr("Trace: %1").arg(trace);
    }
    runStatus()->setText(why.join(QLatin1Char('\n')));
}

// ---------------------------------------------------------------------------------------------
// Running

void MainWindow::startPatch() { startSweep(PatchingSpec::kKind, patchBlocker()); }

void MainWindow::startTrace() { startSweep(TracingSpec::kKind, traceBlocker()); }

void MainWindow::startLogitLens() { startSweep(LogitLensSpec::kKind, lensBlocker()); }

void MainWindow::startSweep(const std::string& kind, const QString& blocker) {
    if (!blocker.isEmpty()) {
        runStatus()->setText(blocker);
        return;
    }
    clearError();
    StoredResult stored;
    stored.running = true;
    const ModelInfo& info = session_->modelInfo();
    stored.modelFolder = info.folder;
    stored.modelName = info.folder == Session::demoModelFolder() ? QStringLiteral("demo") : QFileInfo(info.folder).fileName();
    stored.weightsHash = info.weightsHash;
    try {
        stored.result = session_->prepare(currentSpec(kind));
    } catch (const std::exception& e) {
        showError(QString::fromUtf8(e.what()));
        return;
    }
    store_->addRunning(stored);
    runJob_ = session_->runExperiment(stored.result.spec);
    runClock_.start();
    setBusy(true);
    refreshResultList();
    showResult(store_->runningIndex());
}

void MainWindow::cancelRun() {
    if (!session_->isRunning()) return;
    session_->cancelRun();
    progressLabel_->setText(tr("Cancelling…"));
    cancelButton_->setEnabled(false);
}

void MainWindow::setBusy(bool running) {
    cancelButton_->setEnabled(running);
    cancelAction_->setEnabled(running);
    progress_->setVisible(running);
    if (running) {
        progress_->setRange(0, 1);
        progress_->setValue(0);
        progressLabel_->setText(tr("Starting…"));
    }
    updateRunButtons();
}

void MainWindow::updateProgress(const ExperimentResult& partial) {
    const qint64 total = std::max<qint64>(partial.cellsTotal, 1);
    // QProgressBar holds ints; cell counts fit.
    progress_->setRange(0, static_cast<int>(total));
    progress_->setValue(static_cast<int>(partial.cellsDone));
    const double elapsed = runClock_.elapsed() / 1000.0;
    const double left = partial.cellsDone > 0 ? elapsed * (total - partial.cellsDone) / partial.cellsDone : qInf();
    progressLabel_->setText(tr("%1 / %2 cells · %3 elapsed · %4 left").arg(partial.cellsDone).arg(partial.cellsTotal).arg(formatDuration(elapsed), formatDuration(left)));
}

void MainWindow::onRunProgress(int job, const ExperimentResult& partial) {
    if (job != runJob_ || store_->runningIndex() < 0) return; // stale
    store_->updateRunning(partial);
    updateProgress(partial);
    if (store_->shown() == store_->runningIndex() && !grid_->streamValues(partial)) displayResult(store_->at(store_->shown()), true);
}

void MainWindow::onRunFinished(int job, const ExperimentResult& result) {
    if (job != runJob_ || store_->runningIndex() < 0) return settleStaleRun();
    if (result.stoppedEarly() && result.cellsDone == 0) { // stopped before any cell: nothing to keep
        onRunFailed(job, QString());
        progressLabel_->setText(tr("Cancelled before any cell was computed."));
        Q_EMIT runCompleted(-1);
        return;
    }
    const int index = store_->finishRunning(result);
    const StoredResult& stored = store_->at(index);
    runJob_ = 0;
    setBusy(false);
    clearError();
    if (result.status == RunStatus::Failed)
        showError(tr("The run failed after %1 of %2 cells: %3\nThe cells computed so far are kept in the results list.")
                      .arg(result.cellsDone).arg(result.cellsTotal).arg(q(result.stopReason)));
    progressLabel_->setText(result.status == RunStatus::Cancelled ? tr("Cancelled after %1 of %2 cells (%3 s); the partial result is kept.").arg(result.cellsDone).arg(result.cellsTotal).arg(result.seconds, 0, 'f', 2)
                            : result.stoppedEarly() ? stoppedEarlyText(result)
                                                    : tr("Done: %1 cells in %2 s").arg(result.cellsDone).arg(result.seconds, 0, 'f', 2));
    refreshResultList();
    if (store_->shown() == index) displayResult(stored, true);
    else showResult(index);
    Q_EMIT runCompleted(index);
}

void MainWindow::onRunFailed(int job, const QString& message) {
    if (job != runJob_) return settleStaleRun();
    store_->dropRunning();
    runJob_ = 0;
    setBusy(false);
    progressLabel_->clear();
    refreshResultList();
    store_->setShown(-1);
    if (!store_->isEmpty()) showResult(store_->lastIndex());
    else displayResult(StoredResult{}, false);
    if (!message.isEmpty()) showError(message);
}

void MainWindow::settleStaleRun() {
    // A run the window let go of (an experiment opened meanwhile) has stopped: its result belongs
    // to nothing shown, but the window must not stay busy waiting for it.
    if (!session_->isRunning()) setBusy(false);
}

// ---------------------------------------------------------------------------------------------
// Results

void MainWindow::refreshResultList() { resultsPanel_->refresh(); }

void MainWindow::showResult(int index) {
    if (index < 0 || index >= store_->count()) return;
    const bool same = index == store_->shown();
    store_->setShown(index);
    resultsPanel_->setCurrentRow(index);
    grid_->setClickedCell(-1, -1);
    if (!same) {
        predictionsPanel_->showCellDetail(nullptr);
        predictionsPanel_->clearCell();
    }
    displayResult(store_->at(index), same);
    Q_EMIT resultShown(index);
}

void MainWindow::displayResult(const StoredResult& stored, bool keepTab) {
    grid_->display(stored, keepTab, prompts_->subjectBegin(), prompts_->subjectEnd());
}

void MainWindow::clearClickedCell() {
    ++cellJob_; // a probe still running for the old tab is now stale
    predictionsPanel_->clearCell();
}

void MainWindow::compareResults(int a, int b) {
    if (a < 0 || b < 0 || a >= store_->count() || b >= store_->count() || a == b) return;
    const ExperimentResult& ra = store_->at(a).result;
    const ExperimentResult& rb = store_->at(b).result;
    StoredResult diff;
    diff.difference = true;
    diff.differenceOf = QStringLiteral("#%1 − #%2").arg(a + 1).arg(b + 1);
    diff.result.spec = ra.spec;
    diff.result.tokens = ra.tokens;
    for (const Heatmap& ha : ra.maps) {
        const Heatmap* hb = nullptr;
        for (const Heatmap& h : rb.maps)
            if (h.name == ha.name || rb.maps.size() == 1) hb = &h;
        if (!hb && ra.maps.size() == rb.maps.size()) hb = &rb.maps[&ha - &ra.maps[0]];
        if (!hb || hb->rows != ha.rows || hb->cols != ha.cols) {
            showError(tr("Results #%1 and #%2 have maps of different shapes (%3×%4 and %5×%6); a difference needs the same grid.")
                          .arg(a + 1).arg(b + 1).arg(ha.rows).arg(ha.cols).arg(hb ? hb->rows : 0).arg(hb ? hb->cols : 0));
            return;
        }
        Heatmap d = ha;
        d.name = ha.name == hb->name ? ha.name : ha.name + "−" + hb->name;
        for (std::size_t i = 0; i < d.raw.size(); ++i) d.raw[i] = ha.raw[i] - hb->raw[i];
        d.normalized.clear();
        diff.result.maps.push_back(d);
    }
    if (diff.result.maps.empty()) {
        showError(tr("Nothing to compare."));
        return;
    }
    store_->add(diff);
    refreshResultList();
    showResult(store_->lastIndex());
}

void MainWindow::removeResults(QList<int> rows) { store_->remove(rows, undoStack_); } // undoable

void MainWindow::reshowAfterRemoval() {
    refreshResultList();
    if (!store_->isEmpty()) showResult(store_->lastIndex());
    else displayResult(StoredResult{}, false);
}

} // namespace causeway::app
