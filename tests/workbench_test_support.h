#pragma once
// What the workbench's window tests share: the fixture model, the prompt pair they type, and
// typing it the way a user does.
#include "mainwindow.h"
#include "prompteditor.h"

#include <QLineEdit>
#include <QSignalSpy>
#include <QString>
#include <QtTest/QtTest>

#include <memory>

namespace causeway::testing {

inline const QString kModel = QStringLiteral(CAUSEWAY_TEST_DATA "/models/gpt2-tiny");
inline const QString kClean = QStringLiteral("The capital of Austria is");
inline const QString kCorrupted = QStringLiteral("The capital of Egypt is");

// A shown window (asking nothing before discarding results), and one with `folder` opened.
inline std::unique_ptr<app::MainWindow> newWindow(QSize size = {1500, 950}) {
    auto w = std::make_unique<app::MainWindow>();
    w->setAskBeforeDiscarding(false);
    w->resize(size);
    w->show();
    if (!QTest::qWaitForWindowExposed(w.get())) return nullptr;
    return w;
}

inline bool openModel(app::MainWindow* w, const QString& folder) {
    QSignalSpy ready(w, &app::MainWindow::modelReady);
    w->openModelFolder(folder);
    return ready.wait(60000);
}

inline std::unique_ptr<app::MainWindow> openWindow(const QString& folder = kModel) {
    auto w = newWindow();
    if (!w || !openModel(w.get(), folder)) return nullptr;
    return w;
}

inline void typePrompts(app::MainWindow* w, const QString& clean, const QString& corrupted) {
    w->cleanEditor()->lineEdit()->clear();
    w->corruptedEditor()->lineEdit()->clear();
    QTest::keyClicks(w->cleanEditor()->lineEdit(), clean);
    QTest::keyClicks(w->corruptedEditor()->lineEdit(), corrupted);
}

} // namespace causeway::testing
