#!/usr/bin/env bash
# Publishes the edge app for a 64-bit Raspberry Pi (linux-arm64, self-contained, trimmed), copies
# it over ssh, installs it as the systemd service `edgesound` and starts it.
#
#   tools/pi/deploy.sh pi@raspberrypi.local            # build, copy, install, start
#   tools/pi/deploy.sh pi@raspberrypi.local --no-build # copy the last build again
#
# On the Pi the ssh user needs passwordless sudo (NOPASSWD): the install script is fed to
# `sudo bash -s` on stdin, so sudo has no terminal to ask a password on. Installs: /opt/edgesound
# (app + models), /etc/edgesound/appsettings.json (only if absent: your edits survive redeploys),
# the unit from tools/pi/edgesound.service, and a system user `edgesound` in the audio and gpio groups.
# The new app is copied beside the old one (/opt/edgesound.new) before the service is stopped, and
# swapped in with renames: a copy that fails leaves the installed app as it was.
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
# shellcheck disable=SC2029 # $staging is this script's fixed path, expanded here on purpose
ssh "$target" "rm -rf $staging && mkdir -p $staging"
scp -q -r "$out"/. "$target:$staging/app"
scp -q tools/pi/edgesound.service edge/appsettings.json "$target:$staging/"

# The here-document is expanded here, on the workstation: $staging is this script's variable.
# shellcheck disable=SC2087
ssh "$target" sudo bash -s <<REMOTE
set -euo pipefail
id edgesound >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin edgesound
getent group gpio >/dev/null || groupadd --system gpio
usermod -a -G audio,gpio edgesound
# An app left aside by a swap that never finished is put back before anything else.
[ -e /opt/edgesound ] || [ ! -e /opt/edgesound.old ] || mv /opt/edgesound.old /opt/edgesound
# Copy first, while the old app still runs: a full disk or a broken upload stops here, app untouched.
rm -rf /opt/edgesound.new /opt/edgesound.old
mkdir -p /opt/edgesound.new
cp -a $staging/app/. /opt/edgesound.new/
chmod 755 /opt/edgesound.new/edgesound
systemctl stop edgesound 2>/dev/null || true
# Swap by renames (same file system, no copying in between), then drop the old app.
[ ! -e /opt/edgesound ] || mv /opt/edgesound /opt/edgesound.old
mv /opt/edgesound.new /opt/edgesound
rm -rf /opt/edgesound.old
mkdir -p /etc/edgesound
[ -f /etc/edgesound/appsettings.json ] || install -m 644 $staging/appsettings.json /etc/edgesound/appsettings.json
install -m 644 $staging/edgesound.service /etc/systemd/system/edgesound.service
systemctl daemon-reload
systemctl enable --now edgesound
sleep 3
systemctl --no-pager --lines=20 status edgesound
REMOTE
echo "deployed. Follow it with: ssh $target journalctl -fu edgesound"
