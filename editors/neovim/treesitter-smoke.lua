-- The checks of treesitter-smoke.sh, run in Neovim after the README's tree-sitter recipe.
local function captures(row, col)
  local found = {}
  for _, capture in ipairs(vim.inspect_pos(0, row, col).treesitter) do
    table.insert(found, capture.capture)
  end
  return table.concat(found, " ")
end

local function check()
  vim.cmd.edit(os.getenv("MOF_FILE"))
  assert(vim.bo.filetype == "msidl", "filetype is " .. vim.bo.filetype)
  local buf = vim.api.nvim_get_current_buf()
  assert(vim.treesitter.highlighter.active[buf], "no tree-sitter highlighter")
  assert(vim.wo.foldexpr == "v:lua.vim.treesitter.foldexpr()", "foldexpr is " .. vim.wo.foldexpr)
  -- Headless Neovim does not redraw, which would parse: parse now.
  vim.treesitter.get_parser(buf, "mof"):parse()
  local expected = {
    { 0, 1, "attribute" }, -- Description
    { 0, 15, "string string.escape" }, -- \t
    { 1, 6, "type" }, -- T_Base
    { 3, 4, "type.builtin" }, -- uint32
    { 3, 11, "property" }, -- Size
  }
  for _, e in ipairs(expected) do
    local got = captures(e[1], e[2])
    assert(got == e[3], ("captures at %d:%d are '%s', not '%s'"):format(e[1], e[2], got, e[3]))
  end
end

local ok, err = pcall(check)
if not ok then
  io.stderr:write(tostring(err) .. "\n")
  vim.cmd("cquit 1")
end
vim.cmd("qall!")
