#include "mainwindow.h"

#include "intervention_panel.h"

#include "appsettings.h"
#include "runoutcome.h"
#include "safeapplication.h"

#include "common/error.h"
#include "model/memory_estimate.h"
#include "experiments/kind.h"
#include "experiments/logit_lens.h"
#include "experiments/patching.h"
#include "experiments/results_io.h"
#include "experiments/tracing.h"
#include "io/atomic_file.h"
#include "heatmapview.h"
#include "predictionsview.h"
#include "prompteditor.h"

#include <QAction>
#include <QApplication>
#include <QBuffer>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QDesktopServices>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QScopedValueRollback>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QUndoCommand>
#include <QUndoStack>
#include <QUrl>
#include <QVBoxLayout>

#include <cmath>
#include <functional>

namespace causeway::app {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

QStringList qList(const std::vector<std::string>& v) {
    QStringList out;
    for (const auto& s : v) out << q(s);
    return out;
}

QString formatCount(qint64 n) {
    if (n >= 1000000000) return QString::number(n / 1e9, 'f', 2) + QStringLiteral(" B");
    if (n >= 1000000) return QString::number(n / 1e6, 'f', 2) + QStringLiteral(" M");
    if (n >= 1000) return QString::number(n / 1e3, 'f', 1) + QStringLiteral(" k");
    return QString::number(n);
}

QString formatDuration(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0) return QStringLiteral("–");
    const int s = static_cast<int>(std::lround(seconds));
    if (s >= 3600) return QStringLiteral("%1:%2:%3").arg(s / 3600).arg((s / 60) % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

const PatchMetric kMetrics[] = {PatchMetric::LogitDifference, PatchMetric::Probability, PatchMetric::LogProbability,
                                PatchMetric::KLDivergence};

QString metricLabel(PatchMetric m) {
    switch (m) {
    case PatchMetric::LogitDifference: return MainWindow::tr("Logit difference (correct − incorrect)");
    case PatchMetric::Probability: return MainWindow::tr("Probability of the correct answer");
    case PatchMetric::LogProbability: return MainWindow::tr("Log-probability of the correct answer");
    case PatchMetric::KLDivergence: return MainWindow::tr("KL divergence from the clean run");
    }
    return {};
}

QVector<widgets::Prediction> predictionsOf(const QVector<TokenProb>& list) {
    QVector<widgets::Prediction> out;
    for (const TokenProb& t : list) out.push_back({t.text, t.probability});
    return out;
}

// A predictions column's footer for MoE models: the experts the run's layer chose for the cell's
// token, with their weights ("Layer 1 experts: #2 71%, #0 29%"); empty for dense layers.
QString expertsLine(int layer, const std::vector<ExpertChoice>& picks) {
    if (layer < 0 || picks.empty()) return {};
    QStringList parts;
    for (const ExpertChoice& p : picks) parts << MainWindow::tr("#%1 %2%").arg(p.expert).arg(p.weight * 100.0, 0, 'f', 0);
    return MainWindow::tr("Layer %1 experts: %2").arg(layer).arg(parts.join(QStringLiteral(", ")));
}

// An undo step as two functions. `id` >= 0 lets consecutive steps of one kind merge (typing).
class FunctionCommand : public QUndoCommand {
public:
    using MergeRule = std::function<bool(const FunctionCommand& self, const FunctionCommand& next)>;
    FunctionCommand(const QString& text, std::function<void()> undo, std::function<void()> redo, bool alreadyDone, int id = -1,
                    MergeRule canMerge = {})
        : QUndoCommand(text), undo_(std::move(undo)), redo_(std::move(redo)), skipFirstRedo_(alreadyDone), id_(id) {
        if (canMerge) canMerge_ = [this, canMerge = std::move(canMerge)](const FunctionCommand& o) { return canMerge(*this, o); };
    }
    void undo() override { undo_(); }
    void redo() override {
        if (skipFirstRedo_) skipFirstRedo_ = false; // the change happened before it was recorded
        else redo_();
    }
    int id() const override { return id_; }
    bool mergeWith(const QUndoCommand* other) override {
        const auto* o = static_cast<const FunctionCommand*>(other);
        if (!canMerge_ || !canMerge_(*o)) return false;
        redo_ = o->redo_; // keep our undo (the state before the whole run of changes)
        stamp_ = o->stamp_;
        return true;
    }
    qint64 stamp() const { return stamp_; } // when it was recorded (ms)

private:
    std::function<void()> undo_, redo_;
    bool skipFirstRedo_;
    int id_;
    std::function<bool(const FunctionCommand&)> canMerge_;
    qint64 stamp_ = QDateTime::currentMSecsSinceEpoch();
};

// The kinds' fixed view texts (core is Qt-free and speaks English): listed here so that lupdate
// offers them for translation; kindText() looks them up and leaves composed texts as they are.
[[maybe_unused]] const char* const kKindTexts[] = {
    QT_TRANSLATE_NOOP("ExperimentKinds", "Impact of restoring the hidden state after noising the subject"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Impact of restoring the MLP output after noising the subject"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Impact of restoring the attention output after noising the subject"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Hidden states"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "MLP"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Attention"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "token"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "head"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "token (single restored layer per row)"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Logit lens: each layer's residual stream through the final norm and LM head"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Logit lens"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Patch %1 \u00b7 %2"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Trace \u00b7 subject %1\u2013%2"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Logit lens \u00b7 %1"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Clean: %1"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Corrupted: %1"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Answers: %1 (correct) / %2 (incorrect)"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Prompt: %1"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Answer: %1"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Subject: %1 \u00b7 answer: %2"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Patching %1 (clean \u2192 corrupted)"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Patching %1 (corrupted \u2192 clean)"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "normalised %1"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "rank of %1 (0 = top)"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "token (restoring %1 layers around each row)"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "logit difference"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "probability of the answer"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "log-probability of the answer"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "KL divergence from clean"),
    // What a probed cell shows (the kinds' probe())
    QT_TRANSLATE_NOOP("ExperimentKinds", "Clean"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Corrupted"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Patched"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Noised"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Restored"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "Layer %1 read out"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "p(answer) after restoring"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "averaged over %1 noised copies"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "rank of the answer"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "p(answer)"),
    QT_TRANSLATE_NOOP("ExperimentKinds", "through the final norm and the LM head"),
};

QString kindText(const std::string& english) { return QCoreApplication::translate("ExperimentKinds", english.c_str()); }

// A kind's phrase in the user's language: the format translated, then each argument that has a
// translation (metric titles, map names); prompts and token texts pass through unchanged.
QString kindText(const Phrase& phrase) {
    QString text = kindText(phrase.format);
    for (const std::string& arg : phrase.args) text = text.arg(kindText(arg));
    return text;
}

QLabel* valueLabel(QWidget* parent) {
    auto* l = new QLabel(QStringLiteral("–"), parent);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return l;
}

} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent), session_(new Session(this)), undoStack_(new QUndoStack(this)) {
    setWindowTitle(tr("Causeway"));
    setAcceptDrops(true);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);
    registerKindPanels();
    buildUi();
    buildActions();
    readSettings();

