#!/bin/sh
# Runs the README's recipe for Neovim with the tree-sitter grammar (its shell block, which builds
# the parser and copies the queries, then its `FileType` Lua block) in a headless Neovim, taking
# both from the README itself. It checks that a MOF file keeps its `msidl` filetype, gets the
# `mof` highlighter and tree-sitter folding, and that a class name, a qualifier and an escape
# get their captures. Not part of CI (it needs a C compiler and Neovim 0.9 or later for
# `vim.inspect_pos`; Debian's is 0.7): run it by hand.
#
# Usage: editors/neovim/treesitter-smoke.sh [NVIM]   (default: nvim)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
nvim=${1:-nvim}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
readme="$here/../../README.md"
# The blocks of the section, after its heading: the first shell block and the first Lua block.
section() {
    awk -v lang="$1" '/^\*\*Neovim with the tree-sitter grammar\*\*/ { in_section = 1 }
        in_section && $0 == "```" lang { on = 1; next }
        on && /^```$/ { exit }
        on' "$readme"
}
section sh >"$work/build.sh"
section lua >"$work/init.lua"
# A home of its own: the recipe installs into ~/.local/share/nvim/site. No user configuration,
# plugins or shada.
export HOME="$work/home"
unset XDG_CONFIG_HOME XDG_DATA_HOME XDG_STATE_HOME
mkdir -p "$HOME"
(cd "$here/../.." && sh -eu "$work/build.sh")
printf '[Description("a\\tb")]\nclass T_Base\n{\n    uint32 Size;\n};\n' >"$work/sample.mof"
export MOF_FILE="$work/sample.mof"
if "$nvim" --headless -i NONE -u "$work/init.lua" -c "luafile $here/treesitter-smoke.lua"; then
    echo "tree-sitter recipe: ok"
else
    echo "tree-sitter recipe: FAILED"
    exit 1
fi
