#pragma once
// Every file of user data (experiment files, results.json, CSV and JSON exports, safetensors of
// collected sites, saved pyvene folders, exported images) is written through here: into a
// temporary file beside the target, flushed to the disk (fsync), then renamed over the target and
// the folder synced. A reader, a crash or a full disk sees either the old file or the whole new
// one, never half of it. Errors are causeway::Error sentences naming the file and the reason
// (the disk is full, the folder is read-only, permission denied, ...).
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace causeway {

class AtomicFile {
public:
    // Creates the temporary file in `target`'s folder (a symbolic link is followed: its target
    // is replaced), and removes the temporary files of this target that killed writers on this
    // machine left there. Throws causeway::Error when the folder cannot take a new file.
    explicit AtomicFile(std::filesystem::path target);
    // Removes the temporary file unless commit() succeeded; the target stays as it was.
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    void write(const void* data, std::size_t size); // throws causeway::Error
    void write(std::string_view bytes) { write(bytes.data(), bytes.size()); }
    // Syncs the data, renames it over the target (keeping an existing target's permissions) and
    // syncs the folder. Throws causeway::Error; then the target is untouched.
    void commit();

    const std::filesystem::path& target() const { return target_; }
    const std::filesystem::path& temporaryPath() const { return temporary_; }

private:
    [[noreturn]] void fail(const std::string& doing, int error);
    std::filesystem::path target_, temporary_;
    int fd_ = -1;
    bool committed_ = false;
};

// The whole file at once.
void writeFileAtomically(const std::filesystem::path& file, std::string_view bytes);

// Creates a folder and its parents (nothing when it exists); throws causeway::Error with the reason.
void createFolders(const std::filesystem::path& folder);

// Why a file operation failed, as the end of a sentence: "the disk is full", "the folder is on a
// read-only file system", "permission denied (the folder is not writable for you)", ... for an
// errno value.
std::string fileErrorReason(int error);

} // namespace causeway
