#include "appsettings.h"

#include "heatmapview.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QLabel>
#include <QLibraryInfo>
#include <QLocale>
#include <QPalette>
#include <QSettings>
#include <QSpinBox>
#include <QStyle>
#include <QStyleFactory>
#include <QThread>
#include <QTranslator>

namespace causeway::app {

AppSettings AppSettings::load() {
    QSettings s;
    AppSettings a;
    a.threads = s.value(QStringLiteral("compute/threads"), a.threads).toInt();
    a.defaultMetric = s.value(QStringLiteral("experiment/defaultMetric"), a.defaultMetric).toString();
    a.signedColorMap = s.value(QStringLiteral("heatmap/signedColorMap"), a.signedColorMap).toString();
    a.unsignedColorMap = s.value(QStringLiteral("heatmap/unsignedColorMap"), a.unsignedColorMap).toString();
    a.romeColors = s.value(QStringLiteral("heatmap/romeColors"), a.romeColors).toBool();
    a.theme = s.value(QStringLiteral("appearance/theme"), a.theme).toString();
    a.language = s.value(QStringLiteral("appearance/language"), a.language).toString();
    return a;
}

void AppSettings::save() const {
    QSettings s;
    s.setValue(QStringLiteral("compute/threads"), threads);
    s.setValue(QStringLiteral("experiment/defaultMetric"), defaultMetric);
    s.setValue(QStringLiteral("heatmap/signedColorMap"), signedColorMap);
    s.setValue(QStringLiteral("heatmap/unsignedColorMap"), unsignedColorMap);
    s.setValue(QStringLiteral("heatmap/romeColors"), romeColors);
    s.setValue(QStringLiteral("appearance/theme"), theme);
    s.setValue(QStringLiteral("appearance/language"), language);
}

void applyTheme(const QString& theme) {
    if (theme == QLatin1String("system")) {
        QApplication::setPalette(QApplication::style()->standardPalette());
        return;
    }
    if (QStyle* fusion = QStyleFactory::create(QStringLiteral("Fusion"))) QApplication::setStyle(fusion);
    QPalette p;
    if (theme == QLatin1String("dark")) {
        const QColor window(45, 47, 51), base(30, 31, 34), text(228, 230, 233), mid(80, 84, 90);
        p.setColor(QPalette::Window, window);
        p.setColor(QPalette::WindowText, text);
        p.setColor(QPalette::Base, base);
        p.setColor(QPalette::AlternateBase, QColor(55, 58, 63));
        p.setColor(QPalette::ToolTipBase, QColor(60, 63, 68));
        p.setColor(QPalette::ToolTipText, text);
        p.setColor(QPalette::PlaceholderText, QColor(150, 154, 160));
        p.setColor(QPalette::Text, text);
        p.setColor(QPalette::Button, QColor(58, 61, 66));
        p.setColor(QPalette::ButtonText, text);
        p.setColor(QPalette::BrightText, QColor(255, 120, 120));
        p.setColor(QPalette::Light, QColor(75, 78, 84));
        p.setColor(QPalette::Midlight, QColor(65, 68, 73));
        p.setColor(QPalette::Mid, mid);
        p.setColor(QPalette::Dark, QColor(25, 26, 28));
        p.setColor(QPalette::Shadow, QColor(10, 10, 10));
        p.setColor(QPalette::Highlight, QColor(60, 120, 210));
        p.setColor(QPalette::HighlightedText, Qt::white);
        p.setColor(QPalette::Link, QColor(110, 170, 255));
        p.setColor(QPalette::Disabled, QPalette::Text, QColor(120, 123, 128));
        p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(120, 123, 128));
        p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(120, 123, 128));
    } else {
        p = QApplication::style()->standardPalette();
        p.setColor(QPalette::AlternateBase, QColor(240, 242, 245));
    }
    QApplication::setPalette(p);
}

QStringList availableLanguages() {
    QStringList langs{QStringLiteral("en")};
    for (const QString& f : QDir(QStringLiteral(":/i18n")).entryList({QStringLiteral("causeway_*.qm")}, QDir::Files, QDir::Name)) {
        const QString l = f.mid(9, f.size() - 12);
        if (!langs.contains(l)) langs << l;
    }
    return langs;
}

