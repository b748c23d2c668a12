#pragma once
// The workbench window: model panel, prompts, the token x layer grid, heatmaps of results,
// predictions of a clicked cell, single interventions with generation, a list of results.
// All model work goes through the Session (background jobs; the window never waits on them).
// The panels are their own widgets (model_panel.h, prompts_panel.h, grid_panel.h,
// predictions_panel.h, results_list_panel.h, intervention_panel.h) and the results live in a
// ResultStore; the window wires them together, runs the experiments and handles files.
#include "grid_panel.h"
#include "model_panel.h"
#include "predictions_panel.h"
#include "prompts_panel.h"
#include "result_store.h"
#include "results_list_panel.h"
#include "session.h"
#include "gridcell.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <QVector>

#include <map>

class QAction;
class QCheckBox;
class QComboBox;
class QDockWidget;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QMenu;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
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
    bool hasUnsavedResults() const { return store_->isDirty(); }
    // View ▸ Reset Layout: every panel back in its place at a size that reads.
    void resetLayout();
    // Whether the docks are wide and tall enough to read (a restored layout must be).
    bool layoutIsSane() const { return layoutProblem().isEmpty(); }
    QString layoutProblem() const; // what is too small, for messages and tests
    // The trace subject as text (found again in the prompt on every edit), empty when none.
    QString subjectText() const { return prompts_->subjectText(); }
    // Why a stored result cannot be probed with the open model (empty when it can).
    QString modelMismatch(const StoredResult& stored) const;
    QUndoStack* undoStack() const { return undoStack_; }
    QLabel* subjectLabel() const { return prompts_->subjectLabel(); }
    QLabel* errorBanner() const { return modelPanel_->errorBanner(); }
    QSpinBox* samplesSpin() const { return prompts_->samplesSpin(); }
    QCheckBox* normalizedCheck() const { return grid_->normalizedCheck(); }
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
    widgets::PromptEditor* cleanEditor() const { return prompts_->cleanEditor(); }
    widgets::PromptEditor* corruptedEditor() const { return prompts_->corruptedEditor(); }
    QLineEdit* correctEdit() const { return prompts_->correctEdit(); }
    QLineEdit* incorrectEdit() const { return prompts_->incorrectEdit(); }
    // The cells chosen on the maps for the next run (sorted); the grid is layers x tokens (or heads).
    QVector<widgets::GridCell> selectedCells() const { return grid_->selectedCells(); }
    // Undoable, like a selection on the map.
    void setSelectedCells(const QVector<widgets::GridCell>& cells) { grid_->setSelectedCells(cells); }
    QStringList gridColumns() const { return grid_->columns(); }
    int gridRowCount() const { return static_cast<int>(grid_->rows().size()); }
    QComboBox* componentBox() const { return grid_->componentBox(); }
    QComboBox* metricBox() const { return prompts_->metricBox(); }
    InterventionPanel* interventionPanel() const { return interventionPanel_; }
    QComboBox* interventionBox() const;
    QSpinBox* generateSpin() const;
    QPushButton* patchButton() const { return prompts_->patchButton(); }
    QPushButton* traceButton() const { return prompts_->traceButton(); }
    QPushButton* interveneButton() const;
    QPushButton* cancelButton() const { return cancelButton_; }
    QProgressBar* progressBar() const { return progress_; }
    QLabel* progressLabel() const { return progressLabel_; }
    QTabWidget* mapTabs() const { return grid_->mapTabs(); }
    widgets::HeatmapView* heatmap(int tab = -1) const { return grid_->heatmap(tab); } // -1: the current tab
    widgets::PredictionsView* predictions() const { return predictionsPanel_->predictions(); }
    widgets::PredictionsView* interventionPredictions() const { return predictionsPanel_->interventionPredictions(); }
    QPlainTextEdit* cleanContinuation() const { return predictionsPanel_->cleanContinuation(); }
    QPlainTextEdit* intervenedContinuation() const { return predictionsPanel_->intervenedContinuation(); }
    QListWidget* resultList() const { return resultsPanel_->list(); }
    QLabel* modelStatus() const { return modelPanel_->statusLabel(); }
    QLabel* runStatus() const { return prompts_->runStatus(); }
    QLabel* cellStatus() const { return predictionsPanel_->cellStatus(); }
    widgets::HeatmapView* cellDetail() const { return predictionsPanel_->cellDetail(); } // a clicked head's attention pattern
    QLabel* findingsLabel() const { return grid_->findingsLabel(); }
    QComboBox* headSummaryBox() const { return headSummaryBox_; }
    QSpinBox* exactTopKSpin() const { return exactTopKSpin_; }
    QAction* kindAction(const std::string& kind) const; // a Run menu entry of kindActions_, or null
    const QVector<StoredResult>& results() const { return store_->results(); }
    int shownResult() const { return store_->shown(); }
    ResultStore* resultStore() const { return store_; }
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

