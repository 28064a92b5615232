#!/usr/bin/python3
"""PyTorch peer for the TorchSharp epoch benchmark: seconds per training epoch of Arch1 and Arch2.

A layer-for-layer port of trainer/Models (ConvStack, ConvBlock, CnnClassifier,
CnnTransformerClassifier, MultiHeadSelfAttention, TransformerEncoderBlock) at the study's log-mel
specs, timed on the same work the C# twin (`EdgeSound.Benchmarks.dll epoch`) does:

  one epoch = 15 optimiser steps (240 training clips x 2 windows / batch 32) on [32, 1, 64, 128]
              random inputs with soft labels: forward, soft-label cross-entropy, backward, AdamW
              (lr 1e-3, weight decay 1e-3) step, plus the trainer's per-batch loss/accuracy read-back;
              then the evaluation pass: 480 windows in eval mode under no_grad, batches of 64,
              softmax copied into a host buffer.

Prints one JSON line per model; seconds_per_epoch is the median of --epochs timed epochs after one
warm-up epoch. Usage: /usr/bin/python3 tools/bench_train_epoch.py [--threads 2] [--epochs 3]
"""
import argparse
import json
import statistics
import time

import torch
from torch import nn
import torch.nn.functional as F

# The study's geometry and schedule; the C# twin uses the same constants.
CLASS_COUNT = 10
MEL_COUNT = 64
WINDOW_FRAMES = 128
TRAIN_BATCH = 32
STEPS_PER_EPOCH = 15        # 240 training clips x 2 windows / 32
EVAL_WINDOWS = 480
EVAL_BATCH = 64
LEARNING_RATE = 1e-3
WEIGHT_DECAY = 1e-3
SEED = 20240601

# ModelSpec defaults (trainer/Models/ModelSpec.cs).
BASE_CHANNELS = 16
FC_SIZE = 128
DROPOUT = 0.3
FEATURES_LENGTH = 64        # d
N_HEADS = 4
DK = 16
DV = 16
NUM_BLOCKS = 2
FF_SIZE = 128
MAX_TOKENS = 64
BLOCK_COUNT = 4
LOG_MEL_KERNEL = 3
LOG_MEL_POOL = 2


class ConvBlock(nn.Module):
    """Conv2d(3x3, same padding, no bias) -> BatchNorm2d -> ReLU -> MaxPool2d(2)."""

    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, LOG_MEL_KERNEL, padding=LOG_MEL_KERNEL // 2, bias=False)
        self.norm = nn.BatchNorm2d(out_channels)
        self.relu = nn.ReLU()
        self.pool = nn.MaxPool2d(LOG_MEL_POOL)

    def forward(self, x):
        return self.pool(self.relu(self.norm(self.conv(x))))


class ConvStack(nn.Module):
    """Four ConvBlocks with channels base, 2x, 4x, 8x: [B,1,M,F] -> [B,8c,M/16,F/16]."""

    def __init__(self):
        super().__init__()
        channels = [1] + [BASE_CHANNELS << i for i in range(BLOCK_COUNT)]
        self.blocks = nn.Sequential(*[ConvBlock(channels[i], channels[i + 1]) for i in range(BLOCK_COUNT)])
        self.output_channels = channels[-1]

    def forward(self, x):
        return self.blocks(x)


class CnnClassifier(nn.Module):
    """Arch1: ConvStack -> global average pool -> Dropout -> Linear(FcSize) -> ReLU -> Dropout -> Linear."""

    def __init__(self):
        super().__init__()
        self.features = ConvStack()
        self.classifier = nn.Sequential(
            nn.Dropout(DROPOUT),
            nn.Linear(self.features.output_channels, FC_SIZE),
            nn.ReLU(),
            nn.Dropout(DROPOUT),
            nn.Linear(FC_SIZE, CLASS_COUNT))

    def forward(self, x):
        x = self.features(x).mean(dim=[2, 3])
        return self.classifier(x)


