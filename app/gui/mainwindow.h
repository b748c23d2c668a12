#pragma once
// The workbench window: model panel, prompts, the token x layer grid, heatmaps of results,
// predictions of a clicked cell, single interventions with generation, a list of results.
// All model work goes through the Session (background jobs; the window never waits on them).
#include "session.h"
#include "gridcell.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <QPointer>
#include <QVector>

#include <map>

class QAction;
class QCheckBox;
class QComboBox;
class QDockWidget;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QMenu;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QSplitter;
class QStackedWidget;
class QTabWidget;
class QUndoStack;

namespace causeway::widgets {
struct HeatmapData;
class HeatmapView;
class PredictionsView;
class PromptEditor;
} // namespace causeway::widgets

namespace causeway::app {

class InterventionPanel;

struct StoredResult {
    ExperimentResult result;
    QString label;
    bool running = false;
    bool difference = false; // a difference map of two results (not saved, no predictions)
    QString differenceOf;    // "#2 − #1"
    // The model that computed it: results outlive the open model, so probing a cell or naming an
    // answer token must never go through another model's weights or vocabulary.
    QString modelName;       // shown in the list ("demo", "gpt2-tiny")
    QString modelFolder;     // absolute; empty when it could not be resolved
    QString weightsHash;     // the fingerprint of its weight files when it ran
};

class MainWindow : public QMainWindow {
    Q_OBJECT
    friend class Autosave; // autosave.h: saves and restores what the window holds
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // --- what the app's main() and the tests drive ---
    void openModelFolder(const QString& folder);
    // At start with nothing on the command line: the bundled demo model, with the first example
    // experiment when `withExample`. Returns whether a model is being opened.
    bool openStartupDefaults(bool withExample);
    bool openExperimentFile(const QString& fileName); // false (and a message) on failure
    bool saveExperimentFile(const QString& fileName);
    // Puts an experiment's settings into the panels (prompts, answers, component, options).
    void applySpec(const ExperimentSpec& spec);
    // The experiment the panels describe now (kind: patching or tracing).
    ExperimentSpec currentSpec(const std::string& kind) const; // a registered kind's name
    void startPatch();
    void startTrace();
    void startLogitLens();
    // Runs a kind from the Run menu by its name ("attention_patterns", ...); false when there is
    // no such entry (the blocker, if any, is shown as for the menu).
    bool startKind(const std::string& kind);
    void cancelRun();
    void runIntervention();
    void compareResults(int a, int b); // adds the difference map a − b
    void showResult(int index);
    // Without asking first (tests, scripted screenshots): unsaved results may be discarded.
    void setAskBeforeDiscarding(bool ask) { askBeforeDiscarding_ = ask; }
    bool hasUnsavedResults() const { return dirty_; }
    // View ▸ Reset Layout: every panel back in its place at a size that reads.
    void resetLayout();
    // Whether the docks are wide and tall enough to read (a restored layout must be).
    bool layoutIsSane() const { return layoutProblem().isEmpty(); }
    QString layoutProblem() const; // what is too small, for messages and tests
    // The trace subject as text (found again in the prompt on every edit), empty when none.
    QString subjectText() const { return subjectText_; }
    // Why a stored result cannot be probed with the open model (empty when it can).
    QString modelMismatch(const StoredResult& stored) const;
    QUndoStack* undoStack() const { return undoStack_; }
    QLabel* subjectLabel() const { return subjectLabel_; }
    QLabel* errorBanner() const { return errorBanner_; }
    QSpinBox* samplesSpin() const { return samplesSpin_; }
    QCheckBox* normalizedCheck() const { return normalizedCheck_; }
    // Exports without a file dialog (tests, scripts).
    bool exportCsvTo(const QString& fileName);
    bool exportImageTo(const QString& fileName, bool withCaption);
    bool exportPyveneConfigTo(const QString& folder); // creates the folder; one selected cell
    // The Intervene dock's intervention on the selected cells as a pyvene save() folder, and back.
    bool saveInterventionFolderTo(const QString& folder, const QString& pyveneVersion);
    bool loadInterventionFolderFrom(const QString& folder);
    bool saveCollectedTo(const QString& path);
    // The text shown in Help ▸ Keyboard Shortcuts.
    QString shortcutsText() const;
    void removeResults(QList<int> rows); // undoable: Edit ▸ Undo brings them back

