#include "intervention_panel.h"

#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace causeway::app {

namespace {

const QString kLoaded = QStringLiteral("loaded");

// What each offered type does, in the user's words (the types come from the core's table).
QString describeType(const QString& name) {
    if (name == QLatin1String("VanillaIntervention")) return InterventionPanel::tr("Replace the cells with the source run's values.");
    if (name == QLatin1String("AdditionIntervention")) return InterventionPanel::tr("Add the source run's values to the cells.");
    if (name == QLatin1String("SubtractionIntervention")) return InterventionPanel::tr("Subtract the source run's values from the cells.");
    if (name == QLatin1String("ZeroIntervention")) return InterventionPanel::tr("Set the cells to zero.");
    if (name == QLatin1String("NoiseIntervention")) return InterventionPanel::tr("Add pyvene's fixed Gaussian noise (level 0.135) to the cells.");
    if (name == QLatin1String("SkipIntervention")) return InterventionPanel::tr("Replace the component's output with its input at the cells, as if it were skipped there.");
    if (name == QLatin1String("CollectIntervention")) return InterventionPanel::tr("Read the cells' activations without changing the run; save them as safetensors.");
    return {};
}

QString shortName(const QString& pyveneName) {
    QString s = pyveneName;
    if (s.endsWith(QLatin1String("Intervention"))) s.chop(QLatin1String("Intervention").size());
    return s;
}

} // namespace

InterventionPanel::InterventionPanel(QWidget* parent) : QWidget(parent) {
    auto* l = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    typeBox_ = new QComboBox(this);
    for (const InterventionTypeInfo& t : cellInterventionTypeInfos()) {
        typeBox_->addItem(shortName(t.name), t.name);
        typeBox_->setItemData(typeBox_->count() - 1, describeType(t.name), Qt::ToolTipRole);
        typeBox_->setItemData(typeBox_->count() - 1, t.takesSource, Qt::UserRole + 1);
        typeBox_->setItemData(typeBox_->count() - 1, t.takesInterchangeDim, Qt::UserRole + 2);
        typeBox_->setItemData(typeBox_->count() - 1, t.moduleOutputsOnly, Qt::UserRole + 3);
    }
    typeBox_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    typeBox_->setMinimumContentsLength(12);
    form->addRow(tr("Intervention:"), typeBox_);
    typeHelp_ = new QLabel(this);
    typeHelp_->setWordWrap(true);
    form->addRow(typeHelp_);
    dimensionsSpin_ = new QSpinBox(this);
    dimensionsSpin_->setRange(0, 1 << 20);
    dimensionsSpin_->setSpecialValueText(tr("all"));
    dimensionsSpin_->setToolTip(tr("pyvene's interchange_dim: act on the first N dimensions of each cell only"));
    dimensionsLabel_ = new QLabel(tr("Dimensions:"), this);
    form->addRow(dimensionsLabel_, dimensionsSpin_);
    generateSpin_ = new QSpinBox(this);
    generateSpin_->setRange(0, 200);
    generateSpin_->setValue(12);
    generateSpin_->setSpecialValueText(tr("no generation"));
    generateSpin_->setSuffix(tr(" tokens"));
    form->addRow(tr("Generate:"), generateSpin_);
    l->addLayout(form);

    interveneButton_ = new QPushButton(tr("Intervene on Selected Cells"), this);
    l->addWidget(interveneButton_);
    auto* folders = new QHBoxLayout;
    auto* loadButton = new QPushButton(tr("Load pyvene Folder…"), this);
    loadButton->setToolTip(tr("Run an intervention saved by pyvene's IntervenableModel.save() (trained ones included) on the selected cells"));
    saveFolderButton_ = new QToolButton(this);
    saveFolderButton_->setText(tr("Save pyvene Folder"));
    saveFolderButton_->setToolTip(tr("Save this intervention on the selected cells as pyvene's save() writes it"));
    saveFolderButton_->setPopupMode(QToolButton::InstantPopup);
    auto* versions = new QMenu(saveFolderButton_);
    for (const QString& version : {QStringLiteral("0.1.5"), QStringLiteral("0.1.8")})
        versions->addAction(tr("For pyvene %1…").arg(version), this, [this, version] { Q_EMIT saveFolderRequested(version); });
    saveFolderButton_->setMenu(versions);
    folders->addWidget(loadButton);
    folders->addWidget(saveFolderButton_);
    l->addLayout(folders);
    saveCollectedButton_ = new QPushButton(tr("Save Collected Activations…"), this);
    saveCollectedButton_->setVisible(false);
    l->addWidget(saveCollectedButton_);
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    l->addWidget(status_);
    l->addStretch();

    connect(interveneButton_, &QPushButton::clicked, this, &InterventionPanel::interveneRequested);
    connect(loadButton, &QPushButton::clicked, this, &InterventionPanel::loadFolderRequested);
    connect(saveCollectedButton_, &QPushButton::clicked, this, &InterventionPanel::saveCollectedRequested);
    connect(typeBox_, &QComboBox::currentIndexChanged, this, [this] {
        updateForType();
        Q_EMIT settingsChanged();
    });
    connect(dimensionsSpin_, &QSpinBox::valueChanged, this, &InterventionPanel::settingsChanged);
    updateForType();
}