    connect(session_, &Session::modelLoadStarted, this, [this](const QString& folder) {
        clearError();
        modelStatus_->setText(tr("Opening %1 …").arg(QDir::toNativeSeparators(folder)));
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
    connect(session_, &Session::modelOpened, this, &MainWindow::onModelOpened);
    connect(session_, &Session::modelFailed, this, &MainWindow::onModelFailed);
    connect(session_, &Session::runProgress, this, &MainWindow::onRunProgress);
    connect(session_, &Session::runFinished, this, &MainWindow::onRunFinished);
    connect(session_, &Session::runFailed, this, &MainWindow::onRunFailed);
    connect(session_, &Session::singleFinished, this, &MainWindow::onSingleFinished);
    connect(session_, &Session::probeFinished, this, &MainWindow::onProbeFinished);
    connect(session_, &Session::singleFailed, this, [this](int, const QString& message) {
        interventionPanel_->setStatus(message);
        cellStatus_->setText(message);
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

    // Cells are picked on the heatmap itself: the component bar sits above the maps.
    auto* work = new QWidget(this);
    auto* workLayout = new QVBoxLayout(work);
    workLayout->setContentsMargins(0, 0, 0, 0);
    workLayout->setSpacing(0);
    workLayout->addWidget(buildGridPanel());
    workLayout->addWidget(buildResultsPanel(), 1);
    pages_->addWidget(work);
    setCentralWidget(pages_);

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
    modelScroll->setWidget(buildModelPanel());
    // Prompts, options and the Run buttons must stay readable however the window is sized.
    modelScroll->setMinimumWidth(300);
    auto* modelDock = dock(tr("Model"), QStringLiteral("modelDock"), modelScroll, Qt::LeftDockWidgetArea);
    auto* promptScroll = new QScrollArea(this);
    promptScroll->setWidgetResizable(true);
    promptScroll->setFrameShape(QFrame::NoFrame);
    promptScroll->setWidget(buildPromptPanel());
    promptScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    promptScroll->setMinimumWidth(300);
    promptScroll->setMinimumHeight(200);
    auto* promptPane = new QWidget(this);
    auto* promptLayout = new QVBoxLayout(promptPane);
    promptLayout->setContentsMargins(0, 0, 0, 0);
    promptLayout->setSpacing(0);
    promptLayout->addWidget(promptScroll, 1);
    promptLayout->addWidget(promptFooter_);
    auto* promptDock = dock(tr("Prompts and run"), QStringLiteral("promptDock"), promptPane, Qt::LeftDockWidgetArea);
    splitDockWidget(modelDock, promptDock, Qt::Vertical);
    auto* resultsDock = dock(tr("Results"), QStringLiteral("resultsDock"), [this] {
        auto* w = new QWidget(this);
        auto* l = new QVBoxLayout(w);
        resultList_ = new QListWidget(w);
        resultList_->setSelectionMode(QAbstractItemView::ExtendedSelection);
        resultList_->setAccessibleName(tr("Results"));
        resultList_->setWordWrap(true); // model names and timings stay readable in a narrow dock
        resultList_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        l->addWidget(resultList_);
        auto* row = new QHBoxLayout;
        compareButton_ = new QPushButton(tr("Difference"), w);
        compareButton_->setToolTip(tr("Select two results with the same shape to see the first minus the second."));
        removeButton_ = new QPushButton(tr("Remove"), w);
        row->addWidget(compareButton_);
        row->addWidget(removeButton_);
        l->addLayout(row);
        w->setMinimumWidth(260);
        connect(resultList_, &QListWidget::itemSelectionChanged, this, [this] {
            const auto items = resultList_->selectedItems();
            compareButton_->setEnabled(items.size() == 2);
            removeButton_->setEnabled(!items.isEmpty());
            if (items.size() == 1) {
                const int i = resultList_->row(items.first());
                if (i != shown_) showResult(i);
            }
        });
        connect(compareButton_, &QPushButton::clicked, this, [this] {
            const auto items = resultList_->selectedItems();
            if (items.size() != 2) return;
            int a = resultList_->row(items[0]), b = resultList_->row(items[1]);
            if (a < b) std::swap(a, b); // newer minus older
            compareResults(a, b);
        });
        connect(removeButton_, &QPushButton::clicked, this, [this] {
            QList<int> rows;
            for (auto* item : resultList_->selectedItems()) rows << resultList_->row(item);
            removeResults(rows);
        });
        compareButton_->setEnabled(false);
        removeButton_->setEnabled(false);
        return w;
    }(), Qt::RightDockWidgetArea);
    auto* interveneDock = dock(tr("Intervene"), QStringLiteral("interveneDock"), buildInterventionPanel(), Qt::RightDockWidgetArea);
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

QWidget* MainWindow::buildModelPanel() {
    auto* w = new QWidget(this);
    auto* l = new QVBoxLayout(w);
    modelStatus_ = new QLabel(tr("No model open."), w);
    modelStatus_->setWordWrap(true);
    errorBanner_ = new QLabel(w);
    errorBanner_->setWordWrap(true);
    errorBanner_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    errorBanner_->setFrameShape(QFrame::StyledPanel);
    errorBanner_->setMargin(6);
    errorBanner_->setAutoFillBackground(true);
    errorBanner_->setVisible(false);
    l->addWidget(modelStatus_);
    l->addWidget(errorBanner_);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    const QStringList names = {tr("Family"), tr("Layers"), tr("Heads"), tr("Width"), tr("Vocabulary"), tr("Parameters"), tr("Weights"), tr("Tokenizer"), tr("Memory")};
    for (const QString& n : names) {
        QLabel* v = valueLabel(w);
        infoValues_ << v;
        form->addRow(n + QLatin1Char(':'), v);
    }
    l->addLayout(form);
    l->addStretch();
    return w;
}

QWidget* MainWindow::buildPromptPanel() {
    auto* w = new QWidget(this);
    auto* l = new QVBoxLayout(w);
    cleanEditor_ = new widgets::PromptEditor(tr("Clean prompt"), w);
    cleanEditor_->setPlaceholderText(tr("e.g. The Eiffel Tower is located in the city of"));
    cleanEditor_->chips()->setSelectable(true);
    cleanEditor_->chips()->setToolTip(tr("Click, shift-click or drag over tokens to choose the subject for causal tracing"));
    corruptedEditor_ = new widgets::PromptEditor(tr("Corrupted prompt"), w);
    corruptedEditor_->setPlaceholderText(tr("Same number of tokens, with the key fact changed"));
    l->addWidget(cleanEditor_);
    subjectLabel_ = new QLabel(w);
    subjectLabel_->setWordWrap(true);
    l->addWidget(subjectLabel_);
    l->addWidget(corruptedEditor_);

    auto* answers = new QGroupBox(tr("Answer tokens"), w);
    auto* af = new QFormLayout(answers);
    correctEdit_ = new QLineEdit(answers);
    correctEdit_->setPlaceholderText(tr("clean run's top token"));
    correctEdit_->setToolTip(tr("One token, usually with a leading space, e.g. \u201c Paris\u201d"));
    incorrectEdit_ = new QLineEdit(answers);
    incorrectEdit_->setPlaceholderText(tr("corrupted run's top token"));
    af->addRow(tr("Correct:"), correctEdit_);
    af->addRow(tr("Incorrect:"), incorrectEdit_);
    l->addWidget(answers);

    auto* options = new QGroupBox(tr("Options"), w);
    auto* of = new QFormLayout(options);
    metricBox_ = new QComboBox(options);
    for (PatchMetric m : kMetrics) metricBox_->addItem(metricLabel(m), q(metricName(m)));
    directionBox_ = new QComboBox(options);
    directionBox_->addItem(tr("Denoising: clean into corrupted"), QStringLiteral("denoising"));
    directionBox_->addItem(tr("Noising: corrupted into clean"), QStringLiteral("noising"));
    samplesSpin_ = new QSpinBox(options);
    samplesSpin_->setObjectName(QStringLiteral("noiseSamples"));
    samplesSpin_->setRange(1, 200);
    samplesSpin_->setValue(10);
    samplesSpin_->setToolTip(tr("Noised copies of the prompt averaged per cell: 1 to %1 (ROME uses 10).").arg(samplesSpin_->maximum()));
    samplesSpin_->setSuffix(tr(" (max %1)").arg(samplesSpin_->maximum()));
    noiseSpin_ = new QDoubleSpinBox(options);
    noiseSpin_->setRange(0.0, 100.0);
    noiseSpin_->setSingleStep(0.5);
    noiseSpin_->setValue(3.0);
    noiseSpin_->setSuffix(tr(" × embedding std"));
    windowSpin_ = new QSpinBox(options);
    windowSpin_->setRange(1, 200);
    windowSpin_->setValue(10);
    seedSpin_ = new QSpinBox(options);
    seedSpin_->setRange(0, 1 << 30);
    for (QComboBox* box : {metricBox_, directionBox_}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(12);
    }
    of->addRow(tr("Metric:"), metricBox_);
    of->addRow(tr("Direction:"), directionBox_);
    of->addRow(tr("Noise samples:"), samplesSpin_);
    of->addRow(tr("Noise:"), noiseSpin_);
    of->addRow(tr("Window:"), windowSpin_);
    of->addRow(tr("Seed:"), seedSpin_);
    addAnalysisKindOptions(of);
    l->addWidget(options);

    // The Run buttons stay in view below the scrolling prompts and options (see buildUi).
    promptFooter_ = new QWidget(this);
    auto* footer = new QVBoxLayout(promptFooter_);
    auto* buttons = new QHBoxLayout;
    patchButton_ = new QPushButton(tr("Patch"), promptFooter_);
    patchButton_->setToolTip(tr("Activation patching over the selected cells (all when none are selected)"));
    traceButton_ = new QPushButton(tr("Trace"), promptFooter_);
    traceButton_->setToolTip(tr("ROME causal tracing of the clean prompt, noising the subject"));
    buttons->addWidget(patchButton_);
    buttons->addWidget(traceButton_);
    footer->addLayout(buttons);
    runStatus_ = new QLabel(promptFooter_);
    runStatus_->setWordWrap(true);
    runStatus_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    footer->addWidget(runStatus_);
    l->addStretch();

    connect(cleanEditor_, &widgets::PromptEditor::textChanged, this, [this] {
        recordPromptEdit(cleanEditor_);
        retokenize();
    });
    connect(corruptedEditor_, &widgets::PromptEditor::textChanged, this, [this] {
        recordPromptEdit(corruptedEditor_);
        retokenize();
    });
    connect(correctEdit_, &QLineEdit::textChanged, this, [this] { updateRunButtons(); });
    connect(incorrectEdit_, &QLineEdit::textChanged, this, [this] { updateRunButtons(); });
    connect(cleanEditor_->chips(), &widgets::TokenChips::selectionChanged, this, [this](int b, int e) {
        if (!applyingSubject_) setSubjectFromSelection(b, e);
    });
    connect(patchButton_, &QPushButton::clicked, this, &MainWindow::startPatch);
    connect(traceButton_, &QPushButton::clicked, this, &MainWindow::startTrace);
    subjectLabel_->setText(tr("Subject: none — select its tokens in the clean prompt to trace."));
    return w;
}

QWidget* MainWindow::buildGridPanel() {
    auto* w = new QWidget(this);
    auto* l = new QVBoxLayout(w);
    l->setContentsMargins(6, 6, 6, 0);
    auto* bar = new QHBoxLayout;
    auto* label = new QLabel(tr("&Component:"), w);
    componentBox_ = new QComboBox(w);
    componentBox_->setMinimumContentsLength(22);
    componentBox_->setToolTip(tr("The site patched: a component at each (layer, token), or per head for head components"));
    label->setBuddy(componentBox_);
    selectionLabel_ = new QLabel(w);
    selectionLabel_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    selectionLabel_->setWordWrap(true);
    auto* clear = new QPushButton(tr("Clear Selection"), w);
    bar->addWidget(label);
    bar->addWidget(componentBox_);
    bar->addSpacing(12);
    bar->addWidget(selectionLabel_, 1);
    bar->addWidget(clear);
    l->addLayout(bar);
    connect(clear, &QPushButton::clicked, this, [this] { setSelectedCells({}); });
    connect(componentBox_, &QComboBox::currentTextChanged, this, [this] {
        updateGridAxes();
        updateRunButtons();
    });
    return w;
}

QWidget* MainWindow::buildResultsPanel() {
    auto* split = new QSplitter(Qt::Horizontal, this);
    auto* left = new QWidget(split);
    auto* ll = new QVBoxLayout(left);
    ll->setContentsMargins(6, 0, 0, 6);
    exampleBanner_ = new QLabel(left);
    exampleBanner_->setWordWrap(true);
    exampleBanner_->setTextFormat(Qt::RichText);
    exampleBanner_->setStyleSheet(QStringLiteral("font-weight: bold; padding: 4px 2px;"));
    exampleBanner_->setVisible(false);
    ll->addWidget(exampleBanner_);
    mapTabs_ = new QTabWidget(left);
    mapTabs_->setDocumentMode(true);
    // Predictions belong to one cell of one map: another tab must not keep showing them.
    connect(mapTabs_, &QTabWidget::currentChanged, this, [this] {
        if (clickedRow_ < 0) return;
        clickedRow_ = clickedCol_ = -1;
        ++cellJob_; // a probe still running for the old tab is now stale
        for (widgets::HeatmapView* view : maps_) view->setCurrentCell(-1, -1);
        predictions_->clear();
        predictions_->setMessage(tr("No cell chosen"));
        cellStatus_->setText(tr("Click a heatmap cell to see that run's top predictions beside the clean and corrupted runs."));
    });
    normalizedCheck_ = new QCheckBox(tr("Normalised"), left);
    normalizedCheck_->setToolTip(tr("Patching: 0 = corrupted baseline, 1 = clean baseline"));
    mapTabs_->setCornerWidget(normalizedCheck_, Qt::TopRightCorner);
    ll->addWidget(mapTabs_);
    findingsLabel_ = new QLabel(left); // what a run found beyond its maps
    findingsLabel_->setWordWrap(true);
    findingsLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    findingsLabel_->setVisible(false);
    ll->addWidget(findingsLabel_);
    connect(normalizedCheck_, &QCheckBox::toggled, this, [this] {
        if (shown_ >= 0) displayResult(results_[shown_], true);
    });

    // Next-token predictions: of a clicked cell, and of the Intervene panel's run. Both get the
    // centre's width, where whole tokens fit; the Intervene dock keeps only its controls.
    predictionTabs_ = new QTabWidget(split);
    predictionTabs_->setDocumentMode(true);
    auto* right = new QWidget(predictionTabs_);
    auto* rl = new QVBoxLayout(right);
    rl->setContentsMargins(0, 4, 6, 6);
    cellStatus_ = new QLabel(tr("Click a heatmap cell to see that run's top predictions beside the clean and corrupted runs."), right);
    cellStatus_->setWordWrap(true);
    cellStatus_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // long texts must not widen the panel
    cellStatus_->setTextFormat(Qt::AutoText);
    connect(cellStatus_, &QLabel::linkActivated, this, [this](const QString& link) {
        if (link.startsWith(QLatin1String("reopen:"))) openModelFolder(link.mid(7));
    });
    predictions_ = new widgets::PredictionsView(right);
    predictions_->setMessage(tr("No cell chosen"));
    rl->addWidget(cellStatus_);
    rl->addWidget(predictions_, 1);
    cellDetail_ = new widgets::HeatmapView(right); // a kind's own view of a cell (an attention pattern)
    cellDetail_->setSelectionEnabled(false);
    cellDetail_->setVisible(false);
    rl->addWidget(cellDetail_, 1);
    connect(cellDetail_, &widgets::HeatmapView::cellHovered, this, [this](int row, int col) {
        if (row >= 0) statusBar()->showMessage(cellDetail_->describeCell(row, col).replace(QLatin1Char('\n'), QStringLiteral(" · ")));
        else statusBar()->clearMessage();
    });
    predictionTabs_->addTab(right, tr("Clicked cell"));

    auto* intervention = new QWidget(predictionTabs_);
    auto* il = new QVBoxLayout(intervention);
    il->setContentsMargins(0, 4, 6, 6);
    interventionPredictions_ = new widgets::PredictionsView(intervention);
    interventionPredictions_->setMessage(tr("Select cells on the map and press Intervene"));
    il->addWidget(interventionPredictions_, 3);
    auto* gen = new QHBoxLayout;
    auto column = [&](const QString& heading, QPlainTextEdit*& edit) {
        auto* box = new QVBoxLayout;
        auto* label = new QLabel(heading, intervention);
        label->setWordWrap(true);
        edit = new QPlainTextEdit(intervention);
        edit->setReadOnly(true);
        edit->setMinimumHeight(50);
        edit->setMaximumHeight(120); // the predictions above get the height
        label->setBuddy(edit);
        box->addWidget(label);
        box->addWidget(edit);
        gen->addLayout(box);
    };
    column(tr("Continuation without the intervention"), cleanContinuation_);
    column(tr("With the intervention"), intervenedContinuation_);
    il->addLayout(gen, 1);
    predictionTabs_->addTab(intervention, tr("Intervention"));

    split->addWidget(left);
    split->addWidget(predictionTabs_);
    predictionTabs_->setMinimumWidth(300);
    predictionTabs_->setMinimumHeight(200);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);
    resultsSplit_ = split;
    split->installEventFilter(this);
    displayResult(StoredResult{}, false);
    return split;
}

QWidget* MainWindow::buildInterventionPanel() {
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
    return interventionPanel_;
}

QComboBox* MainWindow::interventionBox() const { return interventionPanel_->typeBox(); }
QSpinBox* MainWindow::generateSpin() const { return interventionPanel_->generateSpin(); }
QPushButton* MainWindow::interveneButton() const { return interventionPanel_->interveneButton(); }

void MainWindow::buildActions() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    openModelAction_ = file->addAction(tr("&Open Model Folder…"), this, &MainWindow::openModelDialog);
    openModelAction_->setShortcut(QKeySequence::Open);
    recentModelsMenu_ = file->addMenu(tr("Open &Recent Model"));
    file->addSeparator();
    QAction* openExp = file->addAction(tr("Open &Experiment…"), this, &MainWindow::openExperimentDialog);
    openExp->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
    recentExperimentsMenu_ = file->addMenu(tr("Recent E&xperiments"));
    examplesMenu_ = file->addMenu(tr("E&xamples"));
    saveAction_ = file->addAction(tr("&Save Experiment"), this, &MainWindow::saveExperiment);
    saveAction_->setShortcut(QKeySequence::Save);
    QAction* saveAs = file->addAction(tr("Save Experiment &As…"), this, &MainWindow::saveExperimentAs);
    saveAs->setShortcut(QKeySequence::SaveAs);
    QMenu* exp = file->addMenu(tr("&Export"));
    exp->addAction(tr("Heatmap &Image (PNG, SVG, PDF)…"), this, &MainWindow::exportImage)->setShortcut(QKeySequence(tr("Ctrl+E")));
    exp->addAction(tr("Heatmap &Data (CSV)…"), this, &MainWindow::exportCsv);
    exp->addAction(tr("Result as &JSON…"), this, &MainWindow::exportJson);
    exp->addSeparator();
    exp->addAction(tr("&pyvene Script…"), this, &MainWindow::exportPyveneScript);
    exp->addAction(tr("pyvene &Config of the Selected Cell…"), this, &MainWindow::exportPyveneConfig);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = undoStack_->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = undoStack_->createRedoAction(this, tr("&Redo"));
    redo->setShortcuts({QKeySequence::Redo, QKeySequence(tr("Ctrl+Y"))});
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    QAction* selectAll = edit->addAction(tr("Select &All Cells"), this, [this] {
        QVector<widgets::GridCell> all;
        for (int r = 0; r < gridRows_.size(); ++r)
            for (int c = 0; c < gridColumns_.size(); ++c) all.push_back({r, c});
        setSelectedCells(all);
    });
    selectAll->setShortcut(QKeySequence(tr("Ctrl+Shift+A")));
    edit->addAction(tr("&Clear Cell Selection"), this, [this] { setSelectedCells({}); });
    edit->addSeparator();
    QAction* prefs = edit->addAction(tr("&Preferences…"), this, &MainWindow::showPreferences);
    prefs->setShortcut(QKeySequence::Preferences);
    prefs->setMenuRole(QAction::PreferencesRole);

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    patchAction_ = run->addAction(tr("&Patch"), this, &MainWindow::startPatch);
    patchAction_->setShortcut(QKeySequence(tr("Ctrl+R")));
    traceAction_ = run->addAction(tr("&Trace"), this, &MainWindow::startTrace);
    traceAction_->setShortcut(QKeySequence(tr("Ctrl+T")));
    lensAction_ = run->addAction(tr("Logit &Lens"), this, &MainWindow::startLogitLens);
    addAnalysisKindActions(run);
    interveneAction_ = run->addAction(tr("&Intervene on Selected Cells"), this, &MainWindow::runIntervention);
    interveneAction_->setShortcut(QKeySequence(tr("Ctrl+I")));
    run->addSeparator();
    cancelAction_ = run->addAction(tr("&Cancel"), this, &MainWindow::cancelRun);
    cancelAction_->setShortcut(QKeySequence(Qt::Key_Escape));
    cancelAction_->setShortcutContext(Qt::WindowShortcut);
    cancelAction_->setEnabled(false);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (QDockWidget* d : findChildren<QDockWidget*>()) view->addAction(d->toggleViewAction());
    view->addSeparator();
    view->addAction(tr("&Reset Layout"), this, &MainWindow::resetLayout);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&User Guide"), this, &MainWindow::showUserGuide)->setShortcut(QKeySequence::HelpContents);
    help->addAction(tr("&Keyboard Shortcuts"), this, &MainWindow::showShortcuts)->setShortcut(QKeySequence(tr("Ctrl+/")));
    help->addSeparator();
    help->addAction(tr("&About Causeway"), this, &MainWindow::showAbout);

    auto* tools = addToolBar(tr("Main"));
    tools->setObjectName(QStringLiteral("mainToolBar"));
    tools->setToolButtonStyle(Qt::ToolButtonTextOnly);
    tools->addAction(openModelAction_);
    tools->addAction(patchAction_);
    tools->addAction(traceAction_);
    tools->addAction(interveneAction_);
    tools->addAction(cancelAction_);
}

// ---------------------------------------------------------------------------------------------
// Settings

void MainWindow::readSettings() {
    QSettings s;
    restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    applySettings();
    rebuildRecentMenus();
    rebuildExamplesMenu();
}

void MainWindow::applySettings() {
    const AppSettings settings = AppSettings::load();
    threads_ = settings.threads;
    signedMap_ = settings.signedColorMap;
    unsignedMap_ = settings.unsignedColorMap;
    romeColors_ = settings.romeColors;
    const int m = metricBox_->findData(settings.defaultMetric);
    if (m >= 0 && results_.isEmpty()) metricBox_->setCurrentIndex(m);
    if (shown_ >= 0) displayResult(results_[shown_], true);
}

void MainWindow::writeSettings() {
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
}

void MainWindow::addRecent(const QString& key, const QString& path) {
    QSettings s;
    QStringList list = s.value(key).toStringList();
    list.removeAll(path);
    list.prepend(path);
    while (list.size() > 8) list.removeLast();
    s.setValue(key, list);
    rebuildRecentMenus();
}

void MainWindow::rebuildRecentMenus() {
    QSettings s;
    auto fill = [this, &s](QMenu* menu, const QString& key, bool models) {
        menu->clear();
        const QStringList list = s.value(key).toStringList();
        for (const QString& path : list) {
            menu->addAction(QDir::toNativeSeparators(path), this, [this, path, models] {
                if (models) openModelFolder(path);
                else openExperimentFile(path);
            });
        }
        if (list.isEmpty()) menu->addAction(tr("(none)"))->setEnabled(false);
        else {
            menu->addSeparator();
            menu->addAction(tr("Clear List"), this, [this, key] {
                QSettings().remove(key);
                rebuildRecentMenus();
            });
        }
    };
    fill(recentModelsMenu_, QStringLiteral("recent/models"), true);
    fill(recentExperimentsMenu_, QStringLiteral("recent/experiments"), false);
}

void MainWindow::rebuildExamplesMenu() {
    examplesMenu_->clear();
    const QStringList files = Session::exampleExperimentFiles();
    for (const QString& f : files) examplesMenu_->addAction(QFileInfo(f).completeBaseName(), this, [this, f] { openExperimentFile(f); });
    if (files.isEmpty()) examplesMenu_->addAction(tr("(none installed)"))->setEnabled(false);
}

void MainWindow::showPreferences() {
    PreferencesDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted) {
        dialog.settings().save();
        applyTheme(dialog.settings().theme);
        applySettings();
    }
}

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About Causeway"),
                       tr("<b>Causeway %1</b><p>An interpretability workbench: activation patching, causal tracing and "
                          "single interventions on transformer language models, with pyvene's semantics.</p>")
                           .arg(QApplication::applicationVersion()));
}

