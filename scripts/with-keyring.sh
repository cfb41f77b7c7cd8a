#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring, so tests use a
# real Secret Service without touching the user's own keyring. Nested calls run the command as is.
set -euo pipefail
if [ "${ROUTERDESK_KEYRING_SESSION:-}" = "1" ]; then
  exec "$@"
fi
for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "error: $tool is missing. Install the Debian packages: sudo apt-get install gnome-keyring dbus-x11 (or run bash scripts/setup.sh)." >&2
    exit 1
  fi
done
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
export XDG_DATA_HOME="$keyring_home" ROUTERDESK_KEYRING_SESSION=1
# A keyring with an empty password is never created, hence the throwaway password.
dbus-run-session -- bash -c 'echo -n routerdesk-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$@"' bash "$@"
