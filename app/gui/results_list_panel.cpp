#include "results_list_panel.h"

#include "kind_text.h"
#include "runoutcome.h"

#include "experiments/kind.h"

#include <QDir>
#include <QHBoxLayout>
#include <QListWidget>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace causeway::app {

ResultsListPanel::ResultsListPanel(const ResultStore* store, std::function<QString(const StoredResult&)> mismatch, QWidget* parent)
    : QWidget(parent), store_(store), mismatch_(std::move(mismatch)) {
    auto* l = new QVBoxLayout(this);
    list_ = new QListWidget(this);
    list_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    list_->setAccessibleName(tr("Results"));
    list_->setWordWrap(true); // model names and timings stay readable in a narrow dock
    list_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    l->addWidget(list_);
    auto* row = new QHBoxLayout;
    compareButton_ = new QPushButton(tr("Difference"), this);
    compareButton_->setToolTip(tr("Select two results with the same shape to see the first minus the second."));
    removeButton_ = new QPushButton(tr("Remove"), this);
    row->addWidget(compareButton_);
    row->addWidget(removeButton_);
    l->addLayout(row);
    setMinimumWidth(260);
    connect(list_, &QListWidget::itemSelectionChanged, this, [this] {
        const auto items = list_->selectedItems();
        compareButton_->setEnabled(items.size() == 2);
        removeButton_->setEnabled(!items.isEmpty());
        if (items.size() == 1) {
            const int i = list_->row(items.first());
            if (i != store_->shown()) Q_EMIT showRequested(i);
        }
    });
    connect(compareButton_, &QPushButton::clicked, this, [this] {
        const auto items = list_->selectedItems();
        if (items.size() != 2) return;
        int a = list_->row(items[0]), b = list_->row(items[1]);
        if (a < b) std::swap(a, b); // newer minus older
        Q_EMIT compareRequested(a, b);
    });
    connect(removeButton_, &QPushButton::clicked, this, [this] {
        QList<int> rows;
        for (auto* item : list_->selectedItems()) rows << list_->row(item);
        Q_EMIT removeRequested(rows);
    });
    compareButton_->setEnabled(false);
    removeButton_->setEnabled(false);
}

void ResultsListPanel::setCurrentRow(int index) {
    QSignalBlocker block(list_);
    if (index < 0) list_->clearSelection();
    list_->setCurrentRow(index);
}

void ResultsListPanel::refresh() {
    QSignalBlocker block(list_);
    list_->clear();
    for (int i = 0; i < store_->count(); ++i) {
        const StoredResult& s = store_->at(i);
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
        auto* item = new QListWidgetItem(text, list_);
        QStringList caption;
        for (const Phrase& line : kindOf(r.spec).describe(r).caption) caption << kindText(line);
        QString tip = caption.join(QLatin1Char('\n'));
        if (!r.stopReason.empty()) tip += QStringLiteral("\n") + tr("Stopped: %1").arg(QString::fromStdString(r.stopReason));
        if (!s.difference) {
            tip += QStringLiteral("\n") + tr("Model: %1 (%2)").arg(s.modelName, QDir::toNativeSeparators(s.modelFolder));
            if (!s.weightsHash.isEmpty()) tip += QStringLiteral("\n") + tr("Weights: %1").arg(s.weightsHash);
            const QString mismatch = mismatch_(s);
            if (!mismatch.isEmpty()) {
                tip += QStringLiteral("\n") + mismatch;
                QFont f = item->font();
                f.setItalic(true);
                item->setFont(f);
            }
        }
        item->setToolTip(tip);
    }
    const int shown = store_->shown();
    if (shown >= 0 && shown < list_->count()) list_->setCurrentRow(shown);
}

} // namespace causeway::app
