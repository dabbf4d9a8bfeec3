// JITModule: compiling hand-written LLVM modules in process and running them; runtime
// symbols bound explicitly; libm calls; handle lifetime; concurrent compilation from two
// threads; compile times (set WEFT_REPORT_JIT_TIMES=1 to print them).

#include "jit/JITModule.h"
#include "weft/Error.h"
#include "weft/Target.h"

#include <catch2/catch.hpp>

#include <llvm/AsmParser/Parser.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <thread>
#include <vector>

using namespace weft;
using namespace weft::internal;

namespace {

using Entry = int (*)(void **);

// int add_arrays(void **args): *args[2] = sum of the *args[1] floats at args[0].
const char *sum_ir = R"(
define i32 @add_arrays(ptr %args) {
entry:
  %data = load ptr, ptr %args
  %slot1 = getelementptr ptr, ptr %args, i64 1
  %pn = load ptr, ptr %slot1
  %n = load i32, ptr %pn
  %slot2 = getelementptr ptr, ptr %args, i64 2
  %out = load ptr, ptr %slot2
  %n64 = sext i32 %n to i64
  %nonempty = icmp sgt i64 %n64, 0
  br i1 %nonempty, label %loop, label %exit
loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
  %acc = phi float [ 0.0, %entry ], [ %acc.next, %loop ]
  %p = getelementptr float, ptr %data, i64 %i
  %v = load float, ptr %p
  %acc.next = fadd reassoc float %acc, %v
  %i.next = add nuw nsw i64 %i, 1
  %done = icmp eq i64 %i.next, %n64
  br i1 %done, label %exit, label %loop
exit:
  %r = phi float [ 0.0, %entry ], [ %acc.next, %loop ]
  store float %r, ptr %out
  ret i32 0
}
)";

// Calls a runtime-like function the test binds, and two libm functions.
const char *callback_ir = R"(
declare i32 @test_runtime_callback(ptr, i32)
declare float @tanhf(float)
declare float @llvm.pow.f32(float, float)

define i32 @call_runtime(ptr %args) {
  %user = load ptr, ptr %args
  %r = call i32 @test_runtime_callback(ptr %user, i32 41)
  %slot1 = getelementptr ptr, ptr %args, i64 1
  %pf = load ptr, ptr %slot1
  %x = load float, ptr %pf
  %t = call float @tanhf(float %x)
  %p = call float @llvm.pow.f32(float %t, float 3.0)
  store float %p, ptr %pf
  ret i32 %r
}
)";

