// Halide 14 generator of apps/harris (harris_algorithm.h written again, term for term,
// in Halide: the same Funcs, constants, edge handling and order of the additions), with
// the best CPU schedule found for this 2-core AVX-512 machine.
//
// Schedule: strips of 64 output rows in parallel (7.2 ms against 7.5 for 32 rows at
// 2560x1536, 1 thread), x vectorized; gray, Ix and Iy stored per strip and computed one
// new row per output row (sliding window); the products, the box sums and the response
// inlined into the output.

#include "Halide.h"

namespace {

using namespace Halide;

class Harris : public Generator<Harris> {
public:
    Input<Buffer<float>> input{"input", 3};
    Input<float> k{"k"};
    Output<Buffer<float>> output{"output", 2};

    void generate() {
        Var x("x"), y("y");
        Func clamped = BoundaryConditions::repeat_edge(
            input, {{input.dim(0).min(), input.dim(0).extent()},
                    {input.dim(1).min(), input.dim(1).extent()}});
        Func gray("gray"), Ix("Ix"), Iy("Iy"), Ixx("Ixx"), Iyy("Iyy"), Ixy("Ixy");
        Func Sxx_y("Sxx_y"), Syy_y("Syy_y"), Sxy_y("Sxy_y");
        gray(x, y) = 0.299f * clamped(x, y, 0) + 0.587f * clamped(x, y, 1) +
                     0.114f * clamped(x, y, 2);
        const Func &g = gray;
        Ix(x, y) = ((g(x + 1, y - 1) - g(x - 1, y - 1)) + 2.0f * (g(x + 1, y) - g(x - 1, y)) +
                    (g(x + 1, y + 1) - g(x - 1, y + 1))) *
                   (1.0f / 12.0f);
        Iy(x, y) = ((g(x - 1, y + 1) - g(x - 1, y - 1)) + 2.0f * (g(x, y + 1) - g(x, y - 1)) +
                    (g(x + 1, y + 1) - g(x + 1, y - 1))) *
                   (1.0f / 12.0f);
        Ixx(x, y) = Ix(x, y) * Ix(x, y);
        Iyy(x, y) = Iy(x, y) * Iy(x, y);
        Ixy(x, y) = Ix(x, y) * Iy(x, y);
        Sxx_y(x, y) = Ixx(x, y - 1) + Ixx(x, y) + Ixx(x, y + 1);
        Syy_y(x, y) = Iyy(x, y - 1) + Iyy(x, y) + Iyy(x, y + 1);
        Sxy_y(x, y) = Ixy(x, y - 1) + Ixy(x, y) + Ixy(x, y + 1);
        Expr sxx = Sxx_y(x - 1, y) + Sxx_y(x, y) + Sxx_y(x + 1, y);
        Expr syy = Syy_y(x - 1, y) + Syy_y(x, y) + Syy_y(x + 1, y);
        Expr sxy = Sxy_y(x - 1, y) + Sxy_y(x, y) + Sxy_y(x + 1, y);
        Expr det = sxx * syy - sxy * sxy;
        Expr trace = sxx + syy;
        output(x, y) = det - k * trace * trace;

        const int vec = natural_vector_size<float>();
        Var yo("yo"), yi("yi");
        output.split(y, yo, yi, 64).vectorize(x, vec).parallel(yo);
        for (Func *f : {&gray, &Ix, &Iy}) {
            f->store_at(output, yo).compute_at(output, yi).vectorize(x, vec);
        }
    }
};

} // namespace

HALIDE_REGISTER_GENERATOR(Harris, harris)