QString InterventionPanel::type() const {
    const QString data = typeBox_->currentData().toString();
    return data == kLoaded ? QString() : data;
}

const LoadedIntervention* InterventionPanel::loaded() const {
    return typeBox_->currentData().toString() == kLoaded && loaded_ ? &*loaded_ : nullptr;
}

bool InterventionPanel::usesSource() const {
    if (const LoadedIntervention* l = loaded()) return l->usesSource;
    return typeBox_->currentData(Qt::UserRole + 1).toBool();
}

bool InterventionPanel::replacesOutputWithInput() const {
    return !loaded() && typeBox_->currentData(Qt::UserRole + 3).toBool();
}

std::optional<qint64> InterventionPanel::interchangeDim() const {
    if (loaded() || !typeBox_->currentData(Qt::UserRole + 2).toBool() || dimensionsSpin_->value() == 0) return std::nullopt;
    return dimensionsSpin_->value();
}

int InterventionPanel::generateTokens() const { return generateSpin_->value(); }

void InterventionPanel::setLoaded(const LoadedIntervention& loaded) {
    clearLoaded();
    loaded_ = loaded;
    QStringList layers;
    for (int layer : loaded.layers) layers << QString::number(layer);
    typeBox_->addItem(tr("From %1 (%2)").arg(QFileInfo(loaded.folder).fileName(), loaded.types), kLoaded);
    typeBox_->setItemData(typeBox_->count() - 1,
                          tr("%1 on %2 at layer(s) %3, loaded from %4")
                              .arg(loaded.types, loaded.component, layers.join(QStringLiteral(", ")), QDir::toNativeSeparators(loaded.folder)),
                          Qt::ToolTipRole);
    typeBox_->setCurrentIndex(typeBox_->count() - 1);
}

void InterventionPanel::clearLoaded() {
    const int i = typeBox_->findData(kLoaded);
    if (i >= 0) typeBox_->removeItem(i);
    loaded_.reset();
}

void InterventionPanel::setCollected(const QVector<CollectedActivation>& collected) {
    collected_ = collected;
    saveCollectedButton_->setVisible(!collected_.isEmpty());
}

void InterventionPanel::setStatus(const QString& text) { status_->setText(text); }
QString InterventionPanel::status() const { return status_->text(); }

void InterventionPanel::setInterveneEnabled(bool enabled, const QString& toolTip) {
    interveneButton_->setEnabled(enabled);
    interveneButton_->setToolTip(toolTip);
    saveFolderButton_->setEnabled(enabled);
}

void InterventionPanel::updateForType() {
    if (const LoadedIntervention* l = loaded()) {
        QStringList layers;
        for (int layer : l->layers) layers << QString::number(layer);
        typeHelp_->setText(tr("%1 on %2 at layer(s) %3, with the weights saved in the folder.%4")
                               .arg(l->types, l->component, layers.join(QStringLiteral(", ")),
                                    l->usesSource ? tr(" Takes its source from the other prompt.") : QString()));
    } else {
        typeHelp_->setText(describeType(type()));
    }
    const bool dims = !loaded() && typeBox_->currentData(Qt::UserRole + 2).toBool();
    dimensionsLabel_->setVisible(dims);
    dimensionsSpin_->setVisible(dims);
}

} // namespace causeway::app
