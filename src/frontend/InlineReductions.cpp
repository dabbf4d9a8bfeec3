// Inline reductions (weft/InlineReductions.h): each builds an anonymous Func with a
// pure definition and one update over the reduction domain.

#include "weft/InlineReductions.h"

#include "Error.h"
#include "ExprQueries.h"
#include "FuncDefinition.h"
#include "UniqueName.h"
#include "weft/Func.h"
#include "ir/IRHelpers.h"
#include "weft/IROperator.h"

#include <algorithm>

namespace weft {

using namespace internal;

namespace {

/// What a reduction of `e` needs: its domain and the pure Vars it depends on.
struct ReductionParts {
    RDom rdom;
    std::vector<Var> vars;
};

ReductionParts analyze(const char *fn, const Expr &e, const RDom *given) {
    user_assert(e.defined()) << fn << ": the expression to reduce is undefined";
    std::vector<DomainUse> uses = reduction_domains(e);
    ReductionParts parts;
    if (given != nullptr) {
        user_assert(given->defined()) << fn << ": the RDom given is undefined";
        for (const DomainUse &u : uses) {
            user_assert(u.domain.same_as(given->domain()))
                << fn << ": the expression uses " << u.rvar << ", a variable of another RDom "
                << "than the one given (\"" << given->name() << "\")";
        }
        parts.rdom = *given;
    } else {
        user_assert(!uses.empty())
            << fn << ": the expression uses no reduction variable, so there is nothing to "
            << "reduce over; use an RDom's variables in it (" << fn << "(f(r.x)) with RDom r) "
            << "or pass the RDom: " << fn << "(r, e)";
        user_assert(uses.size() == 1)
            << fn << ": the expression uses variables of two RDoms (" << uses[0].rvar << " and "
            << uses[1].rvar << "); an inline reduction iterates one RDom";
        parts.rdom = RDom(uses[0].domain);
    }
    std::vector<std::string> names = free_pure_vars(e);
    for (const std::string &n : predicate_pure_vars(parts.rdom.domain())) {
        if (std::find(names.begin(), names.end(), n) == names.end()) {
            names.push_back(n);
        }
    }
    for (const std::string &n : names) {
        parts.vars.emplace_back(n);
    }
    return parts;
}

enum class Op { Sum, Product, Maximum, Minimum };

/// The anonymous Func f(vars) = init; f(vars) = update(f(vars)) over domain r, and
/// the call f(vars).
template <typename Update>
Expr reduction_func(const std::string &name, const ReductionParts &parts, const Expr &init,
                    Update update) {
    Func f(unique_name(name));
    const Function &fn = f.function();
    std::vector<Expr> args(parts.vars.begin(), parts.vars.end());
    define_pure(fn, args, init);
    define_update(fn, args, update(checked_call(fn, args)), parts.rdom.domain());
    return checked_call(fn, args);
}

Expr reduce(Op op, const char *fn, const RDom *given, const Expr &e, const std::string &name) {
    ReductionParts parts = analyze(fn, e, given);
    Type t = e.type();
    switch (op) {
    case Op::Sum:
        return reduction_func(name, parts, make_zero(t), [&](const Expr &acc) { return acc + e; });
    case Op::Product:
        return reduction_func(name, parts, make_one(t), [&](const Expr &acc) { return acc * e; });
    case Op::Maximum:
        return reduction_func(name, parts, t.min(), [&](const Expr &acc) { return max(acc, e); });
    case Op::Minimum:
        return reduction_func(name, parts, t.max(), [&](const Expr &acc) { return min(acc, e); });
    }
    internal_error << "unknown reduction";
    return Expr();
}

/// Coordinates of the first point where e equals its maximum (or minimum).
std::vector<Expr> arg_extreme(bool want_max, const char *fn, const RDom *given, const Expr &e,
                              const std::string &name) {
    ReductionParts parts = analyze(fn, e, given);
    const RDom &r = parts.rdom;
    Expr best = reduce(want_max ? Op::Maximum : Op::Minimum, fn, &r, e, name + "_value");

    // The position of each point in iteration order (r.x fastest), and its strides.
    std::vector<Expr> strides;
    Expr linear = 0, stride = 1;
    for (int d = 0; d < r.dimensions(); d++) {
        strides.push_back(stride);
        linear = linear + (Expr(r[d]) - r[d].min()) * stride;
        stride = stride * r[d].extent();
    }
    // The first position where e reaches it; `stride` (one past the last) means none.
    Expr position = reduction_func(name, parts, stride, [&](const Expr &pos) {
        return select(e == best, min(pos, linear), pos);
    });

    std::vector<Expr> coords;
    int last = r.dimensions() - 1;
    for (int d = 0; d <= last; d++) {
        Expr q = position / strides[d];
        coords.push_back(r[d].min() + (d == last ? q : q % r[d].extent()));
    }
    return coords;
}

Expr arg_extreme_1d(bool want_max, const char *fn, const RDom *given, const Expr &e,
                    const std::string &name) {
    std::vector<Expr> coords = arg_extreme(want_max, fn, given, e, name);
    user_assert(coords.size() == 1)
        << fn << ": the RDom has " << coords.size() << " dimensions, but " << fn
        << " returns one coordinate; use " << fn << "_coords for several";
    return coords[0];
}

} // namespace

Expr sum(const Expr &e, const std::string &name) { return reduce(Op::Sum, "sum", nullptr, e, name); }
Expr sum(const RDom &r, const Expr &e, const std::string &name) {
    return reduce(Op::Sum, "sum", &r, e, name);
}
Expr product(const Expr &e, const std::string &name) {
    return reduce(Op::Product, "product", nullptr, e, name);
}
Expr product(const RDom &r, const Expr &e, const std::string &name) {
    return reduce(Op::Product, "product", &r, e, name);
}
Expr maximum(const Expr &e, const std::string &name) {
    return reduce(Op::Maximum, "maximum", nullptr, e, name);
}
Expr maximum(const RDom &r, const Expr &e, const std::string &name) {
    return reduce(Op::Maximum, "maximum", &r, e, name);
}
Expr minimum(const Expr &e, const std::string &name) {
    return reduce(Op::Minimum, "minimum", nullptr, e, name);
}
Expr minimum(const RDom &r, const Expr &e, const std::string &name) {
    return reduce(Op::Minimum, "minimum", &r, e, name);
}

Expr argmax(const Expr &e, const std::string &name) {
    return arg_extreme_1d(true, "argmax", nullptr, e, name);
}
Expr argmax(const RDom &r, const Expr &e, const std::string &name) {
    return arg_extreme_1d(true, "argmax", &r, e, name);
}
Expr argmin(const Expr &e, const std::string &name) {
    return arg_extreme_1d(false, "argmin", nullptr, e, name);
}
Expr argmin(const RDom &r, const Expr &e, const std::string &name) {
    return arg_extreme_1d(false, "argmin", &r, e, name);
}

std::vector<Expr> argmax_coords(const Expr &e, const std::string &name) {
    return arg_extreme(true, "argmax_coords", nullptr, e, name);
}
std::vector<Expr> argmax_coords(const RDom &r, const Expr &e, const std::string &name) {
    return arg_extreme(true, "argmax_coords", &r, e, name);
}
std::vector<Expr> argmin_coords(const Expr &e, const std::string &name) {
    return arg_extreme(false, "argmin_coords", nullptr, e, name);
}
std::vector<Expr> argmin_coords(const RDom &r, const Expr &e, const std::string &name) {
    return arg_extreme(false, "argmin_coords", &r, e, name);
}

} // namespace weft
