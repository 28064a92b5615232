#!/usr/bin/env bash
# Runs the linux-arm64 build of the edge app under qemu-aarch64 (Cortex-A72, a Pi 4) on a generated
# WAV and checks that it gives the same features (bit for bit) and the same label and probabilities
# (within 1e-4) as the x64 build. Emulation is for correctness only, never for timings.
#
#   tools/pi/check-arm64-qemu.sh [MODEL.onnx ...]    (default: models/esc10.onnx models/esc10.fp32.onnx)
#
# Needs root for apt (qemu-user-static, the arm64 C/C++ runtimes, python3-numpy); downloads arm64
# libssl3 and libasound2 into build/arm64-sysroot with a private apt state (the host's package set
# is untouched).
set -euo pipefail
# Model paths are the caller's, relative to where it was started: made absolute before the cd below.
models=()
for model in "$@"; do
    [ -f "$model" ] || { echo "no model file at '$model' (give MODEL.onnx files, or nothing for the shipped pair)" >&2; exit 2; }
    models+=("$(realpath -- "$model")")
done
cd "$(dirname "$0")/../.."
[ ${#models[@]} -gt 0 ] || models=(models/esc10.onnx models/esc10.fp32.onnx)
cpu="${QEMU_CPU:-cortex-a72}"
work=build/arm64-check
sysroot=build/arm64-sysroot
python=/usr/bin/python3

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Temporary state (the private apt folders, a sysroot still being built) goes however the script ends.
apt_state=""
cleanup() {
    if [ -n "$apt_state" ]; then rm -rf "$apt_state"; fi
    rm -rf "$sysroot.partial"
}
trap cleanup EXIT

# numpy makes the test WAV and compares the results, so it is needed on every run, not only the first.
packages=()
command -v qemu-aarch64-static >/dev/null || packages+=(qemu-user-static)
[ -d /usr/aarch64-linux-gnu/lib ] || packages+=(libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross)
"$python" -c "import numpy" 2>/dev/null || packages+=(python3-numpy)
if [ ${#packages[@]} -gt 0 ]; then
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${packages[@]}"
fi

if [ ! -f "$sysroot/usr/lib/aarch64-linux-gnu/libssl.so.3" ]; then
    echo "building the arm64 sysroot in $sysroot ..."
    apt_state="$(mktemp -d)"
    mkdir -p "$apt_state/lists/partial" "$apt_state/cache/archives/partial" "$apt_state/debs"
    apt_opts=(-o APT::Architecture=arm64 -o APT::Architectures=arm64 -o "Dir::State::Lists=$apt_state/lists"
              -o "Dir::Cache=$apt_state/cache" -o Dir::State::status=/dev/null)
    apt-get "${apt_opts[@]}" update -q >/dev/null
    (cd "$apt_state/debs" && apt-get "${apt_opts[@]}" download libssl3:arm64 libasound2:arm64 libasound2-data >/dev/null)
    # Built aside and renamed into place last: a half-built sysroot is never taken for a finished one.
    rm -rf "$sysroot.partial" && mkdir -p "$sysroot.partial"
    cp -a /usr/aarch64-linux-gnu/. "$sysroot.partial/"
    for deb in "$apt_state"/debs/*.deb; do dpkg -x "$deb" "$sysroot.partial"; done
    rm -rf "$sysroot" && mv "$sysroot.partial" "$sysroot"
fi

rm -rf "$work" && mkdir -p "$work"
echo "publishing x64 and arm64 builds ..."
publish() { dotnet publish edge -c Release "$@" > "$work/publish.log" 2>&1 || { cat "$work/publish.log" >&2; exit 1; }; }
publish -r linux-x64 --self-contained -o "$work/x64"
publish -r linux-arm64 --self-contained -p:PublishTrimmed=true -o "$work/arm64"

# A WAV the model has never heard: a dog-like bark train over a chirp and noise, 44.1 kHz stereo,
# so the check also exercises down-mixing and resampling.
"$python" - "$work/generated.wav" <<'PY'
import sys, wave, numpy as np
rate = 44100
t = np.arange(int(rate * 6.0)) / rate
rng = np.random.default_rng(7)
bark = np.zeros_like(t)
for start in (0.5, 1.1, 2.6, 4.0):
    m = (t >= start) & (t < start + 0.18)
    tt = t[m] - start
    bark[m] = np.sin(2 * np.pi * (550 - 900 * tt) * tt) * np.exp(-tt * 18)
chirp = 0.2 * np.sin(2 * np.pi * (200 * t + 300 * t * t))
x = 0.6 * bark + chirp + 0.02 * rng.standard_normal(t.size)
stereo = np.stack([x, 0.8 * x], axis=1)
pcm = (np.clip(stereo, -1, 1) * 32767).astype("<i2")
with wave.open(sys.argv[1], "wb") as w:
    w.setnchannels(2); w.setsampwidth(2); w.setframerate(rate); w.writeframes(pcm.tobytes())
PY

# qemu-user passes the x86 host's sysfs through, and ONNX Runtime's CPU probe (arm build) crashes on
# the host's CPU cache entries (NULL dereference after reading cpu*/cache/index2): hide them with
# empty folders in a private mount namespace, for the emulated process only.
run_arm64() {
    # shellcheck disable=SC2016 # "$c" and "$@" are the inner bash's
    as_root unshare --mount bash -c 'for c in /sys/devices/system/cpu/cpu[0-9]*/cache; do mount -t tmpfs none "$c"; done; exec "$@"' _ \
        env QEMU_CPU="$cpu" QEMU_LD_PREFIX="$PWD/$sysroot" LD_LIBRARY_PATH="$PWD/$sysroot/usr/lib/aarch64-linux-gnu" \
        DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 qemu-aarch64-static "$work/arm64/edgesound" "$@"
}

"$work/x64/edgesound" features "$work/generated.wav" --out "$work/x64.npy" >/dev/null
run_arm64 features "$work/generated.wav" --out "$work/arm64.npy" >/dev/null
for model in "${models[@]}"; do
    name="$(basename "$model" .onnx)"
    "$work/x64/edgesound" classify "$work/generated.wav" --model "$model" --json > "$work/x64.$name.json"
    run_arm64 classify "$work/generated.wav" --model "$model" --json > "$work/arm64.$name.json"
done

"$python" - "$work" "$cpu" "${models[@]}" <<'PY'
import json, sys, os, numpy as np
work, cpu, models = sys.argv[1], sys.argv[2], sys.argv[3:]
a, b = np.load(f"{work}/x64.npy"), np.load(f"{work}/arm64.npy")
ok = a.shape == b.shape and float(np.abs(a - b).max()) == 0.0
print(f"features: x64 {a.shape} vs arm64 ({cpu}) {b.shape}: max |diff| {float(np.abs(a - b).max()):.3g} -> {'identical' if ok else 'DIFFERENT'}")
for model in models:
    name = os.path.basename(model)[:-5]
    x, y = (json.loads(open(f"{work}/{arch}.{name}.json").read().splitlines()[0]) for arch in ("x64", "arm64"))
    diff = max(abs(x["scores"][k] - y["scores"][k]) for k in x["scores"])
    same = x["label"] == y["label"] and diff <= 1e-4
    ok &= same
    print(f"{name}: x64 {x['label']} {x['confidence']:.4f} vs arm64 {y['label']} {y['confidence']:.4f}; max |p diff| {diff:.2e} -> {'same' if same else 'DIFFERENT'}")
sys.exit(0 if ok else 1)
PY
