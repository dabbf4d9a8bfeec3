#include "ExprQueries.h"

#include "ir/IRVisitor.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace weft::internal {

bool is_buffer_field_name(const std::string &name) {
    for (const char *field : {".min.", ".extent.", ".stride."}) {
        size_t at = name.rfind(field);
        if (at == std::string::npos || at == 0) {
            continue;
        }
        size_t digits = at + std::char_traits<char>::length(field);
        if (digits < name.size() &&
            std::all_of(name.begin() + digits, name.end(),
                        [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
            return true;
        }
    }
    return false;
}

bool is_pure_var(const Expr &e) {
    const auto *v = e.as<Variable>();
    return v && v->type == Int(32) && !v->param.defined() && !v->rdom.defined() &&
           !is_buffer_field_name(v->name);
}

std::vector<std::string> free_pure_vars(const Expr &e) {
    std::set<std::string> let_names;
    walk_exprs(e, [&](const Expr &x) {
        if (const auto *l = x.as<Let>()) {
            let_names.insert(l->name);
        }
        return true;
    });
    std::vector<std::string> names;
    walk_exprs(e, [&](const Expr &x) {
        if (is_pure_var(x)) {
            const std::string &n = x.as<Variable>()->name;
            if (!let_names.count(n) && std::find(names.begin(), names.end(), n) == names.end()) {
                names.push_back(n);
            }
        }
        return true;
    });
    return names;
}

std::vector<std::string> predicate_pure_vars(const ReductionDomain &d) {
    std::vector<std::string> names;
    if (!d.defined() || !d.predicate().defined()) {
        return names;
    }
    for (const std::string &n : free_pure_vars(d.predicate())) {
        bool own = std::any_of(d.domain().begin(), d.domain().end(),
                               [&](const ReductionVariable &rv) { return rv.var == n; });
        if (!own) {
            names.push_back(n);
        }
    }
    return names;
}

void merge_domain_uses(std::vector<DomainUse> &uses, const std::vector<DomainUse> &more) {
    for (const DomainUse &m : more) {
        bool known = std::any_of(uses.begin(), uses.end(),
                                 [&](const DomainUse &u) { return u.domain.same_as(m.domain); });
        if (!known) {
            uses.push_back(m);
        }
    }
}

std::vector<DomainUse> reduction_domains(const Expr &e) {
    std::vector<DomainUse> uses;
    walk_exprs(e, [&](const Expr &x) {
        if (const auto *v = x.as<Variable>(); v && v->rdom.defined()) {
            merge_domain_uses(uses, {DomainUse{v->rdom, v->name}});
        }
        return true;
    });
    return uses;
}

} // namespace weft::internal
