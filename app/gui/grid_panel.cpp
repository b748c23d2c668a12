#include "grid_panel.h"
#include "std_text.h"

#include "function_command.h"
#include "kind_text.h"

#include "experiments/kind.h"
#include "heatmapview.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QSplitter>
#include <QTabWidget>
#include <QUndoStack>
#include <QVBoxLayout>

namespace causeway::app {

GridPanel::GridPanel(const Session* session, QUndoStack* undo, QWidget* parent)
    : QWidget(parent), session_(session), undo_(undo) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    // Cells are picked on the heatmap itself: the component bar sits above the maps.
    auto* barPane = new QWidget(this);
    auto* barLayout = new QVBoxLayout(barPane);
    barLayout->setContentsMargins(6, 6, 6, 0);
    auto* bar = new QHBoxLayout;
    auto* label = new QLabel(tr("&Component:"), barPane);
    componentBox_ = new QComboBox(barPane);
    componentBox_->setMinimumContentsLength(22);
    componentBox_->setToolTip(tr("The site patched: a component at each (layer, token), or per head for head components"));
    label->setBuddy(componentBox_);
    selectionLabel_ = new QLabel(barPane);
    selectionLabel_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    selectionLabel_->setWordWrap(true);
    auto* clear = new QPushButton(tr("Clear Selection"), barPane);
    bar->addWidget(label);
    bar->addWidget(componentBox_);
    bar->addSpacing(12);
    bar->addWidget(selectionLabel_, 1);
    bar->addWidget(clear);
    barLayout->addLayout(bar);
    connect(clear, &QPushButton::clicked, this, [this] { setSelectedCells({}); });
    connect(componentBox_, &QComboBox::currentTextChanged, this, &GridPanel::componentChanged);
    layout->addWidget(barPane);