QString languageName(const QString& language) {
    const QLocale locale(language);
    if (locale.language() == QLocale::English) return QStringLiteral("English");
    // CLDR names the language "中文" for both scripts; say which one.
    if (locale.language() == QLocale::Chinese)
        return locale.script() == QLocale::TraditionalHanScript ? QStringLiteral("繁體中文") : QStringLiteral("简体中文");
    return locale.nativeLanguageName();
}

void installTranslations(const QString& language) {
    // Replace what an earlier call installed (the tests switch languages).
    for (QTranslator* old : qApp->findChildren<QTranslator*>(QStringLiteral("causeway-translation"), Qt::FindDirectChildrenOnly)) {
        QApplication::removeTranslator(old);
        delete old;
    }
    const QLocale locale = language.isEmpty() ? QLocale() : QLocale(language);
    auto install = [&locale](const QString& name, const QString& folder) {
        auto* t = new QTranslator(qApp);
        t->setObjectName(QStringLiteral("causeway-translation"));
        if (t->load(locale, name, QStringLiteral("_"), folder)) QApplication::installTranslator(t);
        else delete t;
    };
    install(QStringLiteral("qtbase"), QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    install(QStringLiteral("causeway"), QStringLiteral(":/i18n"));
}

PreferencesDialog::PreferencesDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Preferences"));
    const AppSettings a = AppSettings::load();
    auto* form = new QFormLayout(this);
    threads_ = new QSpinBox(this);
    threads_->setRange(0, std::max(1, QThread::idealThreadCount()) * 2);
    threads_->setSpecialValueText(tr("all cores"));
    threads_->setValue(a.threads);
    metric_ = new QComboBox(this);
    metric_->addItem(tr("Logit difference"), QStringLiteral("logit_diff"));
    metric_->addItem(tr("Probability"), QStringLiteral("prob"));
    metric_->addItem(tr("Log-probability"), QStringLiteral("logprob"));
    metric_->addItem(tr("KL divergence"), QStringLiteral("kl"));
    metric_->setCurrentIndex(std::max(0, metric_->findData(a.defaultMetric)));
    auto maps = [this](const QString& current) {
        auto* box = new QComboBox(this);
        for (const QString& n : widgets::colorMapNames()) box->addItem(n, n);
        box->setCurrentIndex(std::max(0, box->findData(current)));
        return box;
    };
    signedMap_ = maps(a.signedColorMap);
    unsignedMap_ = maps(a.unsignedColorMap);
    rome_ = new QCheckBox(tr("ROME's colours for causal tracing (purple, green, red)"), this);
    rome_->setChecked(a.romeColors);
    theme_ = new QComboBox(this);
    theme_->addItem(tr("System"), QStringLiteral("system"));
    theme_->addItem(tr("Light"), QStringLiteral("light"));
    theme_->addItem(tr("Dark"), QStringLiteral("dark"));
    theme_->setCurrentIndex(std::max(0, theme_->findData(a.theme)));
    language_ = new QComboBox(this);
    language_->addItem(tr("System language"), QString());
    for (const QString& l : availableLanguages()) language_->addItem(languageName(l), l);
    language_->setCurrentIndex(std::max(0, language_->findData(a.language)));
    form->addRow(tr("Compute threads:"), threads_);
    form->addRow(tr("Default metric:"), metric_);
    form->addRow(tr("Colour map, signed values:"), signedMap_);
    form->addRow(tr("Colour map, other values:"), unsignedMap_);
    form->addRow(QString(), rome_);
    form->addRow(tr("Theme:"), theme_);
    form->addRow(tr("Language:"), language_);
    auto* note = new QLabel(tr("A new language takes effect the next time Causeway starts."), this);
    note->setWordWrap(true);
    form->addRow(note);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

AppSettings PreferencesDialog::settings() const {
    AppSettings a;
    a.threads = threads_->value();
    a.defaultMetric = metric_->currentData().toString();
    a.signedColorMap = signedMap_->currentData().toString();
    a.unsignedColorMap = unsignedMap_->currentData().toString();
    a.romeColors = rome_->isChecked();
    a.theme = theme_->currentData().toString();
    a.language = language_->currentData().toString();
    return a;
}

} // namespace causeway::app
