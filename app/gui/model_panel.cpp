#include "model_panel.h"
#include "std_text.h"

#include "model/memory_estimate.h"

#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace causeway::app {

namespace {

QLabel* valueLabel(QWidget* parent) {
    auto* l = new QLabel(QStringLiteral("–"), parent);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return l;
}

} // namespace

ModelPanel::ModelPanel(QWidget* parent) : QWidget(parent) {
    auto* l = new QVBoxLayout(this);
    status_ = new QLabel(tr("No model open."), this);
    status_->setWordWrap(true);
    errorBanner_ = new QLabel(this);
    errorBanner_->setWordWrap(true);
    errorBanner_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    errorBanner_->setFrameShape(QFrame::StyledPanel);
    errorBanner_->setMargin(6);
    errorBanner_->setAutoFillBackground(true);
    errorBanner_->setVisible(false);
    l->addWidget(status_);
    l->addWidget(errorBanner_);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    const QStringList names = {tr("Family"), tr("Layers"), tr("Heads"), tr("Width"), tr("Vocabulary"), tr("Parameters"), tr("Weights"), tr("Tokenizer"), tr("Memory")};
    for (const QString& n : names) {
        QLabel* v = valueLabel(this);
        infoValues_ << v;
        form->addRow(n + QLatin1Char(':'), v);
    }
    l->addLayout(form);
    l->addStretch();
}

QString ModelPanel::formatCount(qint64 n) {
    if (n >= 1000000000) return QString::number(n / 1e9, 'f', 2) + QStringLiteral(" B");
    if (n >= 1000000) return QString::number(n / 1e6, 'f', 2) + QStringLiteral(" M");
    if (n >= 1000) return QString::number(n / 1e3, 'f', 1) + QStringLiteral(" k");
    return QString::number(n);
}

void ModelPanel::showOpening(const QString& folder) { status_->setText(tr("Opening %1 …").arg(QDir::toNativeSeparators(folder))); }

void ModelPanel::showModel(const ModelInfo& info) {
    status_->setText(tr("<b>%1</b><br>%2").arg(QFileInfo(info.folder).fileName().toHtmlEscaped(), QDir::toNativeSeparators(info.folder).toHtmlEscaped()));
    status_->setToolTip(info.folder);
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
}

void ModelPanel::showLoadFailed(const QString& stillOpen) {
    if (!stillOpen.isEmpty()) status_->setText(tr("Still using %1.").arg(QDir::toNativeSeparators(stillOpen)));
    else status_->setText(tr("No model open."));
}

void ModelPanel::showError(const QString& message, bool dark) {
    QPalette pal = errorBanner_->palette();
    pal.setColor(QPalette::Window, dark ? QColor(90, 30, 30) : QColor(255, 228, 225));
    pal.setColor(QPalette::WindowText, dark ? QColor(255, 210, 205) : QColor(120, 10, 10));
    errorBanner_->setPalette(pal);
    errorBanner_->setText(message);
    errorBanner_->setVisible(true);
}

void ModelPanel::clearError() {
    errorBanner_->clear();
    errorBanner_->setVisible(false);
}

bool ModelPanel::isErrorShown() const { return errorBanner_->isVisible(); }

} // namespace causeway::app
