// The built-in translations (translations/causeway_*.ts, compiled into causeway_workbench under
// :/i18n): switching the language gives German and Chinese menus and Preferences dialog, and a
// core error (English, as the CLI prints it) shown framed by the translated sentence.
#include "appsettings.h"
#include "mainwindow.h"

#include "common/error.h"
#include "model/transformer.h"

#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest/QtTest>

using namespace causeway;
using namespace causeway::app;

namespace {

QStringList menuTitles(const MainWindow& w) {
    QStringList titles;
    for (QAction* a : w.menuBar()->actions()) titles << a->text();
    return titles;
}

QStringList actionTexts(const MainWindow& w, int menu) {
    QStringList texts;
    for (QAction* a : w.menuBar()->actions().value(menu)->menu()->actions())
        if (!a->isSeparator()) texts << a->text();
    return texts;
}

QStringList labelTexts(const QWidget& w) {
    QStringList texts;
    for (QLabel* l : w.findChildren<QLabel*>()) texts << l->text();
    return texts;
}

// The accelerator letters of a menu's entries (lower case), one per entry that has one.
QStringList accelerators(const QStringList& texts) {
    QStringList keys;
    for (const QString& t : texts) {
        const int i = QString(t).replace(QStringLiteral("&&"), QStringLiteral("__")).indexOf(QLatin1Char('&'));
        if (i >= 0 && i + 1 < t.size()) keys << t.mid(i + 1, 1).toLower();
    }
    return keys;
}

} // namespace

class TranslationsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("CausewayTest"));
        QCoreApplication::setApplicationName(QStringLiteral("test_translations"));
        QSettings().clear();
    }

    void cleanupTestCase() { installTranslations(QStringLiteral("en")); }

    void languagesAreBuiltIn() {
        const QStringList languages = availableLanguages();
        QCOMPARE(languages.value(0), QStringLiteral("en"));
        QVERIFY2(languages.contains(QStringLiteral("de")), qPrintable(languages.join(QLatin1Char(' '))));
        QVERIFY2(languages.contains(QStringLiteral("zh_CN")), qPrintable(languages.join(QLatin1Char(' '))));
        QCOMPARE(languageName(QStringLiteral("en")), QStringLiteral("English"));
        QCOMPARE(languageName(QStringLiteral("de")), QStringLiteral("Deutsch"));
        QCOMPARE(languageName(QStringLiteral("zh_CN")), QStringLiteral("简体中文"));
    }

    void menusAndPreferences_data() {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QStringList>("menus");
        QTest::addColumn<QString>("openModel");
        QTest::addColumn<QString>("preferences");
        QTest::addColumn<QString>("languageLabel");
        QTest::addColumn<QString>("systemLanguage");
        QTest::addColumn<QString>("allCores");
        QTest::newRow("de") << QStringLiteral("de")
                            << QStringList{QStringLiteral("&Datei"), QStringLiteral("&Bearbeiten"), QStringLiteral("&Lauf"),
                                           QStringLiteral("&Ansicht"), QStringLiteral("&Hilfe")}
                            << QStringLiteral("Modellordner ö&ffnen…") << QStringLiteral("Einstellungen")
                            << QStringLiteral("Sprache:") << QStringLiteral("Systemsprache") << QStringLiteral("alle Kerne");
        QTest::newRow("zh_CN") << QStringLiteral("zh_CN")
                               << QStringList{QStringLiteral("文件(&F)"), QStringLiteral("编辑(&E)"), QStringLiteral("运行(&R)"),
                                              QStringLiteral("视图(&V)"), QStringLiteral("帮助(&H)")}
                               << QStringLiteral("打开模型文件夹(&O)…") << QStringLiteral("首选项")
                               << QStringLiteral("语言：") << QStringLiteral("系统语言") << QStringLiteral("全部核心");
        QTest::newRow("en") << QStringLiteral("en")
                            << QStringList{QStringLiteral("&File"), QStringLiteral("&Edit"), QStringLiteral("&Run"),
                                           QStringLiteral("&View"), QStringLiteral("&Help")}
                            << QStringLiteral("&Open Model Folder…") << QStringLiteral("Preferences")
                            << QStringLiteral("Language:") << QStringLiteral("System language") << QStringLiteral("all cores");
    }

    void menusAndPreferences() {
        QFETCH(QString, language);
        QFETCH(QStringList, menus);
        QFETCH(QString, openModel);
        QFETCH(QString, preferences);
        QFETCH(QString, languageLabel);
        QFETCH(QString, systemLanguage);
        QFETCH(QString, allCores);
        installTranslations(language);

        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(menuTitles(w), menus);
        QCOMPARE(actionTexts(w, 0).value(0), openModel);
        // Each menu's accelerators stay unique (the menu bar's too).
        QStringList keys = accelerators(menuTitles(w));
        QCOMPARE(QSet<QString>(keys.begin(), keys.end()).size(), keys.size());
        if (language != QLatin1String("en")) // the English File menu has E&xperiments and E&xamples
            for (int m = 0; m < menus.size(); ++m) {
                keys = accelerators(actionTexts(w, m));
                QVERIFY2(QSet<QString>(keys.begin(), keys.end()).size() == keys.size(),
                         qPrintable(actionTexts(w, m).join(QStringLiteral(" | "))));
            }

        PreferencesDialog dialog(&w);
        QCOMPARE(dialog.windowTitle(), preferences);
        QVERIFY2(labelTexts(dialog).contains(languageLabel), qPrintable(labelTexts(dialog).join(QStringLiteral(" | "))));
        QCOMPARE(dialog.findChild<QSpinBox*>()->specialValueText(), allCores);
        QComboBox* languages = nullptr;
        for (QComboBox* box : dialog.findChildren<QComboBox*>())
            if (box->findData(QStringLiteral("zh_CN")) >= 0) languages = box;
        QVERIFY(languages);
        QCOMPARE(languages->itemText(0), systemLanguage);
        QCOMPARE(languages->itemText(languages->findData(QStringLiteral("de"))), QStringLiteral("Deutsch"));
        QCOMPARE(languages->itemText(languages->findData(QStringLiteral("zh_CN"))), QStringLiteral("简体中文"));
    }

    // The core's message stays English (the CLI prints the same); the window frames it.
    void coreErrorFramedInTheLanguage_data() {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("frame");
        QTest::newRow("de") << QStringLiteral("de") << QStringLiteral("%1 konnte nicht geöffnet werden:\n%2");
        QTest::newRow("zh_CN") << QStringLiteral("zh_CN") << QStringLiteral("无法打开 %1：\n%2");
    }

    void coreErrorFramedInTheLanguage() {
        QFETCH(QString, language);
        QFETCH(QString, frame);
        installTranslations(language);
        QTemporaryDir dir; // no config.json
        QVERIFY(dir.isValid());
        std::string coreMessage;
        try {
            Transformer::load(dir.path().toStdString());
        } catch (const Error& e) {
            coreMessage = e.what();
        }
        QVERIFY(QString::fromStdString(coreMessage).contains(QStringLiteral("has no config.json")));

        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy failed(&w, &MainWindow::modelLoadFailed);
        w.openModelFolder(dir.path());
        QVERIFY(failed.wait(30000));
        const QString message = failed.first().first().toString();
        QCOMPARE(message, QString::fromStdString(coreMessage));
        QVERIFY(w.errorBanner()->isVisible());
        const QString banner = w.errorBanner()->text();
        QCOMPARE(banner, frame.arg(QDir::toNativeSeparators(dir.path()), message));
        const QString framing = frame.section(QStringLiteral("%1"), 1).section(QStringLiteral("%2"), 0, 0);
        QVERIFY2(banner.contains(framing) && banner.endsWith(message), qPrintable(banner));
    }
};

QTEST_MAIN(TranslationsTest)
#include "test_translations.moc"
