// weft_do_par_for on the runtime's thread pool: results, nesting, errors, thread count.

#include <catch2/catch.hpp>

#include "weft/Runtime.h"

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace {

/// Restores the default thread count when a test ends.
struct ThreadCountGuard {
    int saved = 0;
    explicit ThreadCountGuard(int n) { weft::set_num_threads(n); }
    ~ThreadCountGuard() { weft::set_num_threads(0); }
};

struct SumClosure {
    std::atomic<int64_t> sum{0};
    std::vector<std::atomic<int>> hits;
    explicit SumClosure(int n) : hits(n) {}
};

int add_index(void *, int32_t i, uint8_t *closure) {
    auto *c = reinterpret_cast<SumClosure *>(closure);
    c->sum += i;
    c->hits[i - 1000]++;
    return 0;
}

} // namespace

TEST_CASE("par_for runs every iteration exactly once", "[runtime][threads]") {
    ThreadCountGuard threads(4);
    const int n = 10000;
    SumClosure c(n);
    int r = weft_do_par_for(nullptr, add_index, 1000, n, reinterpret_cast<uint8_t *>(&c));
    REQUIRE(r == 0);
    int64_t expected = int64_t(n) * 1000 + int64_t(n) * (n - 1) / 2;
    REQUIRE(c.sum.load() == expected);
    int wrong = 0;
    for (auto &h : c.hits) {
        wrong += h.load() != 1;
    }
    REQUIRE(wrong == 0);

    // Empty and single-iteration loops.
    REQUIRE(weft_do_par_for(nullptr, add_index, 1000, 0, reinterpret_cast<uint8_t *>(&c)) == 0);
    REQUIRE(c.sum.load() == expected);
    REQUIRE(weft_do_par_for(nullptr, add_index, 1000, 1, reinterpret_cast<uint8_t *>(&c)) == 0);
    REQUIRE(c.sum.load() == expected + 1000);
}

TEST_CASE("many small loops in a row", "[runtime][threads]") {
    ThreadCountGuard threads(4);
    SumClosure c(8);
    for (int rep = 0; rep < 2000; rep++) {
        REQUIRE(weft_do_par_for(nullptr, add_index, 1000, 8, reinterpret_cast<uint8_t *>(&c)) == 0);
    }
    REQUIRE(c.sum.load() == 2000 * (8 * 1000 + 28));
}

namespace {

struct Nested {
    std::atomic<int64_t> count{0};
    std::atomic<int64_t> weighted{0};
};

struct Level {
    Nested *shared;
    int depth;
    int32_t outer_index;
};

int nested_task(void *uc, int32_t i, uint8_t *closure) {
    auto *parent = reinterpret_cast<Level *>(closure);
    if (parent->depth == 3) {
        parent->shared->count++;
        parent->shared->weighted += parent->outer_index * 100 + i;
        return 0;
    }
    Level child{parent->shared, parent->depth + 1, parent->depth == 1 ? i : parent->outer_index};
    return weft_do_par_for(uc, nested_task, 0, 10, reinterpret_cast<uint8_t *>(&child));
}

} // namespace

TEST_CASE("three nested parallel loops do not deadlock", "[runtime][threads]") {
    for (int threads : {2, 3, 8}) {
        ThreadCountGuard guard(threads);
        Nested n;
        Level top{&n, 1, 0};
        // Outer 12 x middle 10 x inner 10.
        REQUIRE(weft_do_par_for(nullptr, nested_task, 0, 12, reinterpret_cast<uint8_t *>(&top)) ==
                0);
        REQUIRE(n.count.load() == 12 * 10 * 10);
        // sum over outer o, middle, inner i of (o * 100 + i) = 10 * (100 * 10 * 66 + 12 * 45)
        REQUIRE(n.weighted.load() == 10 * (100 * 10 * 66 + 12 * 45));
    }
}

namespace {

struct FailClosure {
    std::atomic<int> ran{0};
    int fail_at;
};

int fail_task(void *, int32_t i, uint8_t *closure) {
    auto *c = reinterpret_cast<FailClosure *>(closure);
    c->ran++;
    if (i == c->fail_at) {
        return -7;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(50));
    return 0;
}

} // namespace

TEST_CASE("an error stops the loop and is returned", "[runtime][threads]") {
    ThreadCountGuard guard(4);
    FailClosure c;
    c.fail_at = 3;
    int r = weft_do_par_for(nullptr, fail_task, 0, 100000, reinterpret_cast<uint8_t *>(&c));
    REQUIRE(r == -7);
    REQUIRE(c.ran.load() < 100000); // the rest was skipped

    weft::set_num_threads(1);
    FailClosure serial;
    serial.fail_at = 3;
    REQUIRE(weft_do_par_for(nullptr, fail_task, 0, 100, reinterpret_cast<uint8_t *>(&serial)) ==
            -7);
    REQUIRE(serial.ran.load() == 4);
}

namespace {

struct ThreadIds {
    std::mutex mutex;
    std::set<std::thread::id> ids;
    std::vector<int> order;
};

int record_thread(void *, int32_t i, uint8_t *closure) {
    auto *c = reinterpret_cast<ThreadIds *>(closure);
    std::lock_guard<std::mutex> lock(c->mutex);
    c->ids.insert(std::this_thread::get_id());
    c->order.push_back(i);
    std::this_thread::sleep_for(std::chrono::microseconds(100));
    return 0;
}

} // namespace

TEST_CASE("one thread runs the loop serially on the caller, in order", "[runtime][threads]") {
    ThreadCountGuard guard(1);
    REQUIRE(weft::get_num_threads() == 1);
    ThreadIds c;
    REQUIRE(weft_do_par_for(nullptr, record_thread, -5, 50, reinterpret_cast<uint8_t *>(&c)) == 0);
    REQUIRE(c.ids.size() == 1);
    REQUIRE(*c.ids.begin() == std::this_thread::get_id());
    std::vector<int> expected;
    for (int i = -5; i < 45; i++) {
        expected.push_back(i);
    }
    REQUIRE(c.order == expected);
}

TEST_CASE("several threads share the work and the count can change", "[runtime][threads]") {
    ThreadCountGuard guard(4);
    REQUIRE(weft::get_num_threads() == 4);
    ThreadIds c;
    REQUIRE(weft_do_par_for(nullptr, record_thread, 0, 200, reinterpret_cast<uint8_t *>(&c)) == 0);
    REQUIRE(c.order.size() == 200);
    REQUIRE(c.ids.size() > 1);
    REQUIRE(c.ids.size() <= 4);

    weft::set_num_threads(2);
    ThreadIds d;
    REQUIRE(weft_do_par_for(nullptr, record_thread, 0, 200, reinterpret_cast<uint8_t *>(&d)) == 0);
    REQUIRE(d.ids.size() <= 2);

    weft::set_num_threads(0);
    REQUIRE(weft::get_num_threads() >= 1);
}

TEST_CASE("loops from several user threads at once", "[runtime][threads]") {
    ThreadCountGuard guard(4);
    std::vector<std::thread> users;
    std::atomic<int> failures{0};
    for (int u = 0; u < 3; u++) {
        users.emplace_back([&] {
            for (int rep = 0; rep < 50; rep++) {
                SumClosure c(100);
                weft_do_par_for(nullptr, add_index, 1000, 100, reinterpret_cast<uint8_t *>(&c));
                failures += c.sum.load() != 100 * 1000 + 4950;
            }
        });
    }
    for (auto &t : users) {
        t.join();
    }
    REQUIRE(failures.load() == 0);
}
