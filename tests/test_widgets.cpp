// The workbench's widgets on their own, driven by real mouse and key events (offscreen platform):
// the heatmap (values, blanks, hover, click, selecting
// cells on the map and on its empty state, colour range, titles, export with a caption), the
// prompt chips and the predictions view (whole tokens, tooltips).
#include "heatmapview.h"
#include "predictionsview.h"
#include "prompteditor.h"
#include "gridcell.h"

#include "qcp.h"

#include <QAction>
#include <QHeaderView>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QVBoxLayout>
#include <QtTest/QtTest>

#include <cmath>

using namespace causeway::widgets;

namespace {

QStringList labels(const char* prefix, int n) {
    QStringList l;
    for (int i = 0; i < n; ++i) l << QString::fromLatin1(prefix) + QString::number(i);
    return l;
}

QVector<GridCell> rect(int r0, int c0, int r1, int c1) {
    QVector<GridCell> cells;
    for (int r = r0; r <= r1; ++r)
        for (int c = c0; c <= c1; ++c) cells.push_back({r, c});
    return cells;
}

HeatmapData sampleData(int rows, int cols) {
    HeatmapData d;
    d.rows = rows;
    d.cols = cols;
    for (int i = 0; i < rows * cols; ++i) d.values << (i % 3 == 2 ? qQNaN() : 0.25 * i - 1.0);
    for (int r = 0; r < rows; ++r) d.rowLabels << QString::number(r);
    d.colLabels = QStringList{QStringLiteral("The"), QStringLiteral(" Eiffel"), QStringLiteral(" Tower"), QStringLiteral(" is"),
                              QStringLiteral(" in")}.mid(0, cols);
    d.title = QStringLiteral("block_output");
    d.scaleTitle = QStringLiteral("logit difference");
    d.rowAxisTitle = QStringLiteral("layer");
    d.colAxisTitle = QStringLiteral("token");
    d.signedValues = true;
    return d;
}

// Shows a 700 x 400 heatmap and lays it out, so that cell and label positions are final.
bool showMap(HeatmapView& view, const HeatmapData& data) {
    view.resize(700, 400);
    view.setData(data);
    view.show();
    if (!QTest::qWaitForWindowExposed(&view)) return false;
    view.plot()->replot(QCustomPlot::rpImmediateRefresh);
    return true;
}

// Before a run: the shape and labels, no values.
HeatmapData emptyData(int rows, int cols) {
    HeatmapData d = sampleData(rows, std::min(cols, 5));
    d.values.fill(qQNaN(), rows * d.cols);
    d.title.clear();
    return d;
}

QColor pixelAt(HeatmapView& view, QPoint pos) {
    view.plot()->replot(QCustomPlot::rpImmediateRefresh);
    return view.plot()->grab().toImage().pixelColor(pos * view.plot()->devicePixelRatioF());
}

void sendMove(QWidget* w, QPoint pos) {
    QMouseEvent move(QEvent::MouseMove, pos, w->mapToGlobal(pos), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(w, &move);
}

} // namespace

class WidgetsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void heatmapValuesAndBlanks() {
        HeatmapView view;
        view.resize(700, 400);
        view.setData(sampleData(3, 5));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const HeatmapData d = sampleData(3, 5);
        for (int r = 0; r < 3; ++r)
            for (int c = 0; c < 5; ++c) {
                const double want = d.values[r * 5 + c];
                if (std::isnan(want)) {
                    QVERIFY(std::isnan(view.valueAt(r, c)));
                    QCOMPARE(view.colorAt(r, c).alpha(), 0);
                } else {
                    QCOMPARE(view.valueAt(r, c), want);
                    QCOMPARE(view.colorAt(r, c).alpha(), 255);
                }
            }
        // Signed data: a symmetric range, so 0 is the diverging map's white middle.
        const auto [lower, upper] = view.dataRange();
        QCOMPARE(lower, -upper);
        QVERIFY(std::abs(upper - 2.25) < 1e-9);

