#!/usr/bin/env bash
# Installs what tests/test_vscode_e2e.py needs and builds the extension it installs:
#   - Debian's Chromium, ripgrep, pci.ids and the headers code-server's native modules compile
#     against (apt-get runs only when one of them is missing);
#   - code-server from the npm registry, into a cache folder outside the repository;
#   - the extension's npm dependencies, then the bundled and packaged .vsix.
# Safe to run again: each step that is already done is skipped, except the cheap build.
#
# Environment:
#   INFCHECK_E2E_CACHE  where code-server goes (default ~/.cache/infcheck-e2e)
set -euo pipefail

extension_dir="$(cd "$(dirname "$0")/.." && pwd)"
cache_dir="${INFCHECK_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/infcheck-e2e}"

# code-server 4.100.3 is the newest release whose engines field accepts node 20, which Debian ships.
code_server_version=4.100.3
# The ripgrep release that code-server's @vscode/ripgrep dependency downloads from GitHub in its
# post-install step; GitHub is out of reach here, so its cache is seeded with Debian's rg instead.
ripgrep_package_version=1.15.11
ripgrep_archive=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

# Chromium for the browser; ripgrep for the step above; the compilers and headers for
# code-server's native modules; pci.ids so the hover shows vendor names, as on a desktop.
system_packages=(chromium ripgrep pci.ids build-essential pkg-config python3 libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev)

say() { printf 'setup-e2e: %s\n' "$*" >&2; }

install_system_packages() {
    local missing=() package
    for package in "${system_packages[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$package")
        fi
    done
    if [ "${#missing[@]}" -eq 0 ]; then
        say "Debian packages already installed"
        return
    fi
    say "installing Debian packages: ${missing[*]}"
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -q
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
}

install_code_server() {
    local prefix="$cache_dir/code-server-$code_server_version"
    local binary="$prefix/node_modules/.bin/code-server"
    if [ -x "$binary" ] && "$binary" --version >/dev/null 2>&1; then
        say "code-server $code_server_version already installed in $prefix"
        return
    fi
    say "installing code-server $code_server_version into $prefix"
    rm -rf "$prefix"
    mkdir -p "$prefix"

    local temporary
    temporary="$(mktemp -d)"
    # shellcheck disable=SC2064  # expand now: the variable is local
    trap "rm -rf '$temporary'" RETURN
    local ripgrep_cache="$temporary/vscode-ripgrep-cache-$ripgrep_package_version"
    mkdir -p "$ripgrep_cache"
    tar czf "$ripgrep_cache/$ripgrep_archive" -C "$(dirname "$(command -v rg)")" rg

    # unsafe_perm: code-server's post-install refuses to run as root without it.
    # yes: the post-install runs `npx node-gyp`, which must not stop to ask.
    (
        cd "$prefix"
        echo '{"private": true}' > package.json
        TMPDIR="$temporary" npm_config_unsafe_perm=true npm_config_yes=true \
            npm install --no-audit --no-fund --loglevel=error "code-server@$code_server_version"
    )
    "$binary" --version >/dev/null
}

build_extension() {
    cd "$extension_dir"
    if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
        say "installing the extension's npm dependencies"
        npm ci --no-audit --no-fund --loglevel=error
    fi
    say "bundling and packaging the extension"
    npm run --silent package
}

install_system_packages
install_code_server
build_extension
say "ready: code-server in $cache_dir, extension at $extension_dir/infcheck.vsix"
