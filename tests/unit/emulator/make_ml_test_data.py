#!/usr/bin/python3
"""Writes the ml predict tests' data into the directory given as argv[1] (Debian's python3:
onnx and PIL):
  mean/model.onnx + mean/signature.json  input "image" [N, 3, 4, 5] (NCHW, height 4, width 5)
      -> GlobalAveragePool -> Flatten -> "outputs" [N, 3]: each channel's mean, so a test can
      check exactly what reached the network
  red_5x4.png, red_5x4.jpg   5x4 images of pure red (255, 0, 0)
  red_6x4.png                the wrong size
"""
import json
import os
import sys

from onnx import TensorProto, checker, helper, save
from PIL import Image


def mean_model():
    nodes = [
        helper.make_node("GlobalAveragePool", ["image"], ["pooled"]),
        helper.make_node("Flatten", ["pooled"], ["outputs"], axis=1),
    ]
    graph = helper.make_graph(
        nodes, "channel_mean",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["N", 3, 4, 5])],
        [helper.make_tensor_value_info("outputs", TensorProto.FLOAT, ["N", 3])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 7
    checker.check_model(model)
    return model


def main():
    out = sys.argv[1]
    os.makedirs(os.path.join(out, "mean"), exist_ok=True)
    save(mean_model(), os.path.join(out, "mean", "model.onnx"))
    signature = {"format": "magritte-onnx-signature/1", "input_name": "image", "width": 5,
                 "height": 4, "layout": "NCHW", "color_order": "RGB", "scaling": "unit"}
    with open(os.path.join(out, "mean", "signature.json"), "w") as f:
        json.dump(signature, f)
    Image.new("RGB", (5, 4), (255, 0, 0)).save(os.path.join(out, "red_5x4.png"))
    Image.new("RGB", (5, 4), (255, 0, 0)).save(os.path.join(out, "red_5x4.jpg"), quality=100)
    Image.new("RGB", (6, 4), (255, 0, 0)).save(os.path.join(out, "red_6x4.png"))


if __name__ == "__main__":
    main()
