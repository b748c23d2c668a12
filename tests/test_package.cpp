// The .deb as a user gets it: CPack builds the package from this build folder, dpkg-deb unpacks it
// into a scratch root, and the installed programs run from there on the installed data (the demo
// model and the example experiments under share/causeway), not on the source tree's.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest/QtTest>

namespace {

struct Run {
    int exitCode = -1;
    QString out, err;
};

Run run(const QString& program, const QStringList& args, const QString& workingDir = {}, int timeoutMs = 600000,
        const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) {
    QProcess p;
    p.setProcessEnvironment(env);
    if (!workingDir.isEmpty()) p.setWorkingDirectory(workingDir);
    p.start(program, args);
    Run r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        r.err = QStringLiteral("%1 did not finish in time").arg(program);
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace

class PackageTest : public QObject {
    Q_OBJECT
    QTemporaryDir scratch_;
    QString deb_, root_;

    // The installed programs must not fall back to the source tree: no CAUSEWAY_RESOURCES.
    QProcessEnvironment installedEnv() const {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("CAUSEWAY_RESOURCES"));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("HOME"), scratch_.filePath(QStringLiteral("home")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), scratch_.filePath(QStringLiteral("home/.config")));
        return env;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(scratch_.isValid());
        const Run pack = run(QStringLiteral(CAUSEWAY_CPACK), {QStringLiteral("-G"), QStringLiteral("DEB"), QStringLiteral("-B"), scratch_.filePath(QStringLiteral("out"))},
                             QStringLiteral(CAUSEWAY_BUILD_DIR));
        QVERIFY2(pack.exitCode == 0, qPrintable(pack.out + pack.err));
        const QStringList debs = QDir(scratch_.filePath(QStringLiteral("out"))).entryList({QStringLiteral("*.deb")});
        QCOMPARE(debs.size(), 1);
        deb_ = scratch_.filePath(QStringLiteral("out/") + debs.first());
        root_ = scratch_.filePath(QStringLiteral("root"));
        const Run unpack = run(QStringLiteral("dpkg-deb"), {QStringLiteral("-x"), deb_, root_});
        QVERIFY2(unpack.exitCode == 0, qPrintable(unpack.err));
    }

    void controlFieldsNameRuntimePackagesOnly() {
        const Run fields = run(QStringLiteral("dpkg-deb"), {QStringLiteral("-f"), deb_, QStringLiteral("Package"), QStringLiteral("Version"),
                                                            QStringLiteral("Section"), QStringLiteral("Maintainer"), QStringLiteral("Depends"), QStringLiteral("Description")});
        QCOMPARE(fields.exitCode, 0);
        QVERIFY(fields.out.contains(QStringLiteral("Package: causeway")));
        QVERIFY(fields.out.contains(QStringLiteral("Section: science")));
        QVERIFY(fields.out.contains(QStringLiteral("Maintainer: ")));
        const QString depends = fields.out.section(QStringLiteral("Depends: "), 1).section(QLatin1Char('\n'), 0, 0);
        QVERIFY2(depends.contains(QStringLiteral("libopenblas0-pthread")), qPrintable(depends));
        if (!QStringLiteral(CAUSEWAY_RPATH_BLAS_DIR).isEmpty()) // the OpenMP build the programs load (CMakeLists.txt)
            QVERIFY2(depends.contains(QStringLiteral("libopenblas0-openmp")), qPrintable(depends));
        QVERIFY2(depends.contains(QStringLiteral("qt6-qpa-plugins")), qPrintable(depends)); // the window system's plugin
        QVERIFY2(depends.contains(QStringLiteral("libtorch")), qPrintable(depends));
        QVERIFY2(depends.contains(QStringLiteral("libqt6widgets6")), qPrintable(depends));
        QVERIFY2(!depends.contains(QStringLiteral("-dev")), qPrintable(depends));
    }

    void filesLieWhereTheFhsExpects() {
        const QStringList expected = {
            QStringLiteral("usr/bin/causeway"),
            QStringLiteral("usr/bin/causeway-cli"),
            QStringLiteral("usr/lib/causeway/libcauseway_spm.so"),
            QStringLiteral("usr/share/causeway/models/causeway-demo/config.json"),
            QStringLiteral("usr/share/causeway/experiments/fact-trace-venalor.json"),
            QStringLiteral("usr/share/applications/io.causeway.Workbench.desktop"),
            QStringLiteral("usr/share/metainfo/io.causeway.Workbench.metainfo.xml"),
            QStringLiteral("usr/share/mime/packages/io.causeway.Workbench.xml"),
            QStringLiteral("usr/share/icons/hicolor/scalable/apps/io.causeway.Workbench.svg"),
            QStringLiteral("usr/share/icons/hicolor/256x256/apps/io.causeway.Workbench.png"),
            QStringLiteral("usr/share/man/man1/causeway.1.gz"),
            QStringLiteral("usr/share/man/man1/causeway-cli.1.gz"),
            QStringLiteral("usr/share/doc/causeway/LICENSE"),
        };
        for (const QString& f : expected) QVERIFY2(QFileInfo::exists(root_ + QLatin1Char('/') + f), qPrintable(f));
    }

