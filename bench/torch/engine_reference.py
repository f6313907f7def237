#!/usr/bin/env python3
"""PyTorch side of the engine benchmark (issue 2, "Benchmark").

Runs the reference workload (a small ProtoPNet-style network on 64x64x1 images, batch 32) and prints
ONE JSON object on stdout with training img/s, inference img/s and Grad-CAM ms/img, so that
`protoscope bench engine` can report the ratio ours/PyTorch. Self-contained: no network, no data files.
Progress and the final loss also go to stderr for humans; stdout carries only the JSON line.
"""

import argparse
import json
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

BATCH = 32
IMAGE_SIZE = 64
NUM_CLASSES = 2
PROTOTYPES_PER_CLASS = 10
PROTOTYPE_DEPTH = 64
CLUSTER_WEIGHT = 0.8
SEPARATION_WEIGHT = 0.08
LEARNING_RATE = 1e-3
SEED = 0


def parse_args(argv):
    parser = argparse.ArgumentParser(description="PyTorch reference run of the engine benchmark workload.")
    parser.add_argument("--threads", type=int, default=2, help="intra-op threads (torch.set_num_threads)")
    parser.add_argument("--warmup-steps", type=int, default=3, help="untimed steps before each measurement")
    parser.add_argument("--train-steps", type=int, default=20, help="minimum number of timed training steps")
    parser.add_argument("--infer-steps", type=int, default=20, help="minimum number of timed inference batches")
    parser.add_argument("--gradcam-steps", type=int, default=10, help="minimum number of timed Grad-CAM batches")
    parser.add_argument("--min-seconds", type=float, default=3.0,
                        help="each measurement also runs until at least this much time has passed")
    args = parser.parse_args(argv)
    for name in ("threads", "train_steps", "infer_steps", "gradcam_steps"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.warmup_steps < 0 or args.min_seconds < 0:
        parser.error("--warmup-steps and --min-seconds must not be negative")
    return args


def conv_block(in_channels, out_channels):
    return nn.Sequential(
        nn.Conv2d(in_channels, out_channels, kernel_size=3, padding="same"),
        nn.ReLU(inplace=True),
        nn.MaxPool2d(2),
    )


class ReferenceNet(nn.Module):
    """Three conv blocks (-> 8x8x128), 1x1 add-on with sigmoid, 20 prototypes, linear 20 -> 2."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(conv_block(1, 32), conv_block(32, 64), conv_block(64, 128))
        self.add_on = nn.Sequential(nn.Conv2d(128, PROTOTYPE_DEPTH, kernel_size=1), nn.Sigmoid())
        num_prototypes = NUM_CLASSES * PROTOTYPES_PER_CLASS
        self.prototypes = nn.Parameter(torch.rand(num_prototypes, PROTOTYPE_DEPTH, 1, 1))
        self.last_layer = nn.Linear(num_prototypes, NUM_CLASSES, bias=False)
        # Prototype j belongs to class j // PROTOTYPES_PER_CLASS.
        identity = torch.zeros(num_prototypes, NUM_CLASSES)
        identity[torch.arange(num_prototypes), torch.arange(num_prototypes) // PROTOTYPES_PER_CLASS] = 1
        self.register_buffer("prototype_class_identity", identity)
        # Start from the usual class connection (+1 own class, -0.5 other) so the loss is meaningful
        # from step one; the timing does not depend on it.
        with torch.no_grad():
            self.last_layer.weight.copy_(identity.t() - 0.5 * (1 - identity.t()))

    def head(self, feature_map):
        """From the last conv block output to (logits, min distances per prototype)."""
        z = self.add_on(feature_map)
        # Squared L2 expanded as sum(z^2) - 2 z.p + sum(p^2): one conv instead of a broadcast difference.
        z_squared = (z ** 2).sum(dim=1, keepdim=True)
        z_dot_p = F.conv2d(z, self.prototypes)
        p_squared = (self.prototypes ** 2).sum(dim=(1, 2, 3)).view(1, -1, 1, 1)
        distances = F.relu(z_squared - 2 * z_dot_p + p_squared)
        # Min-pool over the whole grid, written as a max-pool of the negation.
        min_distances = -F.max_pool2d(-distances, kernel_size=distances.shape[-2:]).flatten(1)
        similarities = torch.log((min_distances + 1) / (min_distances + 1e-4))
        return self.last_layer(similarities), min_distances

    def forward(self, images):
        return self.head(self.features(images))


def prototype_loss(model, logits, min_distances, labels):
    """Cross-entropy + 0.8 * cluster - 0.08 * separation."""
    own_class = model.prototype_class_identity[:, labels].t().bool()  # (batch, prototypes)
    inf = torch.tensor(float("inf"), dtype=min_distances.dtype)
    cluster = torch.where(own_class, min_distances, inf).amin(dim=1).mean()
    separation = torch.where(own_class, inf, min_distances).amin(dim=1).mean()
    return F.cross_entropy(logits, labels) + CLUSTER_WEIGHT * cluster - SEPARATION_WEIGHT * separation


def grad_cam(model, images):
    """Grad-CAM on the 8x8x128 map: predicted-class logit, spatially averaged gradients as weights."""
    feature_map = model.features(images)
    logits, _ = model.head(feature_map)
    predicted = logits.argmax(dim=1)
    # Samples are independent, so the sum of each sample's own logit gives every per-sample gradient at once.
    score = logits.gather(1, predicted.unsqueeze(1)).sum()
    (gradients,) = torch.autograd.grad(score, feature_map)
    weights = gradients.mean(dim=(2, 3), keepdim=True)
    cam = F.relu((weights * feature_map).sum(dim=1, keepdim=True))
    return F.interpolate(cam, size=(IMAGE_SIZE, IMAGE_SIZE), mode="bilinear", align_corners=False)


def measure(step, warmup_steps, min_steps, min_seconds):
    """Runs untimed warm-up steps, then timed steps until both the step count and the time are reached."""
    for _ in range(warmup_steps):
        step()
    steps = 0
    start = time.perf_counter()
    while True:
        step()
        steps += 1
        elapsed = time.perf_counter() - start
        if steps >= min_steps and elapsed >= min_seconds:
            return steps, elapsed


def main(argv):
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(SEED)

    model = ReferenceNet().to(memory_format=torch.channels_last)
    images = torch.rand(BATCH, 1, IMAGE_SIZE, IMAGE_SIZE).contiguous(memory_format=torch.channels_last)
    labels = torch.randint(0, NUM_CLASSES, (BATCH,))
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)

    last_loss = [math.nan]

    def train_step():
        optimizer.zero_grad(set_to_none=True)
        logits, min_distances = model(images)
        loss = prototype_loss(model, logits, min_distances, labels)
        loss.backward()
        optimizer.step()
        last_loss[0] = loss.item()

    model.train()
    train_steps, train_seconds = measure(train_step, args.warmup_steps, args.train_steps, args.min_seconds)

    def infer_step():
        with torch.no_grad():
            model(images)

    model.eval()
    infer_steps, infer_seconds = measure(infer_step, args.warmup_steps, args.infer_steps, args.min_seconds)

    def gradcam_step():
        grad_cam(model, images)

    gradcam_steps, gradcam_seconds = measure(gradcam_step, args.warmup_steps, args.gradcam_steps, args.min_seconds)

    result = {
        "framework": "pytorch",
        "version": torch.__version__,
        "threads": torch.get_num_threads(),
        "channelsLast": True,
        "batch": BATCH,
        "trainImgPerSec": train_steps * BATCH / train_seconds,
        "inferImgPerSec": infer_steps * BATCH / infer_seconds,
        "gradcamMsPerImg": gradcam_seconds * 1000 / (gradcam_steps * BATCH),
        "trainSteps": train_steps,
        "inferSteps": infer_steps,
        "gradcamSteps": gradcam_steps,
        "finalLoss": last_loss[0],
    }
    print(f"final training loss: {last_loss[0]:.6f}", file=sys.stderr)
    # allow_nan=False would raise on a NaN loss; keep the line valid JSON and let the caller judge it.
    print(json.dumps({k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in result.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
