// Checks and records Func definitions (FuncDefinition.h).

#include "FuncDefinition.h"

#include "Error.h"
#include "ExprQueries.h"
#include "ir/IRHelpers.h"
#include "ir/IRPrinter.h"
#include "ir/IRVisitor.h"
#include "weft/IROperator.h"

#include <algorithm>
#include <sstream>

namespace weft::internal {

namespace {

std::string quoted(const std::string &s) { return "\"" + s + "\""; }

std::string func_label(const Function &f) { return "Func " + quoted(f.name()); }

bool contains(const std::vector<std::string> &names, const std::string &n) {
    return std::find(names.begin(), names.end(), n) != names.end();
}

std::string join(const std::vector<std::string> &names) {
    std::string s;
    for (size_t i = 0; i < names.size(); i++) {
        s += i ? ", " : "";
        s += names[i];
    }
    return s;
}

std::string ordinal_update(const Function &f) {
    return "update definition " + std::to_string(f->updates.size());
}

/// The first RVar `e` uses, or "".
std::string first_rvar(const Expr &e) {
    std::vector<DomainUse> uses = reduction_domains(e);
    return uses.empty() ? "" : uses[0].rvar;
}

void check_value_defined(const Function &f, const Expr &value, const std::string &what) {
    user_assert(value.defined()) << func_label(f) << ": the value of its " << what
                                 << " is an undefined Expr";
    user_assert(value.type().is_scalar())
        << func_label(f) << ": the value of its " << what << " has the vector type "
        << to_string(value.type()) << "; Func values are scalars (vectorize with a schedule)";
}

/// Integer coordinates as int32; anything else is a CompileError.
Expr coordinate(const Function &f, const Expr &e, size_t i, const std::string &where) {
    user_assert(e.defined()) << func_label(f) << ": argument " << i << " of " << where
                             << " is an undefined Expr";
    user_assert(e.type().is_scalar() && (e.type().is_int() || e.type().is_uint()))
        << func_label(f) << ": argument " << i << " of " << where << " has type "
        << to_string(e.type()) << "; Func arguments must be scalar integers";
    return cast(Int(32), e);
}

Dim loop(const std::string &var, bool is_rvar) {
    Dim d;
    d.var = var;
    d.is_rvar = is_rvar;
    return d;
}

/// A C++ number on the right of an update takes the Func's type (f(0) = 5 for a
/// uint8 f), as literals do next to an Expr.
Expr coerce_bare_literal(const Expr &value, Type t) {
    if (value.type() == t || !value.type().is_scalar()) {
        return value;
    }
    if (const auto *i = value.as<IntImm>(); i && value.type() == Int(32)) {
        return int_literal_like(make_zero(t), i->value);
    }
    if (const auto *fl = value.as<FloatImm>(); fl && t.is_float()) {
        return float_literal_like(make_zero(t), fl->value);
    }
    return value;
}

} // namespace

std::string arg_list(const Function &f) {
    std::string s = "(";
    s += join(f.args());
    s += ")";
    return s;
}

void define_pure(const Function &f, const std::vector<Expr> &lhs, const Expr &value) {
    internal_assert(!f.has_pure_definition()) << "define_pure of defined Func " << f.name();
    const std::string where = "its pure definition";
    std::vector<std::string> names;
    for (size_t i = 0; i < lhs.size(); i++) {
        const Expr &a = lhs[i];
        user_assert(a.defined()) << func_label(f) << ": argument " << i << " of " << where
                                 << " is an undefined Expr";
        std::string rvar = first_rvar(a);
        user_assert(rvar.empty())
            << func_label(f) << ": pure definition uses reduction variable " << rvar
            << " in its left-hand side; reduction variables may only appear in update "
               "definitions (define f(x) = ... first, then f(r) = ...)";
        user_assert(is_pure_var(a))
            << func_label(f) << ": argument " << i << " of " << where << " is " << a
            << ", not a Var; the first (pure) definition of a Func must list distinct Vars, "
               "as in f(x, y) = ...; other left-hand sides are allowed in later update "
               "definitions";
        const std::string &n = a.as<Variable>()->name;
        user_assert(!contains(names, n))
            << func_label(f) << ": the Var " << n << " appears twice in the left-hand side of "
            << where << "; its arguments must be distinct Vars";
        names.push_back(n);
    }
    check_value_defined(f, value, "pure definition");
    std::string rvar = first_rvar(value);
    user_assert(rvar.empty()) << func_label(f) << ": pure definition uses reduction variable "
                              << rvar << "; reduction variables may only appear in update "
                                 "definitions (or inside sum(), maximum(), ...)";
    for (const std::string &v : free_pure_vars(value)) {
        user_assert(contains(names, v))
            << func_label(f) << ": its pure definition uses the Var " << v
            << ", which is not one of its arguments (" << join(names) << ")";
    }

    FunctionContents &c = *f.get();
    c.args = names;
    c.output_types = {value.type()};
    c.init.args = lhs;
    c.init.values = {value};
    c.init.schedule.dims.clear();
    for (const std::string &n : names) {
        c.init.schedule.dims.push_back(loop(n, false));
    }
}

void define_update(const Function &f, const std::vector<Expr> &lhs, const Expr &value,
                   const ReductionDomain &domain) {
    internal_assert(f.has_pure_definition()) << "define_update of undefined Func " << f.name();
    user_assert(!f->wrapped) << func_label(f) << " is a wrapper made by in() (its value is "
                             << f->wrapped->name << "(...)); a wrapper cannot be given update "
                             << "definitions: define a Func of your own that calls it";
    const std::string where = ordinal_update(f);
    int n = static_cast<int>(lhs.size());
    user_assert(n == f.dimensions())
        << func_label(f) << " is defined with " << f.dimensions() << " argument"
        << (f.dimensions() == 1 ? "" : "s") << " " << arg_list(f) << " but its " << where
        << " gives " << n;
    check_value_defined(f, value, where);
    Type t = f.output_types()[0];
    Expr v = coerce_bare_literal(value, t);
    user_assert(v.type() == t)
        << func_label(f) << ": its " << where << " has type " << to_string(v.type())
        << " but its pure definition has type " << to_string(t)
        << "; every definition of a Func has one type (cast the value, e.g. cast(" << to_string(t)
        << ", ...))";

    // Left-hand side: integers; a bare pure Var stands where the pure definition has it.
    std::vector<Expr> args;
    std::vector<std::string> lhs_vars;
    for (int i = 0; i < n; i++) {
        Expr a = coordinate(f, lhs[i], i, "its " + where);
        if (is_pure_var(a)) {
            const std::string &name = a.as<Variable>()->name;
            user_assert(name == f.args()[i])
                << func_label(f) << ": argument " << i << " of its " << where << " is the Var "
                << name << ", but a pure Var in an update must be the one the pure definition "
                << "has there (" << f.args()[i] << "); use " << f.args()[i]
                << " or an expression";
            lhs_vars.push_back(name);
        }
        args.push_back(a);
    }

    // One reduction domain at most, from the left side and the value.
    std::vector<DomainUse> domains;
    if (domain.defined()) {
        domains.push_back({domain, domain.domain()[0].var});
    }
    for (const Expr &a : args) {
        merge_domain_uses(domains, reduction_domains(a));
    }
    merge_domain_uses(domains, reduction_domains(v));
    user_assert(domains.size() <= 1)
        << func_label(f) << ": its " << where << " uses reduction variables from two "
        << "different RDoms (" << domains[0].rvar << " and " << domains[1].rvar
        << "); an update iterates one RDom: make one RDom with several dimensions";
    ReductionDomain rdom = domains.empty() ? ReductionDomain() : domains[0].domain;

    // Every pure Var used must be a bare argument of the left side.
    std::vector<std::string> used = predicate_pure_vars(rdom);
    for (const Expr &e : args) {
        std::vector<std::string> more = free_pure_vars(e);
        used.insert(used.end(), more.begin(), more.end());
    }
    std::vector<std::string> in_value = free_pure_vars(v);
    used.insert(used.end(), in_value.begin(), in_value.end());
    for (const std::string &var : used) {
        user_assert(contains(lhs_vars, var))
            << func_label(f) << ": its " << where << " uses the Var " << var
            << ", which is not a pure argument of its left-hand side; pure Vars of an "
               "update must appear alone at their position on the left, as in f("
            << join(f.args()) << ")";
    }

    // As in Halide: every call of f inside its own update has, at each position where
    // the left side has a pure Var, that same Var (so the update at one point reads f
    // only at that point along pure dimensions, and those loops stay independent).
    auto check_self_calls = [&](const Expr &e) {
        walk_exprs(e, [&](const Expr &node) {
            const auto *c = node.as<Call>();
            if (!c || c->call_type != Call::Func || c->func.get() != f.get()) {
                return true;
            }
            for (int i = 0; i < n; i++) {
                if (!is_pure_var(args[i])) {
                    continue;
                }
                const auto *cv = c->args[i].as<Variable>();
                user_assert(cv && cv->name == args[i].as<Variable>()->name)
                    << func_label(f) << ": its " << where << " calls " << f.name()
                    << " with argument " << i << " = " << to_string(c->args[i])
                    << ", but the left-hand side has the pure Var "
                    << args[i].as<Variable>()->name
                    << " there; every call of a Func inside its own update must use the pure "
                       "Vars of the left-hand side unchanged at their positions";
            }
            return true;
        });
    };
    check_self_calls(v);
    for (const Expr &a : args) {
        check_self_calls(a);
    }

    Definition d;
    for (const Expr &a : args) {
        d.args.push_back(weaken_self_calls(a, f.get()));
    }
    d.values = {weaken_self_calls(v, f.get())};
    d.rdom = rdom;
    if (rdom.defined()) {
        for (const ReductionVariable &rv : rdom.domain()) {
            d.schedule.dims.push_back(loop(rv.var, true));
        }
    }
    for (const std::string &var : lhs_vars) {
        d.schedule.dims.push_back(loop(var, false));
    }
    f->updates.push_back(std::move(d));
}

std::vector<std::string> implicit_pure_args(const std::vector<Expr> &lhs) {
    std::vector<std::string> names;
    for (size_t i = 0; i < lhs.size(); i++) {
        std::string n = "_";
        n += std::to_string(i);
        if (is_pure_var(lhs[i])) {
            const std::string &v = lhs[i].as<Variable>()->name;
            if (!contains(names, v)) {
                n = v;
            }
        }
        names.push_back(n);
    }
    return names;
}

Expr checked_call(const Function &f, const std::vector<Expr> &args) {
    user_assert(f.has_pure_definition())
        << "Can't call Func " << quoted(f.name())
        << " because it has not yet been defined; give it a definition (f(x, ...) = ...) "
           "before using it";
    int n = static_cast<int>(args.size());
    user_assert(n == f.dimensions())
        << func_label(f) << " is defined with " << f.dimensions() << " argument"
        << (f.dimensions() == 1 ? "" : "s") << " " << arg_list(f) << " but called with " << n;
    std::vector<Expr> coords;
    for (int i = 0; i < n; i++) {
        coords.push_back(coordinate(f, args[i], i, "this call"));
    }
    return f.call(coords);
}

} // namespace weft::internal