class MultiHeadSelfAttention(nn.Module):
    """Separate Q/K width dk and V width dv per head; softmax(Q K^T / sqrt(dk)) V, heads concatenated."""

    def __init__(self, width, heads, dk, dv):
        super().__init__()
        self.heads, self.dk, self.dv = heads, dk, dv
        self.query = nn.Linear(width, heads * dk)
        self.key = nn.Linear(width, heads * dk)
        self.value = nn.Linear(width, heads * dv)
        self.output = nn.Linear(heads * dv, width)

    def split_heads(self, projected, width):
        return projected.reshape(projected.shape[0], projected.shape[1], self.heads, width).transpose(1, 2)

    def forward(self, tokens):
        batch, count = tokens.shape[0], tokens.shape[1]
        q = self.split_heads(self.query(tokens), self.dk)
        k = self.split_heads(self.key(tokens), self.dk)
        weights = q.matmul(k.transpose(-2, -1)).mul(1.0 / self.dk ** 0.5).softmax(-1)
        v = self.split_heads(self.value(tokens), self.dv)
        context = weights.matmul(v).transpose(1, 2).reshape(batch, count, self.heads * self.dv)
        return self.output(context)


class TransformerEncoderBlock(nn.Module):
    """Pre-norm: x + Dropout(MHSA(LN(x))), then x + Dropout(FF(LN(x))), FF = Linear-ReLU-Dropout-Linear."""

    def __init__(self, width, heads, dk, dv, ff, dropout):
        super().__init__()
        self.attention_norm = nn.LayerNorm(width)
        self.attention = MultiHeadSelfAttention(width, heads, dk, dv)
        self.attention_dropout = nn.Dropout(dropout)
        self.feed_forward_norm = nn.LayerNorm(width)
        self.feed_forward = nn.Sequential(nn.Linear(width, ff), nn.ReLU(), nn.Dropout(dropout), nn.Linear(ff, width))
        self.feed_forward_dropout = nn.Dropout(dropout)

    def forward(self, tokens):
        x = tokens + self.attention_dropout(self.attention(self.attention_norm(tokens)))
        return x + self.feed_forward_dropout(self.feed_forward(self.feed_forward_norm(x)))


class CnnTransformerClassifier(nn.Module):
    """Arch2: ConvStack tokeniser (mean over mel bins) -> Linear(d) -> CLS + positions -> pre-norm blocks
    -> LayerNorm -> Dropout -> Linear on the CLS output."""

    def __init__(self):
        super().__init__()
        d = FEATURES_LENGTH
        self.token_count = WINDOW_FRAMES // LOG_MEL_POOL ** BLOCK_COUNT
        self.features = ConvStack()
        self.projection = nn.Linear(self.features.output_channels, d)
        self.cls_token = nn.Parameter(torch.randn(1, 1, d).mul_(0.02))
        self.positional_embedding = nn.Parameter(torch.randn(1, MAX_TOKENS, d).mul_(0.02))
        self.embedding_dropout = nn.Dropout(DROPOUT)
        self.encoder = nn.Sequential(*[TransformerEncoderBlock(d, N_HEADS, DK, DV, FF_SIZE, DROPOUT) for _ in range(NUM_BLOCKS)])
        self.final_norm = nn.LayerNorm(d)
        self.classifier = nn.Sequential(nn.Dropout(DROPOUT), nn.Linear(d, CLASS_COUNT))

    def forward(self, x):
        maps = self.features(x)                                           # [B, C, M', T]
        tokens = self.projection(maps.mean(dim=[2]).transpose(1, 2))      # [B, T, d]
        cls = self.cls_token.expand(tokens.shape[0], -1, -1)
        sequence = torch.cat([cls, tokens], 1) + self.positional_embedding.narrow(1, 0, self.token_count + 1)
        sequence = self.embedding_dropout(sequence)
        sequence = self.final_norm(self.encoder(sequence))
        return self.classifier(sequence.select(1, 0))


