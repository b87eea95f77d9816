-- The checks of smoke.sh, run in Neovim after one of the README's recipes.
local function check()
  vim.cmd.edit(os.getenv("MOF_FILE"))
  assert(vim.bo.filetype == "msidl", "filetype is " .. vim.bo.filetype)
  assert(vim.b.current_syntax == "msidl", "syntax is " .. tostring(vim.b.current_syntax))
  local published = vim.wait(20000, function()
    return #vim.diagnostic.get(0) > 0
  end, 50)
  assert(published, "no diagnostics from mofc")
  local d = vim.diagnostic.get(0)[1]
  assert(d.code == "E0316" and d.lnum == 2, "unexpected diagnostic " .. vim.inspect(d))
  -- `T_Base` on the first line: a class, declared.
  local highlighted = vim.wait(20000, function()
    for _, token in ipairs(vim.inspect_pos(0, 0, 7).semantic_tokens) do
      if token.opts.hl_group == "@lsp.type.class.msidl" then
        return true
      end
    end
    return false
  end, 50)
  assert(highlighted, "no semantic token on the class name: " .. vim.inspect(vim.inspect_pos(0, 0, 7)))
end

local ok, err = pcall(check)
if not ok then
  io.stderr:write(tostring(err) .. "\n")
  vim.cmd("cquit 1")
end
vim.cmd("qall!")