// A separable 3x3 box blur on uint16, the shape of the blur pipeline in DESIGN.md:
// int blur(void **args): args = {in (w+2 x h+2), out (w x h), tmp (w x h+2), &w, &h}.
//   tmp[y][x] = (in[y][x] + in[y][x+1] + in[y][x+2]) / 3     for y in [0, h+2)
//   out[y][x] = (tmp[y][x] + tmp[y+1][x] + tmp[y+2][x]) / 3   for y in [0, h)
const char *blur_ir = R"(
define i32 @blur(ptr %args) {
entry:
  %in = load ptr, ptr %args
  %s1 = getelementptr ptr, ptr %args, i64 1
  %out = load ptr, ptr %s1
  %s2 = getelementptr ptr, ptr %args, i64 2
  %tmp = load ptr, ptr %s2
  %s3 = getelementptr ptr, ptr %args, i64 3
  %pw = load ptr, ptr %s3
  %w32 = load i32, ptr %pw
  %s4 = getelementptr ptr, ptr %args, i64 4
  %ph = load ptr, ptr %s4
  %h32 = load i32, ptr %ph
  %w = sext i32 %w32 to i64
  %h = sext i32 %h32 to i64
  %win = add i64 %w, 2
  %h2 = add i64 %h, 2
  %ok = icmp sgt i64 %w, 0
  br i1 %ok, label %ty, label %done
ty:
  %y = phi i64 [ 0, %entry ], [ %y.next, %ty.end ]
  %inrow = mul i64 %y, %win
  %tmprow = mul i64 %y, %w
  br label %tx
tx:
  %x = phi i64 [ 0, %ty ], [ %x.next, %tx ]
  %i0 = add i64 %inrow, %x
  %p0 = getelementptr i16, ptr %in, i64 %i0
  %p1 = getelementptr i16, ptr %p0, i64 1
  %p2 = getelementptr i16, ptr %p0, i64 2
  %a0 = load i16, ptr %p0
  %a1 = load i16, ptr %p1
  %a2 = load i16, ptr %p2
  %b0 = zext i16 %a0 to i32
  %b1 = zext i16 %a1 to i32
  %b2 = zext i16 %a2 to i32
  %c01 = add i32 %b0, %b1
  %c = add i32 %c01, %b2
  %d = udiv i32 %c, 3
  %e = trunc i32 %d to i16
  %it = add i64 %tmprow, %x
  %pt = getelementptr i16, ptr %tmp, i64 %it
  store i16 %e, ptr %pt
  %x.next = add nuw nsw i64 %x, 1
  %xdone = icmp eq i64 %x.next, %w
  br i1 %xdone, label %ty.end, label %tx
ty.end:
  %y.next = add nuw nsw i64 %y, 1
  %ydone = icmp eq i64 %y.next, %h2
  br i1 %ydone, label %oy.pre, label %ty
oy.pre:
  %hok = icmp sgt i64 %h, 0
  br i1 %hok, label %oy, label %done
oy:
  %v = phi i64 [ 0, %oy.pre ], [ %v.next, %oy.end ]
  %r0 = mul i64 %v, %w
  %r1 = add i64 %r0, %w
  %r2 = add i64 %r1, %w
  br label %ox
ox:
  %u = phi i64 [ 0, %oy ], [ %u.next, %ox ]
  %j0 = add i64 %r0, %u
  %j1 = add i64 %r1, %u
  %j2 = add i64 %r2, %u
  %q0 = getelementptr i16, ptr %tmp, i64 %j0
  %q1 = getelementptr i16, ptr %tmp, i64 %j1
  %q2 = getelementptr i16, ptr %tmp, i64 %j2
  %t0 = load i16, ptr %q0
  %t1 = load i16, ptr %q1
  %t2 = load i16, ptr %q2
  %z0 = zext i16 %t0 to i32
  %z1 = zext i16 %t1 to i32
  %z2 = zext i16 %t2 to i32
  %z01 = add i32 %z0, %z1
  %z = add i32 %z01, %z2
  %zd = udiv i32 %z, 3
  %zt = trunc i32 %zd to i16
  %po = getelementptr i16, ptr %out, i64 %j0
  store i16 %zt, ptr %po
  %u.next = add nuw nsw i64 %u, 1
  %udone = icmp eq i64 %u.next, %w
  br i1 %udone, label %oy.end, label %ox
oy.end:
  %v.next = add nuw nsw i64 %v, 1
  %vdone = icmp eq i64 %v.next, %h
  br i1 %vdone, label %done, label %oy
done:
  ret i32 0
}
)";

struct Compiled {
    std::unique_ptr<llvm::LLVMContext> ctx;
    std::unique_ptr<llvm::Module> module;
};

Compiled parse(const char *ir, const char *name) {
    Compiled c;
    c.ctx = std::make_unique<llvm::LLVMContext>();
    llvm::SMDiagnostic diag;
    c.module = llvm::parseAssemblyString(ir, diag, *c.ctx);
    if (!c.module) {
        std::string msg;
        llvm::raw_string_ostream os(msg);
        diag.print(name, os);
        throw std::runtime_error(os.str());
    }
    c.module->setModuleIdentifier(name);
    return c;
}

JITModule compile(const char *ir, const char *entry, const JITSymbols &symbols = {},
                  const Target &target = get_host_target()) {
    Compiled c = parse(ir, entry);
    return JITModule(std::move(c.module), std::move(c.ctx), entry, symbols, target);
}

