#include "io/atomic_file.h"

#include "common/error.h"

#include <atomic>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <signal.h>
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

std::string partialPrefix(const fs::path& target) { return "." + target.filename().string() + ".partial-"; }

// This machine's name, without '/' (it becomes part of a file name).
std::string hostName() {
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0) return "localhost";
    std::string host(name);
    for (char& c : host)
        if (c == '/') c = '_';
    return host.empty() ? "localhost" : host;
}

// A hidden name beside the target that no other thread or process picks (O_EXCL settles the
// rest): .NAME.partial-HOST-PID-N. The host and process say whose it is if the writer is killed.
fs::path temporaryNameFor(const fs::path& target) {
    static std::atomic<unsigned> counter{0};
    static const std::string host = hostName();
    return target.parent_path() / (partialPrefix(target) + host + "-" + std::to_string(::getpid()) + "-" +
                                   std::to_string(counter++));
}

// Removes the temporary files that killed writers on this machine left beside `target`
// (SIGKILL, a power cut: no destructor ran). Only this machine's, and only those whose process
// is gone: on a shared (NFS) folder another machine's writer may still be busy. Files written
// before the host was part of the name (.NAME.partial-PID-N) count as this machine's. Best effort:
// a file that cannot be removed is left.
void removeAbandonedPartials(const fs::path& target) {
    static const std::string host = hostName();
    const std::string prefix = partialPrefix(target);
    std::error_code ec;
    for (fs::directory_iterator it(target.parent_path().empty() ? fs::path(".") : target.parent_path(), ec), end;
         !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.rfind(prefix, 0) != 0) continue;
        // The rest is [HOST-]PID-N; the host may itself hold '-'.
        const std::string rest = name.substr(prefix.size());
        const std::size_t counterDash = rest.rfind('-');
        if (counterDash == std::string::npos || counterDash == 0) continue;
        const std::size_t pidDash = rest.rfind('-', counterDash - 1);
        const std::size_t pidBegin = pidDash == std::string::npos ? 0 : pidDash + 1;
        const std::string owner = pidDash == std::string::npos ? std::string() : rest.substr(0, pidDash);
        const std::string pidText = rest.substr(pidBegin, counterDash - pidBegin);
        if (!owner.empty() && owner != host) continue;
        if (pidText.empty() || pidText.size() > 9 || pidText.find_first_not_of("0123456789") != std::string::npos) continue;
        const pid_t pid = static_cast<pid_t>(std::stol(pidText));
        if (pid <= 0 || pid == ::getpid() || ::kill(pid, 0) == 0 || errno != ESRCH) continue; // alive, or not ours to judge
        std::error_code removeError;
        fs::remove(it->path(), removeError);
    }
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
    removeAbandonedPartials(target_);
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
