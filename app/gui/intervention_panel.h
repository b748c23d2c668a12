#pragma once
// The Intervene dock: which intervention to run on the cells selected on the map, only the
// parameters that intervention takes, generation, and pyvene folders (load one, save the current
// intervention as one). It holds no model: the main window turns its choices into a request.
#include "session.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QToolButton;

namespace causeway::app {

class InterventionPanel : public QWidget {
    Q_OBJECT
public:
    explicit InterventionPanel(QWidget* parent = nullptr);

    // The pyvene class name chosen, or empty when the loaded folder is chosen.
    QString type() const;
    const LoadedIntervention* loaded() const; // when the loaded folder is chosen
    bool usesSource() const;
    bool replacesOutputWithInput() const; // SkipIntervention: module outputs only
    std::optional<qint64> interchangeDim() const;
    int generateTokens() const;

    void setLoaded(const LoadedIntervention& loaded); // adds it to the list and chooses it
    void clearLoaded();                              // the model it was loaded for was closed
    void setCollected(const QVector<CollectedActivation>& collected);
    const QVector<CollectedActivation>& collected() const { return collected_; }
    void setStatus(const QString& text);
    QString status() const;
    void setInterveneEnabled(bool enabled, const QString& toolTip);

    QComboBox* typeBox() const { return typeBox_; }
    QSpinBox* dimensionsSpin() const { return dimensionsSpin_; }
    QSpinBox* generateSpin() const { return generateSpin_; }
    QPushButton* interveneButton() const { return interveneButton_; }

Q_SIGNALS:
    void settingsChanged();
    void interveneRequested();
    void loadFolderRequested();
    void saveFolderRequested(const QString& pyveneVersion);
    void saveCollectedRequested();

private:
    void updateForType();
    QComboBox* typeBox_ = nullptr;
    QLabel* typeHelp_ = nullptr;
    QLabel* dimensionsLabel_ = nullptr;
    QSpinBox* dimensionsSpin_ = nullptr;
    QSpinBox* generateSpin_ = nullptr;
    QPushButton* interveneButton_ = nullptr;
    QToolButton* saveFolderButton_ = nullptr;
    QPushButton* saveCollectedButton_ = nullptr;
    QLabel* status_ = nullptr;
    std::optional<LoadedIntervention> loaded_;
    QVector<CollectedActivation> collected_;
};

} // namespace causeway::app
