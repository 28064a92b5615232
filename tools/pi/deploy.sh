#!/usr/bin/env bash
# Publishes the edge app for a 64-bit Raspberry Pi (linux-arm64, self-contained, trimmed), copies
# it over ssh, installs it as the systemd service `edgesound` and starts it.
#
#   tools/pi/deploy.sh pi@raspberrypi.local            # build, copy, install, start
#   tools/pi/deploy.sh pi@raspberrypi.local --no-build # copy the last build again
#
# On the Pi the ssh user needs sudo. Installs: /opt/edgesound (app + models), /etc/edgesound/
# appsettings.json (only if absent: your edits survive redeploys), the unit from
# tools/pi/edgesound.service, and a system user `edgesound` in the audio and gpio groups.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ $# -lt 1 ]; then
    echo "usage: $0 USER@HOST [--no-build]" >&2
    exit 2
fi
target="$1"
build=1
[ "${2:-}" = "--no-build" ] && build=0
out=build/pi-arm64

if [ "$build" = 1 ]; then
    rm -rf "$out"
    dotnet publish edge -c Release -r linux-arm64 --self-contained -p:PublishTrimmed=true -o "$out"
fi
[ -x "$out/edgesound" ] || { echo "no build at $out (run without --no-build)" >&2; exit 1; }
[ -f models/esc10.onnx ] || { echo "models/esc10.onnx is missing: export and quantise a model first (see models/MODEL_CARD.md)" >&2; exit 1; }
mkdir -p "$out/models"
cp models/esc10.onnx models/esc10.fp32.onnx models/MODEL_CARD.md "$out/models/"

staging=/tmp/edgesound-deploy
echo "copying to $target:$staging ..."
ssh "$target" "rm -rf $staging && mkdir -p $staging"
scp -q -r "$out"/. "$target:$staging/app"
scp -q tools/pi/edgesound.service edge/appsettings.json "$target:$staging/"

ssh "$target" sudo bash -s <<REMOTE
set -euo pipefail
id edgesound >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin edgesound
getent group gpio >/dev/null || groupadd --system gpio
usermod -a -G audio,gpio edgesound
systemctl stop edgesound 2>/dev/null || true
rm -rf /opt/edgesound && mkdir -p /opt/edgesound
cp -a $staging/app/. /opt/edgesound/
chmod 755 /opt/edgesound/edgesound
mkdir -p /etc/edgesound
[ -f /etc/edgesound/appsettings.json ] || install -m 644 $staging/appsettings.json /etc/edgesound/appsettings.json
install -m 644 $staging/edgesound.service /etc/systemd/system/edgesound.service
systemctl daemon-reload
systemctl enable --now edgesound
sleep 3
systemctl --no-pager --lines=20 status edgesound
REMOTE
echo "deployed. Follow it with: ssh $target journalctl -fu edgesound"
