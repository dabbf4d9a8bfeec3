// The thread pool (see ThreadPool.h) and the C entry points weft_do_par_for,
// weft_set_num_threads and weft_get_num_threads.

#include "runtime/ThreadPool.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <system_error>

namespace weft::internal {

namespace {

constexpr int max_threads = 256;
/// How long an idle worker watches for a new job before it sleeps (ThreadPool.h).
constexpr int spin_microseconds = 200;

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

std::atomic<int> requested_threads{0};
std::atomic<bool> pool_destroyed{false};

int default_thread_count() {
    static const int n = [] {
        if (const char *env = std::getenv("WEFT_NUM_THREADS")) {
            int v = std::atoi(env);
            if (v > 0) {
                return std::min(v, max_threads);
            }
        }
        int hw = static_cast<int>(std::thread::hardware_concurrency());
        return std::clamp(hw, 1, max_threads);
    }();
    return n;
}

int run_serially(void *user_context, weft_task_t task, int32_t min, int32_t extent,
                 uint8_t *closure) {
    for (int64_t i = 0; i < extent; i++) {
        if (int r = task(user_context, static_cast<int32_t>(min + i), closure)) {
            return r;
        }
    }
    return 0;
}

} // namespace

void ParallelJob::run_chunks() {
    while (true) {
        int64_t start = next_iteration.fetch_add(chunk, std::memory_order_relaxed);
        if (start >= extent) {
            return;
        }
        int64_t end = std::min(start + chunk, extent);
        for (int64_t i = start; i < end; i++) {
            int r = task(user_context, static_cast<int32_t>(min + i), closure);
            if (r != 0) {
                int expected = 0;
                error.compare_exchange_strong(expected, r);
                next_iteration.store(extent, std::memory_order_relaxed);
                return;
            }
        }
        if (error.load(std::memory_order_relaxed) != 0) {
            return;
        }
    }
}

ThreadPool *ThreadPool::get() {
    static ThreadPool pool;
    return pool_destroyed.load() ? nullptr : &pool;
}

ThreadPool::~ThreadPool() {
    pool_destroyed.store(true);
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    published_.fetch_add(1);
    work_available_.notify_all();
    for (std::thread &t : workers_) {
        t.join();
    }
}

void ThreadPool::start_workers(int count) {
    while (static_cast<int>(workers_.size()) < count) {
        try {
            int index = static_cast<int>(workers_.size());
            workers_.emplace_back(&ThreadPool::worker_loop, this, index);
        } catch (const std::system_error &) {
            return; // Run with the workers we have.
        }
    }
}

ParallelJob *ThreadPool::find_work(uint64_t after) const {
    for (auto it = jobs_.rbegin(); it != jobs_.rend(); ++it) {
        if ((*it)->sequence > after && (*it)->has_unclaimed()) {
            return *it;
        }
    }
    return nullptr;
}

void ThreadPool::unpublish(ParallelJob *job) {
    auto it = std::find(jobs_.begin(), jobs_.end(), job);
    if (it != jobs_.end()) {
        jobs_.erase(it);
    }
}

void ThreadPool::help(ParallelJob *job, std::unique_lock<std::mutex> &lock) {
    job->helpers++;
    lock.unlock();
    job->run_chunks();
    lock.lock();
    // After this decrement the job's owner may return and destroy the job.
    if (--job->helpers == 0) {
        job_changed_.notify_all();
    }
}

void ThreadPool::worker_loop(int index) {
    std::unique_lock<std::mutex> lock(mutex_);
    bool spun = false;
    while (!stopping_) {
        // Workers beyond the current thread count stay asleep.
        bool enabled = index < weft_get_num_threads() - 1;
        ParallelJob *job = enabled ? find_work(0) : nullptr;
        if (job) {
            help(job, lock);
            spun = false;
            continue;
        }
        if (enabled && !spun) {
            // Watch for a publication without the lock for a while, then look again.
            const uint64_t seen = published_.load(std::memory_order_acquire);
            lock.unlock();
            const auto deadline =
                std::chrono::steady_clock::now() + std::chrono::microseconds(spin_microseconds);
            for (int i = 1; published_.load(std::memory_order_acquire) == seen; i++) {
                cpu_relax();
                if (i % 64 == 0 && std::chrono::steady_clock::now() >= deadline) {
                    break;
                }
            }
            lock.lock();
            spun = true;
            continue;
        }
        spun = false;
        work_available_.wait(lock);
    }
}

int ThreadPool::run(ParallelJob &job, int threads) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (stopping_) {
        lock.unlock();
        return run_serially(job.user_context, job.task, job.min, static_cast<int32_t>(job.extent),
                            job.closure);
    }
    start_workers(threads - 1);
    job.sequence = next_sequence_++;
    jobs_.push_back(&job);
    published_.fetch_add(1, std::memory_order_release);
    lock.unlock();

    int64_t chunks = (job.extent + job.chunk - 1) / job.chunk;

    if (chunks > 1) {
        work_available_.notify_all();
    }
    job_changed_.notify_all(); // Callers waiting on their helpers may help with this job.

    job.run_chunks();

    lock.lock();
    unpublish(&job);
    while (job.helpers > 0) {
        if (ParallelJob *other = find_work(job.sequence)) {
            help(other, lock);
        } else {
            job_changed_.wait(lock);
        }
    }
    return job.error.load();
}

} // namespace weft::internal

extern "C" {

int weft_do_par_for(void *user_context, weft_task_t task, int32_t min, int32_t extent,
                    uint8_t *closure) {
    using namespace weft::internal;
    if (extent <= 0) {
        return 0;
    }
    int threads = weft_get_num_threads();
    ThreadPool *pool = (threads > 1 && extent > 1) ? ThreadPool::get() : nullptr;
    if (!pool) {
        return run_serially(user_context, task, min, extent, closure);
    }
    ParallelJob job;
    job.task = task;
    job.user_context = user_context;
    job.closure = closure;
    job.min = min;
    job.extent = extent;
    // About eight chunks per thread: balances load without contending on the counter.
    job.chunk = std::max<int64_t>(1, extent / (8 * int64_t(threads)));
    return pool->run(job, threads);
}

void weft_set_num_threads(int n) {
    weft::internal::requested_threads.store(std::clamp(n, 0, weft::internal::max_threads));
}

int weft_get_num_threads(void) {
    int n = weft::internal::requested_threads.load();
    return n > 0 ? n : weft::internal::default_thread_count();
}

} // extern "C"
