"""The widgets' JavaScript and CSS (files in ``static/``, shipped in the package: no network),
as anywidget takes them and as one self-contained HTML page.

Each widget's script defines ``render({model, el})``. anywidget imports it as a module
(``esm``); a saved page calls it with ``staticModel``, a stand-in for the kernel's model
that holds the state saved in the page.
"""

from __future__ import annotations

import html
import json
from functools import cache
from pathlib import Path
from typing import Any

STATIC = Path(__file__).parent / "static"


@cache
def asset(name: str) -> str:
    """The text of ``static/<name>``."""
    return (STATIC / name).read_text(encoding="utf-8")


def esm(kind: str) -> str:
    """The ES module anywidget loads for the widget ``kind`` ("explorer" or "training")."""
    return asset("common.js") + asset(f"{kind}.js") + "\nexport default { render };\n"


def css(kind: str) -> str:
    return asset(f"{kind}.css")


def standalone_page(kind: str, title: str, state: dict[str, Any]) -> str:
    """One HTML page that shows the widget ``kind`` with ``state``: script, style and data
    inline, so it works from a file, offline, with no kernel."""
    # "</" would end the <script> element early; "<\/" is the same string to JavaScript.
    data = json.dumps(state, allow_nan=False).replace("</", "<\\/")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>
body {{ margin: 8px; background: #fff; }}
{css(kind)}
</style>
</head>
<body>
<div id="chainrule-widget"></div>
<script>
{asset("common.js")}
{asset(f"{kind}.js")}
window.chainruleModel = staticModel({data});
render({{ model: window.chainruleModel, el: document.getElementById("chainrule-widget") }});
fitFrame();
</script>
</body>
</html>
"""


def iframe(page: str, height: int) -> str:
    """``page`` in an iframe, for a notebook's text/html output where no widget manager runs
    (nbconvert, a course site): the page makes the frame as tall as itself."""
    return (
        f'<iframe srcdoc="{html.escape(page, quote=True)}" '
        f'style="width: 100%; height: {height}px; border: 0;" '
        'title="chainrule widget"></iframe>'
    )
