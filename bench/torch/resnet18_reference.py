#!/usr/bin/env python3
"""PyTorch side of the realistic-size engine benchmark: ResNet-18 on 224x224x3 images, batch 16.

The network is written out (no torchvision): conv 7x7/2 + BN + ReLU + max-pool 3x3/2, four stages of
two BasicBlocks (64, 128, 256, 512 channels; 1x1 conv + BN shortcuts where the shape changes), global
average pooling, a linear layer to 2 classes, cross-entropy, Adam (lr 1e-3), batch norm in training
mode, channels_last. Prints ONE JSON object on stdout with the training img/s.
"""

import argparse
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

BATCH = 16
IMAGE_SIZE = 224
NUM_CLASSES = 2
WIDTHS = (64, 128, 256, 512)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2, help="intra-op threads (torch.set_num_threads)")
    parser.add_argument("--warmup-steps", type=int, default=1, help="untimed steps before the measurement")
    parser.add_argument("--train-steps", type=int, default=3, help="minimum number of timed training steps")
    parser.add_argument("--min-seconds", type=float, default=0.0, help="the measurement also runs at least this long")
    args = parser.parse_args(argv)
    for name in ("threads", "train_steps"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be >= 1")
    return args


class BasicBlock(nn.Module):
    def __init__(self, in_channels, out_channels, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_channels)
        self.shortcut = None
        if stride != 1 or in_channels != out_channels:
            self.shortcut = nn.Sequential(nn.Conv2d(in_channels, out_channels, 1, stride, bias=False), nn.BatchNorm2d(out_channels))

    def forward(self, x):
        h = F.relu(self.bn1(self.conv1(x)))
        h = self.bn2(self.conv2(h))
        return F.relu(h + (x if self.shortcut is None else self.shortcut(x)))


class ResNet18(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, WIDTHS[0], 7, 2, 3, bias=False), nn.BatchNorm2d(WIDTHS[0]), nn.ReLU(), nn.MaxPool2d(3, 2, 1))
        blocks, channels = [], WIDTHS[0]
        for stage, width in enumerate(WIDTHS):
            for block in range(2):
                blocks.append(BasicBlock(channels, width, 2 if block == 0 and stage > 0 else 1))
                channels = width
        self.stages = nn.Sequential(*blocks)
        self.head = nn.Linear(channels, NUM_CLASSES)

    def forward(self, x):
        return self.head(self.stages(self.stem(x)).mean(dim=(2, 3)))


def main(argv):
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = ResNet18().to(memory_format=torch.channels_last).train()
    images = torch.rand(BATCH, 3, IMAGE_SIZE, IMAGE_SIZE).contiguous(memory_format=torch.channels_last)
    labels = torch.randint(0, NUM_CLASSES, (BATCH,))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    last_loss = [float("nan")]

    def train_step():
        optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(images), labels)
        loss.backward()
        optimizer.step()
        last_loss[0] = loss.item()

    for _ in range(args.warmup_steps):
        train_step()
    steps, start = 0, time.perf_counter()
    while True:
        train_step()
        steps += 1
        elapsed = time.perf_counter() - start
        if steps >= args.train_steps and elapsed >= args.min_seconds:
            break
    print(f"final training loss: {last_loss[0]:.6f}", file=sys.stderr)
    print(json.dumps({
        "framework": "pytorch",
        "version": torch.__version__,
        "threads": torch.get_num_threads(),
        "channelsLast": True,
        "batch": BATCH,
        "imageSize": IMAGE_SIZE,
        "trainImgPerSec": steps * BATCH / elapsed,
        "trainSteps": steps,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
