#ifndef WEFT_EXPR_H
#define WEFT_EXPR_H

// Expr and Stmt: reference-counted handles to immutable IR nodes.
//
// The node list is written once here (an X-macro) and generates the node-kind
// enum, the visitor and mutator methods and the printer (STYLE.md item 2). The node
// structs themselves are internal (src/ir/IR.h): users build expressions with the
// C++ operators and math functions of weft/IROperator.h, never by hand.

#include "weft/Type.h"

#include <atomic>
#include <cstdint>
#include <string>
#include <utility>

// Every expression node, in one place.
#define WEFT_FOR_EACH_EXPR_NODE(X)                                                                 \
    X(IntImm)                                                                                      \
    X(UIntImm)                                                                                     \
    X(FloatImm)                                                                                    \
    X(StringImm)                                                                                   \
    X(Cast)                                                                                        \
    X(Reinterpret)                                                                                 \
    X(Variable)                                                                                    \
    X(Add)                                                                                         \
    X(Sub)                                                                                         \
    X(Mul)                                                                                         \
    X(Div)                                                                                         \
    X(Mod)                                                                                         \
    X(Min)                                                                                         \
    X(Max)                                                                                         \
    X(EQ)                                                                                          \
    X(NE)                                                                                          \
    X(LT)                                                                                          \
    X(LE)                                                                                          \
    X(GT)                                                                                          \
    X(GE)                                                                                          \
    X(And)                                                                                         \
    X(Or)                                                                                          \
    X(Not)                                                                                         \
    X(Select)                                                                                      \
    X(Load)                                                                                        \
    X(Ramp)                                                                                        \
    X(Broadcast)                                                                                   \
    X(Call)                                                                                        \
    X(Let)                                                                                         \
    X(Shuffle)                                                                                     \
    X(VectorReduce)

// Every statement node, in one place.
#define WEFT_FOR_EACH_STMT_NODE(X)                                                                 \
    X(LetStmt)                                                                                     \
    X(AssertStmt)                                                                                  \
    X(ProducerConsumer)                                                                            \
    X(For)                                                                                         \
    X(Store)                                                                                       \
    X(Provide)                                                                                     \
    X(Allocate)                                                                                    \
    X(Free)                                                                                        \
    X(Realize)                                                                                     \
    X(Block)                                                                                       \
    X(IfThenElse)                                                                                  \
    X(Evaluate)

namespace weft {
namespace internal {

enum class IRNodeKind : uint8_t {
#define WEFT_ENUM_ENTRY(name) name,
    WEFT_FOR_EACH_EXPR_NODE(WEFT_ENUM_ENTRY) WEFT_FOR_EACH_STMT_NODE(WEFT_ENUM_ENTRY)
#undef WEFT_ENUM_ENTRY
};

/// Name of a node kind, for messages ("Add", "For").
const char *node_kind_name(IRNodeKind kind);

/// Base of every IR node: a kind tag and an intrusive reference count.
/// Nodes are immutable once built by their static make().
struct IRNode {
    explicit IRNode(IRNodeKind k) : node_kind(k) {}
    IRNode(const IRNode &) = delete;
    IRNode &operator=(const IRNode &) = delete;
    virtual ~IRNode() = default;

    mutable std::atomic<int> ref_count{0};
    const IRNodeKind node_kind;
};

/// An expression node: every expression has a Type.
struct BaseExprNode : IRNode {
    BaseExprNode(IRNodeKind k, Type t) : IRNode(k), type(t) {}
    const Type type;
};

/// A statement node.
struct BaseStmtNode : IRNode {
    explicit BaseStmtNode(IRNodeKind k) : IRNode(k) {}
};

/// An intrusive shared pointer to an IRNode (or anything with a `ref_count`).
template <typename T>
class IntrusivePtr {
public:
    IntrusivePtr() = default;
    IntrusivePtr(T *p) : ptr_(p) { incref(); }
    IntrusivePtr(const IntrusivePtr &o) : ptr_(o.ptr_) { incref(); }
    IntrusivePtr(IntrusivePtr &&o) noexcept : ptr_(std::exchange(o.ptr_, nullptr)) {}
    template <typename U, typename = std::enable_if_t<std::is_convertible_v<U *, T *>>>
    IntrusivePtr(const IntrusivePtr<U> &o) : ptr_(o.get()) { incref(); }
    ~IntrusivePtr() { decref(); }

