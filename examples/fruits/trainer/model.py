"""The classifier: a soft colour histogram followed by softmax regression.

The 299x299 input (RGB scaled to [0, 1]) is first averaged over 4x4 cells (74x74 cells, the
last 3 rows and columns dropped, as ONNX AveragePool does without padding): 16 times less work
for everything after, for the same accuracy. For each cell's colour x the model computes a
soft assignment to K colour prototypes c_k learnt by k-means on training cells:

    a_k(x) = softmax_k(-|x - c_k|^2 / T) = softmax_k((2 c_k . x - |c_k|^2) / T)

(|x|^2 is the same for every k and cancels in the softmax, so this is a 1x1 convolution
followed by a softmax over channels). Averaging a_k over the cells gives a K-bin colour
histogram that does not depend on where the fruit is, nor on its rotation. Its square root
(the Hellinger map: it lifts the small bins, where the fruit's colours are, against the
background's large ones) feeds a softmax regression (standardised, L2-regularised, trained
with Adam) that gives the class probabilities.

The prototypes are learnt mostly from saturated cells: backgrounds are greyish and would
otherwise take most of them.

The same computation is exported as ONNX (export.py): AveragePool 4x4 -> Conv 1x1 ->
Softmax(axis=1) -> GlobalAveragePool -> Flatten -> Sqrt -> Gemm -> Softmax.
"""

import numpy as np

POOL = 4                     # AveragePool kernel and stride, in pixels
NUM_PROTOTYPES = 32
TEMPERATURE = 0.01           # in squared [0,1]-RGB distance; smaller = harder assignment
PIXELS_PER_IMAGE = 400       # k-means sample per training image...
MAX_SAMPLES = 40_000         # ...and in all
KMEANS_ITERATIONS = 20
ADAM_ITERATIONS_PER_STEP = 40
LEARNING_RATE = 0.01
L2 = 1e-2


class Model:
    """Everything the forward pass needs, as float32 arrays."""

    def __init__(self, prototypes, weights, bias, labels):
        self.prototypes = prototypes.astype(np.float32)       # K x 3
        self.weights = weights.astype(np.float32)             # classes x K (Gemm, transB)
        self.bias = bias.astype(np.float32)                   # classes
        self.labels = list(labels)

    def conv_weights(self):
        """1x1 convolution equivalent of the prototype assignment: (K x 3, K)."""
        weights = 2 * self.prototypes / TEMPERATURE
        bias = -np.sum(self.prototypes ** 2, axis=1) / TEMPERATURE
        return weights.astype(np.float32), bias.astype(np.float32)

    def features(self, cells):
        """pool(image) -> sqrt of its K-bin soft colour histogram.

        Computed channel-major (K x cells): with only 3 input channels, three broadcast
        multiply-adds are much faster than a matrix product, and the softmax reductions run
        along contiguous rows."""
        x = np.ascontiguousarray(cells.reshape(-1, 3).T)
        weights, bias = self.conv_weights()
        scores = weights[:, 0, None] * x[0]
        scores += weights[:, 1, None] * x[1]
        scores += weights[:, 2, None] * x[2]
        scores += bias[:, None]
        scores -= scores.max(axis=0)
        np.exp(scores, out=scores)
        # mean over cells of (scores / column sums) = scores @ (1 / column sums) / cells
        histogram = scores @ (1 / scores.sum(axis=0)) / scores.shape[1]
        return np.sqrt(histogram)

    def probabilities(self, features):
        return softmax(features @ self.weights.T + self.bias)


def pool(pixels):
    """uint8 HxWx3 RGB -> float32 (H//POOL)x(W//POOL)x3 cell means in [0, 1] (ONNX AveragePool
    with kernel = stride = POOL, no padding: trailing rows/columns that fill no cell are dropped)."""
    rows, cols = pixels.shape[0] // POOL, pixels.shape[1] // POOL
    cropped = pixels[:rows * POOL, :cols * POOL].astype(np.float32) / np.float32(255)
    return cropped.reshape(rows, POOL, cols, POOL, 3).mean(axis=(1, 3))


