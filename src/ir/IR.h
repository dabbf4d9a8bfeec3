#ifndef WEFT_IR_IR_H
#define WEFT_IR_IR_H

// The IR node structs. Each is immutable and built only by its static make(), which
// checks its arguments and throws InternalError when they are inconsistent. The list
// of nodes is WEFT_FOR_EACH_EXPR_NODE / WEFT_FOR_EACH_STMT_NODE in weft/Expr.h.
//
// Semantics shared by all nodes:
//  - Binary operators require both operands to have the same type (lanes included);
//    the front end (IROperator) inserts casts by Halide's coercion rules first.
//  - Integer arithmetic wraps on overflow (two's complement), for signed types too.
//  - Integer Div rounds to negative infinity when the divisor is positive and up when
//    it is negative (Euclidean: the remainder of Mod is never negative). x / 0 == 0
//    and x % 0 == 0 for integers: defined, never a trap. Float ops follow IEEE 754.
//  - Comparisons and logical operators produce Bool with the operands' lane count.

#include "Parameter.h"
#include "Reduction.h"
#include "Schedule.h"
#include "weft/Expr.h"

#include <string>
#include <vector>

namespace weft::internal {

struct FunctionContents;

/// A reference from a Call to the Func it calls. Strong by default; weak when the
/// call sits inside the callee's own definition (f(x) = f(x - 1) + 1), which would
/// otherwise be a reference cycle.
class FunctionPtr {
public:
    FunctionPtr() = default;
    explicit FunctionPtr(FunctionContents *f);
    FunctionPtr(const FunctionPtr &o);
    FunctionPtr &operator=(const FunctionPtr &o);
    ~FunctionPtr();

