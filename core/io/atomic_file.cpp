#include "io/atomic_file.h"

#include "common/error.h"

#include <atomic>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace causeway {

namespace fs = std::filesystem;

namespace {

// The target a write really replaces: a symbolic link's destination (so a linked file stays linked).
fs::path resolveTarget(fs::path target) {
    std::error_code ec;
    for (int hops = 0; hops < 40 && fs::is_symlink(target, ec); ++hops) {
        const fs::path link = fs::read_symlink(target, ec);
        if (ec) break;
        target = link.is_absolute() ? link : target.parent_path() / link;
    }
    return target;
}

// A hidden name beside the target that no other thread or process picks (O_EXCL settles the rest).
fs::path temporaryNameFor(const fs::path& target) {
    static std::atomic<unsigned> counter{0};
    return target.parent_path() /
           ("." + target.filename().string() + ".partial-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
}

void syncFolder(const fs::path& folder) {
    // Makes the rename itself durable. Some file systems cannot sync a folder (EINVAL): the
    // rename is still atomic there, so that is no error.
    const int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

} // namespace

std::string fileErrorReason(int error) {
    switch (error) {
    case ENOSPC: return "the disk is full; free some space or save somewhere else";
    case EDQUOT: return "your disk quota is used up; free some space or save somewhere else";
    case EROFS: return "the folder is on a read-only file system; save somewhere else";
    case EACCES:
    case EPERM: return "permission denied (the folder is not writable for you); save somewhere else";
    case ENOENT: return "the folder does not exist";
    case ENOTDIR: return "a part of the path is a file, not a folder";
    case EISDIR: return "it is a folder";
    case EFBIG: return "the file is larger than this file system or the process's file size limit allows";
    case ENAMETOOLONG: return "the name is too long";
    case EIO: return "the disk reported an input/output error";
    case EMFILE:
    case ENFILE: return "too many files are open";
    default: return std::strerror(error);
    }
}

AtomicFile::AtomicFile(fs::path target) : target_(resolveTarget(std::move(target))) {
    std::error_code ec;
    if (fs::is_directory(target_, ec)) fail("write", EISDIR);
    for (unsigned attempt = 0; fd_ < 0; ++attempt) {
        temporary_ = temporaryNameFor(target_);
        fd_ = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd_ < 0 && (errno != EEXIST || attempt > 100)) {
            const int error = errno;
            temporary_.clear();
            fail("write", error);
        }
    }
}

AtomicFile::~AtomicFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_ && !temporary_.empty()) ::unlink(temporary_.c_str());
}

void AtomicFile::fail(const std::string& doing, int error) {
    throw Error("Cannot " + doing + " " + target_.string() + ": " + fileErrorReason(error) + ".");
}

void AtomicFile::write(const void* data, std::size_t size) {
    if (fd_ < 0) throw Error("Cannot write " + target_.string() + ": the file was already written.");
    const char* bytes = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t n = ::write(fd_, bytes, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) fail("write", n < 0 ? errno : ENOSPC); // 0 bytes written: the device is full
        bytes += n;
        size -= static_cast<std::size_t>(n);
    }
}

void AtomicFile::commit() {
    if (fd_ < 0) throw Error("Cannot write " + target_.string() + ": the file was already written.");
    // An existing target keeps its permissions (an executable script stays executable).
    struct stat existing {};
    if (::stat(target_.c_str(), &existing) == 0) ::fchmod(fd_, existing.st_mode & 07777);
    if (::fsync(fd_) != 0 && errno != EINVAL) fail("write", errno); // the data is on the disk before the name moves
    const int closed = ::close(fd_);
    fd_ = -1;
    if (closed != 0) fail("write", errno); // NFS reports write errors here
    if (::rename(temporary_.c_str(), target_.c_str()) != 0) fail("write", errno);
    committed_ = true;
    syncFolder(target_.parent_path());
}

void writeFileAtomically(const fs::path& file, std::string_view bytes) {
    AtomicFile out(file);
    out.write(bytes);
    out.commit();
}

void createFolders(const fs::path& folder) {
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) throw Error("Cannot create the folder " + folder.string() + ": " + fileErrorReason(ec.value()) + ".");
}

} // namespace causeway
