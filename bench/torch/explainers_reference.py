#!/usr/bin/env python3
"""PyTorch side of the explainer benchmark: MDM and RISE on the engine's reference network.

The same two explainers as libs/eval/src/explain/mdm.ts and rise.ts, step for step, on the reference
workload's network (engine_reference.ReferenceNet, inference mode, channels_last), so that
`protoscope bench engine` can report images/s of each against ours:

- RISE: the masks are read from --rise-masks (an .npy [N, H, W] that the caller generated with our
  RISE mask generator), so both sides use the very same masks. Per chunk of --batch-size masks and per
  image: softmax of the masked copies' logits, the target's probability times the masks summed into
  the saliency; S / (N * p), min-max scaled per image.
- MDM: for every image and every scale s an s x s grid of mask logits (initial values read from
  --mdm-logits, [images, sum of s^2], as our MDM draws them), masks = bilinear upsampling (half-pixel
  centres) of their sigmoid; perturbed = x * M + blur(x) * (1 - M); loss per row
  -log softmax_target + area * mean(M) + smoothness * TV(M), summed; Adam on the logits; every (scale,
  image) a row of one forward batch of floor(batch / scales) images. The map is the mean of the scales'
  masks, min-max scaled.

Targets are the predicted classes. Prints ONE JSON object on stdout with images/s of each; with
--maps-out DIR it also writes mdm.npy and rise.npy (the maps), and with --weights DIR / --images FILE
it takes the network's weights and the images from our side (the parity test uses both).
"""

import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from engine_reference import ReferenceNet  # noqa: E402  (the same network as the engine benchmark)

SEED = 0
CONSTANT_SPREAD = 1e-6


def parse_args(argv):
    parser = argparse.ArgumentParser(description="PyTorch reference run of MDM and RISE on the engine benchmark network.")
    parser.add_argument("--threads", type=int, default=2, help="intra-op threads (torch.set_num_threads)")
    parser.add_argument("--image-size", type=int, default=64)
    parser.add_argument("--batch-size", type=int, default=32, help="masked copies per forward pass (as our batchSize)")
    parser.add_argument("--rise-masks", required=True, help=".npy [N, H, W] float32: the RISE masks")
    parser.add_argument("--rise-images", type=int, default=2)
    parser.add_argument("--keep-probability", type=float, default=0.5, help="RISE's p (the masks' keep rate)")
    parser.add_argument("--mdm-logits", required=True, help=".npy [images, sum of s^2] float32: MDM's initial mask logits")
    parser.add_argument("--mdm-scales", default="2,4,8,16")
    parser.add_argument("--mdm-iterations", type=int, default=10)
    parser.add_argument("--mdm-learning-rate", type=float, default=0.1)
    parser.add_argument("--mdm-area-weight", type=float, default=3.0)
    parser.add_argument("--mdm-smoothness-weight", type=float, default=1.0)
    parser.add_argument("--weights", help="directory of w0.npy ... w9.npy: our reference network's variables")
    parser.add_argument("--images", help=".npy [B, H, W, 1] float32 images (default: seeded uniform)")
    parser.add_argument("--maps-out", help="directory to write mdm.npy and rise.npy into")
    args = parser.parse_args(argv)
    args.mdm_scales = [int(s) for s in args.mdm_scales.split(",")]
    for name in ("threads", "image_size", "batch_size", "rise_images", "mdm_iterations"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if not 0 < args.keep_probability <= 1:
        parser.error("--keep-probability must be in (0, 1]")
    if any(s < 1 or s > args.image_size for s in args.mdm_scales):
        parser.error("--mdm-scales must be whole numbers between 1 and the image size")
    return args


def load_weights(model, directory):
    """Our variables in order: 3 x (filter HWIO, bias), add-on filter and bias, prototypes [M, D], last layer [M, K]."""
    w = [torch.from_numpy(np.load(os.path.join(directory, f"w{i}.npy"))) for i in range(10)]
    convs = [model.features[i][0] for i in range(3)] + [model.add_on[0]]
    with torch.no_grad():
        for i, conv in enumerate(convs):
            conv.weight.copy_(w[2 * i].permute(3, 2, 0, 1))
            conv.bias.copy_(w[2 * i + 1])
        model.prototypes.copy_(w[8].view(*w[8].shape, 1, 1))
        model.last_layer.weight.copy_(w[9].t())


def min_max(maps):
    """Per-map (A - min) / (max - min); a constant map becomes zeros (as normaliseMinMax)."""
    low = maps.amin(dim=(1, 2), keepdim=True)
    high = maps.amax(dim=(1, 2), keepdim=True)
    spread = high - low
    varies = spread > torch.maximum(high.abs(), low.abs()) * CONSTANT_SPREAD
    return torch.where(varies, (maps - low) / torch.where(varies, spread, torch.ones_like(spread)), torch.zeros_like(maps))


def logits_of(model, images):
    """The network's logits (its forward also returns the prototype distances)."""
    return model(images.contiguous(memory_format=torch.channels_last))[0]


def predicted(model, images, batch_size):
    with torch.no_grad():
        return torch.cat([logits_of(model, images[i:i + batch_size]).argmax(dim=1) for i in range(0, len(images), batch_size)])


def rise(model, images, masks, keep_probability, batch_size):
    count, height, width = masks.shape
    targets = predicted(model, images, batch_size)
    sums = torch.zeros(len(images), height * width)
    with torch.no_grad():
        for start in range(0, count, batch_size):
            chunk = masks[start:start + batch_size]
            flat = chunk.reshape(len(chunk), height * width)
            for b in range(len(images)):
                probabilities = F.softmax(logits_of(model, images[b:b + 1] * chunk.unsqueeze(1)), dim=1)[:, targets[b]]
                sums[b] += probabilities @ flat
    return min_max((sums / (count * keep_probability)).view(len(images), height, width))


def gaussian_blur(images, sigma):
    """Two 1-D passes with a kernel of radius ceil(3 sigma), divided by the blur of ones (no border darkening)."""
    radius = math.ceil(3 * sigma)
    taps = torch.tensor([math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)) for i in range(2 * radius + 1)])
    taps = taps / taps.sum()
    channels = images.shape[1]
    rows = taps.view(1, 1, -1, 1).repeat(channels, 1, 1, 1)
    columns = taps.view(1, 1, 1, -1).repeat(channels, 1, 1, 1)

    def blur(x):
        x = F.conv2d(x, rows, padding=(radius, 0), groups=channels)
        return F.conv2d(x, columns, padding=(0, radius), groups=channels)

    return blur(images) / blur(torch.ones_like(images))


