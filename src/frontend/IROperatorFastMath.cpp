// fast_exp (weft/IROperator.h): e^x from arithmetic Exprs, so that it vectorizes.

#include "Error.h"
#include "ir/IR.h"

#include <weft/IROperator.h>

namespace weft {

Expr fast_exp(const Expr &x_in) {
    user_assert(x_in.defined()) << "fast_exp: the argument is undefined.";
    user_assert(x_in.type().element_of() == Float(32))
        << "fast_exp: the argument must be Float(32), not " << to_string(x_in.type())
        << "; cast it with cast<float>() (or use exp(), which takes any float type).";
    const Type f = x_in.type();
    const Type i = Int(32).with_lanes(f.lanes);
    auto c = [&](double v) { return float_literal_like(x_in, v); };
    // The clamp keeps n in [-127, 128]: n == -127 (x below about -87.7, where e^x is
    // below 2^-126.5) writes 0 into the exponent bits, so the result is 0; n == 128 (x
    // above about 88.38) writes all ones, +inf. No compare or select is needed.
    Expr x = clamp(x_in, c(-88.0), c(88.8));
    // Cody-Waite: ln2 split in a part with few mantissa bits (n * ln2_hi is exact for
    // |n| <= 128) and the rest.
    Expr n = floor(fma(x, c(1.4426950408889634), c(0.5)));
    Expr r = fma(n, c(-0.693359375), x);
    r = fma(n, c(2.12194440e-4), r);
    // Taylor series of e^r to degree 7 by Horner: error below 2^-26 for |r| <= ln2 / 2.
    Expr p = c(1.0 / 5040);
    const double coefficients[] = {1.0 / 720, 1.0 / 120, 1.0 / 24, 1.0 / 6, 0.5, 1.0, 1.0};
    for (double k : coefficients) {
        p = fma(p, r, c(k));
    }
    // 2^n: n + 127 in the exponent bits.
    Expr scale = reinterpret(f, (cast(i, n) + 127) << 23);
    return p * scale;
}

} // namespace weft
