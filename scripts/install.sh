#!/usr/bin/env bash
# Installs what the portal needs from Debian and npm; does nothing when all is present.
# Never edits the machine's apt source lists: the Dear ImGui source comes through a
# private apt state folder under .cache/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CACHE="$ROOT/.cache"
IMGUI_VERSION="1.90.1"
IMGUI_DEB_VERSION="1.90.1+ds-1"
IMGUI_DIR="$CACHE/imgui-$IMGUI_VERSION"

say() { printf '[install] %s\n' "$*"; }
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

# ---- Debian packages -------------------------------------------------------
# package : a file it installs (present means installed)
need=(
  "emscripten:/usr/bin/em++"
  "cmake:/usr/bin/cmake"
  "g++:/usr/bin/g++"
  "clang-14:/usr/bin/clang++-14"
  "libclang-rt-14-dev:/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a"
  "nlohmann-json3-dev:/usr/include/nlohmann/json.hpp"
  "libgtest-dev:/usr/include/gtest/gtest.h"
  "libbenchmark-dev:/usr/include/benchmark/benchmark.h"
  "chromium:/usr/bin/chromium"
  "fonts-open-sans:/usr/share/fonts/truetype/open-sans/OpenSans-Regular.ttf"
  "fonts-noto-core:/usr/share/fonts/truetype/noto/NotoSansHebrew-Regular.ttf"
  "fonts-noto-cjk:/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
  "fonts-noto-color-emoji:/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf"
  "python3-fonttools:/usr/lib/python3/dist-packages/fontTools/subset/__init__.py"
  "python3-brotli:/usr/lib/python3/dist-packages/brotli.py"
  "pyflakes3:/usr/bin/pyflakes3"
  "dpkg-dev:/usr/bin/dpkg-source"
  "ca-certificates:/etc/ssl/certs/ca-certificates.crt"
  "postgresql:/usr/lib/postgresql/15/bin/initdb"
  "python3-psycopg:/usr/lib/python3/dist-packages/psycopg/__init__.py"
)
missing=()
for entry in "${need[@]}"; do
  pkg=${entry%%:*}; file=${entry#*:}
  [ -e "$file" ] || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# ---- Dear ImGui source (Debian's source package, pinned) -------------------
if [ ! -f "$IMGUI_DIR/imgui.cpp" ]; then
  say "fetching Dear ImGui $IMGUI_DEB_VERSION source from Debian (trixie)"
  APTDIR="$CACHE/apt"
  mkdir -p "$APTDIR/sources" "$APTDIR/lists/partial" "$CACHE/src"
  cat > "$APTDIR/sources/imgui.sources" <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  APTOPTS=(-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$APTDIR/sources"
           -o Dir::State::Lists="$APTDIR/lists" -o Debug::NoLocking=1)
  apt-get "${APTOPTS[@]}" update -qq
  (cd "$CACHE/src" && apt-get "${APTOPTS[@]}" source --download-only "imgui=$IMGUI_DEB_VERSION") || {
    echo "error: Debian does not serve imgui $IMGUI_DEB_VERSION (trixie) any more; update IMGUI_DEB_VERSION in scripts/install.sh" >&2
    exit 1; }
  orig=$(ls "$CACHE/src"/imgui_"${IMGUI_DEB_VERSION%%+*}"*.orig.tar.* | head -1)
  rm -rf "$IMGUI_DIR.tmp" && mkdir -p "$IMGUI_DIR.tmp"
  tar -xf "$orig" -C "$IMGUI_DIR.tmp" --strip-components=1
  rm -rf "$IMGUI_DIR" && mv "$IMGUI_DIR.tmp" "$IMGUI_DIR"
  [ -f "$IMGUI_DIR/imgui.cpp" ] || { echo "error: imgui.cpp missing from the source package" >&2; exit 1; }
fi

# ---- npm: playwright-core and axe-core for the browser tests ------------------------------
if [ ! -d "$ROOT/node_modules/playwright-core" ] || [ ! -f "$ROOT/node_modules/axe-core/axe.min.js" ]; then
  say "installing npm packages (playwright-core, axe-core)"
  npm ci --no-audit --no-fund --silent
fi
say "all dependencies present"