private:
    // mainwindow.cpp: the docks and the panels' wiring; the model, runs and results.
    void buildUi();
    QWidget* buildEmptyPage();
    void buildInterventionPanel();
    void onModelOpened(const ModelInfo& info);
    void onModelFailed(const QString& folder, const QString& message);
    void onRunProgress(int job, const ExperimentResult& partial);
    void onRunFinished(int job, const ExperimentResult& result);
    void onRunFailed(int job, const QString& message);
    void settleStaleRun();
    void updateGridAxes();
    void updateRunButtons();
    void updateProgress(const ExperimentResult& partial);
    void setBusy(bool running);
    // Prepares and starts a sweep of a kind, or shows why it cannot run.
    void startSweep(const std::string& kind, const QString& blocker);
    void refreshResultList();
    void reshowAfterRemoval();
    void displayResult(const StoredResult& stored, bool keepTab);
    void showError(const QString& message);
    void clearError();
    void restoreDockSizes();

    // mainwindow_cells.cpp: a clicked cell's predictions, single interventions, what a result
    // is and which model it belongs to.
    void onHeatmapCellClicked(int row, int col);
    void clearClickedCell();
    void onSingleFinished(int job, const SingleResult& result);
    void onProbeFinished(int job, const CellProbe& probe);
    // The Intervene dock's choices on the selected cells, base and source by the direction.
    SingleRequest interventionRequest() const;
    // The open model's answer text for a result's token id, or the result's own saved text.
    QString answerText(const StoredResult& stored, int64_t id, const std::string& saved) const;
    QString captionFor(const StoredResult& stored) const;
    QString describeClickedCell() const; // "layer 3 · token “ Paris” (5) · MLP"

    // kind_panels.cpp: the blockers of the Run entries, and each kind's side of the panels.
    QString sessionBlocker(bool needsIdle) const; // no model yet, or (needsIdle) a run going on
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

    // mainwindow_actions.cpp: menus, settings, files, exports, help, window events.
    void buildActions();
    void readSettings();
    void writeSettings();
    void applySettings();
    bool maybeKeepResults(); // false: the user cancelled
    // Runs `apply` now, and again once `folder` has opened when it is not the open model (the
    // panels need its tokenizer and components).
    void applyWithModel(const QString& folder, const std::function<void()>& apply);
    void addRecent(const QString& key, const QString& path);
    void rebuildRecentMenus();
    void rebuildExamplesMenu();
    QString askNewFolder(const QString& title, const QString& suggestedName);
    bool makeNewFolder(const QString& folder);
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

    Session* session_;
    ResultStore* store_; // the results, which one is shown, which one a run fills
    QUndoStack* undoStack_ = nullptr;
    QStackedWidget* pages_ = nullptr;
    ModelPanel* modelPanel_ = nullptr;
    PromptsPanel* prompts_ = nullptr;
    PredictionsPanel* predictionsPanel_ = nullptr;
    GridPanel* grid_ = nullptr;
    ResultsListPanel* resultsPanel_ = nullptr;
    InterventionPanel* interventionPanel_ = nullptr;
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

    int runJob_ = 0;
    QElapsedTimer runClock_;
    int cellJob_ = 0, interveneJob_ = 0;
    QString experimentFile_;
    QList<QDockWidget*> docks_;
    bool layoutChecked_ = false;   // the first show checks a restored layout once
    QString experimentTitle_;      // an opened experiment's title (shown above the maps, saved again)
    bool askBeforeDiscarding_ = true;
    QString lastError_;
    int threads_ = 0; // from the settings
};

} // namespace causeway::app