    FunctionContents *get() const { return strong_ ? strong_ : weak_; }
    bool defined() const { return get() != nullptr; }
    bool is_weak() const { return weak_ != nullptr; }
    FunctionPtr weakened() const;
    bool same_as(const FunctionPtr &o) const { return get() == o.get(); }

private:
    FunctionContents *strong_ = nullptr; // holds a reference
    FunctionContents *weak_ = nullptr;   // does not
};

#define WEFT_NODE_KIND(name) static constexpr IRNodeKind kind = IRNodeKind::name

template <typename T>
struct ExprNode : BaseExprNode {
    explicit ExprNode(Type t) : BaseExprNode(T::kind, t) {}
};

template <typename T>
struct StmtNode : BaseStmtNode {
    StmtNode() : BaseStmtNode(T::kind) {}
};

/// A signed integer constant; the value is sign-extended from the type's width.
struct IntImm : ExprNode<IntImm> {
    WEFT_NODE_KIND(IntImm);
    int64_t value;
    static const IntImm *make(Type t, int64_t value);
    IntImm(Type t, int64_t v) : ExprNode(t), value(v) {}
};

/// An unsigned integer or Bool constant; the value is truncated to the type's width.
struct UIntImm : ExprNode<UIntImm> {
    WEFT_NODE_KIND(UIntImm);
    uint64_t value;
    static const UIntImm *make(Type t, uint64_t value);
    UIntImm(Type t, uint64_t v) : ExprNode(t), value(v) {}
};

/// A floating-point constant; rounded to the type's precision on construction.
struct FloatImm : ExprNode<FloatImm> {
    WEFT_NODE_KIND(FloatImm);
    double value;
    static const FloatImm *make(Type t, double value);
    FloatImm(Type t, double v) : ExprNode(t), value(v) {}
};

/// A string constant (Handle type), used for messages passed to runtime functions.
struct StringImm : ExprNode<StringImm> {
    WEFT_NODE_KIND(StringImm);
    std::string value;
    static const StringImm *make(const std::string &value);
    StringImm(std::string v) : ExprNode(Handle()), value(std::move(v)) {}
};

/// Value conversion. Float to int truncates toward zero (out of range: undefined
/// value, never a trap); int to narrower int wraps; int to float rounds to nearest.
/// A cast to Bool is `value != 0`.
struct Cast : ExprNode<Cast> {
    WEFT_NODE_KIND(Cast);
    Expr value;
    static Expr make(Type t, Expr value);
    Cast(Type t, Expr v) : ExprNode(t), value(std::move(v)) {}
};

/// Bit-level reinterpretation to a type of the same total bit count.
struct Reinterpret : ExprNode<Reinterpret> {
    WEFT_NODE_KIND(Reinterpret);
    Expr value;
    static Expr make(Type t, Expr value);
    Reinterpret(Type t, Expr v) : ExprNode(t), value(std::move(v)) {}
};

/// A named value: a loop variable, a Let binding, a scalar Param (param defined), a
/// reduction variable (rdom defined), or a buffer field such as "in.min.0".
struct Variable : ExprNode<Variable> {
    WEFT_NODE_KIND(Variable);
    std::string name;
    Parameter param;
    ReductionDomain rdom;
    static Expr make(Type t, const std::string &name);
    static Expr make(Type t, const std::string &name, Parameter p);
    static Expr make(Type t, const std::string &name, ReductionDomain r);
    Variable(Type t, std::string n) : ExprNode(t), name(std::move(n)) {}
};

template <typename T>
struct BinaryOpNode : ExprNode<T> {
    Expr a, b;
    static Expr make(Expr a, Expr b);
    BinaryOpNode(Type t, Expr a_, Expr b_) : ExprNode<T>(t), a(std::move(a_)), b(std::move(b_)) {}
};

struct Add : BinaryOpNode<Add> {
    WEFT_NODE_KIND(Add);
    using BinaryOpNode::BinaryOpNode;
};
struct Sub : BinaryOpNode<Sub> {
    WEFT_NODE_KIND(Sub);
    using BinaryOpNode::BinaryOpNode;
};
struct Mul : BinaryOpNode<Mul> {
    WEFT_NODE_KIND(Mul);
    using BinaryOpNode::BinaryOpNode;
};
/// See the file comment for integer rounding and division by zero.
struct Div : BinaryOpNode<Div> {
    WEFT_NODE_KIND(Div);
    using BinaryOpNode::BinaryOpNode;
};
/// Euclidean remainder for integers (never negative; x % 0 == 0); fmod-like
/// with the sign of the divisor for floats (a - b * floor(a / b)).
struct Mod : BinaryOpNode<Mod> {
    WEFT_NODE_KIND(Mod);
    using BinaryOpNode::BinaryOpNode;
};
struct Min : BinaryOpNode<Min> {
    WEFT_NODE_KIND(Min);
    using BinaryOpNode::BinaryOpNode;
};
struct Max : BinaryOpNode<Max> {
    WEFT_NODE_KIND(Max);
    using BinaryOpNode::BinaryOpNode;
};

/// Comparisons: operands of one type, result Bool with the operands' lanes.
template <typename T>
struct CmpOpNode : ExprNode<T> {
    Expr a, b;
    static Expr make(Expr a, Expr b);
    CmpOpNode(Type t, Expr a_, Expr b_) : ExprNode<T>(t), a(std::move(a_)), b(std::move(b_)) {}
};

struct EQ : CmpOpNode<EQ> {
    WEFT_NODE_KIND(EQ);
    using CmpOpNode::CmpOpNode;
};
struct NE : CmpOpNode<NE> {
    WEFT_NODE_KIND(NE);
    using CmpOpNode::CmpOpNode;
};
struct LT : CmpOpNode<LT> {
    WEFT_NODE_KIND(LT);
    using CmpOpNode::CmpOpNode;
};
struct LE : CmpOpNode<LE> {
    WEFT_NODE_KIND(LE);
    using CmpOpNode::CmpOpNode;
};
struct GT : CmpOpNode<GT> {
    WEFT_NODE_KIND(GT);
    using CmpOpNode::CmpOpNode;
};
struct GE : CmpOpNode<GE> {
    WEFT_NODE_KIND(GE);
    using CmpOpNode::CmpOpNode;
};

/// Logical and/or of two Bool operands of the same lanes.
struct And : BinaryOpNode<And> {
    WEFT_NODE_KIND(And);
    using BinaryOpNode::BinaryOpNode;
};
struct Or : BinaryOpNode<Or> {
    WEFT_NODE_KIND(Or);
    using BinaryOpNode::BinaryOpNode;
};

struct Not : ExprNode<Not> {
    WEFT_NODE_KIND(Not);
    Expr a;
    static Expr make(Expr a);
    Not(Type t, Expr a_) : ExprNode(t), a(std::move(a_)) {}
};

/// condition ? true_value : false_value, lane-wise. Both values are evaluated
/// (no side effects in weft expressions), so codegen may use a blend.
struct Select : ExprNode<Select> {
    WEFT_NODE_KIND(Select);
    Expr condition, true_value, false_value;
    static Expr make(Expr condition, Expr true_value, Expr false_value);
    Select(Type t, Expr c, Expr tv, Expr fv)
        : ExprNode(t), condition(std::move(c)), true_value(std::move(tv)),
          false_value(std::move(fv)) {}
};

/// Load from a flat (1-D) allocation or buffer `name` at `index` (in elements of the
/// element type). A vector load has a vector index. `predicate` (all-true when
/// undefined) masks lanes. `param` is set when `name` is a pipeline input buffer.
struct Load : ExprNode<Load> {
    WEFT_NODE_KIND(Load);
    std::string name;
    Expr index;
    Expr predicate;
    Parameter param;
    static Expr make(Type t, const std::string &name, Expr index, Expr predicate = Expr(),
                     Parameter param = Parameter());
    Load(Type t, std::string n, Expr i, Expr p, Parameter pr)
        : ExprNode(t), name(std::move(n)), index(std::move(i)), predicate(std::move(p)),
          param(std::move(pr)) {}
};

/// base, base + stride, ..., base + (lanes-1)*stride. base and stride are scalar.
struct Ramp : ExprNode<Ramp> {
    WEFT_NODE_KIND(Ramp);
    Expr base, stride;
    int lanes;
    static Expr make(Expr base, Expr stride, int lanes);
    Ramp(Type t, Expr b, Expr s, int l)
        : ExprNode(t), base(std::move(b)), stride(std::move(s)), lanes(l) {}
};

/// A scalar repeated `lanes` times.
struct Broadcast : ExprNode<Broadcast> {
    WEFT_NODE_KIND(Broadcast);
    Expr value;
    int lanes;
    static Expr make(Expr value, int lanes);
    Broadcast(Type t, Expr v, int l) : ExprNode(t), value(std::move(v)), lanes(l) {}
};

/// A call. Kinds:
///  - Image: read of a pipeline input buffer `param` at coordinates `args` (before
///    flattening turns it into a Load).
///  - Func: call to Func `func` at coordinates `args` (before lowering replaces it).
///  - Extern: a C function of the runtime, by name (may have side effects).
///  - PureExtern: a side-effect-free C function (libm style), by name.
///  - Intrinsic / PureIntrinsic: an operation of weft itself, by one of the names in
///    Call::Intrinsics (abs, shift_left, likely, ...), handled by every backend.
struct Call : ExprNode<Call> {
    WEFT_NODE_KIND(Call);
    enum CallType : uint8_t { Image, Func, Extern, PureExtern, Intrinsic, PureIntrinsic };

