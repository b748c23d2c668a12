// MainWindow and the cells: a clicked cell's predictions, single interventions on the selected
// cells (and their pyvene folders), and which model a stored result belongs to.
#include "mainwindow.h"
#include "std_text.h"

#include "intervention_panel.h"
#include "kind_text.h"
#include "runoutcome.h"

#include "experiments/kind.h"
#include "heatmapview.h"
#include "predictionsview.h"

#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QStatusBar>
#include <QTabWidget>

#include <cmath>

namespace causeway::app {

void MainWindow::onHeatmapCellClicked(int row, int col) {
    if (store_->shown() < 0) return;
    const StoredResult& stored = store_->at(store_->shown());
    const ExperimentResult& r = stored.result;
    const int tab = mapTabs()->currentIndex();
    if (tab < 0 || tab >= static_cast<int>(r.maps.size())) return;
    const Heatmap& h = r.maps[static_cast<std::size_t>(tab)];
    grid_->setClickedCell(row, col);
    predictionsPanel_->setCurrentIndex(0);
    predictionsPanel_->showCellDetail(nullptr);
    grid_->showCurrentCell(tab, row, col);
    if (stored.difference) {
        cellStatus()->setText(tr("A difference map has no run of its own; click a cell of one of the two results."));
        return;
    }
    if (!session_->hasModel()) {
        cellStatus()->setText(tr("Open the experiment's model to see predictions."));
        return;
    }
    if (const QString mismatch = modelMismatch(stored); !mismatch.isEmpty()) {
        // Never probe a result through other weights: say so, and offer to reopen its model.
        predictions()->clear();
        predictions()->setMessage(tr("Computed on another model"));
        cellStatus()->setText(stored.modelFolder.isEmpty() || !QFileInfo(stored.modelFolder).isDir()
                                 ? mismatch
                                 : tr("%1 <a href=\"reopen:%2\">Reopen %3</a> to see this cell's predictions.")
                                       .arg(mismatch.toHtmlEscaped(), stored.modelFolder.toHtmlEscaped(), stored.modelName.toHtmlEscaped()));
        return;
    }
    if (row < 0 || col < 0 || row >= static_cast<int>(h.rowLayers.size()) || col >= static_cast<int>(h.columnLabels.size())) return;
    const int layer = h.rowLayers[static_cast<std::size_t>(row)];
    const QString colLabel = q(h.columnLabels[static_cast<std::size_t>(col)]);
    cellStatus()->setText(tr("Computing layer %1, %2 %3 \u201c%4\u201d…").arg(layer).arg(h.columnAxis == "head" ? tr("head") : tr("token")).arg(col).arg(colLabel));
    // The kind recomputes the cell (core/workbench probeCell) unless its panel shows it itself.
    const KindPanel& panel = panelFor(r.spec.kind);
    if (panel.probe) panel.probe(stored, h, layer, col);
    else cellJob_ = session_->runProbe(r, tab, layer, col);
}

void MainWindow::onSingleFinished(int job, const SingleResult& result) {
    if (job != interveneJob_) return;
    clearError();
    predictionsPanel_->showIntervention(result, interventionPanel_->usesSource(), !prompts_->isNoising());
    const LoadedIntervention* loaded = interventionPanel_->loaded();
    QString status = tr("%1 on %n cell(s) in %2 s.", nullptr, static_cast<int>(selectedCells().size()))
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
    if (job != cellJob_ || store_->shown() < 0 || grid_->clickedRow() < 0) return;
    const StoredResult& stored = store_->at(store_->shown());
    const ExperimentResult& r = stored.result;
    QStringList answers;
    for (int64_t id : probe.answers)
        answers << answerText(stored, id, id == r.correctToken ? r.correctTokenText : id == r.incorrectToken ? r.incorrectTokenText : std::string());
    clearError();
    const double shownValue = heatmap() ? heatmap()->valueAt(grid_->clickedRow(), grid_->clickedCol()) : qQNaN();
    predictionsPanel_->showProbe(probe, describeClickedCell(), answers, shownValue);
    Q_EMIT predictionsShown();
}

SingleRequest MainWindow::interventionRequest() const {
    const bool denoising = !prompts_->isNoising();
    const TokenizedPrompt &clean = prompts_->cleanTokens(), &corrupted = prompts_->corruptedTokens();
    SingleRequest s;
    if (interventionPanel_->usesSource()) {
        s.baseIds = denoising ? corrupted.idVector() : clean.idVector();
        s.sourceIds = denoising ? clean.idVector() : corrupted.idVector();
    } else {
        s.baseIds = clean.idVector();
    }
    s.cleanIds = clean.idVector();
    s.component = componentBox()->currentText();
    s.perHead = session_->modelInfo().headComponents.contains(s.component);
    for (const widgets::GridCell& c : selectedCells()) s.cells.push_back({c.row, c.col});
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
    const int component = componentBox()->findText(loaded.component);
    if (component < 0) {
        showError(tr("The folder's intervention acts on %1, which the open model's map does not offer.").arg(loaded.component));
        return false;
    }
    componentBox()->setCurrentIndex(component);
    // Keep the cells already picked in the folder's layers; elsewhere start from the last token (or head 0).
    QVector<widgets::GridCell> cells;
    for (const widgets::GridCell& c : selectedCells())
        if (loaded.layers.contains(c.row)) cells.push_back(c);
    const QStringList columns = gridColumns();
    for (int layer : loaded.layers) {
        bool any = false;
        for (const widgets::GridCell& c : cells) any |= c.row == layer;
        if (!any && !columns.isEmpty()) cells.push_back({layer, loaded.perHead ? 0 : static_cast<int>(columns.size()) - 1});
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
    const int row = grid_->clickedRow(), col = grid_->clickedCol();
    if (store_->shown() < 0 || row < 0) return {};
    const ExperimentResult& r = store_->at(store_->shown()).result;
    const int tab = std::max(0, mapTabs()->currentIndex());
    if (tab >= static_cast<int>(r.maps.size())) return {};
    const Heatmap& h = r.maps[static_cast<std::size_t>(tab)];
    if (row >= static_cast<int>(h.rowLayers.size()) || col >= static_cast<int>(h.columnLabels.size())) return {};
    const QString column = h.columnAxis == "head" ? tr("head %1").arg(col)
                                                  : tr("\u201c%1\u201d (%2)").arg(q(h.columnLabels[static_cast<std::size_t>(col)])).arg(col);
    return tr("layer %1 · %2 · %3").arg(h.rowLayers[static_cast<std::size_t>(row)]).arg(column, mapTabs()->tabText(tab));
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

} // namespace causeway::app