    Session* session() const { return session_; }
    widgets::PromptEditor* cleanEditor() const { return cleanEditor_; }
    widgets::PromptEditor* corruptedEditor() const { return corruptedEditor_; }
    QLineEdit* correctEdit() const { return correctEdit_; }
    QLineEdit* incorrectEdit() const { return incorrectEdit_; }
    // The cells chosen on the maps for the next run (sorted); the grid is layers x tokens (or heads).
    QVector<widgets::GridCell> selectedCells() const;
    void setSelectedCells(const QVector<widgets::GridCell>& cells); // undoable, like a selection on the map
    QStringList gridColumns() const { return gridColumns_; }
    int gridRowCount() const { return static_cast<int>(gridRows_.size()); }
    QComboBox* componentBox() const { return componentBox_; }
    QComboBox* metricBox() const { return metricBox_; }
    InterventionPanel* interventionPanel() const { return interventionPanel_; }
    QComboBox* interventionBox() const;
    QSpinBox* generateSpin() const;
    QPushButton* patchButton() const { return patchButton_; }
    QPushButton* traceButton() const { return traceButton_; }
    QPushButton* interveneButton() const;
    QPushButton* cancelButton() const { return cancelButton_; }
    QProgressBar* progressBar() const { return progress_; }
    QLabel* progressLabel() const { return progressLabel_; }
    QTabWidget* mapTabs() const { return mapTabs_; }
    widgets::HeatmapView* heatmap(int tab = -1) const; // -1: the current tab
    widgets::PredictionsView* predictions() const { return predictions_; }
    widgets::PredictionsView* interventionPredictions() const { return interventionPredictions_; }
    QPlainTextEdit* cleanContinuation() const { return cleanContinuation_; }
    QPlainTextEdit* intervenedContinuation() const { return intervenedContinuation_; }
    QListWidget* resultList() const { return resultList_; }
    QLabel* modelStatus() const { return modelStatus_; }
    QLabel* runStatus() const { return runStatus_; }
    QLabel* cellStatus() const { return cellStatus_; }
    widgets::HeatmapView* cellDetail() const { return cellDetail_; } // a clicked head's attention pattern
    QLabel* findingsLabel() const { return findingsLabel_; }
    QComboBox* headSummaryBox() const { return headSummaryBox_; }
    QSpinBox* exactTopKSpin() const { return exactTopKSpin_; }
    QAction* kindAction(const std::string& kind) const; // a Run menu entry of kindActions_, or null
    const QVector<StoredResult>& results() const { return results_; }
    int shownResult() const { return shown_; }
    QString lastError() const { return lastError_; }

Q_SIGNALS:
    void modelReady();                   // a model opened and the panels show it
    void modelLoadFailed(const QString& message);
    void resultShown(int index);
    void runCompleted(int index);        // a sweep finished (or was cancelled) and is in the list
    void predictionsShown();             // a clicked cell's predictions are on screen
    void interventionShown();            // a single intervention's output is on screen
    void errorShown(const QString& message);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void buildActions();
    void buildUi();
    QWidget* buildModelPanel();
    QWidget* buildPromptPanel();
    QWidget* buildGridPanel();
    QWidget* buildResultsPanel();
    QWidget* buildInterventionPanel();
    QWidget* buildEmptyPage();
    void readSettings();
    void writeSettings();
    void applySettings();

    void onModelOpened(const ModelInfo& info);
    void onModelFailed(const QString& folder, const QString& message);
    void onRunProgress(int job, const ExperimentResult& partial);
    void onRunFinished(int job, const ExperimentResult& result);
    void onRunFailed(int job, const QString& message);
    void settleStaleRun();
    void onHeatmapCellClicked(int row, int col);
    void onSingleFinished(int job, const SingleResult& result);
    void onProbeFinished(int job, const CellProbe& probe);
    // The Intervene dock's choices on the selected cells, base and source by the direction.
    SingleRequest interventionRequest() const;
    QString askNewFolder(const QString& title, const QString& suggestedName);
    bool makeNewFolder(const QString& folder);