float run_sum(const JITModule &m, const std::vector<float> &data) {
    int n = static_cast<int>(data.size());
    float result = -1.0f;
    void *args[] = {const_cast<float *>(data.data()), &n, &result};
    int rc = reinterpret_cast<Entry>(m.entry_point())(args);
    CHECK(rc == 0);
    return result;
}

std::vector<float> test_data(int n, int seed) {
    std::vector<float> v(n);
    for (int i = 0; i < n; i++) {
        v[i] = static_cast<float>((i * 7 + seed) % 13); // small integers: exact sums
    }
    return v;
}

float reference_sum(const std::vector<float> &v) {
    double s = 0;
    for (float x : v) {
        s += x;
    }
    return static_cast<float>(s);
}

int callback_calls = 0;

} // namespace

extern "C" int test_runtime_callback(void *user, int x) {
    callback_calls++;
    return *static_cast<int *>(user) + x;
}

bool run_blur_and_check(const JITModule &m, int w, int h) {
    std::vector<uint16_t> in((w + 2) * (h + 2)), out(w * h), tmp(w * (h + 2));
    for (size_t i = 0; i < in.size(); i++) {
        in[i] = static_cast<uint16_t>((i * 2654435761u) >> 16);
    }
    void *args[] = {in.data(), out.data(), tmp.data(), &w, &h};
    if (reinterpret_cast<Entry>(m.entry_point())(args) != 0) {
        return false;
    }
    auto at = [&](int x, int y) { return unsigned(in[y * (w + 2) + x]); };
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            unsigned t[3];
            for (int k = 0; k < 3; k++) {
                t[k] = (at(x, y + k) + at(x + 1, y + k) + at(x + 2, y + k)) / 3;
            }
            if (out[y * w + x] != (t[0] + t[1] + t[2]) / 3) {
                return false;
            }
        }
    }
    return true;
}

TEST_CASE("jit: compile time of a blur module (first and warm)", "[jit]") {
    using Clock = std::chrono::steady_clock;
    double times[3];
    for (double &t : times) {
        Compiled c = parse(blur_ir, "blur");
        Clock::time_point start = Clock::now();
        JITModule m(std::move(c.module), std::move(c.ctx), "blur", {}, get_host_target());
        t = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        CHECK(run_blur_and_check(m, 67, 13));
        if (std::getenv("WEFT_REPORT_JIT_TIMES")) {
            const JITCompileStats &s = m.stats();
            std::printf("JIT compile of blur: %.2f ms wall (verify %.2f, optimize %.2f, "
                        "codegen %.2f, link %.2f; object %zu bytes)\n",
                        t, s.verify_ms, s.optimize_ms, s.codegen_ms, s.link_ms, s.object_bytes);
        }
    }
    // Generous bounds: these are checks against pathologies, not the benchmark.
    CHECK(times[0] < 2000);
    CHECK(times[2] < 500);
}

TEST_CASE("jit: vectorized float sum runs and is correct", "[jit]") {
    JITModule m = compile(sum_ir, "add_arrays");
    REQUIRE(m.defined());
    CHECK(m.entry_name() == "add_arrays");
    CHECK(m.lookup("add_arrays") == m.entry_point());
    for (int n : {0, 1, 7, 16, 17, 1000, 4099}) {
        INFO("n = " << n);
        std::vector<float> data = test_data(n, n);
        CHECK(run_sum(m, data) == reference_sum(data));
    }
    CHECK_THROWS_AS(m.lookup("no_such_symbol"), InternalError);
}

TEST_CASE("jit: runtime symbols are bound explicitly; libm resolves", "[jit]") {
    JITModule m = compile(callback_ir, "call_runtime",
                          {{"test_runtime_callback", (void *)&test_runtime_callback}});
    int user = 1000;
    float x = 0.5f;
    void *args[] = {&user, &x};
    callback_calls = 0;
    int rc = reinterpret_cast<Entry>(m.entry_point())(args);
    CHECK(rc == 1041);
    CHECK(callback_calls == 1);
    CHECK(x == Approx(std::pow(std::tanh(0.5f), 3.0f)).epsilon(1e-5));
}