// ---------------------------------------------------------------------------------------------
// Model

void MainWindow::openModelDialog() {
    QSettings s;
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Model Folder"), s.value(QStringLiteral("recent/lastModelDir")).toString());
    if (dir.isEmpty()) return;
    s.setValue(QStringLiteral("recent/lastModelDir"), QFileInfo(dir).absolutePath());
    openModelFolder(dir);
}

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
    modelStatus_->setText(tr("<b>%1</b><br>%2").arg(QFileInfo(info.folder).fileName().toHtmlEscaped(),
                                                    QDir::toNativeSeparators(info.folder).toHtmlEscaped()));
    modelStatus_->setToolTip(info.folder);
    const QStringList values = {
        QStringLiteral("%1 (%2)").arg(info.family, info.modelType),
        QString::number(info.layers),
        info.kvHeads != info.heads ? tr("%1 (%2 key/value)").arg(info.heads).arg(info.kvHeads) : QString::number(info.heads),
        tr("%1 (MLP %2)").arg(info.width).arg(info.mlpWidth),
        QString::number(info.vocab),
        formatCount(info.parameters),
        tr("%1 (computed in F32)").arg(info.weightDtype),
        info.tokenizerKind,
        info.sweepMemoryBytes == 0 ? QStringLiteral("–")
        : info.availableMemoryBytes == 0
            ? tr("~%1 for a full-context sweep").arg(q(gigabytesText(info.sweepMemoryBytes)))
            : tr("~%1 for a full-context sweep; %2 free").arg(q(gigabytesText(info.sweepMemoryBytes)), q(gigabytesText(info.availableMemoryBytes))),
    };
    for (int i = 0; i < infoValues_.size(); ++i) infoValues_[i]->setText(values.value(i));
    const QString previous = componentBox_->currentText();
    {
        QSignalBlocker block(componentBox_);
        componentBox_->clear();
        componentBox_->addItems(info.components);
        if (!info.headComponents.isEmpty()) {
            componentBox_->insertSeparator(componentBox_->count());
            componentBox_->addItems(info.headComponents);
        }
        const int i = componentBox_->findText(previous.isEmpty() ? QStringLiteral("block_output") : previous);
        componentBox_->setCurrentIndex(i >= 0 ? i : componentBox_->findText(QStringLiteral("block_output")));
    }
    pages_->setCurrentIndex(1);
    setWindowTitle(tr("%1 — Causeway").arg(QFileInfo(info.folder).fileName()));
    if (info.folder != Session::demoModelFolder()) addRecent(QStringLiteral("recent/models"), info.folder);
    refreshResultList(); // which results belong to the open model has changed
    retokenize();
    statusBar()->showMessage(tr("Opened %1: %2 layers, %3 parameters").arg(info.family).arg(info.layers).arg(formatCount(info.parameters)), 5000);
    Q_EMIT modelReady();
}

void MainWindow::onModelFailed(const QString& folder, const QString& message) {
    progress_->setVisible(false);
    progressLabel_->clear();
    if (session_->hasModel())
        modelStatus_->setText(tr("Still using %1.").arg(QDir::toNativeSeparators(session_->modelInfo().folder)));
    else
        modelStatus_->setText(tr("No model open."));
    showError(tr("Could not open %1:\n%2").arg(QDir::toNativeSeparators(folder), message));
    updateRunButtons();
    Q_EMIT modelLoadFailed(message);
}

void MainWindow::showError(const QString& message) {
    lastError_ = message;
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    QPalette pal = errorBanner_->palette();
    pal.setColor(QPalette::Window, dark ? QColor(90, 30, 30) : QColor(255, 228, 225));
    pal.setColor(QPalette::WindowText, dark ? QColor(255, 210, 205) : QColor(120, 10, 10));
    errorBanner_->setPalette(pal);
    errorBanner_->setText(message);
    errorBanner_->setVisible(true);
    statusBar()->showMessage(QString(message).replace(QLatin1Char('\n'), QLatin1Char(' ')), 8000);
    Q_EMIT errorShown(message);
}

void MainWindow::clearError() {
    errorBanner_->clear();
    errorBanner_->setVisible(false);
}

// ---------------------------------------------------------------------------------------------
// Prompts, grid, run buttons

bool MainWindow::isHeadComponent(const QString& component) const {
    return session_->modelInfo().headComponents.contains(component);
}

void MainWindow::retokenize() {
    cleanTokens_ = session_->tokenize(cleanEditor_->text());
    corruptedTokens_ = session_->tokenize(corruptedEditor_->text());
    {
        // New chips drop a selection past their end; the subject is found again below.
        const QScopedValueRollback<bool> quiet(applyingSubject_, true);
        cleanEditor_->setTokens(cleanTokens_.display, cleanTokens_.special);
        corruptedEditor_->setTokens(corruptedTokens_.display, corruptedTokens_.special);
    }
    cleanEditor_->compareWith(corruptedTokens_.display);
    corruptedEditor_->compareWith(cleanTokens_.display);
    auto count = [](const TokenizedPrompt& p) { return MainWindow::tr("%n token(s)", nullptr, static_cast<int>(p.ids.size())); };
    // Too long for the model: say so while typing, not only when a run is refused.
    const int context = session_->modelInfo().contextLength;
    auto tooLong = [&](const TokenizedPrompt& p) {
        return context > 0 && p.ids.size() > context
                   ? tr("%1 — longer than the model's %2 positions (max_position_embeddings / n_positions in config.json); shorten it.")
                         .arg(count(p))
                         .arg(context)
                   : QString();
    };
    const bool mismatch = !cleanTokens_.ids.isEmpty() && !corruptedTokens_.ids.isEmpty() && cleanTokens_.ids.size() != corruptedTokens_.ids.size();
    const QString cleanLong = tooLong(cleanTokens_), corruptedLong = tooLong(corruptedTokens_);
    cleanEditor_->setStatus(!cleanLong.isEmpty() ? cleanLong : cleanTokens_.ids.isEmpty() ? QString() : count(cleanTokens_), !cleanLong.isEmpty());
    corruptedEditor_->setStatus(!corruptedLong.isEmpty() ? corruptedLong
                                : corruptedTokens_.ids.isEmpty()
                                    ? QString()
                                    : mismatch ? tr("%1 — the clean prompt has %2; patching needs the same number")
                                                     .arg(count(corruptedTokens_), count(cleanTokens_))
                                               : count(corruptedTokens_),
                                mismatch || !corruptedLong.isEmpty());
    // A subject given as token positions (an experiment file without subject text): take its text once.
    if (!cleanTokens_.ids.isEmpty() && pendingSubjectTokens_) {
        const auto [b, e] = *pendingSubjectTokens_;
        pendingSubjectTokens_.reset();
        subjectText_ = subjectTextOf(static_cast<int>(b), static_cast<int>(e));
    }
    resolveSubject();
    updateGridAxes();
    updateRunButtons();
}

QString MainWindow::subjectTextOf(int begin, int end) const {
    if (begin < 0 || end <= begin || end > cleanTokens_.ids.size()) return {};
    qint64 from = -1, to = -1;
    for (int i = begin; i < end; ++i) {
        const Token& t = cleanTokens_.tokens[static_cast<std::size_t>(i)];
        if (t.byteEnd <= t.byteBegin) continue; // BOS/EOS
        if (from < 0) from = static_cast<qint64>(t.byteBegin);
        to = static_cast<qint64>(t.byteEnd);
    }
    return from < 0 ? QString() : QString::fromUtf8(cleanEditor_->text().toUtf8().mid(from, to - from)).trimmed();
}

