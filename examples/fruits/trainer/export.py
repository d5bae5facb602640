"""Exports the trained model as model.onnx + signature.json (docs/model-signature.md).

The graph keeps to operators that OpenCV 4.6's dnn module imports (the emulator serves the
model with cv::dnn::readNetFromONNX):

    image [batch,3,H,W] float32, RGB scaled to [0,1]
      -> AveragePool 4x4, stride 4    cells             [batch,3,H/4,W/4]  (floor, no padding)
      -> Conv 1x1 (K prototypes)      colour_scores     [batch,K,H/4,W/4]
      -> Softmax(axis=1)              colour_assignment [batch,K,H/4,W/4]
      -> GlobalAveragePool            colour_histogram  [batch,K,1,1]
      -> Flatten(axis=1)              colour_fractions  [batch,K]
      -> Sqrt                         colour_features   [batch,K]
      -> Gemm (transB=1)              logits            [batch,classes]
      -> Softmax(axis=1)              probabilities     [batch,classes]

Opset 13 (Softmax normalises over the one given axis, which is also what OpenCV does).
"""

import json

import onnx
from onnx import TensorProto, helper, numpy_helper

from trainer import model

OPSET = 13
IR_VERSION = 7  # what onnx 1.12 writes for opset 13 consumers; OpenCV 4.6 reads it
INPUT_NAME = "image"
OUTPUT_NAME = "probabilities"
SIGNATURE_FORMAT = "magritte-onnx-signature/1"


def build_onnx(classifier, width, height):
    """The onnx.ModelProto computing classifier.probabilities(classifier.features(pool(image)))."""
    conv_weights, conv_bias = classifier.conv_weights()
    k, classes = len(conv_bias), len(classifier.labels)
    initializers = [
        numpy_helper.from_array(conv_weights.reshape(k, 3, 1, 1), "prototype_weights"),
        numpy_helper.from_array(conv_bias, "prototype_bias"),
        numpy_helper.from_array(classifier.weights, "class_weights"),
        numpy_helper.from_array(classifier.bias, "class_bias"),
    ]
    nodes = [
        helper.make_node("AveragePool", [INPUT_NAME], ["cells"], kernel_shape=[model.POOL] * 2,
                         strides=[model.POOL] * 2),
        helper.make_node("Conv", ["cells", "prototype_weights", "prototype_bias"],
                         ["colour_scores"], kernel_shape=[1, 1]),
        helper.make_node("Softmax", ["colour_scores"], ["colour_assignment"], axis=1),
        helper.make_node("GlobalAveragePool", ["colour_assignment"], ["colour_histogram"]),
        helper.make_node("Flatten", ["colour_histogram"], ["colour_fractions"], axis=1),
        helper.make_node("Sqrt", ["colour_fractions"], ["colour_features"]),
        helper.make_node("Gemm", ["colour_features", "class_weights", "class_bias"], ["logits"],
                         transB=1),
        helper.make_node("Softmax", ["logits"], [OUTPUT_NAME], axis=1),
    ]
    graph = helper.make_graph(
        nodes, "fruits_colour_histogram",
        [helper.make_tensor_value_info(INPUT_NAME, TensorProto.FLOAT, ["batch", 3, height, width])],
        [helper.make_tensor_value_info(OUTPUT_NAME, TensorProto.FLOAT, ["batch", classes])],
        initializers)
    proto = helper.make_model(graph, producer_name="magritte-fruits-trainer",
                              opset_imports=[helper.make_opsetid("", OPSET)])
    proto.ir_version = IR_VERSION
    proto.doc_string = ("Fruit classifier: soft colour histogram + softmax regression. "
                        "Input RGB NCHW scaled to [0,1]; output class probabilities.")
    helper.set_model_props(proto, {"labels": json.dumps(classifier.labels)})
    onnx.checker.check_model(proto, full_check=True)
    return proto


def signature(classifier, width, height):
    return {
        "format": SIGNATURE_FORMAT,
        "model_file": "model.onnx",
        "input_name": INPUT_NAME,
        "instance_key": "inputs",
        "output_key": "outputs",
        "width": width,
        "height": height,
        "layout": "NCHW",
        "color_order": "RGB",
        "scaling": "unit",
        "labels": classifier.labels,
    }


def export_files(classifier, width, height):
    """{file name: bytes} of the model directory."""
    return {
        "model.onnx": build_onnx(classifier, width, height).SerializeToString(),
        "signature.json": (json.dumps(signature(classifier, width, height), indent=2) + "\n").encode(),
    }
