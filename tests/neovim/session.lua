-- Drives infcheck-lsp from Neovim's built-in LSP client, as a user's editor would, and writes
-- what Neovim saw to a JSON file. Run by tests/test_neovim_e2e.py:
--   nvim --headless --clean -c "luafile session.lua" -- (the arguments come from the environment)
-- INFCHECK_NVIM_FILE: the INF file to edit; INFCHECK_NVIM_OUT: where the JSON goes;
-- INFCHECK_NVIM_SERVER: the server command, as a JSON list.
-- Written for Neovim 0.7 (Debian 12) and later; CI runs it with 0.11 from the test extras.

local file = os.getenv("INFCHECK_NVIM_FILE")
local out = os.getenv("INFCHECK_NVIM_OUT")
local server = vim.fn.json_decode(os.getenv("INFCHECK_NVIM_SERVER"))
local seconds = 60
local report = { steps = {} }
local publications = {}

local function wait_for(what, condition)
  if not vim.wait(seconds * 1000, condition, 20) then
    error("timed out waiting for " .. what)
  end
end

local function session()
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buffer = vim.api.nvim_get_current_buf()
  vim.bo[buffer].filetype = "inf"
  report.fileencoding = vim.bo[buffer].fileencoding
  report.bomb = vim.bo[buffer].bomb

  local client_id = vim.lsp.start_client({
    name = "infcheck",
    cmd = server,
    root_dir = vim.fn.fnamemodify(file, ":h"),
    handlers = {
      ["textDocument/publishDiagnostics"] = function(err, result, context, config)
        table.insert(publications, result)
        return vim.lsp.diagnostic.on_publish_diagnostics(err, result, context, config)
      end,
    },
  })
  vim.lsp.buf_attach_client(buffer, client_id)
  wait_for("the first diagnostics", function()
    return #publications > 0
  end)
  local client = vim.lsp.get_client_by_id(client_id)
  report.offset_encoding = client.offset_encoding

  local uri = vim.uri_from_bufnr(buffer)
  local function request(method, params)
    local answers, failure = vim.lsp.buf_request_sync(buffer, method, params, seconds * 1000)
    if not answers then
      error(method .. ": " .. tostring(failure))
    end
    local answer = answers[client_id]
    if answer.err then
      error(method .. ": " .. vim.inspect(answer.err))
    end
    return answer.result
  end
  local function at(line, character)
    return { textDocument = { uri = uri }, position = { line = line, character = character } }
  end
  local function lines()
    return vim.api.nvim_buf_get_lines(buffer, 0, -1, false)
  end

  -- What Neovim shows: its own diagnostics, with byte columns it worked out from UTF-16 ones.
  report.diagnostics = {}
  for _, diagnostic in ipairs(vim.diagnostic.get(buffer)) do
    table.insert(report.diagnostics, {
      line = diagnostic.lnum,
      byte_column = diagnostic.col,
      end_byte_column = diagnostic.end_col,
      message = diagnostic.message,
    })
  end
  report.published = publications[#publications].diagnostics

  report.hover = request("textDocument/hover", at(8, 18))
  report.definition = request("textDocument/definition", at(16, 12))

  -- A quick fix after the emoji of line 19: Neovim converts its UTF-16 position itself.
  local on_line = {}
  for _, diagnostic in ipairs(report.published) do
    if diagnostic.range.start.line == 18 then
      table.insert(on_line, diagnostic)
    end
  end
  local params = at(18, 30)
  params.range = { start = params.position, ["end"] = params.position }
  params.position = nil
  params.context = { diagnostics = on_line }
  local actions = request("textDocument/codeAction", params)
  report.actions = {}
  for _, action in ipairs(actions) do
    table.insert(report.actions, action.title)
  end
  vim.lsp.util.apply_workspace_edit(actions[1].edit, client.offset_encoding)
  report.after_action = lines()[19]

  local renamed = request("textDocument/rename", vim.tbl_extend("force", at(27, 31), { newName = "NetService" }))
  vim.lsp.util.apply_workspace_edit(renamed, client.offset_encoding)
  report.after_rename = { lines()[28], lines()[30] }

  -- The edits went to the server as changes: wait for the diagnostics of the latest version.
  local version = vim.lsp.util.buf_versions[buffer]
  wait_for("the diagnostics of the edited text", function()
    local latest = publications[#publications]
    return latest.version == version
  end)
  report.codes_after_edits = {}
  for _, diagnostic in ipairs(publications[#publications].diagnostics) do
    table.insert(report.codes_after_edits, diagnostic.code)
  end

  vim.cmd("write")
  vim.lsp.stop_client(client_id)
end

local ok, failure = xpcall(session, debug.traceback)
if not ok then
  report.error = failure
end
vim.fn.writefile({ vim.fn.json_encode(report) }, out)
vim.cmd("qall!")
