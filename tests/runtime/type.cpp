// weft::Type's out-of-line parts: names, integer ranges, exact representability.

#include <catch2/catch.hpp>

#include "weft/Error.h"
#include "weft/Type.h"

#include <cmath>

#include <limits>

using namespace weft;

TEST_CASE("type names", "[type]") {
    REQUIRE(to_string(Int(32)) == "int32");
    REQUIRE(to_string(UInt(8, 16)) == "uint8x16");
    REQUIRE(to_string(Float(32)) == "float32");
    REQUIRE(to_string(BFloat(16)) == "bfloat16");
    REQUIRE(to_string(Bool()) == "bool");
    REQUIRE(to_string(Bool(4)) == "boolx4");
    REQUIRE(to_string(Handle()) == "handle");
}

TEST_CASE("integer ranges", "[type]") {
    REQUIRE(Int(8).imin() == -128);
    REQUIRE(Int(8).imax() == 127);
    REQUIRE(UInt(16).imax() == 65535);
    REQUIRE(UInt(16).imin() == 0);
    REQUIRE(Int(64).imin() == std::numeric_limits<int64_t>::min());
    REQUIRE(UInt(64).imax() == std::numeric_limits<int64_t>::max());
    REQUIRE(Bool().imax() == 1);
    REQUIRE_THROWS_AS(Float(32).imax(), InternalError);
}

TEST_CASE("can_represent between types", "[type]") {
    REQUIRE(Int(16).can_represent(UInt(8)));
    REQUIRE_FALSE(Int(16).can_represent(UInt(16)));
    REQUIRE(UInt(32).can_represent(UInt(8, 4))); // lanes are ignored
    REQUIRE_FALSE(UInt(32).can_represent(Int(8)));
    REQUIRE(Int(8).can_represent(Bool()));
    REQUIRE(Float(32).can_represent(Int(16)));
    REQUIRE_FALSE(Float(32).can_represent(Int(32)));
    REQUIRE(Float(64).can_represent(UInt(32)));
    REQUIRE(Float(16).can_represent(UInt(8)));
    REQUIRE(Float(32).can_represent(BFloat(16)));
    REQUIRE_FALSE(Float(16).can_represent(BFloat(16)));
    REQUIRE_FALSE(BFloat(16).can_represent(Float(16)));
    REQUIRE_FALSE(Int(32).can_represent(Float(16)));
    REQUIRE_FALSE(Handle().can_represent(Int(64)));
}

TEST_CASE("can_represent values", "[type]") {
    REQUIRE(UInt(8).can_represent(int64_t(255)));
    REQUIRE_FALSE(UInt(8).can_represent(int64_t(256)));
    REQUIRE_FALSE(UInt(8).can_represent(int64_t(-1)));
    REQUIRE(Int(8).can_represent(int64_t(-128)));
    REQUIRE(UInt(64).can_represent(std::numeric_limits<uint64_t>::max()));
    REQUIRE_FALSE(Int(64).can_represent(uint64_t(1) << 63));
    REQUIRE(Float(32).can_represent(int64_t(1) << 40));
    REQUIRE_FALSE(Float(32).can_represent(int64_t((1 << 24) + 1)));
    REQUIRE(Float(16).can_represent(int64_t(2048)));
    REQUIRE_FALSE(Float(16).can_represent(int64_t(2049)));
    REQUIRE_FALSE(Float(16).can_represent(int64_t(65536)));
    REQUIRE(Float(16).can_represent(0.5));
    REQUIRE(Float(16).can_represent(65504.0));
    REQUIRE_FALSE(Float(16).can_represent(0.1));
    REQUIRE(Float(16).can_represent(std::ldexp(1.0, -24)));
    REQUIRE_FALSE(Float(16).can_represent(std::ldexp(1.0, -25)));
    REQUIRE(Float(32).can_represent(0.25));
    REQUIRE_FALSE(Float(32).can_represent(0.1));
    REQUIRE(BFloat(16).can_represent(1.5));
    REQUIRE_FALSE(BFloat(16).can_represent(1.0 + 1.0 / 256));
    REQUIRE(Int(32).can_represent(-3.0));
    REQUIRE_FALSE(Int(32).can_represent(0.5));
    REQUIRE_FALSE(Int(64).can_represent(0x1p63));
    REQUIRE(UInt(64).can_represent(0x1p63));
    REQUIRE_FALSE(UInt(8).can_represent(256.0));
}
