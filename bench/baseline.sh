#!/usr/bin/env bash
# The tool-by-tool baseline: what a user would do without samizdat, one tool call after
# another as a Makefile loop would. Same sources, same Sphinx extension (so the work is
# comparable), but a sphinx-build per language and builder, a pandoc call per module and
# format, and a handout script (a new Python process) per module.
# Usage: bench/baseline.sh PROJECT_DIR OUT_DIR
set -euo pipefail
project=$(cd "$1" && pwd); out=$2
py=${PYTHON:-python3}
export SAMIZDAT_NO_SPEEDUPS=1  # the directives come from samizdat's extension; its speed-ups are not the baseline's
mkdir -p "$out"
conf=$(mktemp -d)
trap 'rm -rf "$conf"' EXIT
"$py" - "$project" "$conf" <<'PY'
import sys, pprint
from pathlib import Path
from samizdat.core.config import load_config
from samizdat.sphinx_ext.conf import sphinx_overrides
from samizdat.sphinx_ext.labels import compile_labels
root, conf = Path(sys.argv[1]), Path(sys.argv[2])
cfg = load_config(root)
over = sphinx_overrides(cfg, "en", root / "locales", compile_labels("en", conf / "labels"))
over.pop("language")
over["locale_dirs"] = [str(root / "locales")]
(conf / "conf.py").write_text("".join(f"{k} = {v!r}\n" for k, v in over.items()))
langs = " ".join(cfg.all_languages)
mods = " ".join(f"{d}" for d in cfg.module_docnames())
(conf / "env.sh").write_text(f"LANGS='{langs}'\nMODULES='{mods}'\n")
PY
source "$conf/env.sh"
pandoc=$("$py" -c "import pypandoc; print(pypandoc.get_pandoc_path())")
for lang in $LANGS; do
  for builder in html epub; do
    "$py" -m sphinx -q -b "$builder" -c "$conf" -D language="$lang" -d "$out/doctrees-$lang-$builder" \
      "$project/curriculum" "$out/$lang/$builder" >/dev/null 2>&1
  done
  for m in $MODULES; do
    src="$project/curriculum/$m.md"
    mkdir -p "$(dirname "$out/$lang/$m")"
    for fmt in revealjs pptx docx odt; do
      ext=$fmt; [ "$fmt" = revealjs ] && ext=html
      "$pandoc" -f markdown -s --metadata title="$m" -t "$fmt" -o "$out/$lang/$m.$ext" "$src" 2>/dev/null
    done
    "$py" "$(dirname "$0")/handout.py" "$src" "$out/$lang/$m.pdf"
  done
done