        // Streaming: blanks fill in.
        QVector<double> filled = d.values;
        for (double& v : filled)
            if (std::isnan(v)) v = 0.5;
        view.setValues(filled);
        QCOMPARE(view.valueAt(0, 2), 0.5);
    }

    void heatmapHoverAndClick() {
        HeatmapView view;
        view.resize(700, 400);
        view.setData(sampleData(3, 5));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.plot()->replot(QCustomPlot::rpImmediateRefresh);
        QSignalSpy hovered(&view, &HeatmapView::cellHovered);
        QSignalSpy clicked(&view, &HeatmapView::cellClicked);
        for (int r = 0; r < 3; ++r)
            for (int c = 0; c < 5; ++c) QCOMPARE(view.cellAt(view.cellCenter(r, c)), QPoint(c, r));
        sendMove(view.plot(), view.cellCenter(1, 3));
        QCOMPARE(hovered.count(), 1);
        QCOMPARE(hovered.at(0).at(0).toInt(), 1);
        QCOMPARE(hovered.at(0).at(1).toInt(), 3);
        const QString text = view.describeCell(1, 3);
        QVERIFY2(text.contains(QStringLiteral(" is")) && text.contains(QStringLiteral("layer 1")), qPrintable(text));
        QVERIFY(text.contains(QString::number(0.25 * 8 - 1.0)));
        QTest::mouseClick(view.plot(), Qt::LeftButton, {}, view.cellCenter(2, 4));
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.at(0).at(0).toInt(), 2);
        QCOMPARE(clicked.at(0).at(1).toInt(), 4);
        // Outside the map: nothing.
        QTest::mouseClick(view.plot(), Qt::LeftButton, {}, QPoint(2, 2));
        QCOMPARE(clicked.count(), 1);
    }

    void heatmapClickSelectsAndReportsTheCell() {
        HeatmapView view;
        QVERIFY(showMap(view, sampleData(3, 5)));
        QSignalSpy clicked(&view, &HeatmapView::cellClicked);
        QSignalSpy changed(&view, &HeatmapView::selectionChanged);
        const QColor before = pixelAt(view, view.cellCenter(1, 3));
        QTest::mouseClick(view.plot(), Qt::LeftButton, {}, view.cellCenter(1, 3));
        QCOMPARE(view.selectedCells(), (QVector<GridCell>{{1, 3}}));
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.at(0).at(0).toInt(), 1);
        QCOMPARE(clicked.at(0).at(1).toInt(), 3);
        QCOMPARE(changed.count(), 1);
        // The selection is drawn: the cell's centre is tinted, its neighbour is not.
        QVERIFY(pixelAt(view, view.cellCenter(1, 3)) != before);
        QCOMPARE(pixelAt(view, view.cellCenter(1, 1)).rgb(), view.colorAt(1, 1).rgb());
        // Clicking the same cell again selects nothing new but still shows its predictions.
        QTest::mouseClick(view.plot(), Qt::LeftButton, {}, view.cellCenter(1, 3));
        QCOMPARE(clicked.count(), 2);
        QCOMPARE(changed.count(), 1);
    }

    void heatmapCtrlAndShiftClick() {
        HeatmapView view;
        QVERIFY(showMap(view, sampleData(3, 5)));
        QSignalSpy clicked(&view, &HeatmapView::cellClicked);
        QTest::mouseClick(view.plot(), Qt::LeftButton, {}, view.cellCenter(0, 1));
        QTest::mouseClick(view.plot(), Qt::LeftButton, Qt::ShiftModifier, view.cellCenter(2, 3));
        QCOMPARE(view.selectedCells(), rect(0, 1, 2, 3));
        QTest::mouseClick(view.plot(), Qt::LeftButton, Qt::ControlModifier, view.cellCenter(1, 4));
        QCOMPARE(view.selectedCells().size(), 10);
        QVERIFY(view.isSelected(1, 4));
        QTest::mouseClick(view.plot(), Qt::LeftButton, Qt::ControlModifier, view.cellCenter(1, 4));
        QCOMPARE(view.selectedCells(), rect(0, 1, 2, 3));
        QTest::mouseClick(view.plot(), Qt::LeftButton, Qt::ControlModifier, view.cellCenter(0, 1));
        QCOMPARE(view.selectedCells().size(), 8);
        QVERIFY(!view.isSelected(0, 1));
        // Only the plain click asked for predictions.
        QCOMPARE(clicked.count(), 1);
    }

    void heatmapDragSelectsRectangle() {
        HeatmapView view;
        QVERIFY(showMap(view, sampleData(3, 5)));
        QSignalSpy clicked(&view, &HeatmapView::cellClicked);
        QSignalSpy changed(&view, &HeatmapView::selectionChanged);
        QTest::mousePress(view.plot(), Qt::LeftButton, {}, view.cellCenter(0, 1));
        QTest::mouseMove(view.plot(), view.cellCenter(1, 2));
        QTest::mouseMove(view.plot(), view.cellCenter(2, 4));
        QCOMPARE(view.selectedCells(), rect(0, 1, 2, 4)); // shown while dragging
        QTest::mouseRelease(view.plot(), Qt::LeftButton, {}, view.cellCenter(2, 4));
        QCOMPARE(view.selectedCells(), rect(0, 1, 2, 4));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(clicked.count(), 0);
        // Ctrl-drag adds a second rectangle.
        QTest::mousePress(view.plot(), Qt::LeftButton, Qt::ControlModifier, view.cellCenter(0, 0));
        QTest::mouseMove(view.plot(), view.cellCenter(1, 0));
        QTest::mouseRelease(view.plot(), Qt::LeftButton, Qt::ControlModifier, view.cellCenter(1, 0));
        QCOMPARE(view.selectedCells().size(), 14);
    }

    void heatmapAxisLabelsSelectRowsAndColumns() {
        HeatmapView view;
        QVERIFY(showMap(view, sampleData(3, 5)));
        QSignalSpy clicked(&view, &HeatmapView::cellClicked);
        QTest::mouseClick(view.plot(), Qt::LeftButton, {}, view.rowLabelPoint(1));
        QCOMPARE(view.selectedCells(), rect(1, 0, 1, 4));
        QTest::mouseClick(view.plot(), Qt::LeftButton, {}, view.columnLabelPoint(2));
        QCOMPARE(view.selectedCells(), rect(0, 2, 2, 2));
        QTest::mouseClick(view.plot(), Qt::LeftButton, Qt::ShiftModifier, view.columnLabelPoint(4));
        QCOMPARE(view.selectedCells(), rect(0, 2, 2, 4));
        QTest::mouseClick(view.plot(), Qt::LeftButton, Qt::ControlModifier, view.rowLabelPoint(0));
        QCOMPARE(view.selectedCells().size(), 9 + 2);
        QTest::mouseClick(view.plot(), Qt::LeftButton, Qt::ControlModifier, view.rowLabelPoint(0));
        QCOMPARE(view.selectedCells(), rect(1, 2, 2, 4));
        QCOMPARE(clicked.count(), 0);
    }

    void heatmapSlantedColumnLabelsSelectColumns() {
        HeatmapView view;
        HeatmapData d = sampleData(3, 5);
        d.colLabels = QStringList{QStringLiteral(" International"), QStringLiteral(" Constantinople"), QStringLiteral(" Tower"),
                                  QStringLiteral(" located"), QStringLiteral(" Netherlands")};
        view.resize(420, 420);
        view.setData(d);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.plot()->replot(QCustomPlot::rpImmediateRefresh);
        QCOMPARE(view.plot()->xAxis->tickLabelRotation(), -45.0);
        // Down along a slanted label, left of its tick, is still that column.
        for (int c = 0; c < 5; ++c) {
            QTest::mouseClick(view.plot(), Qt::LeftButton, {}, view.columnLabelPoint(c) + QPoint(-15, 15));
            QCOMPARE(view.selectedCells(), rect(0, c, 2, c));
        }
    }

    void heatmapKeyboard() {
        HeatmapView view;
        QVERIFY(showMap(view, sampleData(3, 5)));
        view.setFocus();
        QSignalSpy current(&view, &HeatmapView::currentCellChanged);
        QTest::mouseClick(view.plot(), Qt::LeftButton, {}, view.cellCenter(0, 0));
        QTest::keyClick(&view, Qt::Key_Right, Qt::ShiftModifier);
        QTest::keyClick(&view, Qt::Key_Down, Qt::ShiftModifier);
        QCOMPARE(view.selectedCells(), rect(0, 0, 1, 1));
        QCOMPARE(current.count(), 2);
        QCOMPARE(current.last().at(0).toInt(), 1);
        QCOMPARE(current.last().at(1).toInt(), 1);
        QTest::keyClick(&view, Qt::Key_A, Qt::ControlModifier);
        QCOMPARE(view.selectedCells().size(), 15);
        QTest::keyClick(&view, Qt::Key_Escape);
        QVERIFY(view.selectedCells().isEmpty());
        QTest::keyClick(&view, Qt::Key_Down);
        QTest::keyClick(&view, Qt::Key_Down); // stops at the last row
        QCOMPARE(view.selectedCells(), (QVector<GridCell>{{2, 1}}));
        QTest::keyClick(&view, Qt::Key_Left);
        QCOMPARE(view.selectedCells(), (QVector<GridCell>{{2, 0}}));
        QCOMPARE(current.last().at(0).toInt(), 2);
        QCOMPARE(current.last().at(1).toInt(), 0);
        // The arrows go on from the cell the owner marks as current.
        view.setCurrentCell(0, 3);
        QTest::keyClick(&view, Qt::Key_Right);
        QCOMPARE(view.selectedCells(), (QVector<GridCell>{{0, 4}}));
    }

    void heatmapKeysAndWindowShortcuts() {
        QWidget window;
        auto* view = new HeatmapView;
        (new QVBoxLayout(&window))->addWidget(view);
        QAction cancel(&window), windowSelectAll(&window);
        cancel.setShortcut(Qt::Key_Escape);
        windowSelectAll.setShortcut(QKeySequence::SelectAll);
        window.addActions({&cancel, &windowSelectAll});
        QSignalSpy cancelled(&cancel, &QAction::triggered);
        QSignalSpy windowSelected(&windowSelectAll, &QAction::triggered);
        view->setData(sampleData(3, 5));
        window.resize(700, 400);
        window.show();
        QApplication::setActiveWindow(&window);
        QVERIFY(QTest::qWaitForWindowActive(&window));
        view->setFocus();
        // Ctrl+A is the focused map's; Escape is the window's (cancelling a run) while it has one.
        QTest::keyClick(view, Qt::Key_A, Qt::ControlModifier);
        QCOMPARE(view->selectedCells().size(), 15);
        QCOMPARE(windowSelected.count(), 0);
        QTest::keyClick(view, Qt::Key_Escape);
        QCOMPARE(cancelled.count(), 1);
        QCOMPARE(view->selectedCells().size(), 15);
        cancel.setEnabled(false);
        QTest::keyClick(view, Qt::Key_Escape);
        QVERIFY(view->selectedCells().isEmpty());
    }

    void heatmapSelectionFollowsTheShape() {
        HeatmapView view;
        QVERIFY(showMap(view, sampleData(3, 5)));
        QSignalSpy changed(&view, &HeatmapView::selectionChanged);
        view.setSelectedCells({{2, 3}, {0, 1}, {7, 7}});
        QCOMPARE(view.selectedCells(), (QVector<GridCell>{{0, 1}, {2, 3}}));
        QCOMPARE(changed.count(), 0); // setSelectedCells is silent
        // A sweep streaming in, and a finished run of the same shape, keep it.
        QVector<double> values = sampleData(3, 5).values;
        values.fill(0.5);
        view.setValues(values);
        QCOMPARE(view.selectedCells(), (QVector<GridCell>{{0, 1}, {2, 3}}));
        view.setData(sampleData(3, 5));
        QCOMPARE(view.selectedCells(), (QVector<GridCell>{{0, 1}, {2, 3}}));
        QCOMPARE(changed.count(), 0);
        // Another shape (the prompt changed) clears it.
        view.setData(sampleData(4, 5));
        QVERIFY(view.selectedCells().isEmpty());
        QCOMPARE(changed.count(), 1);
    }

    void heatmapEmptyMapIsSelectable() {
        HeatmapView view;
        view.setPlaceholderText(QStringLiteral("Select cells, then press Patch"));
        QVERIFY(showMap(view, emptyData(4, 5)));
        QCOMPARE(view.shownTitle(), QStringLiteral("Select cells, then press Patch"));
        QVERIFY(view.plot()->xAxis->visible());
        auto ticker = qSharedPointerCast<QCPAxisTickerText>(view.plot()->xAxis->ticker());
        QCOMPARE(ticker->ticks().value(1), QStringLiteral(" Eiffel"));
        const QColor before = pixelAt(view, view.cellCenter(3, 4));
        QTest::mouseClick(view.plot(), Qt::LeftButton, {}, view.cellCenter(3, 4));
        QCOMPARE(view.selectedCells(), (QVector<GridCell>{{3, 4}}));
        QVERIFY(pixelAt(view, view.cellCenter(3, 4)) != before);
        QTest::mouseClick(view.plot(), Qt::LeftButton, Qt::ControlModifier, view.rowLabelPoint(0));
        QCOMPARE(view.selectedCells().size(), 6);
        // The first values of the run keep it.
        QVector<double> values(20, qQNaN());
        values[0] = 1.0;
        view.setValues(values);
        QCOMPARE(view.selectedCells().size(), 6);
    }

    void heatmapLongTitleWraps() {
        HeatmapView view;
        HeatmapData d = sampleData(3, 5);
        d.title = QStringLiteral("Patching block_output (clean \u2192 corrupted) on the prompt \u201cThe Eiffel Tower is located in the city of\u201d "
                                 "against \u201cThe Colosseum is located in the city of\u201d, answers Paris and Rome");
        QVERIFY(showMap(view, d));
        const QString shown = view.shownTitle();
        QVERIFY2(shown.contains(QLatin1Char('\n')), qPrintable(shown));
        const QFontMetrics metrics(view.plot()->plotLayout()->element(0, 0)->parentPlot()->font());
        for (const QString& line : shown.split(QLatin1Char('\n'))) QVERIFY2(metrics.horizontalAdvance(line) < view.width(), qPrintable(line));
        // Wide enough, it is shown whole.
        view.resize(1900, 400);
        QCoreApplication::processEvents();
        QCOMPARE(view.shownTitle(), d.title);
    }

    void heatmapExportsCaptionOnWhite() {
        QTemporaryDir dir;
        HeatmapView view;
        QPalette light = view.palette();
        light.setColor(QPalette::Window, QColor(0xef, 0xef, 0xef));
        light.setColor(QPalette::WindowText, Qt::black);
        view.setPalette(light);
        QVERIFY(showMap(view, sampleData(3, 5)));
        view.setSelectedCells({{0, 0}});
        view.setExportCaption(QStringLiteral("Model: demo\nClean: The Eiffel Tower is in\nCorrupted: The Colosseum is in\nAnswers: Paris / Rome"));
        const QString file = dir.filePath(QStringLiteral("map.png"));
        QVERIFY(view.exportImage(file, 640, 400));
        QImage image(file);
        QVERIFY(!image.isNull());
        QCOMPARE(image.width(), 1280);
        QVERIFY2(image.height() > 800 + 4 * 2 * view.fontMetrics().height(), qPrintable(QString::number(image.height()))); // four caption lines
        QCOMPARE(image.pixelColor(0, 0).rgba(), QColor(Qt::white).rgba());
        QCOMPARE(image.pixelColor(image.width() - 1, image.height() - 1).rgba(), QColor(Qt::white).rgba());
        int dark = 0;
        for (int y = 800; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x) dark += image.pixelColor(x, y).lightness() < 100;
        QVERIFY2(dark > 200, "the caption is drawn below the plot");
        QCOMPARE(view.selectedCells().size(), 1); // exporting leaves the selection alone
    }

    void heatmapMarksSubject() {
        HeatmapView view;
        view.resize(700, 400);
        view.setData(sampleData(3, 5));
        view.setMarkedColumns(1, 3);
        auto ticker = qSharedPointerCast<QCPAxisTickerText>(view.plot()->xAxis->ticker());
        QCOMPARE(ticker->ticks().value(1), QStringLiteral(" Eiffel*"));
        QCOMPARE(ticker->ticks().value(2), QStringLiteral(" Tower*"));
        QCOMPARE(ticker->ticks().value(3), QStringLiteral(" is"));
    }

    void heatmapExports_data() {
        QTest::addColumn<QString>("suffix");
        QTest::addColumn<QByteArray>("magic");
        QTest::newRow("png") << QStringLiteral("png") << QByteArray("\x89PNG");
        QTest::newRow("svg") << QStringLiteral("svg") << QByteArray("<?xml");
        QTest::newRow("pdf") << QStringLiteral("pdf") << QByteArray("%PDF");
    }

    void heatmapExports() {
        QFETCH(QString, suffix);
        QFETCH(QByteArray, magic);
        QTemporaryDir dir;
        HeatmapView view;
        view.resize(700, 400);
        view.setData(sampleData(3, 5));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QString file = dir.filePath(QStringLiteral("map.") + suffix);
        QVERIFY(view.exportImage(file, 640, 400));
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray head = f.read(magic.size());
        QCOMPARE(head, magic);
        QVERIFY(f.size() > 500);
    }

    void colorMapNamesRoundTrip() {
        for (const QString& name : colorMapNames()) QCOMPARE(colorMapName(colorMapFromName(name)), name);
        QCOMPARE(colorMapFromName(QStringLiteral("nonsense"), ColorMapKind::Reds), ColorMapKind::Reds);
    }

    void promptChips() {
        PromptEditor editor(QStringLiteral("Clean prompt"));
        editor.resize(400, 200);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        QSignalSpy typed(&editor, &PromptEditor::textChanged);
        QTest::keyClicks(editor.lineEdit(), QStringLiteral("The cat"));
        QCOMPARE(typed.count(), 7);
        QCOMPARE(editor.text(), QStringLiteral("The cat"));
        editor.setTokens({QStringLiteral("The"), QStringLiteral(" cat"), QStringLiteral(" sat")});
        editor.compareWith({QStringLiteral("The"), QStringLiteral(" dog"), QStringLiteral(" sat")});
        QCOMPARE(editor.chips()->highlighted(), (QVector<bool>{false, true, false}));
        QCOMPARE(TokenChips::visibleText(QStringLiteral(" cat")), QString(QChar(0x00B7)) + QStringLiteral("cat"));
        // Subject selection: click one chip, shift-click another, then drag.
        TokenChips* chips = editor.chips();
        chips->setSelectable(true);
        QSignalSpy selected(chips, &TokenChips::selectionChanged);
        QTest::mouseClick(chips, Qt::LeftButton, {}, chips->chipRect(0).center());
        QTest::mouseClick(chips, Qt::LeftButton, Qt::ShiftModifier, chips->chipRect(1).center());
        QCOMPARE(chips->selectionBegin(), 0);
        QCOMPARE(chips->selectionEnd(), 2);
        QTest::mousePress(chips, Qt::LeftButton, {}, chips->chipRect(2).center());
        QTest::mouseMove(chips, chips->chipRect(1).center());
        QTest::mouseRelease(chips, Qt::LeftButton, {}, chips->chipRect(1).center());
        QCOMPARE(chips->selectionBegin(), 1);
        QCOMPARE(chips->selectionEnd(), 3);
        QVERIFY(selected.count() >= 3);
        editor.setStatus(QStringLiteral("3 tokens"));
        QCOMPARE(editor.status(), QStringLiteral("3 tokens"));
    }

    void chipsWrap() {
        TokenChips chips;
        QStringList many;
        for (int i = 0; i < 40; ++i) many << QStringLiteral(" word");
        chips.setTokens(many);
        QVERIFY(chips.heightForWidth(200) > chips.heightForWidth(2000));
    }

    void predictions() {
        PredictionsView view;
        view.resize(600, 200);
        view.setMessage(QStringLiteral("Click a cell"));
        QCOMPARE(view.message(), QStringLiteral("Click a cell"));
        PredictionColumn clean{QStringLiteral("Clean"), {{QStringLiteral(" Paris"), 0.7}, {QStringLiteral(" Rome"), 0.1}}};
        PredictionColumn patched{QStringLiteral("Patched"), {{QStringLiteral(" Rome"), 0.5}, {QStringLiteral(" Paris"), 0.2}}};
        view.setColumns({clean, patched});
        view.setHighlightedTokens({QStringLiteral(" Paris")});
        QCOMPARE(view.columns().size(), 2);
        QCOMPARE(view.columns()[1].items[0].token, QStringLiteral(" Rome"));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QImage image = view.grab().toImage();
        QVERIFY(!image.isNull());
    }

    void predictionsShowWholeTokens() {
        PredictionsView view;
        view.resize(1600, 240);
        const QString longToken = QStringLiteral(" Constantinople-International");
        const QString shown = QString(QChar(0x00B7)) + longToken.mid(1); // the leading space made visible
        const QString title = QStringLiteral("Patched L12 \u00b7 token 7 \u201c Tower\u201d restoring the MLP outputs of ten layers around it");
        PredictionColumn clean{QStringLiteral("Clean"), {{longToken, 0.6}, {QStringLiteral(" Rome"), 0.1}}};
        PredictionColumn corrupted{QStringLiteral("Corrupted"), {{QStringLiteral(" Rome"), 0.5}, {longToken, 0.2}}};
        PredictionColumn patched{title, {{QStringLiteral(" Paris"), 0.4}}};
        view.setColumns({clean, corrupted, patched});
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        // Wide: whole, in every column.
        QCOMPARE(view.shownToken(0, 0), shown);
        QCOMPARE(view.shownToken(1, 1), shown);
        // The tooltip has the whole token and its probability.
        QHelpEvent help(QEvent::ToolTip, view.tokenRect(1, 1).center(), view.mapToGlobal(view.tokenRect(1, 1).center()));
        QApplication::sendEvent(&view, &help);
        QVERIFY2(view.toolTipAt(view.tokenRect(1, 1).center()).contains(shown), qPrintable(view.toolTipAt(view.tokenRect(1, 1).center())));
        QVERIFY(view.toolTipAt(view.tokenRect(1, 1).center()).contains(QStringLiteral("20.00%")));
        QVERIFY2(QToolTip::text().contains(shown), qPrintable(QToolTip::text()));
        // Narrow: elided, still whole in the tooltip; the long title wraps onto two lines.
        view.resize(420, 240);
        QVERIFY(view.shownToken(0, 0).endsWith(QChar(0x2026)));
        QVERIFY(view.toolTipAt(view.tokenRect(0, 0).center()).contains(shown));
        QVERIFY2(view.shownTitle(2).contains(QLatin1Char('\n')), qPrintable(view.shownTitle(2)));
        QCOMPARE(view.toolTipAt(QPoint(view.tokenRect(2, 0).left() + 2, 8)), title);
        // Very narrow (a side panel): no column's token and percentage reach into the next column.
        view.resize(240, 240);
        const int percent = view.fontMetrics().horizontalAdvance(QStringLiteral("100.0%"));
        for (int c = 0; c + 1 < 3; ++c)
            QVERIFY2(view.tokenRect(c, 0).right() + percent < view.tokenRect(c + 1, 0).left(),
                     qPrintable(QStringLiteral("column %1: token ends at %2, next starts at %3").arg(c).arg(view.tokenRect(c, 0).right()).arg(view.tokenRect(c + 1, 0).left())));
    }
};

QTEST_MAIN(WidgetsTest)
#include "test_widgets.moc"