    void retokenize();
    void updateGridAxes();
    bool resultMatchesGrid(const StoredResult& stored) const; // its maps are the grid of the next run
    void applyMarks(widgets::HeatmapView* view);              // the selection, where the shape fits
    void onMapSelectionChanged(widgets::HeatmapView* view);
    void updateRunButtons();
    void updateSelectionLabel();
    void updateProgress(const ExperimentResult& partial);
    void setBusy(bool running);
    // Prepares and starts a patching or tracing sweep, or shows why it cannot run.
    void startSweep(const std::string& kind, const QString& blocker);
    void refreshResultList();
    void displayResult(const StoredResult& stored, bool keepTab);
    void streamValues(const ExperimentResult& partial);
    QString patchBlocker() const;
    QString traceBlocker() const;
    QString lensBlocker() const;
    QString interveneBlocker() const;
    // The workbench side of an experiment kind: fill a spec from the controls, show a spec in
    // them, and what clicking a cell of its result does (null = nothing). Kinds without one
    // get no controls of their own.
    struct KindPanel {
        std::function<void(ExperimentSpec&)> fill;
        std::function<void(const ExperimentSpec&)> apply;
        // Shows a clicked cell itself; when unset the kind's core probe recomputes it.
        std::function<void(const StoredResult&, const Heatmap&, int layer, int column)> probe;
    };
    void registerKindPanels();
    // Attention patterns, direct logit attribution and attribution patching (kind_panels_analysis.cpp):
    // their panels, their option rows in the Options box, their Run menu entries.
    void registerAnalysisKindPanels();
    void addAnalysisKindOptions(QFormLayout* options);
    void addAnalysisKindActions(QMenu* run);
    QString singlePromptBlocker(const std::string& kind) const; // a one-prompt kind: why it cannot run now
    // The clicked-cell pane shows either predictions or a kind's own map (an attention pattern).
    void showCellDetail(const widgets::HeatmapData* detail);
    const KindPanel& panelFor(const std::string& kind) const;
    std::map<std::string, KindPanel> panels_;
    struct KindAction {
        std::string kind;
        QAction* action;
        std::function<QString()> blocker; // why it cannot run now (empty: it can)
    };
    QVector<KindAction> kindActions_; // Run menu entries of the kinds without a button
    QComboBox* headSummaryBox_ = nullptr;  // attention patterns: what colours the grid of heads
    QSpinBox* exactTopKSpin_ = nullptr;    // attribution patching: cells checked exactly
    widgets::HeatmapView* cellDetail_ = nullptr; // in the clicked-cell pane, instead of predictions
    QLabel* findingsLabel_ = nullptr;            // under the maps: ResultHints::findings
    void showError(const QString& message);
    void clearError();
    bool maybeKeepResults(); // false: the user cancelled
    // Runs `apply` now, and again once `folder` has opened when it is not the open model (the
    // panels need its tokenizer and components).
    void applyWithModel(const QString& folder, const std::function<void()>& apply);
    void addRecent(const QString& key, const QString& path);
    void rebuildRecentMenus();
    void rebuildExamplesMenu();
    bool isHeadComponent(const QString& component) const;

    // Exports of the shown result / map.
    void exportImage();
    void exportCsv();
    void exportJson();
    void exportPyveneScript();
    void exportPyveneConfig();
    void saveExperimentAs();
    void saveExperiment();
    void openExperimentDialog();
    void openModelDialog();
    void showPreferences();
    void showAbout();
    void showShortcuts();
    void showUserGuide();
    // The open model's answer text for a result's token id, or the result's own saved text.
    QString answerText(const StoredResult& stored, int64_t id, const std::string& saved) const;
    QString captionFor(const StoredResult& stored) const;
    QString describeClickedCell() const; // "layer 3 · token “ Paris” (5) · MLP"

    QString subjectTextOf(int begin, int end) const; // the prompt's text under clean tokens [begin, end)
    void setSubjectFromSelection(int begin, int end);
    void resolveSubject(); // subjectText_ -> chip selection, or a message when it is gone
    void recordPromptEdit(widgets::PromptEditor* editor); // undoable
    void recordSelectionChange();        // undoable
    void restoreDockSizes();

