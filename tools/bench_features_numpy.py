#!/usr/bin/python3
"""Peer timing for the feature benchmark: numpy/scipy doing what EdgeSound's shared pipeline does.

One 5-s 44.1 kHz clip -> scipy.signal.resample_poly to 16 kHz -> log-mel with the reference
definition of tools/make_feature_fixtures.py (the same numpy code the C# output is checked against).
Single-threaded BLAS; prints median and minimum milliseconds over --runs repetitions.
Usage: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tools/bench_features_numpy.py [--wav FILE] [--runs 50]
"""
import argparse
import os
import sys
import time

import numpy as np
from scipy.io import wavfile
from scipy.signal import resample_poly

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_feature_fixtures import load_config, log_mel  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CONFIG = os.path.join(HERE, "..", "tests", "EdgeSound.Shared.Tests", "Fixtures", "features", "feature_config.json")


def clip(path):
    if path:
        rate, data = wavfile.read(path)
        if rate != 44100:
            sys.exit(f"{path}: expected 44.1 kHz, got {rate} Hz")
        return data.astype(np.float64) / 32768.0, os.path.basename(path)
    # Same construction as the C# BenchmarkClip fallback (not the same noise samples; timing only).
    t = np.arange(44100 * 5) / 44100.0
    rng = np.random.default_rng(1)
    x = 0.3 * np.sin(2 * np.pi * 440 * t) + 0.2 * np.sin(2 * np.pi * (200 + 800 * t) * t) + 0.05 * rng.uniform(-1, 1, t.size)
    return x, "generated 5-s 44.1 kHz clip"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wav")
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    cfg = load_config(DEFAULT_CONFIG)
    x, name = clip(args.wav)

    def pipeline():
        y = resample_poly(x, 160, 441)
        return log_mel(y, cfg)

    pipeline()  # warm-up
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        out = pipeline()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(f"numpy/scipy resample_poly + log-mel of {name}: shape {out.shape}, "
          f"median {times[len(times) // 2]:.2f} ms, min {times[0]:.2f} ms over {args.runs} runs (numpy {np.__version__})")


if __name__ == "__main__":
    main()
