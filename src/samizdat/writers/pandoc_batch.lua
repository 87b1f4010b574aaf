-- One pandoc process for many conversions (pandoc start-up and its reference data are
-- paid once, not per module and format). Run as: pandoc lua pandoc_batch.lua RESULTS
--
-- stdin: jobs of two lines each: the options as a JSON object, then the document as
-- Pandoc JSON. RESULTS gets one JSON line per job: {"id": N, "error": null|"...",
-- "warnings": [...]}. A job fails on its own; the others go on.

local results = assert(io.open(arg[1], 'w'))
local templates = {}

local function template_for(format)
  if not templates[format] then
    templates[format] = pandoc.template.compile(pandoc.template.default(format))
  end
  return templates[format]
end

local function convert(job, text)
  local doc = pandoc.read(text, 'json')
  local opts = {}
  if job.standalone then
    -- ODT is written through the OpenDocument template, as the pandoc CLI does
    opts.template = template_for(job.to == 'odt' and 'opendocument' or job.to)
  end
  if job.slide_level then
    opts.slide_level = job.slide_level
  end
  if job.reference_doc then
    opts.reference_doc = job.reference_doc
  end
  opts.variables = job.variables or {}
  local out = pandoc.write(doc, job.to, opts)
  local f = assert(io.open(job.output, 'wb'))
  f:write(out)
  f:close()
end

while true do
  local header = io.read('l')
  if not header then break end
  local text = io.read('l')
  local job = pandoc.json.decode(header, false)
  local before = #PANDOC_STATE.log
  local ok, err = pcall(convert, job, text)
  local warnings = {}
  for i = before + 1, #PANDOC_STATE.log do
    local m = pandoc.json.decode(pandoc.json.encode(PANDOC_STATE.log[i]), false)
    if m.verbosity == 'WARNING' or m.verbosity == 'ERROR' then
      table.insert(warnings, m.pretty or m.message or m.type)
    end
  end
  results:write(pandoc.json.encode({
    id = job.id,
    error = (not ok) and tostring(err) or pandoc.json.null,
    warnings = warnings,
  }), '\n')
  results:flush()
end
results:close()