    void desktopFileAndMetainfoValidate() {
        const Run desktop = run(QStringLiteral("desktop-file-validate"), {root_ + QStringLiteral("/usr/share/applications/io.causeway.Workbench.desktop")});
        QVERIFY2(desktop.exitCode == 0 && !desktop.out.contains(QStringLiteral("error")), qPrintable(desktop.out + desktop.err));
        const Run meta = run(QStringLiteral("appstreamcli"), {QStringLiteral("validate"), QStringLiteral("--no-net"),
                                                             root_ + QStringLiteral("/usr/share/metainfo/io.causeway.Workbench.metainfo.xml")});
        QVERIFY2(meta.exitCode == 0, qPrintable(meta.out + meta.err));
    }

    void manPagesCarryTheHelpText() {
        const Run cli = run(QStringLiteral("gzip"), {QStringLiteral("-dc"), root_ + QStringLiteral("/usr/share/man/man1/causeway-cli.1.gz")});
        QCOMPARE(cli.exitCode, 0);
        QVERIFY(cli.out.startsWith(QStringLiteral(".TH CAUSEWAY-CLI 1")));
        for (const QString& command : {QStringLiteral("info MODEL_DIR"), QStringLiteral("tokenize"), QStringLiteral("collect"), QStringLiteral("intervene"),
                                       QStringLiteral("run EXPERIMENT.json"), QStringLiteral("export")})
            QVERIFY2(cli.out.contains(command), qPrintable(command));
        const Run gui = run(QStringLiteral("gzip"), {QStringLiteral("-dc"), root_ + QStringLiteral("/usr/share/man/man1/causeway.1.gz")});
        QVERIFY(gui.out.contains(QStringLiteral("--empty")));
    }

    void installedCliRunsOnInstalledData() {
        const QString cli = root_ + QStringLiteral("/usr/bin/causeway-cli");
        const Run info = run(cli, {QStringLiteral("info"), QStringLiteral("demo")}, {}, 120000, installedEnv());
        QVERIFY2(info.exitCode == 0, qPrintable(info.err));
        // The installed program runs its products on the OpenMP build its RPATH names.
        if (!QStringLiteral(CAUSEWAY_RPATH_BLAS_DIR).isEmpty())
            QVERIFY2(info.out.contains(QStringLiteral("(OpenMP threads)")), qPrintable(info.out.left(2000)));
        // The demo model found is the installed one, beside the installed program.
        QVERIFY2(info.out.contains(root_ + QStringLiteral("/usr/share/causeway/models/causeway-demo")) ||
                     info.out.contains(QStringLiteral("/usr/bin/../share/causeway/models/causeway-demo")),
                 qPrintable(info.out.left(400)));
        // An installed example runs (the SentencePiece-free demo needs no module; tokenizing works).
        const QString out = scratch_.filePath(QStringLiteral("run"));
        const Run experiment = run(cli, {QStringLiteral("run"), root_ + QStringLiteral("/usr/share/causeway/experiments/ioi-patching-block-output.json"),
                                         QStringLiteral("--out"), out},
                                   {}, 600000, installedEnv());
        QVERIFY2(experiment.exitCode == 0, qPrintable(experiment.err));
        QFile results(out + QStringLiteral("/results.json"));
        QVERIFY(results.open(QIODevice::ReadOnly));
        QVERIFY(QJsonDocument::fromJson(results.readAll()).isObject());
    }

    // The programs' RPATH names the OpenMP OpenBLAS folder and nothing else: an empty entry would
    // make ld.so look for libraries in the current directory.
    void rpathNamesOnlyTheBlasFolder() {
        const QString expected = QStringLiteral(CAUSEWAY_RPATH_BLAS_DIR);
        for (const QString& program : {root_ + QStringLiteral("/usr/bin/causeway-cli"), QStringLiteral(CAUSEWAY_BUILD_DIR "/bin/causeway-cli")}) {
            const Run dynamic = run(QStringLiteral("readelf"), {QStringLiteral("-d"), program});
            QVERIFY2(dynamic.exitCode == 0, qPrintable(dynamic.err));
            const QString line = dynamic.out.section(QStringLiteral("path: ["), 1).section(QLatin1Char(']'), 0, 0);
            QVERIFY2(line == expected, qPrintable(program + QStringLiteral(": RPATH '") + line + QStringLiteral("', expected '") + expected + QLatin1Char('\'')));
        }
    }

    void installedWorkbenchStartsOnTheDemo() {
        const QString shot = scratch_.filePath(QStringLiteral("first-launch.png"));
        const Run gui = run(root_ + QStringLiteral("/usr/bin/causeway"), {QStringLiteral("--size"), QStringLiteral("1280x800"),
                                                                         QStringLiteral("--screenshot"), shot},
                            {}, 300000, installedEnv());
        QVERIFY2(gui.exitCode == 0, qPrintable(gui.out + gui.err));
        const QImage image(shot);
        QVERIFY2(!image.isNull(), "the workbench saved no screenshot");
        QCOMPARE(image.size(), QSize(1280, 800));
    }
};

QTEST_GUILESS_MAIN(PackageTest)
#include "test_package.moc"