    std::string name;
    std::vector<Expr> args;
    CallType call_type;
    FunctionPtr func;    // Func calls
    int value_index = 0; // which Tuple element of a Func call
    Parameter param;     // Image calls

    static Expr make(Type t, const std::string &name, std::vector<Expr> args, CallType ct,
                     FunctionPtr func = FunctionPtr(), int value_index = 0,
                     Parameter param = Parameter());

    bool is_pure() const {
        return call_type == Image || call_type == Func || call_type == PureExtern ||
               call_type == PureIntrinsic;
    }
    bool is_intrinsic(const char *n) const {
        return (call_type == Intrinsic || call_type == PureIntrinsic) && name == n;
    }

    // Names of weft intrinsics (PureIntrinsic unless noted).
    static constexpr const char *abs = "abs";                  // |x|; result unsigned for ints
    static constexpr const char *absd = "absd";                // |a - b| without overflow
    static constexpr const char *bitwise_and = "bitwise_and";
    static constexpr const char *bitwise_or = "bitwise_or";
    static constexpr const char *bitwise_xor = "bitwise_xor";
    static constexpr const char *bitwise_not = "bitwise_not";
    static constexpr const char *shift_left = "shift_left";    // shifts >= bits give 0
    static constexpr const char *shift_right = "shift_right";  // arithmetic for signed
    static constexpr const char *likely = "likely";            // a hint; value unchanged
    static constexpr const char *saturating_cast = "saturating_cast";
    static constexpr const char *mul_hi = "mul_hi";            // high half of a*b
    static constexpr const char *div_round_to_zero = "div_round_to_zero";
    static constexpr const char *mod_round_to_zero = "mod_round_to_zero";
    static constexpr const char *return_second = "return_second"; // evaluate a, yield b
    // Float math: sqrt exp log pow sin cos tan tanh asin acos atan atan2 floor ceil
    // round (to nearest even) trunc fma is_nan is_inf, called by these names with
    // PureIntrinsic and a float type.

