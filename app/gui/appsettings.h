#pragma once
// The workbench's preferences (QSettings), the light / dark palettes, translations, and the
// Preferences dialog.
#include <QDialog>
#include <QString>

class QCheckBox;
class QComboBox;
class QSpinBox;

namespace causeway::app {

struct AppSettings {
    int threads = 0;                                   // compute threads; 0 = all cores
    QString defaultMetric = QStringLiteral("logit_diff");
    QString signedColorMap = QStringLiteral("diverging");
    QString unsignedColorMap = QStringLiteral("viridis");
    bool romeColors = true;                            // causal tracing: purple / green / red as ROME
    QString theme = QStringLiteral("system");          // system, light, dark
    QString language;                                  // "" = the system's

    static AppSettings load();
    void save() const;
};

// "light", "dark" or "system" (the style's own palette).
void applyTheme(const QString& theme);
// Installs causeway_<language>.qm (from the built-in translations) and Qt's own, replacing those
// an earlier call installed; "" = the system locale, "en" = none.
void installTranslations(const QString& language);
// Languages with a translation, as locale names ("en", "de", "zh_CN"), English first.
QStringList availableLanguages();
// A language's name in that language ("Deutsch", "简体中文"), for the Preferences dialog.
QString languageName(const QString& language);

class PreferencesDialog : public QDialog {
    Q_OBJECT
public:
    explicit PreferencesDialog(QWidget* parent = nullptr);
    AppSettings settings() const;

private:
    QSpinBox* threads_;
    QComboBox* metric_;
    QComboBox* signedMap_;
    QComboBox* unsignedMap_;
    QCheckBox* rome_;
    QComboBox* theme_;
    QComboBox* language_;
};

} // namespace causeway::app
