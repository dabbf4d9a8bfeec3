#ifndef WEFT_WEFT_H
#define WEFT_WEFT_H

// Everything a weft user needs: #include <weft/weft.h>, then `using namespace weft;`.

#include "weft/Error.h"
#include "weft/Expr.h"
#include "weft/Type.h"

#include "weft/IROperator.h"
#include "weft/Param.h"
#include "weft/RDom.h"
#include "weft/Var.h"

#include "weft/Buffer.h"
#include "weft/BufferExpr.h"
#include "weft/ImageParam.h"

#include "weft/BoundaryConditions.h"
#include "weft/Func.h"
#include "weft/InlineReductions.h"

#include "weft/Target.h"

#if __has_include("weft/Pipeline.h")
#include "weft/Pipeline.h"
#endif
#if __has_include("weft/ImageIO.h")
#include "weft/ImageIO.h"
#endif
#if __has_include("weft/Runtime.h")
#include "weft/Runtime.h"
#endif
#if __has_include("weft/BufferEigen.h")
#include "weft/BufferEigen.h"
#endif
#if __has_include("weft/BufferDLPack.h")
#include "weft/BufferDLPack.h"
#endif

#endif
