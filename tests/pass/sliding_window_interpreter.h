#ifndef WEFT_TESTS_PASS_SLIDING_WINDOW_INTERPRETER_H
#define WEFT_TESTS_PASS_SLIDING_WINDOW_INTERPRETER_H

// A reference interpreter for loop nests before storage flattening (Realize, Provide,
// Func calls), for the sliding_window and storage_folding tests: it runs the Stmt with
// integer scalars, keeps each Realize as an N-d array of its bounds, and reports
//  * a Provide or call outside the Realize's bounds, a read of a point never written
//    (sliding must compute every point before a consumer reads it), a false assert;
//  * how many times each Func was provided (one computation per point after sliding);
//  * the values written to Funcs that have no Realize (the pipeline outputs).
// Values are Int(32) expressions of the coordinates (no input images), evaluated in
// int64. Div and Mod are Euclidean, as in weft.

#include "analysis/Simplify.h"
#include "lower/BoundsInference.h"
#include "lower/RealizationOrder.h"
#include "lower/ScheduleFunctions.h"
#include "lower/SlidingWindow.h"
#include "lower/StorageFolding.h"
#include "lower_test_util.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace sliding_test {

using namespace lower_test;

/// The passes up to the one under test: schedule_functions, bounds_inference, then
/// (when asked) sliding_window, simplify, and (when asked) storage_folding.
inline Stmt lower_until(const std::vector<Function> &outputs, bool slide, bool fold) {
    std::map<std::string, Function> env = find_functions(outputs);
    std::vector<std::string> order = realization_order(outputs, env);
    Stmt s = bounds_inference(schedule_functions(outputs, order, env), outputs, order, env);
    if (slide) {
        s = sliding_window(s, env);
    }
    s = simplify(s);
    return fold ? storage_folding(s, env) : s;
}

inline int64_t euclid_div(int64_t a, int64_t b) {
    if (b == 0) {
        return 0;
    }
    int64_t q = a / b, r = a % b;
    return r < 0 ? (b > 0 ? q - 1 : q + 1) : q;
}
inline int64_t euclid_mod(int64_t a, int64_t b) {
    return b == 0 ? 0 : a - euclid_div(a, b) * b;
}

class Interpreter {
public:
    std::map<std::string, int64_t> scalars; // set the buffer fields before run()
    std::map<std::string, int64_t> provides;
    std::map<std::string, std::map<std::vector<int64_t>, int64_t>> outputs;
    std::vector<std::string> errors;
    /// Called at each Provide with the Func and its coordinates (as stored).
    std::function<void(const std::string &, const std::vector<int64_t> &)> on_provide;

    void run(const Stmt &s) {
        if (const LetStmt *op = s.as<LetStmt>()) {
            bind(op->name, eval(op->value), [&] { run(op->body); });
        } else if (const For *op = s.as<For>()) {
            int64_t mn = eval(op->min), extent = eval(op->extent);
            for (int64_t i = mn; i < mn + extent && errors.size() < 10; i++) {
                bind(op->name, i, [&] { run(op->body); });
            }
        } else if (const Block *op = s.as<Block>()) {
            run(op->first);
            run(op->rest);
        } else if (const ProducerConsumer *op = s.as<ProducerConsumer>()) {
            run(op->body);
        } else if (const Realize *op = s.as<Realize>()) {
            realize(op);
        } else if (const IfThenElse *op = s.as<IfThenElse>()) {
            if (eval(op->condition)) {
                run(op->then_case);
            } else if (op->else_case.defined()) {
                run(op->else_case);
            }
        } else if (const AssertStmt *op = s.as<AssertStmt>()) {
            if (!eval(op->condition)) {
                errors.push_back("assert failed: " + to_string(op->condition));
            }
        } else if (const Provide *op = s.as<Provide>()) {
            provide(op);
        }
    }

    int64_t eval(const Expr &e) {
        if (auto c = as_const_int(e)) {
            return *c;
        }
        if (auto c = as_const_uint(e)) {
            return static_cast<int64_t>(*c);
        }
        if (const Variable *v = e.as<Variable>()) {
            auto it = scalars.find(v->name);
            if (it == scalars.end()) {
                errors.push_back("unbound variable " + v->name);
                return 0;
            }
            return it->second;
        }
        if (const Add *op = e.as<Add>()) {
            return eval(op->a) + eval(op->b);
        }
        if (const Sub *op = e.as<Sub>()) {
            return eval(op->a) - eval(op->b);
        }
        if (const Mul *op = e.as<Mul>()) {
            return eval(op->a) * eval(op->b);
        }
        if (const Div *op = e.as<Div>()) {
            return euclid_div(eval(op->a), eval(op->b));
        }
        if (const Mod *op = e.as<Mod>()) {
            return euclid_mod(eval(op->a), eval(op->b));
        }
        if (const Min *op = e.as<Min>()) {
            return std::min(eval(op->a), eval(op->b));
        }
        if (const Max *op = e.as<Max>()) {
            return std::max(eval(op->a), eval(op->b));
        }
        if (const Select *op = e.as<Select>()) {
            return eval(op->condition) ? eval(op->true_value) : eval(op->false_value);
        }
        if (const EQ *op = e.as<EQ>()) {
            return eval(op->a) == eval(op->b);
        }
        if (const NE *op = e.as<NE>()) {
            return eval(op->a) != eval(op->b);
        }
        if (const LT *op = e.as<LT>()) {
            return eval(op->a) < eval(op->b);
        }
        if (const LE *op = e.as<LE>()) {
            return eval(op->a) <= eval(op->b);
        }
        if (const GT *op = e.as<GT>()) {
            return eval(op->a) > eval(op->b);
        }
        if (const GE *op = e.as<GE>()) {
            return eval(op->a) >= eval(op->b);
        }
        if (const And *op = e.as<And>()) {
            return eval(op->a) && eval(op->b);
        }
        if (const Or *op = e.as<Or>()) {
            return eval(op->a) || eval(op->b);
        }
        if (const Not *op = e.as<Not>()) {
            return !eval(op->a);
        }
        if (const Cast *op = e.as<Cast>()) {
            return eval(op->value);
        }
        if (const Let *op = e.as<Let>()) {
            int64_t result = 0;
            bind(op->name, eval(op->value), [&] { result = eval(op->body); });
            return result;
        }
        if (const Call *op = e.as<Call>()) {
            if (op->is_intrinsic(Call::likely)) {
                return eval(op->args[0]);
            }
            if (op->call_type == Call::Func) {
                return read(op->name, eval_all(op->args));
            }
        }
        errors.push_back("cannot evaluate " + to_string(e));
        return 0;
    }

private:
    struct Storage {
        std::vector<int64_t> mins, extents;
        std::vector<std::optional<int64_t>> cells;
    };

