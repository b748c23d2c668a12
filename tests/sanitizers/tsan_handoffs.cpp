// The ThreadSanitizer build's check of its own blind spot (app/gui/thread_handoff.h): values
// handed over through startOnPool and postToGui must not be reported, and an access that really
// is unordered with a handoff must still be. Registered only in TSan builds (tests/CMakeLists.txt),
// each racy case in a process of its own, expected to end with TSan's report.
#include "thread_handoff.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QObject>
#include <QTest>
#include <QThreadPool>
#include <QTimer>

#include <memory>
#include <numeric>
#include <string>
#include <vector>

using causeway::app::postToGui;
using causeway::app::startOnPool;

class TsanHandoffs : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // What the workbench does: the GUI thread writes a request, a pooled thread reads it and
    // posts a result back, the GUI thread reads the result and frees it. Many rounds on one pool:
    // a pool's first job runs on a thread it just created, which TSan sees as ordered anyway.
    void handedOverValuesAreNotReported() {
        QThreadPool pool;
        pool.setMaxThreadCount(2);
        QObject receiver;
        for (int round = 0; round < 50; ++round) {
            auto request = std::make_shared<std::vector<int>>(1000);
            std::iota(request->begin(), request->end(), round);
            long long received = 0;
            std::string label;
            int delivered = 0;
            for (int job = 0; job < 4; ++job)
                startOnPool(pool, [request, &receiver, &received, &label, &delivered] {
                    const long long sum = std::accumulate(request->begin(), request->end(), 0LL);
                    auto result = std::make_shared<std::vector<long long>>(1, sum);
                    std::string text = "sum of " + std::to_string(request->size());
                    postToGui(&receiver, [result, text, &received, &label, &delivered] {
                        received = result->front();
                        label = text;
                        ++delivered;
                    });
                });
            QVERIFY(QTest::qWaitFor([&] { return delivered == 4; }, 10000));
            QCOMPARE(received, 499500LL + 1000LL * round); // round + (round + 1) + ... + (round + 999)
            QCOMPARE(QString::fromStdString(label), QStringLiteral("sum of 1000"));
        }
        pool.waitForDone();
    }

    // A call posted to a receiver deleted before it ran is destroyed by the GUI thread, which
    // frees what the worker allocated.
    void callToADeletedReceiverIsNotReported() {
        QThreadPool pool;
        auto receiver = std::make_unique<QObject>();
        bool ran = false;
        startOnPool(pool, [target = receiver.get(), &ran] {
            auto payload = std::make_shared<std::vector<double>>(4096, 1.5);
            postToGui(target, [payload, &ran] { ran = payload->size() == 4096; });
        });
        pool.waitForDone();
        receiver.reset(); // drops the pending call, on this thread
        QCoreApplication::processEvents();
        QVERIFY(!ran);
    }

    // The GUI thread writes after it started the job: unordered with the job's write.
    void writeAfterStartingAJobIsReported() {
        QThreadPool pool;
        int shared = 0;
        startOnPool(pool, [&shared] { shared = 1; });
        shared = 2;
        pool.waitForDone();
        QVERIFY(shared == 1 || shared == 2);
    }

    // The worker writes after it posted the call that reads the value.
    void writeAfterPostingIsReported() {
        QThreadPool pool;
        QObject receiver;
        QEventLoop loop;
        QTimer::singleShot(10000, &loop, &QEventLoop::quit);
        int shared = 0, seen = -1;
        startOnPool(pool, [&] {
            postToGui(&receiver, [&] {
                seen = shared;
                loop.quit();
            });
            shared = 5;
        });
        loop.exec();
        pool.waitForDone();
        QVERIFY(seen == 0 || seen == 5);
    }
};

QTEST_GUILESS_MAIN(TsanHandoffs)
#include "tsan_handoffs.moc"