TEST_CASE("jit: an unbound symbol is an error naming it, not a process lookup", "[jit]") {
    // test_runtime_callback is exported by this executable, but unbound here.
    try {
        compile(callback_ir, "call_runtime");
        FAIL("expected an error");
    } catch (const InternalError &e) {
        INFO(e.what());
        CHECK(std::string(e.what()).find("test_runtime_callback") != std::string::npos);
    }
}

TEST_CASE("jit: invalid IR and a missing entry are internal errors", "[jit]") {
    Compiled c = parse(sum_ir, "add_arrays");
    CHECK_THROWS_AS(JITModule(std::move(c.module), std::move(c.ctx), "nope", {}),
                    InternalError);
}

TEST_CASE("jit: explicit targets the CPU supports run; others are refused", "[jit]") {
    std::vector<float> data = test_data(100, 3);
    CHECK(run_sum(compile(sum_ir, "add_arrays", {}, Target("x86-64-linux")), data) ==
          reference_sum(data));
    Target host = get_host_target();
    if (host.has_feature(Target::AVX2)) {
        JITModule m = compile(sum_ir, "add_arrays", {}, Target("x86-64-linux-avx2"));
        CHECK(run_sum(m, data) == reference_sum(data));
    }
    if (!host.has_feature(Target::AVX512_FP16)) {
        try {
            compile(sum_ir, "add_arrays", {}, host.with_feature(Target::AVX512_FP16));
            FAIL("expected CompileError");
        } catch (const CompileError &e) {
            CHECK(std::string(e.what()).find("lacks: avx512_fp16") != std::string::npos);
        }
    }
}

TEST_CASE("jit: copies share the code; it lives until the last copy dies", "[jit]") {
    JITModule copy;
    CHECK_FALSE(copy.defined());
    {
        JITModule m = compile(sum_ir, "add_arrays");
        copy = m;
    }
    std::vector<float> data = test_data(333, 5);
    CHECK(run_sum(copy, data) == reference_sum(data));
    // Same entry name in many modules: each has its own JITDylib.
    std::vector<JITModule> many;
    for (int i = 0; i < 5; i++) {
        many.push_back(compile(sum_ir, "add_arrays"));
    }
    for (const JITModule &m : many) {
        CHECK(run_sum(m, data) == reference_sum(data));
    }
}

TEST_CASE("jit: two threads compile and run modules concurrently", "[jit]") {
    constexpr int per_thread = 4;
    std::exception_ptr errors[2];
    bool ok[2][per_thread] = {};
    auto work = [&](int t) {
        try {
            for (int i = 0; i < per_thread; i++) {
                JITModule m = t == 0 ? compile(sum_ir, "add_arrays")
                                     : compile(callback_ir, "call_runtime",
                                               {{"test_runtime_callback",
                                                 (void *)&test_runtime_callback}});
                if (t == 0) {
                    std::vector<float> data = test_data(100 + i, i);
                    int n = static_cast<int>(data.size());
                    float result = 0;
                    void *args[] = {data.data(), &n, &result};
                    reinterpret_cast<Entry>(m.entry_point())(args);
                    ok[t][i] = result == reference_sum(data);
                } else {
                    int user = i;
                    float x = 0.25f;
                    void *args[] = {&user, &x};
                    ok[t][i] = reinterpret_cast<Entry>(m.entry_point())(args) == i + 41;
                }
            }
        } catch (...) {
            errors[t] = std::current_exception();
        }
    };
    std::thread a(work, 0), b(work, 1);
    a.join();
    b.join();
    for (std::exception_ptr e : errors) {
        if (e) {
            std::rethrow_exception(e);
        }
    }
    for (auto &row : ok) {
        for (bool v : row) {
            CHECK(v);
        }
    }
}
