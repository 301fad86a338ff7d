"""ONNX reductions: Reduce* (axes an attribute before opset 18, an input from 18 on, and
ReduceSum's an input from 13) and ArgMax/ArgMin."""

from __future__ import annotations

from mlc.dialects import graph
from mlc.dialects.graph.base import int_attr, ints_attr
from mlc.frontends.onnx.registry import converter
from mlc.ir.attributes import bool_attr

REDUCTIONS = {
    "ReduceSum": graph.ReduceSumOp, "ReduceMean": graph.ReduceMeanOp,
    "ReduceMax": graph.ReduceMaxOp, "ReduceMin": graph.ReduceMinOp,
    "ReduceProd": graph.ReduceProdOp, "ReduceL2": graph.ReduceL2Op,
    "ReduceSumSquare": graph.ReduceSumSquareOp, "ReduceLogSumExp": graph.ReduceLogSumExpOp,
    "ReduceL1": graph.ReduceSumOp, "ReduceLogSum": graph.ReduceSumOp,
}  # fmt: skip
BEFORE = {"ReduceL1": graph.AbsOp}  # applied to the input
AFTER = {"ReduceLogSum": graph.LogOp}  # applied to the result


def _reduction(op_type: str, axes_from_input: bool):
    def convert(nc):
        if axes_from_input:
            axes = nc.static_ints(1, "axes")
        else:
            axes = nc.attr("axes")
        props = {
            "keepdims": bool_attr(bool(nc.attr("keepdims", 1))),
            "noop_with_empty_axes": bool_attr(bool(nc.attr("noop_with_empty_axes", 0))),
        }
        if axes:
            props["axes"] = ints_attr(axes)
        x = nc.value(0)
        if op_type in BEFORE:
            x = nc.emit(BEFORE[op_type], x)
        y = nc.emit(REDUCTIONS[op_type], x, **props)
        if op_type in AFTER:
            y = nc.emit(AFTER[op_type], y)
        return [y]

    return convert


for _op_type in REDUCTIONS:
    _input_since = 13 if _op_type == "ReduceSum" else 18
    if _input_since > 13:
        converter(_op_type, since=13)(_reduction(_op_type, axes_from_input=False))
    converter(_op_type, since=_input_since)(_reduction(_op_type, axes_from_input=True))


def _arg(op_class):
    def convert(nc):
        props = {
            "axis": int_attr(nc.attr("axis", 0)),
            "keepdims": bool_attr(bool(nc.attr("keepdims", 1))),
            "select_last_index": bool_attr(bool(nc.attr("select_last_index", 0))),
        }
        return [nc.emit(op_class, nc.value(0), **props)]

    return convert


converter("ArgMax")(_arg(graph.ArgMaxOp))
converter("ArgMin")(_arg(graph.ArgMinOp))