    Call(Type t, std::string n, std::vector<Expr> a, CallType ct)
        : ExprNode(t), name(std::move(n)), args(std::move(a)), call_type(ct) {}
};

/// let name = value in body.
struct Let : ExprNode<Let> {
    WEFT_NODE_KIND(Let);
    std::string name;
    Expr value, body;
    static Expr make(const std::string &name, Expr value, Expr body);
    Let(Type t, std::string n, Expr v, Expr b)
        : ExprNode(t), name(std::move(n)), value(std::move(v)), body(std::move(b)) {}
};

/// Lane shuffle: concatenates `vectors` and picks lanes by `indices`.
struct Shuffle : ExprNode<Shuffle> {
    WEFT_NODE_KIND(Shuffle);
    std::vector<Expr> vectors;
    std::vector<int> indices;
    static Expr make(std::vector<Expr> vectors, std::vector<int> indices);
    static Expr make_concat(std::vector<Expr> vectors);
    static Expr make_slice(Expr vector, int begin, int stride, int lanes);
    static Expr make_extract_element(Expr vector, int i);
    Shuffle(Type t, std::vector<Expr> v, std::vector<int> i)
        : ExprNode(t), vectors(std::move(v)), indices(std::move(i)) {}
};

/// Reduces groups of adjacent lanes of `value` down to `lanes` lanes.
struct VectorReduce : ExprNode<VectorReduce> {
    WEFT_NODE_KIND(VectorReduce);
    enum Operator : uint8_t { Add, Mul, Min, Max, And, Or };
    Operator op;
    Expr value;
    static Expr make(Operator op, Expr value, int lanes);
    VectorReduce(Type t, Operator o, Expr v) : ExprNode(t), op(o), value(std::move(v)) {}
};

// ---------------------------------------------------------------------------------
// Statements

/// let name = value in body.
struct LetStmt : StmtNode<LetStmt> {
    WEFT_NODE_KIND(LetStmt);
    std::string name;
    Expr value;
    Stmt body;
    static Stmt make(const std::string &name, Expr value, Stmt body);
};

/// If `condition` is false, evaluates `message` (a call to a runtime error function
/// returning an error code) and returns that code from the pipeline.
struct AssertStmt : StmtNode<AssertStmt> {
    WEFT_NODE_KIND(AssertStmt);
    Expr condition;
    Expr message;
    static Stmt make(Expr condition, Expr message);
};

/// Marks the part of the loop nest that produces Func `name` (is_producer) or
/// consumes it. Pure annotation for readers and passes.
struct ProducerConsumer : StmtNode<ProducerConsumer> {
    WEFT_NODE_KIND(ProducerConsumer);
    std::string name;
    bool is_producer;
    Stmt body;
    static Stmt make(const std::string &name, bool is_producer, Stmt body);
    static Stmt make_produce(const std::string &name, Stmt body) { return make(name, true, body); }
    static Stmt make_consume(const std::string &name, Stmt body) { return make(name, false, body); }
};

/// for (name = min; name < min + extent; name++) body. min and extent are Int(32)
/// scalars evaluated once before the loop.
struct For : StmtNode<For> {
    WEFT_NODE_KIND(For);
    std::string name;
    Expr min, extent;
    ForType for_type;
    DeviceAPI device_api;
    Stmt body;
    static Stmt make(const std::string &name, Expr min, Expr extent, ForType for_type,
                     DeviceAPI device_api, Stmt body);
};

/// Store `value` into flat allocation or buffer `name` at `index` (elements).
struct Store : StmtNode<Store> {
    WEFT_NODE_KIND(Store);
    std::string name;
    Expr value, index, predicate;
    Parameter param;
    static Stmt make(const std::string &name, Expr value, Expr index, Expr predicate = Expr(),
                     Parameter param = Parameter());
};

/// Multi-dimensional store to Func `name` at coordinates `args` (before flattening).
struct Provide : StmtNode<Provide> {
    WEFT_NODE_KIND(Provide);
    std::string name;
    std::vector<Expr> values;
    std::vector<Expr> args;
    Expr predicate; // undefined: always
    static Stmt make(const std::string &name, std::vector<Expr> values, std::vector<Expr> args,
                     Expr predicate = Expr());
};

/// Allocates `name`: product(extents) elements of `type` for the duration of body.
/// `condition` false means the allocation is not needed (may be undefined: true).
struct Allocate : StmtNode<Allocate> {
    WEFT_NODE_KIND(Allocate);
    std::string name;
    Type type;
    MemoryType memory_type;
    std::vector<Expr> extents;
    Expr condition;
    Stmt body;
    static Stmt make(const std::string &name, Type type, MemoryType memory_type,
                     std::vector<Expr> extents, Expr condition, Stmt body);
    /// The product of the extents when all are constant, else 0.
    int64_t constant_allocation_size() const;
};

/// Frees allocation `name` (inserted by storage passes; codegen may also free at scope end).
struct Free : StmtNode<Free> {
    WEFT_NODE_KIND(Free);
    std::string name;
    static Stmt make(const std::string &name);
};

/// A range: min and extent.
struct Range {
    Expr min, extent;
    Range() = default;
    Range(Expr m, Expr e) : min(std::move(m)), extent(std::move(e)) {}
};
using Region = std::vector<Range>;

/// Multi-dimensional storage for Func `name` over `bounds` for the duration of body
/// (before flattening).
struct Realize : StmtNode<Realize> {
    WEFT_NODE_KIND(Realize);
    std::string name;
    std::vector<Type> types;
    MemoryType memory_type;
    Region bounds;
    Expr condition;
    Stmt body;
    static Stmt make(const std::string &name, std::vector<Type> types, MemoryType memory_type,
                     Region bounds, Expr condition, Stmt body);
};

/// first; rest.
struct Block : StmtNode<Block> {
    WEFT_NODE_KIND(Block);
    Stmt first, rest;
    static Stmt make(Stmt first, Stmt rest);
    /// Folds a list into nested Blocks, skipping undefined statements.
    static Stmt make(const std::vector<Stmt> &stmts);
};

struct IfThenElse : StmtNode<IfThenElse> {
    WEFT_NODE_KIND(IfThenElse);
    Expr condition;
    Stmt then_case, else_case; // else_case may be undefined
    static Stmt make(Expr condition, Stmt then_case, Stmt else_case = Stmt());
};

/// Evaluates an expression for its side effects (e.g. a call to a runtime function).
struct Evaluate : StmtNode<Evaluate> {
    WEFT_NODE_KIND(Evaluate);
    Expr value;
    static Stmt make(Expr value);
};

#undef WEFT_NODE_KIND

} // namespace weft::internal

#endif
