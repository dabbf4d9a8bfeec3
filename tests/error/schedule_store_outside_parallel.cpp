// A Func stored outside a parallel loop but computed inside it: the loop's iterations
// would share one buffer (as in Halide, a CompileError).

#include <weft/weft.h>

#include <catch2/catch.hpp>

using namespace weft;

TEST_CASE("store_root with compute_at inside a parallel loop", "[error][schedule]") {
    Func producer("producer"), consumer("consumer");
    Var x("x"), y("y");
    producer(x, y) = x + y;
    consumer(x, y) = producer(x, y - 1) + producer(x, y + 1);
    consumer.parallel(y);
    producer.compute_at(consumer, y).store_root();
    REQUIRE_THROWS_AS(consumer.realize({16, 16}), CompileError);
    REQUIRE_THROWS_WITH(consumer.realize({16, 16}),
                        Catch::Contains("Func \"producer\" is stored outside the parallel loop "
                                        "consumer.s0.y but computed within it"));
    // Storing it at the parallel loop itself gives each iteration its own buffer.
    producer.store_at(consumer, y);
    Buffer<int> out = consumer.realize({16, 16});
    REQUIRE(out(3, 5) == (3 + 4) + (3 + 6));
}
