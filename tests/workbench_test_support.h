#pragma once
// What the workbench's window tests share: the fixture model, the prompt pair they type, and
// typing it the way a user does.
#include "mainwindow.h"
#include "prompteditor.h"

#include <QLineEdit>
#include <QString>
#include <QtTest/QtTest>

namespace causeway::testing {

inline const QString kModel = QStringLiteral(CAUSEWAY_TEST_DATA "/models/gpt2-tiny");
inline const QString kClean = QStringLiteral("The capital of Austria is");
inline const QString kCorrupted = QStringLiteral("The capital of Egypt is");

inline void typePrompts(app::MainWindow* w, const QString& clean, const QString& corrupted) {
    w->cleanEditor()->lineEdit()->clear();
    w->corruptedEditor()->lineEdit()->clear();
    QTest::keyClicks(w->cleanEditor()->lineEdit(), clean);
    QTest::keyClicks(w->corruptedEditor()->lineEdit(), corrupted);
}

} // namespace causeway::testing