void MainWindow::setSubjectFromSelection(int begin, int end) {
    // The subject is kept as the prompt's text under the selected tokens, so it survives edits,
    // other examples and other tokenizers; positions are derived from it on every tokenization.
    subjectText_ = subjectTextOf(begin, end);
    resolveSubject();
    updateGridAxes();
    updateRunButtons();
}

void MainWindow::resolveSubject() {
    int begin = -1, end = -1;
    if (!subjectText_.isEmpty()) {
        // The tokens overlapping the subject's first occurrence, as causal tracing resolves it.
        const QByteArray subject = subjectText_.toUtf8();
        const qint64 at = cleanEditor_->text().toUtf8().indexOf(subject);
        if (at >= 0) {
            const auto [b, e] = tokensOverlapping(cleanTokens_.tokens, static_cast<std::size_t>(at), static_cast<std::size_t>(at + subject.size()));
            begin = static_cast<int>(b);
            end = static_cast<int>(e);
        }
    }
    {
        const QScopedValueRollback<bool> quiet(applyingSubject_, true);
        cleanEditor_->chips()->setSelection(begin, end);
    }
    if (subjectText_.isEmpty())
        subjectLabel_->setText(tr("Subject: none — select its tokens in the clean prompt to trace."));
    else if (begin < 0)
        subjectLabel_->setText(cleanTokens_.ids.isEmpty() ? tr("Subject: \u201c%1\u201d").arg(subjectText_)
                                                          : tr("The subject \u201c%1\u201d does not occur in the clean prompt; select its tokens again.").arg(subjectText_));
    else
        subjectLabel_->setText(tr("Subject: \u201c%1\u201d (tokens %2–%3)").arg(subjectText_).arg(begin).arg(end - 1));
}

void MainWindow::recordPromptEdit(widgets::PromptEditor* editor) {
    const int which = editor == cleanEditor_ ? 0 : 1;
    const QString before = promptBefore_[which], after = editor->text();
    promptBefore_[which] = after;
    if (applyingUndo_ || before == after) return;
    QPointer<widgets::PromptEditor> target(editor);
    auto setText = [this, target](const QString& text) {
        if (!target) return;
        const QScopedValueRollback<bool> undoing(applyingUndo_, true);
        target->setText(text);
    };
    // Typing in one prompt merges into one step; a pause of the other prompt starts a new one.
    undoStack_->push(new FunctionCommand(
        which == 0 ? tr("Edit the clean prompt") : tr("Edit the corrupted prompt"), [setText, before] { setText(before); },
        [setText, after] { setText(after); }, true, 100 + which,
        [](const FunctionCommand& self, const FunctionCommand& next) { return next.stamp() - self.stamp() < 1500; }));
}

void MainWindow::updateGridAxes() {
    // The grid the next run computes: layers x tokens (or heads), shown on the maps.
    const ModelInfo& info = session_->modelInfo();
    QStringList rows;
    for (int l = 0; l < info.layers; ++l) rows << QString::number(l);
    QStringList cols;
    if (isHeadComponent(componentBox_->currentText()))
        for (int h = 0; h < info.heads; ++h) cols << QStringLiteral("H%1").arg(h);
    else
        cols = cleanTokens_.display;
    const bool changed = rows != gridRows_ || cols != gridColumns_;
    gridRows_ = rows;
    gridColumns_ = cols;
    if (changed) {
        // Cells of another grid mean nothing here.
        QVector<widgets::GridCell> kept;
        for (const widgets::GridCell& c : selection_)
            if (c.row < rows.size() && c.col < cols.size()) kept.push_back(c);
        selection_ = kept;
        selectionBefore_ = kept;
    }
    // The shown result no longer describes these prompts: show the grid for the next run.
    if (shown_ < 0 || !resultMatchesGrid(results_[shown_])) {
        if (shown_ >= 0 && shown_ != runningIndex_) {
            shown_ = -1;
            QSignalBlocker block(resultList_);
            resultList_->clearSelection();
            resultList_->setCurrentRow(-1);
        }
        if (shown_ < 0) displayResult(StoredResult{}, false);
    } else {
        for (widgets::HeatmapView* view : maps_) applyMarks(view);
    }
    updateSelectionLabel();
}

bool MainWindow::resultMatchesGrid(const StoredResult& stored) const {
    if (stored.result.maps.empty()) return false;
    const Heatmap& h = stored.result.maps.front();
    return h.rows == gridRows_.size() && h.cols == gridColumns_.size() && qList(h.columnLabels) == gridColumns_;
}

void MainWindow::applyMarks(widgets::HeatmapView* view) {
    const bool sameShape = view->data().rows == gridRows_.size() && view->data().cols == gridColumns_.size();
    view->setSelectedCells(sameShape ? selection_ : QVector<widgets::GridCell>{});
}

QVector<widgets::GridCell> MainWindow::selectedCells() const { return selection_; }

void MainWindow::setSelectedCells(const QVector<widgets::GridCell>& cells) {
    QVector<widgets::GridCell> valid;
    for (const widgets::GridCell& c : cells)
        if (c.row >= 0 && c.col >= 0 && c.row < gridRows_.size() && c.col < gridColumns_.size()) valid.push_back(c);
    std::sort(valid.begin(), valid.end());
    valid.erase(std::unique(valid.begin(), valid.end()), valid.end());
    selection_ = valid;
    for (widgets::HeatmapView* view : maps_) applyMarks(view);
    recordSelectionChange();
    updateSelectionLabel();
    updateRunButtons();
}

void MainWindow::onMapSelectionChanged(widgets::HeatmapView* view) {
    // A map of another grid (an older result) selects only on itself.
    if (view->data().rows != gridRows_.size() || view->data().cols != gridColumns_.size()) return;
    setSelectedCells(view->selectedCells());
}

void MainWindow::updateSelectionLabel() {
    const int total = static_cast<int>(gridRows_.size() * gridColumns_.size());
    const int n = static_cast<int>(selection_.size());
    if (total == 0)
        selectionLabel_->setText(tr("Type a prompt to fill the grid."));
    else if (n == 0)
        selectionLabel_->setText(tr("No cells selected: a sweep computes all %1 cells. Click or drag on the map to choose.").arg(total));
    else
        selectionLabel_->setText(tr("%1 of %2 cells selected: a sweep computes these; Intervene patches them.").arg(n).arg(total));
}