    static std::string to_string(const Expr &e) {
        std::ostringstream os;
        os << e;
        return os.str();
    }
    static std::string coords(const std::vector<int64_t> &c) {
        std::string s = "(";
        for (size_t i = 0; i < c.size(); i++) {
            s += (i ? ", " : "") + std::to_string(c[i]);
        }
        return s + ")";
    }

    template<typename F> void bind(const std::string &name, int64_t value, F &&body) {
        auto old = scalars.find(name);
        std::optional<int64_t> saved;
        if (old != scalars.end()) {
            saved = old->second;
        }
        scalars[name] = value;
        body();
        if (saved) {
            scalars[name] = *saved;
        } else {
            scalars.erase(name);
        }
    }

    std::vector<int64_t> eval_all(const std::vector<Expr> &es) {
        std::vector<int64_t> v;
        for (const Expr &e : es) {
            v.push_back(eval(e));
        }
        return v;
    }

    void realize(const Realize *op) {
        Storage st;
        int64_t size = 1;
        for (const Range &r : op->bounds) {
            st.mins.push_back(eval(r.min));
            st.extents.push_back(eval(r.extent));
            size *= std::max<int64_t>(st.extents.back(), 0);
        }
        st.cells.resize(static_cast<size_t>(size));
        realized_[op->name].push_back(std::move(st));
        run(op->body);
        realized_[op->name].pop_back();
    }

    /// The index of a point in the innermost Realize of `name`, or nullopt (reported).
    std::optional<size_t> cell(const std::string &name, const std::vector<int64_t> &c) {
        Storage &st = realized_[name].back();
        size_t index = 0, stride = 1;
        for (size_t i = 0; i < c.size(); i++) {
            int64_t off = c[i] - st.mins[i];
            if (off < 0 || off >= st.extents[i]) {
                errors.push_back(name + coords(c) + " is outside its Realize in dimension " +
                                 std::to_string(i));
                return std::nullopt;
            }
            index += static_cast<size_t>(off) * stride;
            stride *= static_cast<size_t>(st.extents[i]);
        }
        return index;
    }

    bool is_realized(const std::string &name) const {
        auto it = realized_.find(name);
        return it != realized_.end() && !it->second.empty();
    }

    void provide(const Provide *op) {
        std::vector<int64_t> c = eval_all(op->args);
        int64_t value = eval(op->values[0]);
        provides[op->name]++;
        if (on_provide) {
            on_provide(op->name, c);
        }
        if (!is_realized(op->name)) {
            outputs[op->name][c] = value;
            return;
        }
        if (auto i = cell(op->name, c)) {
            realized_[op->name].back().cells[*i] = value;
        }
    }

    int64_t read(const std::string &name, const std::vector<int64_t> &c) {
        if (!is_realized(name)) {
            auto it = outputs[name].find(c);
            if (it != outputs[name].end()) {
                return it->second;
            }
            errors.push_back("read of output " + name + coords(c) + " before it was written");
            return 0;
        }
        auto i = cell(name, c);
        if (!i) {
            return 0;
        }
        const std::optional<int64_t> &v = realized_[name].back().cells[*i];
        if (!v) {
            errors.push_back("read of " + name + coords(c) + " before it was computed");
            return 0;
        }
        return *v;
    }

    std::map<std::string, std::vector<Storage>> realized_;
};

/// Runs `s` with output `out` of two dimensions over [0, w) x [0, h); checks there
/// were no errors and that out(x, y) == reference(x, y) everywhere.
/// `setup` may install an on_provide hook before the run.
template<typename F>
Interpreter run_and_check(const Stmt &s, const std::string &out, int w, int h, F &&reference,
                          const std::function<void(Interpreter &)> &setup = {}) {
    Interpreter in;
    if (setup) {
        setup(in);
    }
    in.scalars[out + ".min.0"] = 0;
    in.scalars[out + ".extent.0"] = w;
    in.scalars[out + ".min.1"] = 0;
    in.scalars[out + ".extent.1"] = h;
    in.run(s);
    INFO(s);
    for (const std::string &e : in.errors) {
        FAIL_CHECK(e);
    }
    int mismatches = 0;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            auto it = in.outputs[out].find({x, y});
            bool ok = it != in.outputs[out].end() && it->second == reference(x, y);
            if (!ok && mismatches++ == 0) {
                FAIL_CHECK(out << "(" << x << ", " << y << ") is wrong or missing");
            }
        }
    }
    CHECK(mismatches == 0);
    return in;
}

} // namespace sliding_test

#endif