MODELS = {
    "arch1-logmel": CnnClassifier,
    "arch2-logmel": CnnTransformerClassifier,
}


def trainable_parameters(model):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def make_data(generator):
    """Inputs and soft labels for one epoch's steps, and the evaluation windows (made once, outside timing)."""
    train_windows = STEPS_PER_EPOCH * TRAIN_BATCH
    train_inputs = torch.randn(train_windows, 1, MEL_COUNT, WINDOW_FRAMES, generator=generator)
    train_targets = torch.softmax(2 * torch.randn(train_windows, CLASS_COUNT, generator=generator), 1)
    eval_inputs = torch.randn(EVAL_WINDOWS, 1, MEL_COUNT, WINDOW_FRAMES, generator=generator)
    return train_inputs, train_targets, eval_inputs


def run_epoch(model, optimizer, train_inputs, train_targets, eval_inputs, eval_probs):
    """The trainer's TrainEpoch + ClipEvaluator window pass, on prepared tensors."""
    model.train()
    loss_sum, right, seen = 0.0, 0, 0
    for step in range(STEPS_PER_EPOCH):
        inputs = train_inputs.narrow(0, step * TRAIN_BATCH, TRAIN_BATCH)
        targets = train_targets.narrow(0, step * TRAIN_BATCH, TRAIN_BATCH)
        optimizer.zero_grad()
        logits = model(inputs)
        loss = -(targets * F.log_softmax(logits, 1)).sum(1).mean()
        loss.backward()
        optimizer.step()
        loss_sum += loss.item() * TRAIN_BATCH
        right += logits.argmax(1).eq(targets.argmax(1)).sum().item()
        seen += TRAIN_BATCH

    model.eval()
    with torch.no_grad():
        for first in range(0, EVAL_WINDOWS, EVAL_BATCH):
            count = min(EVAL_BATCH, EVAL_WINDOWS - first)
            probs = F.softmax(model(eval_inputs.narrow(0, first, count)), 1)
            eval_probs.narrow(0, first, count).copy_(probs)
    return loss_sum / seen, right / seen


def bench(name, epochs, threads):
    torch.manual_seed(SEED)
    generator = torch.Generator().manual_seed(SEED)
    model = MODELS[name]()
    optimizer = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE, weight_decay=WEIGHT_DECAY)
    train_inputs, train_targets, eval_inputs = make_data(generator)
    eval_probs = torch.empty(EVAL_WINDOWS, CLASS_COUNT)

    run_epoch(model, optimizer, train_inputs, train_targets, eval_inputs, eval_probs)  # warm-up
    seconds = []
    for _ in range(epochs):
        start = time.perf_counter()
        loss, _ = run_epoch(model, optimizer, train_inputs, train_targets, eval_inputs, eval_probs)
        seconds.append(time.perf_counter() - start)
    if not loss == loss:
        raise SystemExit(f"{name}: training loss became NaN; the timing would not be of a working model")
    return {
        "framework": "pytorch",
        "version": torch.__version__,
        "model": name,
        "threads": threads,
        "trainable_parameters": trainable_parameters(model),
        "steps_per_epoch": STEPS_PER_EPOCH,
        "eval_windows": EVAL_WINDOWS,
        "epochs": epochs,
        "seconds_per_epoch": round(statistics.median(seconds), 4),
        "epoch_seconds": [round(s, 4) for s in seconds],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default 2)")
    parser.add_argument("--epochs", type=int, default=3, help="timed epochs after one warm-up (default 3)")
    parser.add_argument("--model", choices=sorted(MODELS), action="append",
                        help="model to time (repeatable; default both)")
    args = parser.parse_args()
    if args.threads < 1 or args.epochs < 1:
        parser.error("--threads and --epochs must be at least 1")
    torch.set_num_threads(args.threads)
    for name in args.model or list(MODELS):
        print(json.dumps(bench(name, args.epochs, args.threads)), flush=True)


if __name__ == "__main__":
    main()
