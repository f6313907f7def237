#!/usr/bin/env python3
"""Where PyTorch's time goes on the engine benchmark's reference network (the counterpart of
tools/protoscope/src/bench/engine-kernel-profile.ts; it times nothing the benchmark reports).

For inference, each layer of the forward is timed on its own (thread CPU time per batch, 1 thread by
default); --hold keeps every intermediate until the batch ends, as a tfjs tidy does, to show what that
costs. --profiler also prints torch.profiler's table per operator and input shape (its own overhead
inflates the times). For Grad-CAM and training, CPU per batch. Example:

  OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 bench/torch/profile_reference.py infer --batches 100
"""

import argparse
import collections
import os
import resource
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import engine_reference as reference  # noqa: E402  (the benchmark's network, Grad-CAM and loss)

WARM_UP = 10


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Per-layer CPU time of the reference network in PyTorch.")
    parser.add_argument("mode", choices=["infer", "gradcam", "train"])
    parser.add_argument("--batches", type=int, default=100, help="timed batches (after 10 untimed ones)")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--hold", action="store_true", help="keep every intermediate until the batch ends (as a tfjs tidy)")
    parser.add_argument("--profiler", action="store_true", help="also print torch.profiler's table")
    args = parser.parse_args(argv)
    if args.batches < 1 or args.threads < 1:
        parser.error("--batches and --threads must be at least 1")
    return args


def layered_forward(model, images, timings, hold):
    """The inference forward of ReferenceNet, layer by layer, adding each layer's thread CPU to timings."""
    held = []

    def timed(name, fn, *inputs):
        start = time.thread_time()
        out = fn(*inputs)
        timings[name] += time.thread_time() - start
        if hold:
            held.append(out)
        return out

    x = images
    for i, block in enumerate(model.features):
        x = timed(f"conv{i + 1}", block[0], x)
        x = timed(f"relu{i + 1} (in place)", block[1], x)
        x = timed(f"max-pool{i + 1}", block[2], x)
    z = timed("add-on conv 1x1", model.add_on[0], x)
    z = timed("sigmoid", model.add_on[1], z)

    def distances(z):
        zz = (z ** 2).sum(dim=1, keepdim=True)
        zp = F.conv2d(z, model.prototypes)
        pp = (model.prototypes ** 2).sum(dim=(1, 2, 3)).view(1, -1, 1, 1)
        return F.relu(zz - 2 * zp + pp)

    d = timed("prototype distances", distances, z)

    def head(d):
        nearest = -F.max_pool2d(-d, kernel_size=d.shape[-2:]).flatten(1)
        return model.last_layer(torch.log((nearest + 1) / (nearest + 1e-4)))

    return timed("min-pool, log, last layer", head, d)


def main(argv):
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(reference.SEED)
    model = reference.ReferenceNet().to(memory_format=torch.channels_last)
    images = torch.rand(reference.BATCH, 1, reference.IMAGE_SIZE, reference.IMAGE_SIZE).contiguous(memory_format=torch.channels_last)
    labels = torch.randint(0, reference.NUM_CLASSES, (reference.BATCH,))
    optimizer = torch.optim.Adam(model.parameters(), lr=reference.LEARNING_RATE)
    timings = collections.defaultdict(float)

    def infer():
        with torch.no_grad():
            layered_forward(model, images, timings, args.hold)

    def train():
        optimizer.zero_grad(set_to_none=True)
        logits, min_distances = model(images)
        reference.prototype_loss(model, logits, min_distances, labels).backward()
        optimizer.step()

    step = {"infer": infer, "gradcam": lambda: reference.grad_cam(model, images), "train": train}[args.mode]
    model.train(args.mode == "train")
    for _ in range(WARM_UP):
        step()
    timings.clear()
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(args.batches):
        step()
    cpu, wall = (time.process_time() - cpu) * 1000 / args.batches, (time.perf_counter() - wall) * 1000 / args.batches
    faults = (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults) / args.batches
    print(f"{args.mode}, {args.batches} batches of {reference.BATCH}, {args.threads} thread(s){', intermediates held' if args.hold else ''}; per batch:")
    for name, seconds in timings.items():
        print(f"  {name:28s} {seconds * 1000 / args.batches:8.3f} ms CPU")
    print(f"total: wall {wall:.2f} ms, CPU {cpu:.2f} ms per batch; minor page faults {faults:.1f} per batch")
    if args.profiler:
        from torch.profiler import ProfilerActivity, profile

        with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
            for _ in range(20):
                step()
        print(prof.key_averages(group_by_input_shape=True).table(sort_by="self_cpu_time_total", row_limit=25))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
