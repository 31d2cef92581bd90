"""`briefgen template init`: write a starter template folder, commented, for the user to edit."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from .errors import UsageError
from .templates import builtin_folder, find_template, template_file

HEADER = """\
# Template "{name}", started from {base} by `briefgen template init`.
# Edit any value below; delete a key to inherit it from {base} (see `extends`).
# Every key is explained in docs/templates.md. Use it with:
#   briefgen build SPEC --template {folder}
"""


def init_template(name: str, base: str = "default", output_dir: str = ".") -> Path:
    """Create `output_dir/name/` holding a copy of `base`'s template.yaml and assets."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", name):
        raise UsageError(f"template name '{name}' may use only letters, digits, '.', '_' and '-'")
    source = find_template(base)
    target = Path(output_dir) / name
    if target.exists():
        raise UsageError(f"'{target}' already exists; choose another name or remove it")
    text = template_file(source).read_text("utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("# briefgen built-in")]
    body = "\n".join(lines).lstrip("\n")
    body = re.sub(r"(?m)^name:.*$", f"name: {name}", body, count=1)
    body = re.sub(r"(?m)^extends:.*\n", "", body)
    shown = _quoted(base)
    body = re.sub(r"(?m)^(name: .*\n)",
                  lambda m: f"{m.group(1)}extends: {shown}                 # settings not given "
                            f"here come from {shown}\n", body, count=1)
    if source.resolve() != (builtin_folder() / "default").resolve():
        # a base that sets only some keys: add every other key, commented, as a reference
        reference = template_file(builtin_folder() / "default").read_text("utf-8")
        keys = "\n".join(f"# {line}" if line else "#" for line in reference.splitlines()
                         if not line.startswith("# briefgen built-in"))
        body += ("\n\n# ---- Every other key, as the default template sets it (uncomment to "
                 "change) ----\n" + keys)
    target.mkdir(parents=True)
    for asset in source.iterdir():
        if asset.is_file() and asset.name not in ("template.yaml", "theme.yaml"):
            shutil.copy2(asset, target / asset.name)
    (target / "template.yaml").write_text(
        HEADER.format(name=name, base=shown, folder=_quoted(str(target))) + body + "\n",
        "utf-8")
    return target


def _quoted(text: str) -> str:
    """`text` as YAML can hold it on one line: as it is when plain, else double-quoted with
    escapes (JSON's strings are YAML's), so a newline in a folder name cannot add a key."""
    if re.fullmatch(r"[\w./-][\w ./-]*", text) and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)
