#ifndef WEFT_SRC_RUNTIME_THREAD_POOL_H
#define WEFT_SRC_RUNTIME_THREAD_POOL_H

// The persistent thread pool behind weft_do_par_for (weft_runtime.h).
//
// A parallel loop is a ParallelJob on the stack of the thread that calls
// weft_do_par_for. The job is published in the pool's list; idle workers attach to
// the newest job that still has unclaimed iterations (inner loops first) and claim
// chunks of iterations with an atomic counter, as does the calling thread itself.
// When no iterations are left to claim the caller removes the job from the list and
// waits for the workers still running its chunks; while it waits it helps with jobs
// published after its own (typically loops nested inside its own iterations).
//
// Nested loops cannot deadlock: every caller runs its own loop until nothing is left
// to claim, so a loop always completes even if no other thread helps. A task that
// returns nonzero stops further claims of its loop; the first such value is returned.
// The pool never allocates per iteration or per chunk.
//
// Workers start lazily, one fewer than weft_get_num_threads() (the caller is the
// other thread). A worker that runs out of work spins for spin_microseconds, watching
// for a newly published job, before it sleeps: a pipeline's parallel loops follow each
// other within microseconds, and waking a sleeping thread costs tens of microseconds
// (measured 34-100 us per loop on the 2-core machine, 3-10% of a 1 ms convolution).
// Lowering the thread count leaves the extra workers asleep. At process
// exit the pool's destructor wakes and joins its workers; later calls run serially.

#include "weft/runtime/weft_runtime.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace weft::internal {

struct ParallelJob {
    weft_task_t task = nullptr;
    void *user_context = nullptr;
    uint8_t *closure = nullptr;
    int32_t min = 0;
    int64_t extent = 0;
    int64_t chunk = 1;     ///< iterations claimed at a time
    uint64_t sequence = 0; ///< publication order; waiting callers help newer jobs only
    std::atomic<int64_t> next_iteration{0}; ///< first unclaimed iteration, relative to min
    std::atomic<int> error{0};              ///< first nonzero task result
    int helpers = 0; ///< threads other than the caller inside run_chunks (pool mutex)

    bool has_unclaimed() const { return next_iteration.load(std::memory_order_relaxed) < extent; }
    /// Claims and runs chunks until none are left or some task failed.
    void run_chunks();
};

class ThreadPool {
public:
    /// The process-wide pool, or null once it has been destroyed at exit.
    static ThreadPool *get();

    /// Runs the job to completion with up to `threads` threads (the caller included);
    /// returns its error (0 on success).
    int run(ParallelJob &job, int threads);

    ThreadPool() = default;
    ThreadPool(const ThreadPool &) = delete;
    ThreadPool &operator=(const ThreadPool &) = delete;
    ~ThreadPool();

private:
    void worker_loop(int index);
    void start_workers(int count);
    /// The newest published job with unclaimed iterations and a sequence above `after`.
    ParallelJob *find_work(uint64_t after) const;
    void unpublish(ParallelJob *job);
    /// Runs chunks of `job` as a helper; called and returns with the mutex held.
    void help(ParallelJob *job, std::unique_lock<std::mutex> &lock);

    std::mutex mutex_;
    std::condition_variable work_available_; ///< workers sleep here
    std::condition_variable job_changed_;    ///< callers waiting for their helpers sleep here
    std::vector<std::thread> workers_;
    std::vector<ParallelJob *> jobs_; ///< published jobs, oldest first
    uint64_t next_sequence_ = 1;
    bool stopping_ = false;
    /// Counts publications and shutdown, so that spinning workers see both unlocked.
    std::atomic<uint64_t> published_{0};
};

} // namespace weft::internal

#endif