def softmax(scores):
    scores = scores - scores.max(axis=-1, keepdims=True)
    exp = np.exp(scores)
    return exp / exp.sum(axis=-1, keepdims=True)


def learn_prototypes(pooled_images, rng):
    """K colour prototypes: k-means (k-means++ start) on cells sampled from `pooled_images`."""
    per_image = max(1, min(PIXELS_PER_IMAGE, MAX_SAMPLES // len(pooled_images)))
    samples = np.concatenate([sample_colourful(cells, per_image, rng) for cells in pooled_images])
    centres = [samples[rng.integers(len(samples))]]
    nearest_distance = np.sum((samples - centres[0]) ** 2, axis=1)
    for _ in range(NUM_PROTOTYPES - 1):
        centres.append(samples[pick_weighted(nearest_distance, 1, rng)[0]])
        nearest_distance = np.minimum(nearest_distance, np.sum((samples - centres[-1]) ** 2, axis=1))
    centres = np.array(centres)
    for _ in range(KMEANS_ITERATIONS):
        distance = (centres ** 2).sum(axis=1) - 2 * samples @ centres.T  # + |sample|^2, same for all
        nearest = np.argmin(distance, axis=1)
        counts = np.bincount(nearest, minlength=NUM_PROTOTYPES)
        for channel in range(3):
            sums = np.bincount(nearest, weights=samples[:, channel], minlength=NUM_PROTOTYPES)
            centres[counts > 0, channel] = sums[counts > 0] / counts[counts > 0]
    return centres.astype(np.float32)


def sample_colourful(cells, count, rng):
    """`count` colours of `cells` (pooled, in [0,1]), drawn with probability ~ saturation^2."""
    colours = cells.reshape(-1, 3)
    red, green, blue = colours[:, 0], colours[:, 1], colours[:, 2]  # (max/min over axis 1 is slow)
    saturation = np.maximum(np.maximum(red, green), blue) - np.minimum(np.minimum(red, green), blue)
    return colours[pick_weighted(saturation ** 2 + 0.002, count, rng)]


def pick_weighted(weights, count, rng):
    """`count` indices drawn with replacement with probability ~ weights (inverse CDF)."""
    cumulative = np.cumsum(weights, dtype=np.float64)
    picks = np.searchsorted(cumulative, rng.random(count) * cumulative[-1], side="right")
    return np.minimum(picks, len(weights) - 1)


def train_head(features, targets, num_classes, steps, log_step):
    """Softmax regression on standardised features with Adam; returns (weights, bias) for
    the raw (unstandardised) features, the standardisation folded in."""
    mean, std = features.mean(axis=0), features.std(axis=0) + 1e-6
    z = (features - mean) / std
    onehot = np.eye(num_classes)[targets]
    params = [np.zeros((num_classes, z.shape[1])), np.zeros(num_classes)]
    moments = [[np.zeros_like(p), np.zeros_like(p)] for p in params]
    iteration = 0
    for step in range(steps):
        for _ in range(ADAM_ITERATIONS_PER_STEP):
            iteration += 1
            probs = softmax(z @ params[0].T + params[1])
            error = (probs - onehot) / len(z)
            grads = [error.T @ z + L2 * params[0], error.sum(axis=0)]
            adam_update(params, grads, moments, iteration)
        weights = params[0] / std
        log_step(step, weights, params[1] - weights @ mean)
    weights = params[0] / std
    return weights, params[1] - weights @ mean


def adam_update(params, grads, moments, t, beta1=0.9, beta2=0.999, eps=1e-8):
    for p, g, m in zip(params, grads, moments):
        m[0] = beta1 * m[0] + (1 - beta1) * g
        m[1] = beta2 * m[1] + (1 - beta2) * g * g
        p -= LEARNING_RATE * (m[0] / (1 - beta1 ** t)) / (np.sqrt(m[1] / (1 - beta2 ** t)) + eps)


def loss_and_accuracy(probabilities, targets):
    picked = probabilities[np.arange(len(targets)), targets]
    loss = float(-np.mean(np.log(np.maximum(picked, 1e-12))))
    return loss, float(np.mean(probabilities.argmax(axis=1) == targets))
