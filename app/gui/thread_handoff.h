// The workbench's two thread handoffs: work started on a QThreadPool, and a call posted back to
// the GUI thread. Everything that crosses threads in the workbench goes through these two.
//
// Why they are more than pool.start() and QMetaObject::invokeMethod(): Debian's Qt is not built
// with ThreadSanitizer, and its QMutex waits on futexes directly, so the locks that order a
// pool's queue and a thread's event queue are invisible to TSan. Without help, every value handed
// over would be reported as a race. Under a TSan build these functions state the ordering Qt
// really gives (release before the handoff, acquire where the other thread picks it up), so
// TSan checks everything else, our code included, with nothing suppressed. In other builds they
// are the plain calls.
#pragma once

#include <QMetaObject>
#include <QObject>
#include <QRunnable>
#include <QThreadPool>

#include <type_traits>
#include <utility>

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define CAUSEWAY_TSAN 1
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define CAUSEWAY_TSAN 1
#endif

#ifdef CAUSEWAY_TSAN
extern "C" {
void __tsan_acquire(void* addr);
void __tsan_release(void* addr);
void AnnotateIgnoreReadsBegin(const char* file, int line);
void AnnotateIgnoreReadsEnd(const char* file, int line);
void AnnotateIgnoreWritesBegin(const char* file, int line);
void AnnotateIgnoreWritesEnd(const char* file, int line);
}
#endif

namespace causeway::app {

namespace handoff_detail {

#ifdef CAUSEWAY_TSAN
inline void release(const void* token) { __tsan_release(const_cast<void*>(token)); }
inline void acquire(const void* token) { __tsan_acquire(const_cast<void*>(token)); }
// Accesses by this thread that TSan should not record: the copy of a posted call that Qt's
// template builds here and the receiving thread reads after its acquire.
struct UnrecordedAccesses {
    UnrecordedAccesses() {
        AnnotateIgnoreReadsBegin(__FILE__, __LINE__);
        AnnotateIgnoreWritesBegin(__FILE__, __LINE__);
    }
    ~UnrecordedAccesses() {
        AnnotateIgnoreWritesEnd(__FILE__, __LINE__);
        AnnotateIgnoreReadsEnd(__FILE__, __LINE__);
    }
    UnrecordedAccesses(const UnrecordedAccesses&) = delete;
    UnrecordedAccesses& operator=(const UnrecordedAccesses&) = delete;
};
#else
inline void release(const void*) {}
inline void acquire(const void*) {}
struct UnrecordedAccesses {};
#endif

// One token for every call posted to the GUI thread: Qt orders them with that thread's single
// event-queue lock, so each delivered call sees everything posted before it.
inline char guiQueueToken;

// The job as a runnable built before the handoff, so that its own address is the token: run()
// needs to read nothing of the job before its acquire.
template <typename Work>
class PoolJob final : public QRunnable {
public:
    explicit PoolJob(Work work) : work_(std::move(work)) {}
    void run() override {
        acquire(this);
        work_();
    }

private:
    Work work_;
};

// The posted call as Qt stores it. The GUI thread acquires before it runs the call, and also
// before it destroys one that never ran (its receiver was deleted first), since either touches
// what the poster wrote. Only the copy Qt keeps is armed: the poster's moved-from temporaries
// must not acquire, or worker threads would seem ordered after one another.
template <typename Fn>
class GuiCall {
public:
    explicit GuiCall(Fn fn) : fn_(std::move(fn)) {}
    GuiCall(GuiCall&& other) noexcept(std::is_nothrow_move_constructible_v<Fn>)
        : fn_(std::move(other.fn_)), armed_(std::exchange(other.armed_, false)) {}
    GuiCall(const GuiCall&) = delete;
    GuiCall& operator=(const GuiCall&) = delete;
    GuiCall& operator=(GuiCall&&) = delete;
    ~GuiCall() {
        if (armed_) acquire(&guiQueueToken); // the body runs before fn_ is destroyed
    }
    void operator()() {
        acquire(&guiQueueToken);
        fn_();
    }

private:
    Fn fn_;
    bool armed_ = true;
};

} // namespace handoff_detail

// Runs `work` on `pool`; everything this thread did before the call is visible to it.
template <typename Work>
void startOnPool(QThreadPool& pool, Work work) {
    auto* job = new handoff_detail::PoolJob<Work>(std::move(work)); // the pool deletes it after run()
    handoff_detail::release(job);
    pool.start(job);
}

// Calls `fn` on the GUI thread, unless `receiver` is gone by then; everything the calling thread
// did before is visible to it.
template <typename Fn>
void postToGui(QObject* receiver, Fn fn) {
    if (!receiver) return; // Qt would destroy the call here, on this thread
    handoff_detail::release(&handoff_detail::guiQueueToken);
    [[maybe_unused]] const handoff_detail::UnrecordedAccesses unrecorded;
    QMetaObject::invokeMethod(receiver, handoff_detail::GuiCall<Fn>(std::move(fn)), Qt::QueuedConnection);
}

} // namespace causeway::app
