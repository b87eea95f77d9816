#!/bin/sh
# Runs the README's two Neovim recipes (the 0.11+ one, then the 0.8-0.10 one) in a headless
# Neovim against a real `mofc lsp`, taking them from the README itself so that what it tells
# users is what is tested. Each run opens a MOF file with an error and checks that the file keeps
# Neovim's own `msidl` filetype and syntax, that the server publishes the error, and that the
# class name gets its semantic token. Not part of CI (it needs Neovim 0.9 or later for
# `vim.inspect_pos`; Debian's is 0.7): run it by hand.
#
# Usage: editors/neovim/smoke.sh [NVIM] [MOFC]   (defaults: nvim, target/debug/mofc)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
nvim=${1:-nvim}
mofc=$(cd "$(dirname "${2:-target/debug/mofc}")" && pwd)/$(basename "${2:-target/debug/mofc}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The recipes call `mofc` from PATH.
mkdir "$work/bin"
ln -s "$mofc" "$work/bin/mofc"
PATH="$work/bin:$PATH"
export PATH
printf 'class T_Base\n{\n    uint32 Size = "x";\n};\n' >"$work/broken.mof"
export MOF_FILE="$work/broken.mof"
# No user configuration, plugins or shada.
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state"

status=0
for recipe in 1 2; do
    awk -v want="$recipe" '/^```lua$/ { n++; on = (n == want); next } /^```$/ { on = 0 } on' \
        "$here/../../README.md" >"$work/init.lua"
    if "$nvim" --headless -i NONE -u "$work/init.lua" -c "luafile $here/smoke.lua"; then
        echo "recipe $recipe: ok"
    else
        echo "recipe $recipe: FAILED"
        status=1
    fi
done
exit $status