    Session* session_;
    QStackedWidget* pages_ = nullptr;
    // model panel
    QLabel* modelStatus_ = nullptr;
    QLabel* errorBanner_ = nullptr;
    QLabel* modelFolderLabel_ = nullptr;
    QVector<QLabel*> infoValues_;
    // prompts
    widgets::PromptEditor* cleanEditor_ = nullptr;
    widgets::PromptEditor* corruptedEditor_ = nullptr;
    QLineEdit* correctEdit_ = nullptr;
    QLineEdit* incorrectEdit_ = nullptr;
    QLabel* subjectLabel_ = nullptr;
    QComboBox* metricBox_ = nullptr;
    QComboBox* directionBox_ = nullptr;
    QSpinBox* samplesSpin_ = nullptr;
    QDoubleSpinBox* noiseSpin_ = nullptr;
    QSpinBox* windowSpin_ = nullptr;
    QSpinBox* seedSpin_ = nullptr;
    QWidget* promptFooter_ = nullptr; // the Run buttons and why they are disabled
    QPushButton* patchButton_ = nullptr;
    QPushButton* traceButton_ = nullptr;
    QLabel* runStatus_ = nullptr;
    // grid
    QComboBox* componentBox_ = nullptr;
    QStringList gridRows_, gridColumns_;      // the next run's grid
    QVector<widgets::GridCell> selection_;    // chosen on the maps
    QLabel* selectionLabel_ = nullptr;
    // results
    QTabWidget* mapTabs_ = nullptr;
    QVector<widgets::HeatmapView*> maps_;
    QCheckBox* normalizedCheck_ = nullptr;
    widgets::PredictionsView* predictions_ = nullptr;
    QLabel* cellStatus_ = nullptr;
    QListWidget* resultList_ = nullptr;
    QPushButton* compareButton_ = nullptr;
    QPushButton* removeButton_ = nullptr;
    // intervention
    InterventionPanel* interventionPanel_ = nullptr;
    widgets::PredictionsView* interventionPredictions_ = nullptr;
    QPlainTextEdit* cleanContinuation_ = nullptr;
    QPlainTextEdit* intervenedContinuation_ = nullptr;
    // status bar
    QProgressBar* progress_ = nullptr;
    QLabel* progressLabel_ = nullptr;
    QPushButton* cancelButton_ = nullptr;
    // actions
    QAction* openModelAction_ = nullptr;
    QAction* patchAction_ = nullptr;
    QAction* traceAction_ = nullptr;
    QAction* lensAction_ = nullptr;
    QAction* cancelAction_ = nullptr;
    QAction* interveneAction_ = nullptr;
    QAction* saveAction_ = nullptr;
    QMenu* recentModelsMenu_ = nullptr;
    QMenu* recentExperimentsMenu_ = nullptr;
    QMenu* examplesMenu_ = nullptr;

    TokenizedPrompt cleanTokens_, corruptedTokens_;
    QVector<StoredResult> results_;
    int shown_ = -1;        // index into results_
    int runningIndex_ = -1; // the result being filled by the current run
    int runJob_ = 0;
    QElapsedTimer runClock_;
    int clickedRow_ = -1, clickedCol_ = -1;
    int cellJob_ = 0, interveneJob_ = 0;
    QString experimentFile_;
    std::optional<std::pair<int64_t, int64_t>> pendingSubjectTokens_;
    QString subjectText_;    // the trace subject; positions are re-derived on every tokenization
    bool applyingSubject_ = false;
    QUndoStack* undoStack_ = nullptr;
    QString promptBefore_[2]; // clean, corrupted: the text before the current edit (for undo)
    bool applyingUndo_ = false;
    QLabel* exampleBanner_ = nullptr; // an opened experiment's title
    QList<QDockWidget*> docks_;
    QSplitter* resultsSplit_ = nullptr; // maps | predictions; turns vertical when narrow
    QTabWidget* predictionTabs_ = nullptr; // a clicked cell's predictions, the intervention's
    bool layoutChecked_ = false;   // the first show checks a restored layout once
    QString experimentTitle_;      // an opened experiment's title (shown above the maps, saved again)
    QVector<widgets::GridCell> selectionBefore_; // for undoing selection changes
    bool dirty_ = false;
    bool askBeforeDiscarding_ = true;
    QString lastError_;
    // settings
    int threads_ = 0;
    QString signedMap_ = QStringLiteral("diverging");
    QString unsignedMap_ = QStringLiteral("viridis");
    bool romeColors_ = true;
};

} // namespace causeway::app