def total_variation(masks):
    """Mean |difference| of vertical neighbours plus that of horizontal neighbours, per mask."""
    parts = []
    if masks.shape[2] > 1:
        parts.append((masks[:, :, 1:, :] - masks[:, :, :-1, :]).abs().mean(dim=(1, 2, 3)))
    if masks.shape[3] > 1:
        parts.append((masks[:, :, :, 1:] - masks[:, :, :, :-1]).abs().mean(dim=(1, 2, 3)))
    return sum(parts) if parts else torch.zeros(masks.shape[0])


def mdm(model, images, initial_logits, args):
    scales = args.mdm_scales
    count, _, height, width = images.shape
    targets = predicted(model, images, args.batch_size)
    baseline = gaussian_blur(images, max(1.0, min(height, width) / 20))
    offsets = [sum(s * s for s in scales[:k]) for k in range(len(scales))]
    per_chunk = max(1, args.batch_size // len(scales))
    results = []
    for start in range(0, count, per_chunk):
        size = min(per_chunk, count - start)
        logits = torch.tensor(initial_logits[start:start + size], requires_grad=True)
        optimizer = torch.optim.Adam([logits], lr=args.mdm_learning_rate)
        image = images[start:start + size].repeat(len(scales), 1, 1, 1)
        reference = baseline[start:start + size].repeat(len(scales), 1, 1, 1)
        selector = targets[start:start + size].repeat(len(scales))

        def masks_of():
            kept = torch.sigmoid(logits)
            per_scale = [F.interpolate(kept[:, o:o + s * s].view(size, 1, s, s), size=(height, width), mode="bilinear", align_corners=False)
                         for s, o in zip(scales, offsets)]
            return torch.cat(per_scale, dim=0)

        for _ in range(args.mdm_iterations):
            optimizer.zero_grad(set_to_none=True)
            masks = masks_of()
            perturbed = image * masks + reference * (1 - masks)
            log_probability = F.log_softmax(logits_of(model, perturbed), dim=1).gather(1, selector.unsqueeze(1)).squeeze(1)
            per_row = -log_probability + masks.mean(dim=(1, 2, 3)) * args.mdm_area_weight + total_variation(masks) * args.mdm_smoothness_weight
            per_row.sum().backward()
            optimizer.step()
        with torch.no_grad():
            results.append(masks_of().view(len(scales), size, height, width).mean(dim=0))
    return min_max(torch.cat(results, dim=0))


def main(argv):
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(SEED)
    model = ReferenceNet()
    if args.weights:
        load_weights(model, args.weights)
    model = model.to(memory_format=torch.channels_last).eval()
    # An explainer differentiates with respect to its inputs only.
    for parameter in model.parameters():
        parameter.requires_grad_(False)

    masks = torch.from_numpy(np.load(args.rise_masks))
    initial_logits = np.load(args.mdm_logits)
    mdm_images = len(initial_logits)
    if masks.shape[1:] != (args.image_size, args.image_size):
        raise SystemExit(f"--rise-masks holds masks of {tuple(masks.shape[1:])}, expected {args.image_size}x{args.image_size}")
    if initial_logits.shape[1] != sum(s * s for s in args.mdm_scales):
        raise SystemExit(f"--mdm-logits rows hold {initial_logits.shape[1]} logits, the scales {args.mdm_scales} need {sum(s * s for s in args.mdm_scales)}")
    total = max(args.rise_images, mdm_images)
    if args.images:
        images = torch.from_numpy(np.load(args.images)).permute(0, 3, 1, 2).contiguous()
        if len(images) < total:
            raise SystemExit(f"--images holds {len(images)} images, the run needs {total}")
    else:
        images = torch.rand(total, 1, args.image_size, args.image_size)

    start = time.perf_counter()
    rise_maps = rise(model, images[:args.rise_images], masks, args.keep_probability, args.batch_size)
    rise_seconds = time.perf_counter() - start
    start = time.perf_counter()
    mdm_maps = mdm(model, images[:mdm_images], initial_logits, args)
    mdm_seconds = time.perf_counter() - start

    if args.maps_out:
        os.makedirs(args.maps_out, exist_ok=True)
        np.save(os.path.join(args.maps_out, "rise.npy"), rise_maps.numpy().astype(np.float32))
        np.save(os.path.join(args.maps_out, "mdm.npy"), mdm_maps.numpy().astype(np.float32))
    print(json.dumps({
        "framework": "pytorch",
        "version": torch.__version__,
        "threads": torch.get_num_threads(),
        "riseImages": args.rise_images,
        "riseMasks": int(masks.shape[0]),
        "riseImgPerSec": args.rise_images / rise_seconds,
        "mdmImages": mdm_images,
        "mdmIterations": args.mdm_iterations,
        "mdmImgPerSec": mdm_images / mdm_seconds,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
