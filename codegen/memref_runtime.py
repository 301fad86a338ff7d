"""The runtime function `finalize-memref-to-llvm` calls for copies between memrefs that are not
both contiguous: `memrefCopy(element size, source, target)`, on unranked descriptors, as
MLIR's `CRunnerUtils.cpp` defines it.

A module that declares it gets this definition linked in before optimization (LLVM IR, so it
works for the JIT and in object files alike; `linkonce_odr`, so that several objects of one
library may each carry it). It visits the source's elements in row-major order and copies
each element's bytes to the same position in the target, through both descriptors' offsets
and strides; the target has the source's sizes, as `memref.copy` requires; an empty source
copies nothing.
"""

from __future__ import annotations

MEMREF_COPY = "memrefCopy"

# Descriptor fields in memory: allocated ptr, aligned ptr, offset, sizes[rank], strides[rank];
# an unranked descriptor is {i64 rank, ptr descriptor}.
MEMREF_COPY_IR = r"""
define linkonce_odr void @memrefCopy(i64 %size, ptr %source, ptr %target) {
entry:
  %rank = load i64, ptr %source
  %source.field = getelementptr inbounds i8, ptr %source, i64 8
  %source.desc = load ptr, ptr %source.field
  %target.field = getelementptr inbounds i8, ptr %target, i64 8
  %target.desc = load ptr, ptr %target.field
  %source.aligned.field = getelementptr inbounds i8, ptr %source.desc, i64 8
  %source.aligned = load ptr, ptr %source.aligned.field
  %target.aligned.field = getelementptr inbounds i8, ptr %target.desc, i64 8
  %target.aligned = load ptr, ptr %target.aligned.field
  %source.offset.field = getelementptr inbounds i8, ptr %source.desc, i64 16
  %source.offset = load i64, ptr %source.offset.field
  %target.offset.field = getelementptr inbounds i8, ptr %target.desc, i64 16
  %target.offset = load i64, ptr %target.offset.field
  %sizes = getelementptr inbounds i8, ptr %source.desc, i64 24
  %source.strides = getelementptr inbounds i64, ptr %sizes, i64 %rank
  %target.sizes = getelementptr inbounds i8, ptr %target.desc, i64 24
  %target.strides = getelementptr inbounds i64, ptr %target.sizes, i64 %rank
  br label %count

count:                                            ; the element count: product of the sizes
  %count.axis = phi i64 [ 0, %entry ], [ %count.next, %count.body ]
  %count.total = phi i64 [ 1, %entry ], [ %count.product, %count.body ]
  %count.done = icmp eq i64 %count.axis, %rank
  br i1 %count.done, label %elements, label %count.body

count.body:
  %count.size.ptr = getelementptr inbounds i64, ptr %sizes, i64 %count.axis
  %count.size = load i64, ptr %count.size.ptr
  %count.product = mul i64 %count.total, %count.size
  %count.next = add i64 %count.axis, 1
  br label %count

elements:                                         ; element `linear`, row-major
  %linear = phi i64 [ 0, %count ], [ %linear.next, %bytes.done ]
  %elements.done = icmp eq i64 %linear, %count.total
  br i1 %elements.done, label %exit, label %position

position:                                         ; its source and target offsets, innermost
  %axis.plus1 = phi i64 [ %rank, %elements ], [ %axis, %position.body ]
  %rest = phi i64 [ %linear, %elements ], [ %rest.next, %position.body ]
  %source.at = phi i64 [ %source.offset, %elements ], [ %source.at.next, %position.body ]
  %target.at = phi i64 [ %target.offset, %elements ], [ %target.at.next, %position.body ]
  %position.done = icmp eq i64 %axis.plus1, 0
  br i1 %position.done, label %bytes, label %position.body

position.body:
  %axis = sub i64 %axis.plus1, 1
  %size.ptr = getelementptr inbounds i64, ptr %sizes, i64 %axis
  %axis.size = load i64, ptr %size.ptr
  %index = urem i64 %rest, %axis.size
  %rest.next = udiv i64 %rest, %axis.size
  %source.stride.ptr = getelementptr inbounds i64, ptr %source.strides, i64 %axis
  %source.stride = load i64, ptr %source.stride.ptr
  %source.step = mul i64 %index, %source.stride
  %source.at.next = add i64 %source.at, %source.step
  %target.stride.ptr = getelementptr inbounds i64, ptr %target.strides, i64 %axis
  %target.stride = load i64, ptr %target.stride.ptr
  %target.step = mul i64 %index, %target.stride
  %target.at.next = add i64 %target.at, %target.step
  br label %position

bytes:
  %source.byte = mul i64 %source.at, %size
  %target.byte = mul i64 %target.at, %size
  %from = getelementptr i8, ptr %source.aligned, i64 %source.byte
  %to = getelementptr i8, ptr %target.aligned, i64 %target.byte
  br label %byte

byte:                                             ; the element's bytes, one by one
  %byte.index = phi i64 [ 0, %bytes ], [ %byte.next, %byte.body ]
  %byte.end = icmp eq i64 %byte.index, %size
  br i1 %byte.end, label %bytes.done, label %byte.body

byte.body:
  %byte.from = getelementptr i8, ptr %from, i64 %byte.index
  %byte.to = getelementptr i8, ptr %to, i64 %byte.index
  %value = load i8, ptr %byte.from
  store i8 %value, ptr %byte.to
  %byte.next = add i64 %byte.index, 1
  br label %byte

bytes.done:
  %linear.next = add i64 %linear, 1
  br label %elements

exit:
  ret void
}
"""


def link_memref_runtime(llvm_module, declared: list[str], parse) -> None:
    """Link `memrefCopy`'s definition into `llvm_module` when the module declares it;
    `parse(text)` parses LLVM IR text into a module for the same target."""
    if MEMREF_COPY in declared:
        llvm_module.link_in(parse(MEMREF_COPY_IR))
