#pragma once
// Writes that fail the way they do for users, caused for real: a read-only folder, and a disk
// that fills up half-way through a file.
//
// ReadOnlyFolder: a folder this test may not write into, even when the tests run as root (CI containers do): the
// folder is made read-only (0555), and for root this thread's file-system user id becomes
// "nobody" while the object lives (setfsuid is per thread; the kernel then drops root's right to
// ignore permissions), so writes fail as they would for a user on a read-only folder.
#include <QDir>
#include <QFile>
#include <QString>

#include <csignal>

#include <sys/fsuid.h>
#include <sys/resource.h>
#include <unistd.h>

namespace causeway::testing {

class ReadOnlyFolder {
public:
    // `folder` (created when missing) and its parent are made traversable for everyone.
    explicit ReadOnlyFolder(const QString& folder) : folder_(folder) {
        QDir().mkpath(folder);
        const auto everyone = QFile::ReadOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther;
        const QString parent = QDir(folder).absoluteFilePath(QStringLiteral(".."));
        parentPermissions_ = QFile::permissions(parent);
        QFile::setPermissions(parent, parentPermissions_ | everyone);
        QFile::setPermissions(folder, everyone);
        if (::geteuid() == 0) {
            ::setfsuid(65534);
            dropped_ = ::setfsuid(static_cast<uid_t>(-1)) == 65534; // reads back the current value
        }
    }
    ~ReadOnlyFolder() {
        if (dropped_) ::setfsuid(0);
        QFile::setPermissions(folder_, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QFile::setPermissions(QDir(folder_).absoluteFilePath(QStringLiteral("..")), parentPermissions_);
    }
    ReadOnlyFolder(const ReadOnlyFolder&) = delete;
    ReadOnlyFolder& operator=(const ReadOnlyFolder&) = delete;
    // Whether writes into the folder really fail here (false only for root without CAP_SETUID).
    bool effective() const { return ::geteuid() != 0 || dropped_; }

private:
    QString folder_;
    QFile::Permissions parentPermissions_;
    bool dropped_ = false;
};

// While alive, this process may write files of at most `bytes` bytes: a write past it fails
// half-way with EFBIG, as a disk filling up mid-write fails (SIGXFSZ is ignored meanwhile).
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes) {
        getrlimit(RLIMIT_FSIZE, &saved_);
        previousHandler_ = std::signal(SIGXFSZ, SIG_IGN);
        rlimit limited = saved_;
        limited.rlim_cur = bytes;
        setrlimit(RLIMIT_FSIZE, &limited);
    }
    ~FileSizeLimit() {
        setrlimit(RLIMIT_FSIZE, &saved_);
        std::signal(SIGXFSZ, previousHandler_);
    }
    FileSizeLimit(const FileSizeLimit&) = delete;
    FileSizeLimit& operator=(const FileSizeLimit&) = delete;

private:
    rlimit saved_{};
    void (*previousHandler_)(int) = nullptr;
};

} // namespace causeway::testing
