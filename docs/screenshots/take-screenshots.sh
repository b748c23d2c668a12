#!/bin/sh
# Retakes the workbench screenshots in this folder under a virtual X server:
#   docs/screenshots/take-screenshots.sh [BUILD_DIR]
# Needs xvfb (xvfb-run). BUILD_DIR defaults to ./build; the causeway binary's own --screenshot
# option scripts the window (open, type, select, run, click) and saves it with QWidget::grab().
# The model is the bundled demo when it is installed, else the gpt2-tiny test fixture
# (MODEL=/path/to/folder overrides; CLEAN/CORRUPTED/SUBJECT then describe prompts for it).
# ONLY="workbench-de workbench-zh_CN" retakes just the named pictures. The Chinese one needs a
# CJK font (fonts-noto-cjk).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
app="$build/bin/causeway"
[ -x "$app" ] || { echo "no causeway binary at $app; build the 'causeway' target first" >&2; exit 1; }
if [ -z "${MODEL:-}" ]; then
  if [ -f "$root/resources/models/causeway-demo/config.json" ]; then
    MODEL="$root/resources/models/causeway-demo"
    # Prompts the demo model was trained on: an IOI pair to patch, a fact to trace.
    CLEAN=${CLEAN:-"When Ben and Jane went to the station, Jane gave a pen to"}
    CORRUPTED=${CORRUPTED:-"When Ben and Jane went to the station, Ben gave a pen to"}
    TRACE_PROMPT=${TRACE_PROMPT:-"The Venalor is located in the city of"}
    SUBJECT=${SUBJECT:-"1,4"}
    CELL=${CELL:-"2,13"}
  else MODEL="$root/tests/data/models/gpt2-tiny"; fi
fi
CLEAN=${CLEAN:-"The capital of Austria is"}
CORRUPTED=${CORRUPTED:-"The capital of Egypt is"}
TRACE_PROMPT=${TRACE_PROMPT:-"$CLEAN"}
SUBJECT=${SUBJECT:-"3,8"}         # token range [begin,end) of the subject in TRACE_PROMPT
CELL=${CELL:-"1,4"}               # heatmap cell clicked for its predictions
ROW=${ROW:-"2"}                   # map row selected for the single intervention
# HEAD: the (layer, head) cell clicked on the maps of heads (attention patterns, attribution)
want() { [ -z "${ONLY:-}" ] || case " $ONLY " in *" $1 "*) ;; *) return 1 ;; esac; }
shot() { xvfb-run -a -s "-screen 0 1600x1000x24" "$app" --size 1600x1000 "$@"; }
export QT_QPA_PLATFORM=xcb LC_ALL=C.UTF-8
# A fresh settings folder, so a layout saved on this machine does not change the pictures.
XDG_CONFIG_HOME=$(mktemp -d)
export XDG_CONFIG_HOME
# The first launch at three window sizes: the panels must read at each.
example="$root/resources/experiments/fact-trace-venalor.json"
for size in 1280x800 1600x1000 1920x1080; do
  want "workbench-$size" || continue
  xvfb-run -a -s "-screen 0 ${size}x24" "$app" "$example" --size "$size" --run trace --tab 0 --click "1,3" \
    --screenshot "$here/workbench-$size.png"
done
# The same first launch in German and in Simplified Chinese.
for language in de zh_CN; do
  want "workbench-$language" || continue
  if [ "$language" = zh_CN ] && [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then
    echo "no Chinese font for workbench-zh_CN.png: install fonts-noto-cjk" >&2; exit 1
  fi
  shot "$example" --language "$language" --run trace --tab 0 --click "1,3" --screenshot "$here/workbench-$language.png"
done
want empty && shot --empty --screenshot "$here/empty.png"
want patching && shot "$MODEL" --clean "$CLEAN" --corrupted "$CORRUPTED" --run patch --click "$CELL" \
     --select "$ROW,0,$ROW,99" --intervene vanilla --screenshot "$here/patching.png"
want patching-dark && shot "$MODEL" --theme dark --clean "$CLEAN" --corrupted "$CORRUPTED" --run patch --click "$CELL" \
     --select "$ROW,0,$ROW,99" --intervene zero --screenshot "$here/patching-dark.png"
want selected-cells && shot "$MODEL" --clean "$CLEAN" --corrupted "$CORRUPTED" --component mlp_output --sweep-cells "1,3,$ROW,6" --run patch \
     --screenshot "$here/selected-cells.png"
want causal-tracing && shot "$MODEL" --clean "$TRACE_PROMPT" --subject "$SUBJECT" --run trace --tab 1 --click "1,3" --screenshot "$here/causal-tracing.png"
want causal-tracing-dark && shot "$MODEL" --theme dark --clean "$TRACE_PROMPT" --subject "$SUBJECT" --run trace --tab 0 --click "1,3" --screenshot "$here/causal-tracing-dark.png"
want attention-patterns && shot "$MODEL" --clean "$CLEAN" --run attention_patterns --tab 0 --click "${HEAD:-1,7}" \
     --screenshot "$here/attention-patterns.png"
want logit-attribution && shot "$MODEL" --clean "$CLEAN" --corrupted "$CORRUPTED" --run logit_attribution --tab 0 --click "${HEAD:-2,7}" \
     --screenshot "$here/logit-attribution.png"
want attribution-patching && shot "$MODEL" --clean "$CLEAN" --corrupted "$CORRUPTED" --component head_attention_value_output \
     --run attribution_patching --tab 0 --click "${HEAD:-2,7}" --screenshot "$here/attribution-patching.png"
want difference && shot "$MODEL" --clean "$CLEAN" --corrupted "$CORRUPTED" --component attention_output --difference mlp_output \
     --screenshot "$here/difference.png"
want length-mismatch && shot "$MODEL" --clean "$CLEAN" --corrupted "$CORRUPTED was" --screenshot "$here/length-mismatch.png"
broken=$(mktemp -d)
printf '{"model_type": "gpt2", "n_layer": ' > "$broken/config.json"
want broken-model && shot "$broken" --screenshot "$here/broken-model.png"
rm -r "$broken" "$XDG_CONFIG_HOME"
echo "wrote $(ls "$here"/*.png | wc -l) screenshots to $here"
