#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine for the tests: system packages, then npm ci.
# Chromium comes from Debian (Playwright never downloads a browser here).
set -euo pipefail
cd "$(dirname "$0")/.."
packages=(chromium gnome-keyring dbus-x11 libsecret-tools xvfb xauth fonts-liberation)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "Install these packages with your system's package manager: ${missing[*]}" >&2
    exit 1
  fi
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  echo "Installing system packages: ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
npm ci
