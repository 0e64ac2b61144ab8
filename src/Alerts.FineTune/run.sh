#!/usr/bin/env bash
# Builds and runs src/Alerts.FineTune on Debian 12: builds the two native helpers (native/), lets the tool's
# libLibTorchSharp.so load with GCC 12's libstdc++, then runs the tool with the given arguments.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
native=${FINETUNE_NATIVE:-/tmp/alerts-finetune-native}
configuration=${CONFIGURATION:-Debug}
packages=${NUGET_PACKAGES:-$HOME/.nuget/packages}
mkdir -p "$native"
g++ -shared -fPIC -O2 -o "$native/libios_init_shim.so" "$here/native/ios_init_shim.cpp" -Wl,--version-script="$here/native/ios_init_shim.map"
gcc -O2 -o "$native/weaken_version" "$here/native/weaken_version.c"
dotnet build -c "$configuration" "$here" >/dev/null
bin="$here/bin/$configuration/net10.0"
# TorchSharp gathers its native libraries into bin/cpu on first use and keeps an existing copy; gather them
# first so the copy of libLibTorchSharp.so can be patched.
mkdir -p "$bin/cpu"
cp -n "$packages"/libtorch-cpu-linux-x64/2.10.0/runtimes/linux-x64/native/* "$packages"/torchsharp/0.107.0/runtimes/linux-x64/native/* "$bin/cpu/"
"$native/weaken_version" "$bin/cpu/libLibTorchSharp.so" GLIBCXX_3.4.32 >/dev/null
LD_PRELOAD="$native/libios_init_shim.so" exec dotnet "$bin/Alerts.FineTune.dll" "$@"
