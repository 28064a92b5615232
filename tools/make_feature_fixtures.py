#!/usr/bin/python3
"""Reference log-mel fixtures for EdgeSound's feature tests.

Computes, in float64 with numpy only, the log-mel features that a FeatureConfig describes, from
the written definition (periodic window centred in an FFT frame, rfft, |X|^power, triangular mel
filters between f_min and f_max on the HTK or Slaney scale with optional Slaney area norm,
ln(max(mel, log_floor))). Five ~0.6-s signals at 16 kHz are generated here with a fixed seed.

Writes into the fixtures folder:
  <name>.input.npy          float32 signal
  <name>.logmel.npy         float32 [n_mels, n_frames], config as given (feature_config.json)
  <name>.logmel_center.npy  float32 [n_mels, n_frames], same config with center = true

The signals are 0.6 s rather than 1 s so the folder stays under 300 kB (five 1-s float32 inputs
alone would be 320 kB). feature_config.json is written by the C# FeatureConfig.ToJson (a test
checks it equals FeatureConfig.Default), so both sides read the same definition.

Run: /usr/bin/python3 tools/make_feature_fixtures.py [--config PATH] [--out DIR]
"""
import argparse
import json
import math
import os
import sys

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(REPO, "tests", "EdgeSound.Shared.Tests", "Fixtures", "features")
FIELDS = ["sample_rate", "fft_size", "window_length", "hop_length", "window", "mel_count", "f_min",
          "f_max", "mel_scale", "mel_norm", "power", "log_floor", "center", "pad_mode"]
SEED = 20240611
DURATION_S = 0.6


def load_config(path):
    with open(path, encoding="utf-8") as f:
        cfg = json.load(f)
    unknown = sorted(set(cfg) - set(FIELDS))
    missing = [k for k in FIELDS if k not in cfg]
    if unknown or missing:
        sys.exit(f"{path}: unknown fields {unknown}, missing fields {missing}")
    if cfg["pad_mode"] != "zero":
        sys.exit(f"{path}: pad_mode {cfg['pad_mode']!r} is not supported (only 'zero')")
    return cfg


def hz_to_mel(hz, scale):
    hz = np.asarray(hz, dtype=np.float64)
    if scale == "htk":
        return 2595.0 * np.log10(1.0 + hz / 700.0)
    # Slaney: 200/3 Hz per mel below 1 kHz, then a log step of ln(6.4)/27 per mel.
    f_sp = 200.0 / 3.0
    min_log_mel = 1000.0 / f_sp
    logstep = math.log(6.4) / 27.0
    return np.where(hz < 1000.0, hz / f_sp, min_log_mel + np.log(np.maximum(hz, 1e-300) / 1000.0) / logstep)


def mel_to_hz(mel, scale):
    mel = np.asarray(mel, dtype=np.float64)
    if scale == "htk":
        return 700.0 * (10.0 ** (mel / 2595.0) - 1.0)
    f_sp = 200.0 / 3.0
    min_log_mel = 1000.0 / f_sp
    logstep = math.log(6.4) / 27.0
    return np.where(mel < min_log_mel, mel * f_sp, 1000.0 * np.exp(logstep * (mel - min_log_mel)))


def mel_filterbank(cfg):
    n_bins = cfg["fft_size"] // 2 + 1
    bin_hz = np.arange(n_bins) * cfg["sample_rate"] / cfg["fft_size"]
    mels = np.linspace(hz_to_mel(cfg["f_min"], cfg["mel_scale"]), hz_to_mel(cfg["f_max"], cfg["mel_scale"]),
                       cfg["mel_count"] + 2)
    edges = mel_to_hz(mels, cfg["mel_scale"])
    weights = np.zeros((cfg["mel_count"], n_bins))
    for m in range(cfg["mel_count"]):
        lo, c, hi = edges[m], edges[m + 1], edges[m + 2]
        rising = (bin_hz - lo) / (c - lo)
        falling = (hi - bin_hz) / (hi - c)
        weights[m] = np.maximum(0.0, np.minimum(rising, falling))
        if cfg["mel_norm"] == "slaney":
            weights[m] *= 2.0 / (hi - lo)
    return weights


def frame_window(cfg):
    length, n_fft = cfg["window_length"], cfg["fft_size"]
    n = np.arange(length)
    kind = cfg["window"]
    if kind == "hann":
        w = 0.5 - 0.5 * np.cos(2.0 * np.pi * n / length)
    elif kind == "hamming":
        w = 0.54 - 0.46 * np.cos(2.0 * np.pi * n / length)
    elif kind == "rectangular":
        w = np.ones(length)
    else:
        sys.exit(f"unknown window {kind!r}")
    full = np.zeros(n_fft)
    left = (n_fft - length) // 2
    full[left:left + length] = w
    return full


def log_mel(signal, cfg):
    """[n_mels, n_frames] float64 log-mel of a float signal."""
    y = np.asarray(signal, dtype=np.float64)
    n_fft, hop = cfg["fft_size"], cfg["hop_length"]
    if cfg["center"]:
        y = np.pad(y, n_fft // 2, mode="constant")
    n_frames = 0 if len(signal) == 0 or len(y) < n_fft else 1 + (len(y) - n_fft) // hop
    starts = np.arange(n_frames) * hop
    frames = y[starts[:, None] + np.arange(n_fft)[None, :]] * frame_window(cfg)[None, :]
    spectrum = np.abs(np.fft.rfft(frames, axis=1)) ** cfg["power"]
    mel = spectrum @ mel_filterbank(cfg).T
    return np.log(np.maximum(mel, cfg["log_floor"])).T


def signals(sample_rate):
    n = int(round(DURATION_S * sample_rate))
    t = np.arange(n) / sample_rate
    rng = np.random.default_rng(SEED)
    f0, f1 = 100.0, 7000.0
    impulse = np.zeros(n)
    impulse[n // 3] = 1.0
    return {
        "sine_1khz": 0.5 * np.sin(2 * np.pi * 1000.0 * t),
        "chirp_100_7000": 0.5 * np.sin(2 * np.pi * (f0 * t + 0.5 * (f1 - f0) / DURATION_S * t * t)),
        "white_noise": 0.1 * rng.standard_normal(n),
        "silence": np.zeros(n),
        "impulse": impulse,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", default=os.path.join(FIXTURES, "feature_config.json"),
                        help="FeatureConfig JSON (written by FeatureConfig.ToJson)")
    parser.add_argument("--out", default=FIXTURES, help="output folder")
    args = parser.parse_args()

    cfg = load_config(args.config)
    variants = {"logmel": cfg}
    if not cfg["center"]:
        variants["logmel_center"] = dict(cfg, center=True)
    os.makedirs(args.out, exist_ok=True)
    for name, signal in signals(cfg["sample_rate"]).items():
        signal32 = signal.astype(np.float32)
        np.save(os.path.join(args.out, f"{name}.input.npy"), signal32)
        for suffix, variant in variants.items():
            # The reference sees exactly the float32 samples the C# extractor will read.
            features = log_mel(signal32, variant).astype(np.float32)
            np.save(os.path.join(args.out, f"{name}.{suffix}.npy"), np.ascontiguousarray(features))
            print(f"{name}.{suffix}.npy {features.shape} min {features.min():.3f} max {features.max():.3f}")


if __name__ == "__main__":
    main()