QString MainWindow::patchBlocker() const {
    if (session_->isLoading()) return tr("The model is still opening.");
    if (!session_->hasModel()) return tr("Open a model folder first.");
    if (session_->isRunning()) return tr("A run is in progress; cancel it or wait.");
    if (cleanTokens_.ids.isEmpty() || corruptedTokens_.ids.isEmpty()) return tr("Type a clean and a corrupted prompt.");
    if (cleanTokens_.ids.size() != corruptedTokens_.ids.size())
        return tr("The clean prompt has %1 tokens and the corrupted prompt %2; patching needs the same number. Reword one of them.")
            .arg(cleanTokens_.ids.size())
            .arg(corruptedTokens_.ids.size());
    if (cleanTokens_.ids == corruptedTokens_.ids) return tr("The two prompts are the same; change the corrupted one.");
    if (const int context = session_->modelInfo().contextLength; context > 0 && cleanTokens_.ids.size() > context)
        return tr("The prompts have %1 tokens; the model reads at most %2. Shorten them.").arg(cleanTokens_.ids.size()).arg(context);
    try {
        session_->prepare(currentSpec(PatchingSpec::kKind));
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

QString MainWindow::traceBlocker() const {
    if (session_->isLoading()) return tr("The model is still opening.");
    if (!session_->hasModel()) return tr("Open a model folder first.");
    if (session_->isRunning()) return tr("A run is in progress; cancel it or wait.");
    if (cleanTokens_.ids.isEmpty()) return tr("Type a clean prompt.");
    if (const int context = session_->modelInfo().contextLength; context > 0 && cleanTokens_.ids.size() > context)
        return tr("The prompt has %1 tokens; the model reads at most %2. Shorten it.").arg(cleanTokens_.ids.size()).arg(context);
    if (!subjectText_.isEmpty() && cleanEditor_->chips()->selectionBegin() < 0)
        return tr("The subject \u201c%1\u201d does not occur in the clean prompt; select its tokens again.").arg(subjectText_);
    if (cleanEditor_->chips()->selectionBegin() < 0) return tr("Choose the subject: select its tokens in the clean prompt.");
    return {};
}

QString MainWindow::lensBlocker() const { return singlePromptBlocker(LogitLensSpec::kKind); }

QString MainWindow::singlePromptBlocker(const std::string& kind) const {
    if (session_->isLoading()) return tr("The model is still opening.");
    if (!session_->hasModel()) return tr("Open a model folder first.");
    if (session_->isRunning()) return tr("A run is in progress; cancel it or wait.");
    if (cleanTokens_.ids.isEmpty()) return tr("Type a clean prompt.");
    try {
        session_->prepare(currentSpec(kind));
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

QString MainWindow::interveneBlocker() const {
    if (session_->isLoading()) return tr("The model is still opening.");
    if (!session_->hasModel()) return tr("Open a model folder first.");
    if (cleanTokens_.ids.isEmpty()) return tr("Type a clean prompt.");
    if (selection_.isEmpty()) return tr("Select the cells to intervene on: click or drag on the map.");
    const QString component = componentBox_->currentText();
    const LoadedIntervention* loaded = interventionPanel_->loaded();
    const QString name = loaded ? loaded->types : interventionPanel_->type();
    if (interventionPanel_->usesSource()) {
        if (corruptedTokens_.ids.isEmpty()) return tr("%1 needs a source: type a corrupted prompt.").arg(name);
        if (cleanTokens_.ids.size() != corruptedTokens_.ids.size())
            return tr("The prompts have %1 and %2 tokens; %3 needs the same number.")
                .arg(cleanTokens_.ids.size())
                .arg(corruptedTokens_.ids.size())
                .arg(name);
    }
    if (interventionPanel_->replacesOutputWithInput() &&
        !QStringList{QStringLiteral("block_output"), QStringLiteral("attention_output"), QStringLiteral("mlp_output")}.contains(component))
        return tr("%1 replaces a component's output with its input: pick block_output, attention_output or mlp_output.").arg(name);
    if (loaded) {
        if (component != loaded->component) return tr("The loaded intervention acts on %1; pick that component.").arg(loaded->component);
        QStringList missing;
        for (int layer : loaded->layers) {
            bool any = false;
            for (const widgets::GridCell& c : selection_) any |= c.row == layer;
            if (!any) missing << QString::number(layer);
        }
        if (!missing.isEmpty())
            return tr("The loaded intervention acts at layer(s) %1: select the cells there.").arg(missing.join(QStringLiteral(", ")));
    }
    return {};
}

void MainWindow::updateRunButtons() {
    const QString patch = patchBlocker(), trace = traceBlocker(), intervene = interveneBlocker();
    patchButton_->setEnabled(patch.isEmpty());
    traceButton_->setEnabled(trace.isEmpty());
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
    patchButton_->setToolTip(patch.isEmpty() ? tr("Activation patching over the selected cells (all when none are selected)") : tr("Patch is disabled: %1").arg(patch));
    traceButton_->setToolTip(trace.isEmpty() ? tr("ROME causal tracing of the clean prompt, noising the subject") : tr("Trace is disabled: %1").arg(trace));
    QStringList why;
    if (!session_->isRunning()) {
        if (!patch.isEmpty()) why << tr("Patch: %1").arg(patch);
        if (!trace.isEmpty()) why << tr("Trace: %1").arg(trace);
    }
    runStatus_->setText(why.join(QLatin1Char('\n')));
}

ExperimentSpec MainWindow::currentSpec(const std::string& kind) const {
    ExperimentSpec s;
    s.kind = kind;
    const ModelInfo& info = session_->modelInfo();
    s.model = (!info.folder.isEmpty() && info.folder == Session::demoModelFolder()) ? std::string("demo") : info.folder.toStdString();
    s.weightsHash = info.weightsHash.toStdString();
    s.prompt = cleanEditor_->text().toStdString();
    s.title = experimentTitle_.toStdString();
    s.threads = threads_;
    panelFor(kind).fill(s);
    return s;
}

void MainWindow::applySpec(const ExperimentSpec& s) {
    cleanEditor_->setText(q(s.prompt));
    experimentTitle_ = q(s.title);
    exampleBanner_->setText(experimentTitle_.toHtmlEscaped());
    exampleBanner_->setVisible(!experimentTitle_.isEmpty());
    panelFor(s.kind).apply(s);
}

const MainWindow::KindPanel& MainWindow::panelFor(const std::string& kind) const {
    static const KindPanel none{[](ExperimentSpec&) {}, [](const ExperimentSpec&) {}, nullptr};
    auto it = panels_.find(kind);
    return it == panels_.end() ? none : it->second;
}

// The workbench side of each kind: which controls make its spec, and what a clicked cell shows.
void MainWindow::registerKindPanels() {
    auto selectedCells = [this](ExperimentSpec& s) {
        for (const widgets::GridCell& c : selection_) s.cells.emplace_back(c.row, c.col);
    };
    KindPanel patching;
    patching.fill = [this, selectedCells](ExperimentSpec& spec) {
        PatchingSpec& s = spec.part<PatchingSpec>();
        s.corruptedPrompt = corruptedEditor_->text().toStdString();
        s.correctText = correctEdit_->text().toStdString();
        s.incorrectText = incorrectEdit_->text().toStdString();
        const QString component = componentBox_->currentText().isEmpty() ? QStringLiteral("block_output") : componentBox_->currentText();
        s.components = {component.toStdString()};
        s.unit = isHeadComponent(component) ? PatchUnit::Head : PatchUnit::Position;
        s.metric = kMetrics[std::max(0, metricBox_->currentIndex())];
        s.direction = directionBox_->currentData().toString() == QLatin1String("noising") ? PatchDirection::Noising : PatchDirection::Denoising;
        selectedCells(spec);
    };
    patching.apply = [this](const ExperimentSpec& spec) {
        const PatchingSpec& s = spec.part<PatchingSpec>();
        subjectText_.clear(); // a patching experiment has no subject; an old one must not linger
        resolveSubject();
        corruptedEditor_->setText(q(s.corruptedPrompt));
        correctEdit_->setText(q(s.correctText));
        incorrectEdit_->setText(q(s.incorrectText));
        const int m = metricBox_->findData(q(metricName(s.metric)));
        if (m >= 0) metricBox_->setCurrentIndex(m);
        directionBox_->setCurrentIndex(s.direction == PatchDirection::Noising ? 1 : 0);
        if (!s.components.empty()) {
            const int i = componentBox_->findText(q(s.components.front()));
            if (i >= 0) componentBox_->setCurrentIndex(i);
        }
        QVector<widgets::GridCell> cells;
        for (auto [l, c] : spec.cells) cells.push_back({l, static_cast<int>(c)});
        setSelectedCells(cells);
    };
    panels_[PatchingSpec::kKind] = patching;

    KindPanel tracing;
    tracing.fill = [this, selectedCells](ExperimentSpec& spec) {
        TracingSpec& s = spec.part<TracingSpec>();
        const int b = cleanEditor_->chips()->selectionBegin(), e = cleanEditor_->chips()->selectionEnd();
        if (b >= 0) s.subjectTokens = std::make_pair<int64_t, int64_t>(b, e);
        s.subject = subjectText_.toStdString(); // what a saved file keeps (positions depend on the tokenizer)
        s.noiseSamples = samplesSpin_->value();
        s.noiseMultiple = noiseSpin_->value();
        s.window = windowSpin_->value();
        s.seed = static_cast<uint64_t>(seedSpin_->value());
        // The grid's (layer, token) selection restricts the trace too (empty = every cell).
        if (!isHeadComponent(componentBox_->currentText())) selectedCells(spec);
    };
    tracing.apply = [this](const ExperimentSpec& spec) {
        const TracingSpec& s = spec.part<TracingSpec>();
        if (s.noiseSamples > samplesSpin_->maximum())
            showError(tr("The experiment asks for %1 noise samples; the workbench runs at most %2, so it will use %2.")
                          .arg(s.noiseSamples)
                          .arg(samplesSpin_->maximum()));
        samplesSpin_->setValue(s.noiseSamples);
        noiseSpin_->setValue(s.noiseMultiple);
        windowSpin_->setValue(s.window);
        seedSpin_->setValue(static_cast<int>(s.seed));
        // Text is the subject; positions only when the file gives no text (they belong to one tokenizer).
        subjectText_ = q(s.subject);
        if (s.subject.empty()) pendingSubjectTokens_ = s.subjectTokens;
        retokenize();
    };
    panels_[TracingSpec::kKind] = tracing;

    KindPanel lens;
    lens.fill = [this, selectedCells](ExperimentSpec& spec) {
        spec.part<LogitLensSpec>().answerText = correctEdit_->text().toStdString();
        if (!isHeadComponent(componentBox_->currentText())) selectedCells(spec);
    };
    lens.apply = [this](const ExperimentSpec& spec) { correctEdit_->setText(q(spec.part<LogitLensSpec>().answerText)); };
    panels_[LogitLensSpec::kKind] = lens;
    registerAnalysisKindPanels();
}

// ---------------------------------------------------------------------------------------------
// Running

void MainWindow::startPatch() { startSweep(PatchingSpec::kKind, patchBlocker()); }

void MainWindow::startTrace() { startSweep(TracingSpec::kKind, traceBlocker()); }

void MainWindow::startLogitLens() { startSweep(LogitLensSpec::kKind, lensBlocker()); }

void MainWindow::startSweep(const std::string& kind, const QString& blocker) {
    if (!blocker.isEmpty()) {
        runStatus_->setText(blocker);
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
    results_.push_back(stored);
    runningIndex_ = static_cast<int>(results_.size()) - 1;
    runJob_ = session_->runExperiment(stored.result.spec);
    runClock_.start();
    setBusy(true);
    refreshResultList();
    showResult(runningIndex_);
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
    if (job != runJob_ || runningIndex_ < 0) return; // stale
    results_[runningIndex_].result = partial;
    updateProgress(partial);
    if (shown_ == runningIndex_) streamValues(partial);
}

void MainWindow::onRunFinished(int job, const ExperimentResult& result) {
    if (job != runJob_ || runningIndex_ < 0) return settleStaleRun();
    if (result.stoppedEarly() && result.cellsDone == 0) { // stopped before any cell: nothing to keep
        onRunFailed(job, QString());
        progressLabel_->setText(tr("Cancelled before any cell was computed."));
        Q_EMIT runCompleted(-1);
        return;
    }
    StoredResult& stored = results_[runningIndex_];
    stored.result = result;
    stored.running = false;
    const int index = runningIndex_;
    runningIndex_ = -1;
    runJob_ = 0;
    dirty_ = true;
    setBusy(false);
    clearError();
    if (result.status == RunStatus::Failed)
        showError(tr("The run failed after %1 of %2 cells: %3\nThe cells computed so far are kept in the results list.")
                      .arg(result.cellsDone).arg(result.cellsTotal).arg(q(result.stopReason)));
    progressLabel_->setText(result.status == RunStatus::Cancelled ? tr("Cancelled after %1 of %2 cells (%3 s); the partial result is kept.").arg(result.cellsDone).arg(result.cellsTotal).arg(result.seconds, 0, 'f', 2)
                            : result.stoppedEarly() ? stoppedEarlyText(result)
                                                    : tr("Done: %1 cells in %2 s").arg(result.cellsDone).arg(result.seconds, 0, 'f', 2));
    refreshResultList();
    if (shown_ == index) displayResult(stored, true);
    else showResult(index);
    Q_EMIT runCompleted(index);
}

void MainWindow::onRunFailed(int job, const QString& message) {
    if (job != runJob_) return settleStaleRun();
    if (runningIndex_ >= 0) results_.removeAt(runningIndex_);
    runningIndex_ = -1;
    runJob_ = 0;
    setBusy(false);
    progressLabel_->clear();
    refreshResultList();
    shown_ = -1;
    if (!results_.isEmpty()) showResult(static_cast<int>(results_.size()) - 1);
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

void MainWindow::refreshResultList() {
    QSignalBlocker block(resultList_);
    resultList_->clear();
    for (int i = 0; i < results_.size(); ++i) {
        const StoredResult& s = results_[i];
        const ExperimentResult& r = s.result;
        QString text;
        if (s.difference) {
            text = tr("#%1 Difference %2").arg(i + 1).arg(s.differenceOf);
        } else {
            text = tr("#%1 %2").arg(i + 1).arg(kindText(kindOf(r.spec).describe(r).label));
        }
        if (!s.difference) {
            if (!s.modelName.isEmpty()) text += tr(" · %1").arg(s.modelName);
            if (s.running) text += tr(" · running");
            else if (r.stoppedEarly()) text += tr(" · %1").arg(stoppedEarlyText(r));
            else text += tr(" · %1 cells, %2 s").arg(r.cellsDone).arg(r.seconds, 0, 'f', 2);
        }
        auto* item = new QListWidgetItem(text, resultList_);
        QStringList caption;
        for (const Phrase& line : kindOf(r.spec).describe(r).caption) caption << kindText(line);
        QString tip = caption.join(QLatin1Char('\n'));
        if (!r.stopReason.empty()) tip += QStringLiteral("\n") + tr("Stopped: %1").arg(q(r.stopReason));
        if (!s.difference) {
            tip += QStringLiteral("\n") + tr("Model: %1 (%2)").arg(s.modelName, QDir::toNativeSeparators(s.modelFolder));
            if (!s.weightsHash.isEmpty()) tip += QStringLiteral("\n") + tr("Weights: %1").arg(s.weightsHash);
            const QString mismatch = modelMismatch(s);
            if (!mismatch.isEmpty()) {
                tip += QStringLiteral("\n") + mismatch;
                QFont f = item->font();
                f.setItalic(true);
                item->setFont(f);
            }
        }
        item->setToolTip(tip);
    }
    if (shown_ >= 0 && shown_ < resultList_->count()) resultList_->setCurrentRow(shown_);
}

void MainWindow::showResult(int index) {
    if (index < 0 || index >= results_.size()) return;
    const bool same = index == shown_;
    shown_ = index;
    {
        QSignalBlocker block(resultList_);
        resultList_->setCurrentRow(index);
    }
    clickedRow_ = clickedCol_ = -1;
    if (!same) {
        showCellDetail(nullptr);
        predictions_->clear();
        predictions_->setMessage(tr("No cell chosen"));
        cellStatus_->setText(tr("Click a heatmap cell to see that run's top predictions beside the clean and corrupted runs."));
    }
    displayResult(results_[index], same);
    Q_EMIT resultShown(index);
}

widgets::HeatmapView* MainWindow::heatmap(int tab) const {
    const int i = tab < 0 ? mapTabs_->currentIndex() : tab;
    return i >= 0 && i < maps_.size() ? maps_[i] : nullptr;
}

void MainWindow::displayResult(const StoredResult& stored, bool keepTab) {
    const ExperimentResult& r = stored.result;
    const int tab = mapTabs_->currentIndex();
    const int count = static_cast<int>(r.maps.size());
    while (maps_.size() > std::max(count, 1)) {
        delete maps_.takeLast();
    }
    while (maps_.size() < std::max(count, 1)) {
        auto* view = new widgets::HeatmapView(mapTabs_);
        const int index = static_cast<int>(maps_.size());
        connect(view, &widgets::HeatmapView::cellClicked, this, [this, index](int row, int col) {
            if (mapTabs_->currentIndex() != index) mapTabs_->setCurrentIndex(index);
            onHeatmapCellClicked(row, col);
        });
        connect(view, &widgets::HeatmapView::currentCellChanged, this, [this, index](int row, int col) {
            if (mapTabs_->currentIndex() == index) onHeatmapCellClicked(row, col);
        });
        connect(view, &widgets::HeatmapView::selectionChanged, this, [this, view] { onMapSelectionChanged(view); });
        connect(view, &widgets::HeatmapView::cellHovered, this, [this, view](int row, int col) {
            if (row >= 0) statusBar()->showMessage(view->describeCell(row, col).replace(QLatin1Char('\n'), QStringLiteral(" · ")));
            else statusBar()->clearMessage();
        });
        maps_.push_back(view);
        mapTabs_->addTab(view, QString());
    }
    const ResultHints hints = count > 0 ? kindOf(r.spec).describe(r) : ResultHints{};
    QStringList findings;
    if (!stored.difference && !stored.running)
        for (const Phrase& line : hints.findings) findings << kindText(line);
    findingsLabel_->setText(findings.join(QLatin1Char('\n')));
    findingsLabel_->setVisible(!findings.isEmpty());
    normalizedCheck_->setEnabled(hints.hasNormalized && !stored.difference);
    const bool useNormalized = normalizedCheck_->isChecked() && normalizedCheck_->isEnabled();
    if (count == 0) {
        // No result yet: the map is the grid of the next run, where its cells are chosen.
        widgets::HeatmapView* view = maps_[0];
        view->setPlaceholderText(stored.running ? tr("Starting the run…") : tr("Type a prompt: its tokens and the model's layers make the grid."));
        mapTabs_->setTabText(0, tr("Next run"));
        if (gridRows_.isEmpty() || gridColumns_.isEmpty()) {
            view->clear();
            return;
        }
        widgets::HeatmapData d;
        d.rows = static_cast<int>(gridRows_.size());
        d.cols = static_cast<int>(gridColumns_.size());
        d.values = QVector<double>(d.rows * d.cols, qQNaN());
        d.rowLabels = gridRows_;
        d.colLabels = gridColumns_;
        d.rowAxisTitle = tr("layer");
        d.colAxisTitle = isHeadComponent(componentBox_->currentText()) ? tr("head") : tr("token");
        d.title = tr("Choose cells for the next run (none = all): click, drag, Shift/Ctrl-click, or click a layer or token label");
        d.scaleTitle = tr("not computed yet");
        view->setData(d);
        const bool heads = isHeadComponent(componentBox_->currentText());
        view->setMarkedColumns(heads ? -1 : cleanEditor_->chips()->selectionBegin(), heads ? -1 : cleanEditor_->chips()->selectionEnd());
        view->setCurrentCell(-1, -1);
        applyMarks(view);
        return;
    }
    for (int i = 0; i < count; ++i) {
        const Heatmap& h = r.maps[static_cast<std::size_t>(i)];
        widgets::HeatmapData d;
        d.rows = static_cast<int>(h.rows);
        d.cols = static_cast<int>(h.cols);
        const std::vector<double>& values = useNormalized && !h.normalized.empty() ? h.normalized : h.raw;
        d.values = QVector<double>(values.begin(), values.end());
        for (int64_t row = 0; row < h.rows; ++row) d.rowLabels << q(h.rowLabel(row));
        d.colLabels = qList(h.columnLabels);
        d.rowAxisTitle = tr("layer");
        d.tokenRows = h.rowAxis == "query";
        d.colAxisTitle = h.columnAxis == "head" ? tr("head") : tr("token");
        widgets::ColorMapKind cmap = widgets::colorMapFromName(unsignedMap_, widgets::ColorMapKind::Viridis);
        QString tabTitle = q(h.name);
        std::pair<int64_t, int64_t> marked{-1, -1};
        if (stored.difference) {
            d.title = tr("Difference %1: %2").arg(stored.differenceOf, q(h.name));
            d.scaleTitle = tr("difference");
            d.signedValues = true;
            cmap = widgets::colorMapFromName(signedMap_, widgets::ColorMapKind::Diverging);
        } else {
            const MapHints view = kindOf(r.spec).mapHints(r, h, useNormalized && !h.normalized.empty());
            d.title = kindText(view.title);
            d.scaleTitle = kindText(view.scaleTitle);
            d.colAxisTitle = kindText(view.columnAxis);
            d.rowAxisTitle = kindText(view.rowAxis);
            d.signedValues = view.diverging;
            d.rangeMin = view.rangeMin;
            tabTitle = kindText(view.tabTitle);
            marked = view.markedColumns;
            if (view.diverging) cmap = widgets::colorMapFromName(signedMap_, widgets::ColorMapKind::Diverging);
            else if (romeColors_ && !view.palette.empty()) cmap = widgets::colorMapFromName(q(view.palette), cmap);
        }
        widgets::HeatmapView* view = maps_[i];
        view->setSelectionEnabled(h.rowAxis == "layer"); // cells of the next run are (layer, column) cells
        view->setColorMap(cmap);
        view->setData(d);
        view->setMarkedColumns(static_cast<int>(marked.first), static_cast<int>(marked.second));
        view->setCurrentCell(i == mapTabs_->currentIndex() ? clickedRow_ : -1, clickedCol_);
        applyMarks(view);
        mapTabs_->setTabText(i, tabTitle);
    }
    if (keepTab && tab >= 0 && tab < count) mapTabs_->setCurrentIndex(tab);
}

void MainWindow::streamValues(const ExperimentResult& partial) {
    if (static_cast<int>(partial.maps.size()) != maps_.size()) {
        displayResult(results_[shown_], true);
        return;
    }
    for (int i = 0; i < maps_.size(); ++i) {
        const Heatmap& h = partial.maps[static_cast<std::size_t>(i)];
        if (maps_[i]->data().rows != h.rows || maps_[i]->data().cols != h.cols) {
            displayResult(results_[shown_], true);
            return;
        }
    }
    const bool useNormalized = normalizedCheck_->isChecked() && normalizedCheck_->isEnabled();
    for (int i = 0; i < maps_.size(); ++i) {
        const Heatmap& h = partial.maps[static_cast<std::size_t>(i)];
        const std::vector<double>& values = useNormalized && !h.normalized.empty() ? h.normalized : h.raw;
        maps_[i]->setValues(QVector<double>(values.begin(), values.end()));
    }
}

void MainWindow::compareResults(int a, int b) {
    if (a < 0 || b < 0 || a >= results_.size() || b >= results_.size() || a == b) return;
    const ExperimentResult& ra = results_[a].result;
    const ExperimentResult& rb = results_[b].result;
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
    results_.push_back(diff);
    refreshResultList();
    showResult(static_cast<int>(results_.size()) - 1);
}

// ---------------------------------------------------------------------------------------------
// Cell predictions and single interventions

void MainWindow::onHeatmapCellClicked(int row, int col) {
    if (shown_ < 0) return;
    const StoredResult& stored = results_[shown_];
    const ExperimentResult& r = stored.result;
    const int tab = mapTabs_->currentIndex();
    if (tab < 0 || tab >= static_cast<int>(r.maps.size())) return;
    const Heatmap& h = r.maps[static_cast<std::size_t>(tab)];
    clickedRow_ = row;
    clickedCol_ = col;
    predictionTabs_->setCurrentIndex(0);
    showCellDetail(nullptr);
    for (int i = 0; i < maps_.size(); ++i) maps_[i]->setCurrentCell(i == tab ? row : -1, col);
    if (stored.difference) {
        cellStatus_->setText(tr("A difference map has no run of its own; click a cell of one of the two results."));
        return;
    }
    if (!session_->hasModel()) {
        cellStatus_->setText(tr("Open the experiment's model to see predictions."));
        return;
    }
    if (const QString mismatch = modelMismatch(stored); !mismatch.isEmpty()) {
        // Never probe a result through other weights: say so, and offer to reopen its model.
        predictions_->clear();
        predictions_->setMessage(tr("Computed on another model"));
        cellStatus_->setText(stored.modelFolder.isEmpty() || !QFileInfo(stored.modelFolder).isDir()
                                 ? mismatch
                                 : tr("%1 <a href=\"reopen:%2\">Reopen %3</a> to see this cell's predictions.")
                                       .arg(mismatch.toHtmlEscaped(), stored.modelFolder.toHtmlEscaped(), stored.modelName.toHtmlEscaped()));
        return;
    }
    if (row < 0 || col < 0 || row >= static_cast<int>(h.rowLayers.size()) || col >= static_cast<int>(h.columnLabels.size())) return;
    const int layer = h.rowLayers[static_cast<std::size_t>(row)];
    const QString colLabel = q(h.columnLabels[static_cast<std::size_t>(col)]);
    cellStatus_->setText(tr("Computing layer %1, %2 %3 \u201c%4\u201d…").arg(layer).arg(h.columnAxis == "head" ? tr("head") : tr("token")).arg(col).arg(colLabel));
    // The kind recomputes the cell (core/workbench probeCell) unless its panel shows it itself.
    const KindPanel& panel = panelFor(r.spec.kind);
    if (panel.probe) panel.probe(stored, h, layer, col);
    else cellJob_ = session_->runProbe(r, tab, layer, col);
}

void MainWindow::onSingleFinished(int job, const SingleResult& result) {
    if (job != interveneJob_) return;
    clearError();
    const bool denoising = directionBox_->currentData().toString() != QLatin1String("noising");
    const bool usesSource = interventionPanel_->usesSource();
    const QString baseName = !usesSource ? tr("Clean") : denoising ? tr("Corrupted") : tr("Clean");
    QVector<widgets::PredictionColumn> columns = {{tr("Base: %1").arg(baseName), predictionsOf(result.base)}};
    if (usesSource) columns.push_back({tr("Source: %1").arg(denoising ? tr("Clean") : tr("Corrupted")), predictionsOf(result.source)});
    columns.push_back({tr("Intervened"), predictionsOf(result.intervened)});
    interventionPredictions_->setColumns(columns);
    predictionTabs_->setCurrentIndex(1);
    cleanContinuation_->setPlainText(result.baseContinuation);
    intervenedContinuation_->setPlainText(result.intervenedContinuation);
    const LoadedIntervention* loaded = interventionPanel_->loaded();
    QString status = tr("%1 on %n cell(s) in %2 s.", nullptr, static_cast<int>(selection_.size()))
                         .arg(loaded ? loaded->types : interventionPanel_->type())
                         .arg(result.seconds, 0, 'f', 2);
    interventionPanel_->setCollected(result.collected);
    for (const CollectedActivation& c : result.collected) {
        double sumSquares = 0;
        for (float v : c.values) sumSquares += double(v) * v;
        QStringList shape;
        for (qint64 d : c.shape) shape << QString::number(d);
        status += QLatin1Char('\n') + tr("Collected %1: %2 values, norm %3.").arg(c.name, shape.join(QStringLiteral(" × "))).arg(std::sqrt(sumSquares), 0, 'g', 5);
    }
    interventionPanel_->setStatus(status);
    Q_EMIT interventionShown();
}

void MainWindow::onProbeFinished(int job, const CellProbe& probe) {
    if (job != cellJob_ || shown_ < 0 || clickedRow_ < 0) return;
    const StoredResult& stored = results_[shown_];
    const ExperimentResult& r = stored.result;
    QVector<widgets::PredictionColumn> columns;
    for (std::size_t i = 0; i < probe.columns.size(); ++i) {
        QVector<widgets::Prediction> top;
        for (const CellToken& t : probe.columns[i].top) top.push_back({q(t.text), t.probability});
        // The last run is the clicked cell's own: say which cell.
        const QString title = kindText(probe.columns[i].title);
        columns.push_back({i + 1 == probe.columns.size() && probe.columns.size() > 1 ? tr("%1 %2").arg(title, describeClickedCell()) : title, top,
                           expertsLine(probe.expertLayer, probe.columns[i].experts)});
    }
    predictions_->setColumns(columns);
    QStringList answers;
    for (int64_t id : probe.answers)
        answers << answerText(stored, id, id == r.correctToken ? r.correctTokenText : id == r.incorrectToken ? r.incorrectTokenText : std::string());
    predictions_->setHighlightedTokens(answers);
    clearError();
    const double shownValue = heatmap() ? heatmap()->valueAt(clickedRow_, clickedCol_) : qQNaN();
    QString status = std::isnan(probe.value) ? QString()
                                             : tr("%1: %2 (the heatmap shows %3)")
                                                   .arg(kindText(probe.valueName))
                                                   .arg(probe.value, 0, 'g', 5)
                                                   .arg(shownValue, 0, 'g', 5);
    if (!probe.note.empty()) status += (status.isEmpty() ? QString() : QStringLiteral("; ")) + kindText(probe.note);
    if (!status.isEmpty()) status += QLatin1Char('.');
    if (!answers.isEmpty()) status += QLatin1Char(' ') + tr("Bold: the answer tokens.");
    cellStatus_->setText(status.trimmed());
    cellStatus_->setProperty("metricValue", probe.value);
    Q_EMIT predictionsShown();
}

SingleRequest MainWindow::interventionRequest() const {
    const bool denoising = directionBox_->currentData().toString() != QLatin1String("noising");
    SingleRequest s;
    if (interventionPanel_->usesSource()) {
        s.baseIds = denoising ? corruptedTokens_.idVector() : cleanTokens_.idVector();
        s.sourceIds = denoising ? cleanTokens_.idVector() : corruptedTokens_.idVector();
    } else {
        s.baseIds = cleanTokens_.idVector();
    }
    s.cleanIds = cleanTokens_.idVector();
    s.component = componentBox_->currentText();
    s.perHead = isHeadComponent(s.component);
    for (const widgets::GridCell& c : selection_) s.cells.push_back({c.row, c.col});
    if (const LoadedIntervention* loaded = interventionPanel_->loaded()) s.loaded = loaded->model;
    else s.type = interventionPanel_->type();
    s.interchangeDim = interventionPanel_->interchangeDim();
    s.generateTokens = interventionPanel_->generateTokens();
    return s;
}

void MainWindow::runIntervention() {
    const QString blocker = interveneBlocker();
    if (!blocker.isEmpty()) {
        interventionPanel_->setStatus(blocker);
        return;
    }
    const SingleRequest s = interventionRequest();
    const LoadedIntervention* loaded = interventionPanel_->loaded();
    interventionPanel_->setStatus(tr("Running %1…").arg(loaded ? loaded->types : s.type));
    interveneJob_ = session_->runSingle(s, 1);
}

bool MainWindow::loadInterventionFolderFrom(const QString& folder) {
    LoadedIntervention loaded;
    try {
        loaded = session_->loadInterventionFolder(folder);
    } catch (const std::exception& e) {
        showError(tr("Cannot load the pyvene folder %1: %2").arg(QDir::toNativeSeparators(folder), QString::fromUtf8(e.what())));
        return false;
    }
    const int component = componentBox_->findText(loaded.component);
    if (component < 0) {
        showError(tr("The folder's intervention acts on %1, which the open model's map does not offer.").arg(loaded.component));
        return false;
    }
    componentBox_->setCurrentIndex(component);
    // Keep the cells already picked in the folder's layers; elsewhere start from the last token (or head 0).
    QVector<widgets::GridCell> cells;
    for (const widgets::GridCell& c : selection_)
        if (loaded.layers.contains(c.row)) cells.push_back(c);
    for (int layer : loaded.layers) {
        bool any = false;
        for (const widgets::GridCell& c : cells) any |= c.row == layer;
        if (!any && !gridColumns_.isEmpty()) cells.push_back({layer, loaded.perHead ? 0 : static_cast<int>(gridColumns_.size()) - 1});
    }
    setSelectedCells(cells);
    interventionPanel_->setLoaded(loaded);
    interventionPanel_->setStatus(tr("Loaded %1 from %2.").arg(loaded.types, QDir::toNativeSeparators(folder)));
    updateRunButtons();
    return true;
}

bool MainWindow::saveInterventionFolderTo(const QString& folder, const QString& pyveneVersion) {
    if (const QString blocker = interveneBlocker(); !blocker.isEmpty()) {
        showError(tr("Cannot save the intervention: %1").arg(blocker));
        return false;
    }
    if (!makeNewFolder(folder)) return false;
    try {
        session_->saveInterventionFolder(interventionRequest(), folder, pyveneVersion);
    } catch (const std::exception& e) {
        showError(tr("Cannot save the intervention: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
    statusBar()->showMessage(tr("Wrote the intervention for pyvene %1 to %2").arg(pyveneVersion, QDir::toNativeSeparators(folder)), 5000);
    return true;
}

bool MainWindow::saveCollectedTo(const QString& path) {
    try {
        Session::saveCollected(interventionPanel_->collected(), path);
    } catch (const std::exception& e) {
        showError(tr("Cannot save the collected activations: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
    statusBar()->showMessage(tr("Wrote the collected activations to %1").arg(QDir::toNativeSeparators(path)), 5000);
    return true;
}

QString MainWindow::modelMismatch(const StoredResult& stored) const {
    if (stored.difference || stored.running) return {};
    const ModelInfo& open = session_->modelInfo();
    const QString name = stored.modelName.isEmpty() ? tr("another model") : stored.modelName;
    if (!session_->hasModel()) return tr("Result computed on %1; no model is open.").arg(name);
    // The weights' fingerprint decides when both were made the same way ("scheme:hex"); the folder
    // when a result has none or an older scheme (re-reading every byte of a 7B model to compare an
    // old full hash would stall the window).
    const auto scheme = [](const QString& hash) { return hash.section(QLatin1Char(':'), 0, 0); };
    const bool comparable = !stored.weightsHash.isEmpty() && !open.weightsHash.isEmpty() && scheme(stored.weightsHash) == scheme(open.weightsHash);
    const bool same = comparable
                          ? stored.weightsHash == open.weightsHash
                          : !stored.modelFolder.isEmpty() && QFileInfo(stored.modelFolder).canonicalFilePath() == QFileInfo(open.folder).canonicalFilePath();
    if (same) return {};
    return tr("This result was computed on %1, not on the open model %2.")
        .arg(name, open.folder == Session::demoModelFolder() ? QStringLiteral("demo") : QFileInfo(open.folder).fileName());
}

QString MainWindow::answerText(const StoredResult& stored, int64_t id, const std::string& saved) const {
    if (!saved.empty()) return q(saved);
    if (id < 0) return {};
    // Older results carry only ids: decode them only with the model that produced them.
    if (modelMismatch(stored).isEmpty()) return session_->tokenText(id);
    return tr("token #%1").arg(id);
}

QString MainWindow::describeClickedCell() const {
    if (shown_ < 0 || clickedRow_ < 0) return {};
    const ExperimentResult& r = results_[shown_].result;
    const int tab = std::max(0, mapTabs_->currentIndex());
    if (tab >= static_cast<int>(r.maps.size())) return {};
    const Heatmap& h = r.maps[static_cast<std::size_t>(tab)];
    if (clickedRow_ >= static_cast<int>(h.rowLayers.size()) || clickedCol_ >= static_cast<int>(h.columnLabels.size())) return {};
    const QString column = h.columnAxis == "head" ? tr("head %1").arg(clickedCol_)
                                                  : tr("\u201c%1\u201d (%2)").arg(q(h.columnLabels[static_cast<std::size_t>(clickedCol_)])).arg(clickedCol_);
    return tr("layer %1 · %2 · %3").arg(h.rowLayers[static_cast<std::size_t>(clickedRow_)]).arg(column, mapTabs_->tabText(tab));
}

QString MainWindow::captionFor(const StoredResult& stored) const {
    const ExperimentResult& r = stored.result;
    QStringList lines;
    lines << tr("Model: %1").arg(stored.modelName.isEmpty() ? QFileInfo(session_->modelInfo().folder).fileName() : stored.modelName);
    const ResultHints hints = kindOf(r.spec).describe(r);
    for (const Phrase& line : hints.caption) lines << kindText(line);
    for (const Phrase& line : hints.findings) lines << kindText(line);
    if (r.stoppedEarly()) lines << tr("Partial result: %1.").arg(stoppedEarlyText(r)); // a figure must not pass for a whole run
    return lines.join(QLatin1Char('\n'));
}

void MainWindow::recordSelectionChange() {
    const QVector<widgets::GridCell> before = selectionBefore_, after = selection_;
    selectionBefore_ = after;
    if (applyingUndo_ || before == after) return;
    auto apply = [this](const QVector<widgets::GridCell>& cells) {
        const QScopedValueRollback<bool> undoing(applyingUndo_, true);
        setSelectedCells(cells);
        selectionBefore_ = selection_;
    };
    // One drag is one step: changes within half a second merge.
    undoStack_->push(new FunctionCommand(tr("Select cells"), [apply, before] { apply(before); }, [apply, after] { apply(after); }, true, 200,
                                         [](const FunctionCommand& self, const FunctionCommand& next) { return next.stamp() - self.stamp() < 500; }));
}

void MainWindow::removeResults(QList<int> rows) {
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    rows.removeIf([this](int r) { return r < 0 || r >= results_.size() || r == runningIndex_; });
    if (rows.isEmpty()) return;
    QVector<QPair<int, StoredResult>> removed;
    for (int r : rows) removed.push_back({r, results_[r]});
    auto reshow = [this] {
        shown_ = -1;
        refreshResultList();
        if (!results_.isEmpty()) showResult(static_cast<int>(results_.size()) - 1);
        else displayResult(StoredResult{}, false);
    };
    // Removing is undoable: the results come back at their places.
    auto remove = [this, removed, reshow] {
        for (auto it = removed.crbegin(); it != removed.crend(); ++it) {
            results_.removeAt(it->first);
            if (runningIndex_ > it->first) --runningIndex_;
        }
        reshow();
    };
    auto restore = [this, removed, reshow] {
        for (const auto& [index, stored] : removed) {
            results_.insert(index, stored);
            if (runningIndex_ >= index) ++runningIndex_;
        }
        reshow();
    };
    undoStack_->push(new FunctionCommand(tr("Remove %n result(s)", nullptr, static_cast<int>(removed.size())), restore, remove, false));
}

// ---------------------------------------------------------------------------------------------
// Layout and help

void MainWindow::restoreDockSizes() {
    // Proportions of the window, so a small or a large screen both get readable side panels.
    const int w = std::max(width(), 1000), h = std::max(height(), 700);
    QDockWidget *model = nullptr, *prompt = nullptr, *results = nullptr, *intervene = nullptr;
    for (QDockWidget* d : docks_) {
        if (d->objectName() == QLatin1String("modelDock")) model = d;
        else if (d->objectName() == QLatin1String("promptDock")) prompt = d;
        else if (d->objectName() == QLatin1String("resultsDock")) results = d;
        else if (d->objectName() == QLatin1String("interveneDock")) intervene = d;
    }
    if (!model || !prompt || !results || !intervene) return;
    resizeDocks({model, results}, {std::max(320, w * 24 / 100), std::max(280, w * 20 / 100)}, Qt::Horizontal);
    resizeDocks({model, prompt}, {h * 22 / 100, h * 78 / 100}, Qt::Vertical);
    resizeDocks({results, intervene}, {h * 50 / 100, h * 50 / 100}, Qt::Vertical);
}

void MainWindow::resetLayout() {
    for (QDockWidget* d : docks_) {
        d->setFloating(false);
        removeDockWidget(d);
    }
    QDockWidget* above[2] = {nullptr, nullptr};
    for (QDockWidget* d : docks_) {
        const auto area = static_cast<Qt::DockWidgetArea>(d->property("defaultArea").toInt());
        QDockWidget*& first = above[area == Qt::LeftDockWidgetArea ? 0 : 1];
        if (first) {
            splitDockWidget(first, d, Qt::Vertical);
        } else {
            addDockWidget(area, d);
            first = d;
        }
        d->show();
    }
    for (QToolBar* bar : findChildren<QToolBar*>()) bar->show();
    restoreDockSizes();
}

QString MainWindow::layoutProblem() const {
    for (const QDockWidget* d : docks_) {
        if (d->isHidden() || d->isFloating()) continue;
        const QWidget* content = d->widget();
        const int need = std::max({content->minimumWidth(), content->minimumSizeHint().width(), 200});
        if (d->width() < need) return QStringLiteral("%1 is %2 px wide, needs %3").arg(d->objectName()).arg(d->width()).arg(need);
        if (d->height() < 80) return QStringLiteral("%1 is %2 px high").arg(d->objectName()).arg(d->height());
    }
    if (centralWidget()->width() < 300) return QStringLiteral("the maps are %1 px wide").arg(centralWidget()->width());
    return {};
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event) {
    if (watched == resultsSplit_ && event->type() == QEvent::Resize) {
        // Predictions need about 300 px a run to show whole tokens: beside the map on a wide
        // centre, under it on a narrower one.
        const Qt::Orientation want = resultsSplit_->width() >= 1250 ? Qt::Horizontal : Qt::Vertical;
        if (resultsSplit_->orientation() != want) {
            resultsSplit_->setOrientation(want);
            const int total = want == Qt::Horizontal ? resultsSplit_->width() : resultsSplit_->height();
            resultsSplit_->setSizes(want == Qt::Horizontal ? QList<int>{total * 62 / 100, total * 38 / 100} : QList<int>{total * 55 / 100, total * 45 / 100});
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    if (layoutChecked_) return;
    layoutChecked_ = true;
    // A saved layout from another screen (or an older version) may leave panels unreadable.
    QTimer::singleShot(0, this, [this] {
        if (!layoutIsSane()) resetLayout();
    });
}

QString MainWindow::shortcutsText() const {
    QStringList rows;
    const QList<QAction*> menus = menuBar()->actions();
    for (QAction* menuAction : menus) {
        QMenu* menu = menuAction->menu();
        if (!menu) continue;
        for (QAction* a : menu->actions()) {
            if (a->shortcut().isEmpty()) continue;
            rows << QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                        .arg(a->shortcut().toString(QKeySequence::NativeText).toHtmlEscaped(), a->text().remove(QLatin1Char('&')).toHtmlEscaped());
        }
    }
    const QList<QPair<QString, QString>> heatmapKeys = {
        {tr("Click"), tr("Select a cell and show its predictions")},
        {tr("Ctrl+Click"), tr("Add or remove a cell")},
        {tr("Shift+Click"), tr("Select the rectangle from the last cell")},
        {tr("Drag"), tr("Select a rectangle")},
        {tr("Click a layer or token label"), tr("Select the whole row or column")},
        {tr("Arrow keys"), tr("Move the current cell (Shift extends the selection)")},
    };
    for (const auto& [key, what] : heatmapKeys) rows << QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(key.toHtmlEscaped(), what.toHtmlEscaped());
    return QStringLiteral("<table cellspacing=6>") + rows.join(QString()) + QStringLiteral("</table>");
}

void MainWindow::showShortcuts() {
    QMessageBox box(QMessageBox::NoIcon, tr("Keyboard Shortcuts"), shortcutsText(), QMessageBox::Close, this);
    box.setTextFormat(Qt::RichText);
    box.exec();
}

void MainWindow::showUserGuide() {
    // The guide ships beside the resources (installed) or in the source tree's docs/.
    QStringList candidates;
    for (const QString& example : Session::exampleExperimentFiles()) {
        const QDir resources = QFileInfo(example).dir();
        candidates << resources.filePath(QStringLiteral("../../doc/causeway/user-guide.md")) // installed: share/doc/causeway
                   << resources.filePath(QStringLiteral("../../docs/user-guide.md")) << resources.filePath(QStringLiteral("../../docs/workbench.md"))
                   << resources.filePath(QStringLiteral("../docs/user-guide.md")) << resources.filePath(QStringLiteral("../docs/workbench.md"));
    }
    for (const QString& c : candidates) {
        if (QFileInfo::exists(c)) {
            QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(c).canonicalFilePath()));
            return;
        }
    }
    showError(tr("The user guide is not installed; see docs/workbench.md in Causeway's sources."));
}

// ---------------------------------------------------------------------------------------------
// Files

bool MainWindow::maybeKeepResults() {
    if (!dirty_ || !askBeforeDiscarding_) return true;
    const auto answer = QMessageBox::question(this, tr("Unsaved results"), tr("The results of this session are not saved. Save them as an experiment file first?"),
                                              QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Cancel) return false;
    if (answer == QMessageBox::Save) {
        saveExperiment();
        return !dirty_;
    }
    return true;
}

void MainWindow::applyWithModel(const QString& folder, const std::function<void()>& apply) {
    const QString current = QFileInfo(session_->modelInfo().folder).canonicalFilePath();
    if (!folder.isEmpty() && QFileInfo(folder).canonicalFilePath() != current) {
        // Apply the panels once the model is there (its tokenizer makes the chips and the grid).
        auto* once = new QObject(this);
        connect(this, &MainWindow::modelReady, once, [apply, once] {
            apply();
            once->deleteLater();
        });
        connect(this, &MainWindow::modelLoadFailed, once, [once] { once->deleteLater(); });
        openModelFolder(folder);
    }
    apply();
}

void MainWindow::openExperimentDialog() {
    const QString file = QFileDialog::getOpenFileName(this, tr("Open Experiment"), QSettings().value(QStringLiteral("recent/lastExperimentDir")).toString(),
                                                      tr("Experiments (*.json);;All files (*)"));
    if (file.isEmpty()) return;
    QSettings().setValue(QStringLiteral("recent/lastExperimentDir"), QFileInfo(file).absolutePath());
    openExperimentFile(file);
}

bool MainWindow::openExperimentFile(const QString& fileName) {
    if (!maybeKeepResults()) return false;
    ExperimentFile file;
    QString folder;
    try {
        file = readExperimentFile(fileName.toStdString());
        if (!file.spec.model.empty()) folder = Session::resolveModel(q(file.spec.model), QFileInfo(fileName).absolutePath());
    } catch (const std::exception& e) {
        showError(tr("Could not open the experiment %1:\n%2").arg(QDir::toNativeSeparators(fileName), QString::fromUtf8(e.what())));
        return false;
    }
    if (runningIndex_ >= 0) cancelRun();
    experimentFile_ = QFileInfo(fileName).absoluteFilePath();
    results_.clear();
    shown_ = -1;
    runningIndex_ = -1;
    runJob_ = 0;
    for (const ExperimentResult& r : file.results) {
        StoredResult s;
        s.result = r;
        s.weightsHash = q(r.spec.weightsHash);
        s.modelName = r.spec.model == "demo" ? QStringLiteral("demo") : QFileInfo(q(r.spec.model)).fileName();
        try {
            if (!r.spec.model.empty()) s.modelFolder = QFileInfo(Session::resolveModel(q(r.spec.model), QFileInfo(fileName).absolutePath())).absoluteFilePath();
        } catch (const std::exception&) {
            // The folder is gone or moved: the result still shows; probing it is refused.
        }
        results_.push_back(s);
    }
    clearError();
    dirty_ = false;
    const ExperimentSpec spec = file.spec;
    applyWithModel(folder, [this, spec] { applySpec(spec); });
    refreshResultList();
    if (!results_.isEmpty()) showResult(static_cast<int>(results_.size()) - 1);
    else displayResult(StoredResult{}, false);
    setWindowFilePath(experimentFile_);
    if (!Session::exampleExperimentFiles().contains(fileName)) addRecent(QStringLiteral("recent/experiments"), experimentFile_);
    statusBar()->showMessage(tr("Opened %1 (%n result(s))", nullptr, static_cast<int>(results_.size())).arg(QFileInfo(fileName).fileName()), 5000);
    return true;
}

bool MainWindow::saveExperimentFile(const QString& fileName) {
    ExperimentSpec spec;
    std::vector<ExperimentResult> saved;
    for (const StoredResult& s : results_)
        if (!s.difference && !s.running) saved.push_back(s.result);
    if (shown_ >= 0 && !results_[shown_].difference && modelMismatch(results_[shown_]).isEmpty()) spec = results_[shown_].result.spec;
    else spec = currentSpec(traceBlocker().isEmpty() && patchBlocker().size() ? TracingSpec::kKind : PatchingSpec::kKind);
    try {
        writeExperimentFile(fileName.toStdString(), spec, saved);
    } catch (const std::exception& e) {
        showError(QString::fromUtf8(e.what()));
        return false;
    }
    experimentFile_ = QFileInfo(fileName).absoluteFilePath();
    setWindowFilePath(experimentFile_);
    dirty_ = false;
    addRecent(QStringLiteral("recent/experiments"), experimentFile_);
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(fileName)), 5000);
    return true;
}

void MainWindow::saveExperiment() {
    if (experimentFile_.isEmpty() || Session::exampleExperimentFiles().contains(experimentFile_)) saveExperimentAs();
    else saveExperimentFile(experimentFile_);
}

void MainWindow::saveExperimentAs() {
    QString file = QFileDialog::getSaveFileName(this, tr("Save Experiment"), experimentFile_.isEmpty() ? tr("experiment.causeway.json") : experimentFile_,
                                                tr("Causeway experiments (*.causeway.json);;Experiments (*.json)"));
    if (file.isEmpty()) return;
    if (QFileInfo(file).suffix().isEmpty()) file += QStringLiteral(".causeway.json"); // the MIME type opens these in Causeway
    saveExperimentFile(file);
}

void MainWindow::exportImage() {
    widgets::HeatmapView* view = heatmap();
    if (!view || shown_ < 0) {
        showError(tr("There is no heatmap to export yet."));
        return;
    }
    QString selected;
    QString file = QFileDialog::getSaveFileName(this, tr("Export Heatmap"), mapTabs_->tabText(mapTabs_->currentIndex()) + QStringLiteral(".png"),
                                                tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"), &selected);
    if (file.isEmpty()) return;
    if (QFileInfo(file).suffix().isEmpty()) file += selected.contains(QLatin1String("svg")) ? QStringLiteral(".svg") : selected.contains(QLatin1String("pdf")) ? QStringLiteral(".pdf") : QStringLiteral(".png");
    const bool caption = QMessageBox::question(this, tr("Export Heatmap"), tr("Add a caption with the model, the prompts and the answers under the map?"),
                                               QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes) == QMessageBox::Yes;
    exportImageTo(file, caption);
}

bool MainWindow::exportImageTo(const QString& fileName, bool withCaption) {
    widgets::HeatmapView* view = heatmap();
    if (!view || shown_ < 0) {
        showError(tr("There is no heatmap to export yet."));
        return false;
    }
    view->setExportCaption(withCaption && !results_[shown_].difference ? captionFor(results_[shown_]) : QString());
    // Drawn in memory, then written atomically: a failed write names its reason and leaves no half image.
    QBuffer image;
    image.open(QIODevice::WriteOnly);
    const bool drawn = view->exportImage(&image, QFileInfo(fileName).suffix());
    view->setExportCaption(QString());
    try {
        if (!drawn) throw Error(tr("Could not draw the heatmap as %1.").arg(QFileInfo(fileName).suffix()).toStdString());
        writeFileAtomically(fileName.toStdString(), std::string_view(image.data().constData(), static_cast<std::size_t>(image.data().size())));
    } catch (const std::exception& e) {
        showError(QString::fromUtf8(e.what()));
        return false;
    }
    return true;
}

void MainWindow::exportCsv() {
    const int tab = mapTabs_->currentIndex();
    if (shown_ < 0 || tab < 0 || tab >= static_cast<int>(results_[shown_].result.maps.size())) {
        showError(tr("There is no heatmap to export yet."));
        return;
    }
    const Heatmap& h = results_[shown_].result.maps[static_cast<std::size_t>(tab)];
    const bool normalized = normalizedCheck_->isChecked() && normalizedCheck_->isEnabled() && !h.normalized.empty();
    // The file says what it holds: normalised values are named so.
    const QString name = q(h.name) + (normalized ? QStringLiteral("-normalised") : QString()) + QStringLiteral(".csv");
    const QString file = QFileDialog::getSaveFileName(this, normalized ? tr("Export Normalised Heatmap Data") : tr("Export Heatmap Data"), name, tr("CSV (*.csv)"));
    if (file.isEmpty()) return;
    exportCsvTo(file);
}

bool MainWindow::exportCsvTo(const QString& fileName) {
    const int tab = mapTabs_->currentIndex();
    if (shown_ < 0 || tab < 0 || tab >= static_cast<int>(results_[shown_].result.maps.size())) {
        showError(tr("There is no heatmap to export yet."));
        return false;
    }
    const Heatmap& h = results_[shown_].result.maps[static_cast<std::size_t>(tab)];
    const bool normalized = normalizedCheck_->isChecked() && normalizedCheck_->isEnabled() && !h.normalized.empty();
    try {
        writeFileAtomically(fileName.toStdString(), heatmapCsv(h, normalized));
    } catch (const std::exception& e) {
        showError(QString::fromUtf8(e.what()));
        return false;
    }
    statusBar()->showMessage(tr("Wrote %1").arg(QDir::toNativeSeparators(fileName)), 5000);
    return true;
}

void MainWindow::exportJson() {
    if (shown_ < 0) {
        showError(tr("There is no result to export yet."));
        return;
    }
    const QString file = QFileDialog::getSaveFileName(this, tr("Export Result"), tr("results.json"), tr("JSON (*.json)"));
    if (file.isEmpty()) return;
    try {
        writeFileAtomically(file.toStdString(), results_[shown_].result.toJson().dump(1) + "\n");
    } catch (const std::exception& e) {
        showError(QString::fromUtf8(e.what()));
    }
}

void MainWindow::exportPyveneScript() {
    ExperimentSpec spec = shown_ >= 0 && !results_[shown_].difference ? results_[shown_].result.spec
                                                                      : currentSpec(patchBlocker().isEmpty() ? PatchingSpec::kKind : TracingSpec::kKind);
    QString script;
    try {
        script = session_->pyveneScript(session_->prepare(spec));
    } catch (const std::exception& e) {
        showError(tr("Cannot export a pyvene script: %1").arg(QString::fromUtf8(e.what())));
        return;
    }
    const QString file = QFileDialog::getSaveFileName(this, tr("Export pyvene Script"), tr("experiment.py"), tr("Python (*.py)"));
    if (file.isEmpty()) return;
    try {
        writeFileAtomically(file.toStdString(), script.toStdString());
        QFile::setPermissions(file, QFile::permissions(file) | QFile::ExeOwner | QFile::ExeGroup | QFile::ExeOther);
    } catch (const std::exception& e) {
        showError(QString::fromUtf8(e.what()));
    }
}

QString MainWindow::askNewFolder(const QString& title, const QString& suggestedName) {
    // Ask for the new folder's name the way a save dialog does (a folder chooser cannot name a
    // folder that does not exist yet); ask before mixing it into a folder that already holds files.
    const QString folder = QFileDialog::getSaveFileName(this, title, suggestedName, tr("Folders (*)"), nullptr, QFileDialog::DontConfirmOverwrite);
    if (folder.isEmpty()) return {};
    if (QFileInfo(folder).isDir() && !QDir(folder).isEmpty() &&
        QMessageBox::question(this, tr("Folder not empty"), tr("%1 already holds files. Write into it anyway?").arg(QDir::toNativeSeparators(folder))) !=
            QMessageBox::Yes)
        return {};
    return folder;
}

bool MainWindow::makeNewFolder(const QString& folder) {
    if (QFileInfo(folder).exists() && !QFileInfo(folder).isDir()) {
        showError(tr("%1 is a file; choose a name for a new folder.").arg(QDir::toNativeSeparators(folder)));
        return false;
    }
    if (!QDir().mkpath(folder)) {
        showError(tr("Could not create the folder %1; check that its parent is writable.").arg(QDir::toNativeSeparators(folder)));
        return false;
    }
    return true;
}

void MainWindow::exportPyveneConfig() {
    if (selection_.size() != 1) {
        showError(tr("A pyvene config describes one intervention: select exactly one cell on the map (now %1).").arg(selection_.size()));
        return;
    }
    const QString folder = askNewFolder(tr("Save the pyvene Config as a Folder"), tr("pyvene-config"));
    if (!folder.isEmpty()) exportPyveneConfigTo(folder);
}

bool MainWindow::exportPyveneConfigTo(const QString& folder) {
    const ExperimentSpec spec = currentSpec(PatchingSpec::kKind);
    if (spec.cells.size() != 1) {
        showError(tr("A pyvene config describes one intervention: select exactly one cell on the map (now %1).").arg(spec.cells.size()));
        return false;
    }
    if (!makeNewFolder(folder)) return false;
    try {
        session_->writePyveneConfig(session_->prepare(spec), folder);
    } catch (const std::exception& e) {
        showError(tr("Cannot export the pyvene config: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
    statusBar()->showMessage(tr("Wrote the pyvene config to %1").arg(QDir::toNativeSeparators(folder)), 5000);
    return true;
}

// ---------------------------------------------------------------------------------------------
// Window events

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!maybeKeepResults()) {
        event->ignore();
        return;
    }
    session_->cancelRun();
    writeSettings();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.first().isLocalFile()) {
        const QFileInfo info(urls.first().toLocalFile());
        if (info.isDir() || info.suffix().compare(QLatin1String("json"), Qt::CaseInsensitive) == 0) {
            event->acceptProposedAction();
            return;
        }
    }
    event->ignore();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.isEmpty()) return;
    const QString path = urls.first().toLocalFile();
    event->acceptProposedAction();
    if (QFileInfo(path).isDir()) openModelFolder(path);
    else openExperimentFile(path);
}

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange && errorBanner_ && errorBanner_->isVisible()) showError(lastError_);
    QMainWindow::changeEvent(event);
}

} // namespace causeway::app
