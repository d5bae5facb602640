#!/usr/bin/python3
"""Writes two tiny ONNX models for the vision unit tests into the directory given as argv[1].

Both return the mean of each input channel, so a test can check exactly how pixels were
reordered, scaled and laid out:
  mean_nchw.onnx  input "image" [N, 3, 4, 5]            -> GlobalAveragePool -> Flatten -> [N, 3]
  mean_nhwc.onnx  input "image" [N, 4, 5, 3] -> Transpose -> GlobalAveragePool -> Flatten -> [N, 3]
(height 4, width 5: a non-square input catches swapped sides). Runs on Debian's python3-onnx.
"""
import os
import sys

from onnx import TensorProto, checker, helper, save


def model(layout):
    shape = ["N", 3, 4, 5] if layout == "nchw" else ["N", 4, 5, 3]
    nodes = []
    pooled_input = "image"
    if layout == "nhwc":
        nodes.append(helper.make_node("Transpose", ["image"], ["chw"], perm=[0, 3, 1, 2]))
        pooled_input = "chw"
    nodes.append(helper.make_node("GlobalAveragePool", [pooled_input], ["pooled"]))
    nodes.append(helper.make_node("Flatten", ["pooled"], ["outputs"], axis=1))
    graph = helper.make_graph(
        nodes, "mean_" + layout,
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, shape)],
        [helper.make_tensor_value_info("outputs", TensorProto.FLOAT, ["N", 3])])
    result = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    result.ir_version = 7
    checker.check_model(result)
    return result


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for layout in ("nchw", "nhwc"):
        save(model(layout), os.path.join(out, "mean_%s.onnx" % layout))


if __name__ == "__main__":
    main()
