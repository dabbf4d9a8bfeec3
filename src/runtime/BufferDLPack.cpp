// DLPack import and export for weft::Buffer (include/weft/BufferDLPack.h).

#include "weft/BufferDLPack.h"

#include "Error.h"

#include <limits>

namespace weft::internal {

namespace {

const char *device_name(DLDeviceType d) {
    switch (d) {
    case kDLCPU:
        return "kDLCPU";
    case kDLCUDA:
        return "kDLCUDA";
    case kDLCUDAHost:
        return "kDLCUDAHost";
    case kDLOpenCL:
        return "kDLOpenCL";
    case kDLVulkan:
        return "kDLVulkan";
    case kDLMetal:
        return "kDLMetal";
    case kDLVPI:
        return "kDLVPI";
    case kDLROCM:
        return "kDLROCM";
    case kDLROCMHost:
        return "kDLROCMHost";
    case kDLExtDev:
        return "kDLExtDev";
    case kDLCUDAManaged:
        return "kDLCUDAManaged";
    default:
        return "an unknown device";
    }
}

bool valid_bits(Type t) {
    switch (t.code) {
    case TypeCode::Int:
        return t.bits == 8 || t.bits == 16 || t.bits == 32 || t.bits == 64;
    case TypeCode::UInt:
        return t.bits == 1 || t.bits == 8 || t.bits == 16 || t.bits == 32 || t.bits == 64;
    case TypeCode::Float:
        return t.bits == 16 || t.bits == 32 || t.bits == 64;
    case TypeCode::BFloat:
        return t.bits == 16;
    case TypeCode::Handle:
        return false;
    }
    return false;
}

Type import_dtype(DLDataType d) {
    if (d.lanes != 1) {
        runtime_user_error << "from_dlpack: tensors with " << d.lanes
                           << " lanes per element are not supported; lanes must be 1.";
    }
    Type t;
    switch (d.code) {
    case kDLInt:
        t = Int(d.bits);
        break;
    case kDLUInt:
        t = UInt(d.bits);
        break;
    case kDLFloat:
        t = Float(d.bits);
        break;
    case kDLBfloat:
        t = BFloat(d.bits);
        break;
    default:
        runtime_user_error << "from_dlpack: dtype code " << int(d.code)
                           << " is not supported; use kDLInt, kDLUInt, kDLFloat or kDLBfloat.";
    }
    if (!valid_bits(t)) {
        runtime_user_error << "from_dlpack: dtype with code " << int(d.code) << " and "
                           << int(d.bits) << " bits is not supported.";
    }
    return t;
}

int32_t to_int32(int64_t v, const char *what, int axis) {
    if (v > std::numeric_limits<int32_t>::max() || v < std::numeric_limits<int32_t>::min()) {
        runtime_user_error << "from_dlpack: " << what << " " << v << " of axis " << axis
                           << " does not fit a 32-bit buffer dimension (at most 2^31 - 1).";
    }
    return static_cast<int32_t>(v);
}

DLDataType export_dtype(Type t, const std::string &name) {
    uint8_t code = 0;
    switch (t.code) {
    case TypeCode::Int:
        code = kDLInt;
        break;
    case TypeCode::UInt:
        code = kDLUInt;
        break;
    case TypeCode::Float:
        code = kDLFloat;
        break;
    case TypeCode::BFloat:
        code = kDLBfloat;
        break;
    case TypeCode::Handle:
        runtime_user_error << "to_dlpack: " << buffer_label(name)
                           << " holds handles, which DLPack cannot describe.";
    }
    return DLDataType{code, t.bits, 1};
}

/// A DLManagedTensor with room for its shape and strides and what keeps the data alive.
struct ExportedTensor {
    DLManagedTensor managed{};
    int64_t shape[max_buffer_dimensions]{};
    int64_t strides[max_buffer_dimensions]{};
    std::shared_ptr<void> keep_alive;
};

void delete_exported_tensor(DLManagedTensor *self) {
    delete static_cast<ExportedTensor *>(self->manager_ctx);
}

} // namespace

DLPackView import_dlpack(const DLTensor &t) {
    if (t.device.device_type != kDLCPU) {
        runtime_user_error << "from_dlpack: the tensor is on device "
                           << device_name(t.device.device_type) << " (" << int(t.device.device_type)
                           << ") id " << t.device.device_id
                           << "; only kDLCPU tensors can be viewed as a Buffer.";
    }
    if (t.ndim < 0 || t.ndim > max_buffer_dimensions) {
        runtime_user_error << "from_dlpack: the tensor has " << t.ndim
                           << " axes; a Buffer has 0 to " << max_buffer_dimensions
                           << " dimensions.";
    }
    DLPackView v;
    v.type = import_dtype(t.dtype);
    v.dimensions = t.ndim;
    v.host = static_cast<uint8_t *>(t.data) + t.byte_offset;
    int64_t dense_stride = 1; // Strides of a C-contiguous tensor, when t.strides is null.
    for (int axis = t.ndim - 1; axis >= 0; axis--) {
        int d = t.ndim - 1 - axis;
        if (t.shape[axis] < 0) {
            runtime_user_error << "from_dlpack: axis " << axis << " has negative size "
                               << t.shape[axis] << ".";
        }
        int64_t stride = t.strides ? t.strides[axis] : dense_stride;
        v.shape[d] = weft_dimension_t{0, to_int32(t.shape[axis], "size", axis),
                                      to_int32(stride, "stride", axis), 0};
        dense_stride *= t.shape[axis] > 0 ? t.shape[axis] : 1;
    }
    return v;
}

DLManagedTensor *export_dlpack(const weft_buffer_t &b, const std::string &name,
                               std::shared_ptr<void> keep_alive) {
    if (b.device && !b.host) {
        runtime_user_error << "to_dlpack: " << buffer_label(name)
                           << " lives only on a device; copy it to the host first.";
    }
    DLDataType dtype = export_dtype(type_of_raw(b), name);
    auto *e = new ExportedTensor;
    e->keep_alive = std::move(keep_alive);
    DLTensor &t = e->managed.dl_tensor;
    t.data = b.host; // DLPack suggests 256-byte aligned data plus byte_offset; CPU consumers
                     // (NumPy, PyTorch) accept any data pointer with byte_offset 0.
    t.device = DLDevice{kDLCPU, 0};
    t.ndim = b.dimensions;
    t.dtype = dtype;
    for (int d = 0; d < b.dimensions; d++) {
        int axis = b.dimensions - 1 - d;
        e->shape[axis] = b.dim[d].extent;
        e->strides[axis] = b.dim[d].stride;
    }
    t.shape = e->shape;
    t.strides = e->strides;
    t.byte_offset = 0;
    e->managed.manager_ctx = e;
    e->managed.deleter = delete_exported_tensor;
    return &e->managed;
}

} // namespace weft::internal