    IntrusivePtr &operator=(const IntrusivePtr &o) {
        if (o.ptr_ != ptr_) {
            IntrusivePtr tmp(o);
            std::swap(ptr_, tmp.ptr_);
        }
        return *this;
    }
    IntrusivePtr &operator=(IntrusivePtr &&o) noexcept {
        std::swap(ptr_, o.ptr_);
        return *this;
    }

    T *get() const { return ptr_; }
    T &operator*() const { return *ptr_; }
    T *operator->() const { return ptr_; }
    bool defined() const { return ptr_ != nullptr; }
    bool same_as(const IntrusivePtr &o) const { return ptr_ == o.ptr_; }
    bool operator<(const IntrusivePtr &o) const { return ptr_ < o.ptr_; }

private:
    void incref() {
        if (ptr_) {
            ptr_->ref_count.fetch_add(1, std::memory_order_relaxed);
        }
    }
    void decref() {
        if (ptr_ && ptr_->ref_count.fetch_sub(1, std::memory_order_acq_rel) == 1) {
            delete ptr_;
        }
        ptr_ = nullptr;
    }
    T *ptr_ = nullptr;
};

/// Handle shared by Expr and Stmt: checked downcasts by kind tag (never dynamic_cast).
template <typename Base>
class IRHandle : public IntrusivePtr<const Base> {
public:
    using IntrusivePtr<const Base>::IntrusivePtr;
    IRHandle() = default;

    IRNodeKind node_kind() const { return this->get()->node_kind; }

    /// The node as a T if it is one, else nullptr. T is a node struct of src/ir/IR.h.
    template <typename T>
    const T *as() const {
        if (this->get() && this->get()->node_kind == T::kind) {
            return static_cast<const T *>(this->get());
        }
        return nullptr;
    }
};

} // namespace internal

/// A value-producing expression. Built from constants, Vars, Func calls, operators
/// and math functions (weft/IROperator.h). Cheap to copy.
class Expr : public internal::IRHandle<internal::BaseExprNode> {
public:
    Expr() = default;
    Expr(const internal::BaseExprNode *n) : IRHandle(n) {}
    Expr(const internal::IntrusivePtr<const internal::BaseExprNode> &p) : IRHandle(p.get()) {}

    // Constants. As in Halide, an int is Int(32), a float Float(32), a double Float(64).
    Expr(int8_t x);
    Expr(int16_t x);
    Expr(int32_t x);
    Expr(int64_t x);
    Expr(uint8_t x);
    Expr(uint16_t x);
    Expr(uint32_t x);
    Expr(uint64_t x);
    Expr(bool x);
    Expr(float x);
    Expr(double x);
    /// A string constant (for print and error messages in generated code).
    explicit Expr(const std::string &s);
    /// Not an Expr: a string literal would otherwise convert through Expr(bool).
    Expr(const char *) = delete;

    Type type() const { return get()->type; }
};

/// A statement of the lowered loop nest.
class Stmt : public internal::IRHandle<internal::BaseStmtNode> {
public:
    Stmt() = default;
    Stmt(const internal::BaseStmtNode *n) : IRHandle(n) {}
};

/// Orders Exprs by node address (for std::map keys); not a structural comparison.
struct ExprCompare {
    bool operator()(const Expr &a, const Expr &b) const { return a.get() < b.get(); }
};

} // namespace weft

#endif