    split_ = new QSplitter(Qt::Horizontal, this);
    auto* left = new QWidget(split_);
    auto* ll = new QVBoxLayout(left);
    ll->setContentsMargins(6, 0, 0, 6);
    titleBanner_ = new QLabel(left);
    titleBanner_->setWordWrap(true);
    titleBanner_->setTextFormat(Qt::RichText);
    titleBanner_->setStyleSheet(QStringLiteral("font-weight: bold; padding: 4px 2px;"));
    titleBanner_->setVisible(false);
    ll->addWidget(titleBanner_);
    mapTabs_ = new QTabWidget(left);
    mapTabs_->setDocumentMode(true);
    // Predictions belong to one cell of one map: another tab must not keep showing them.
    connect(mapTabs_, &QTabWidget::currentChanged, this, [this] {
        if (clickedRow_ < 0) return;
        clickedRow_ = clickedCol_ = -1;
        for (widgets::HeatmapView* view : maps_) view->setCurrentCell(-1, -1);
        Q_EMIT clickedCellCleared();
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
    connect(normalizedCheck_, &QCheckBox::toggled, this, &GridPanel::normalizedToggled);

    split_->addWidget(left);
    split_->setChildrenCollapsible(false);
    split_->installEventFilter(this);
    layout->addWidget(split_, 1);
    display(StoredResult{}, false, -1, -1);
}

void GridPanel::setSidePane(QWidget* side) {
    split_->addWidget(side);
    split_->setStretchFactor(0, 3);
    split_->setStretchFactor(1, 2);
}

bool GridPanel::eventFilter(QObject* watched, QEvent* event) {
    if (watched == split_ && event->type() == QEvent::Resize) {
        // Predictions need about 300 px a run to show whole tokens: beside the map on a wide
        // centre, under it on a narrower one.
        const Qt::Orientation want = split_->width() >= 1250 ? Qt::Horizontal : Qt::Vertical;
        if (split_->orientation() != want) {
            split_->setOrientation(want);
            const int total = want == Qt::Horizontal ? split_->width() : split_->height();
            split_->setSizes(want == Qt::Horizontal ? QList<int>{total * 62 / 100, total * 38 / 100} : QList<int>{total * 55 / 100, total * 45 / 100});
        }
    }
    return QWidget::eventFilter(watched, event);
}

bool GridPanel::isHeadComponent() const { return session_->modelInfo().headComponents.contains(componentBox_->currentText()); }

void GridPanel::updateAxes(const QStringList& tokens) {
    // The grid the next run computes: layers x tokens (or heads), shown on the maps.
    const ModelInfo& info = session_->modelInfo();
    QStringList rows;
    for (int l = 0; l < info.layers; ++l) rows << QString::number(l);
    QStringList cols;
    if (isHeadComponent())
        for (int h = 0; h < info.heads; ++h) cols << QStringLiteral("H%1").arg(h);
    else
        cols = tokens;
    const bool changed = rows != rows_ || cols != columns_;
    rows_ = rows;
    columns_ = cols;
    if (changed) {
        // Cells of another grid mean nothing here.
        QVector<widgets::GridCell> kept;
        for (const widgets::GridCell& c : selection_)
            if (c.row < rows.size() && c.col < cols.size()) kept.push_back(c);
        selection_ = kept;
        selectionBefore_ = kept;
    }
}

bool GridPanel::matchesGrid(const StoredResult& stored) const {
    if (stored.result.maps.empty()) return false;
    const Heatmap& h = stored.result.maps.front();
    return h.rows == rows_.size() && h.cols == columns_.size() && qList(h.columnLabels) == columns_;
}

void GridPanel::applyMarks(widgets::HeatmapView* view) {
    const bool sameShape = view->data().rows == rows_.size() && view->data().cols == columns_.size();
    view->setSelectedCells(sameShape ? selection_ : QVector<widgets::GridCell>{});
}

void GridPanel::refreshMarks() {
    for (widgets::HeatmapView* view : maps_) applyMarks(view);
}

void GridPanel::setSelectedCells(const QVector<widgets::GridCell>& cells) {
    QVector<widgets::GridCell> valid;
    for (const widgets::GridCell& c : cells)
        if (c.row >= 0 && c.col >= 0 && c.row < rows_.size() && c.col < columns_.size()) valid.push_back(c);
    std::sort(valid.begin(), valid.end());
    valid.erase(std::unique(valid.begin(), valid.end()), valid.end());
    selection_ = valid;
    refreshMarks();
    recordSelectionChange();
    updateSelectionLabel();
    Q_EMIT selectionChanged();
}

void GridPanel::selectAll() {
    QVector<widgets::GridCell> all;
    for (int r = 0; r < rows_.size(); ++r)
        for (int c = 0; c < columns_.size(); ++c) all.push_back({r, c});
    setSelectedCells(all);
}

void GridPanel::onMapSelectionChanged(widgets::HeatmapView* view) {
    // A map of another grid (an older result) selects only on itself.
    if (view->data().rows != rows_.size() || view->data().cols != columns_.size()) return;
    setSelectedCells(view->selectedCells());
}

void GridPanel::recordSelectionChange() {
    const QVector<widgets::GridCell> before = selectionBefore_, after = selection_;
    selectionBefore_ = after;
    if (applyingUndo_ || before == after) return;
    auto apply = [this](const QVector<widgets::GridCell>& cells) {
        const QScopedValueRollback<bool> undoing(applyingUndo_, true);
        setSelectedCells(cells);
        selectionBefore_ = selection_;
    };
    // One drag is one step: changes within half a second merge.
    undo_->push(new FunctionCommand(tr("Select cells"), [apply, before] { apply(before); }, [apply, after] { apply(after); }, true, 200,
                                    [](const FunctionCommand& self, const FunctionCommand& next) { return next.stamp() - self.stamp() < 500; }));
}

void GridPanel::updateSelectionLabel() {
    const int total = static_cast<int>(rows_.size() * columns_.size());
    const int n = static_cast<int>(selection_.size());
    if (total == 0)
        selectionLabel_->setText(tr("Type a prompt to fill the grid."));
    else if (n == 0)
        selectionLabel_->setText(tr("No cells selected: a sweep computes all %1 cells. Click or drag on the map to choose.").arg(total));
    else
        selectionLabel_->setText(tr("%1 of %2 cells selected: a sweep computes these; Intervene patches them.").arg(n).arg(total));
}

widgets::HeatmapView* GridPanel::heatmap(int tab) const {
    const int i = tab < 0 ? mapTabs_->currentIndex() : tab;
    return i >= 0 && i < maps_.size() ? maps_[i] : nullptr;
}

bool GridPanel::showsNormalized() const { return normalizedCheck_->isChecked() && normalizedCheck_->isEnabled(); }

void GridPanel::setTitle(const QString& title) {
    titleBanner_->setText(title.toHtmlEscaped());
    titleBanner_->setVisible(!title.isEmpty());
}

void GridPanel::setColorMaps(const QString& signedMap, const QString& unsignedMap, bool romeColors) {
    signedMap_ = signedMap;
    unsignedMap_ = unsignedMap;
    romeColors_ = romeColors;
}

void GridPanel::showCurrentCell(int tab, int row, int col) {
    for (int i = 0; i < maps_.size(); ++i) maps_[i]->setCurrentCell(i == tab ? row : -1, col);
}

void GridPanel::addMap() {
    auto* view = new widgets::HeatmapView(mapTabs_);
    const int index = static_cast<int>(maps_.size());
    connect(view, &widgets::HeatmapView::cellClicked, this, [this, index](int row, int col) {
        if (mapTabs_->currentIndex() != index) mapTabs_->setCurrentIndex(index);
        Q_EMIT cellClicked(row, col);
    });
    connect(view, &widgets::HeatmapView::currentCellChanged, this, [this, index](int row, int col) {
        if (mapTabs_->currentIndex() == index) Q_EMIT cellClicked(row, col);
    });
    connect(view, &widgets::HeatmapView::selectionChanged, this, [this, view] { onMapSelectionChanged(view); });
    connect(view, &widgets::HeatmapView::cellHovered, this, [this, view](int row, int col) {
        Q_EMIT hovered(row >= 0 ? view->describeCell(row, col).replace(QLatin1Char('\n'), QStringLiteral(" · ")) : QString());
    });
    maps_.push_back(view);
    mapTabs_->addTab(view, QString());
}

void GridPanel::display(const StoredResult& stored, bool keepTab, int subjectBegin, int subjectEnd) {
    const ExperimentResult& r = stored.result;
    const int tab = mapTabs_->currentIndex();
    const int count = static_cast<int>(r.maps.size());
    while (maps_.size() > std::max(count, 1)) {
        delete maps_.takeLast();
    }
    while (maps_.size() < std::max(count, 1)) addMap();
    const ResultHints hints = count > 0 ? kindOf(r.spec).describe(r) : ResultHints{};
    QStringList findings;
    if (!stored.difference && !stored.running)
        for (const Phrase& line : hints.findings) findings << kindText(line);
    findingsLabel_->setText(findings.join(QLatin1Char('\n')));
    findingsLabel_->setVisible(!findings.isEmpty());
    normalizedCheck_->setEnabled(hints.hasNormalized && !stored.difference);
    const bool useNormalized = showsNormalized();
    if (count == 0) {
        // No result yet: the map is the grid of the next run, where its cells are chosen.
        widgets::HeatmapView* view = maps_[0];
        view->setPlaceholderText(stored.running ? tr("Starting the run…") : tr("Type a prompt: its tokens and the model's layers make the grid."));
        mapTabs_->setTabText(0, tr("Next run"));
        if (rows_.isEmpty() || columns_.isEmpty()) {
            view->clear();
            return;
        }
        const bool heads = isHeadComponent();
        widgets::HeatmapData d;
        d.rows = static_cast<int>(rows_.size());
        d.cols = static_cast<int>(columns_.size());
        d.values = QVector<double>(d.rows * d.cols, qQNaN());
        d.rowLabels = rows_;
        d.colLabels = columns_;
        d.rowAxisTitle = tr("layer");
        d.colAxisTitle = heads ? tr("head") : tr("token");
        d.title = tr("Choose cells for the next run (none = all): click, drag, Shift/Ctrl-click, or click a layer or token label");
        d.scaleTitle = tr("not computed yet");
        view->setData(d);
        view->setMarkedColumns(heads ? -1 : subjectBegin, heads ? -1 : subjectEnd);
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

bool GridPanel::streamValues(const ExperimentResult& partial) {
    if (static_cast<int>(partial.maps.size()) != maps_.size()) return false;
    for (int i = 0; i < maps_.size(); ++i) {
        const Heatmap& h = partial.maps[static_cast<std::size_t>(i)];
        if (maps_[i]->data().rows != h.rows || maps_[i]->data().cols != h.cols) return false;
    }
    const bool useNormalized = showsNormalized();
    for (int i = 0; i < maps_.size(); ++i) {
        const Heatmap& h = partial.maps[static_cast<std::size_t>(i)];
        const std::vector<double>& values = useNormalized && !h.normalized.empty() ? h.normalized : h.raw;
        maps_[i]->setValues(QVector<double>(values.begin(), values.end()));
    }
    return true;
}

} // namespace causeway::app
