"""The command line: exit codes, messages on stderr, files where the user expects them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from conftest import DATA, ROOT, SEED_SPEC


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "briefgen", *args], capture_output=True,
                          text=True, cwd=cwd or ROOT, timeout=120)


def test_version():
    import briefgen

    result = run("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"briefgen {briefgen.__version__}"


def test_help_lists_commands_and_examples():
    result = run("--help")
    assert result.returncode == 0
    for word in ("build", "validate", "schema", "templates", "examples:"):
        assert word in result.stdout


def test_validate_ok_and_bad_together():
    result = run("validate", str(SEED_SPEC), str(DATA / "bad" / "wrong-enum.yaml"))
    assert result.returncode == 1
    assert f"{SEED_SPEC}: ok" in result.stdout
    assert "wrong-enum.yaml:9:17: risks[0].likelihood: 'extreme' is not one of" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", [p.name for p in sorted((DATA / "bad").glob("*.yaml"))])
def test_no_traceback_for_any_bad_input(name):
    result = run("validate", str(DATA / "bad" / name))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and f"{name}:" in result.stderr


def test_usage_errors_exit_2(tmp_path):
    assert run().returncode == 2
    assert run("build").returncode == 2
    result = run("build", str(SEED_SPEC), "-f", "pfd", "-o", str(tmp_path))
    assert result.returncode == 2 and "unknown format 'pfd'" in result.stderr
    assert run("frobnicate").returncode == 2


def test_schema_is_json_and_matches_the_shipped_schema():
    import briefgen

    result = run("schema")
    assert result.returncode == 0
    assert json.loads(result.stdout) == briefgen.spec_schema()


def test_build_unknown_template_is_bad_input(tmp_path):
    result = run("build", str(SEED_SPEC), "-o", str(tmp_path), "--template", "defualt")
    assert result.returncode == 1
    assert "no template named 'defualt' (did you mean 'default'?)" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_build_bad_spec_writes_nothing(tmp_path):
    result = run("build", str(DATA / "bad" / "missing-required.yaml"), "-o", str(tmp_path))
    assert result.returncode == 1 and list(tmp_path.iterdir()) == []


def test_templates_lists_builtins():
    result = run("templates")
    assert result.returncode == 0 and "default" in result.stdout and "[built-in]" in result.stdout


def test_template_init_writes_a_usable_template(tmp_path):
    result = run("template", "init", "house", "-o", str(tmp_path))
    assert result.returncode == 0
    text = (tmp_path / "house" / "template.yaml").read_text()
    assert "name: house" in text and "extends: default" in text and "# " in text
    import briefgen

    assert briefgen.load_theme(str(tmp_path / "house")).name == "house"
    again = run("template", "init", "house", "-o", str(tmp_path))
    assert again.returncode == 2 and "already exists" in again.stderr


def test_validate_checks_the_template_the_spec_names(tmp_path):
    from conftest import MINIMAL_SPEC

    spec = tmp_path / "brief.yaml"
    spec.write_text(MINIMAL_SPEC + "template: exectuive\n")
    result = run("validate", str(spec))
    assert result.returncode == 1
    assert (f"{spec}:14:11: template: no template named 'exectuive' (did you mean 'executive'?)"
            in result.stderr)
    spec.write_text(MINIMAL_SPEC + "template: executive\n")
    assert run("validate", str(spec)).returncode == 0


def test_two_specs_with_the_same_name_would_overwrite_each_other(tmp_path):
    from conftest import MINIMAL_SPEC

    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "brief.yaml").write_text(MINIMAL_SPEC)
    result = run("build", str(tmp_path / "a" / "brief.yaml"), str(tmp_path / "b" / "brief.yaml"),
                 "-o", str(tmp_path / "out"))
    assert result.returncode == 2 and "would both be written as brief.*" in result.stderr
    assert not (tmp_path / "out").exists()


def test_build_writes_both_formats_and_prints_their_paths(tmp_path):
    result = run("build", str(SEED_SPEC), "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(tmp_path / "morocco-kazakhstan.pdf"),
                                     str(tmp_path / "morocco-kazakhstan.docx")]
    assert (tmp_path / "morocco-kazakhstan.pdf").read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("setup, output, message", [
    (lambda d: (d / "out" / "morocco-kazakhstan.pdf").mkdir(parents=True), "out",
     "morocco-kazakhstan.pdf': it is a folder"),
    (lambda d: (d / "afile").write_text("x"), "afile", "afile' is a file, not a folder"),
])
def test_unwritable_outputs_are_clear_errors_and_leave_nothing(tmp_path, setup, output, message):
    setup(tmp_path)
    result = run("build", str(SEED_SPEC), "-f", "pdf", "-o", str(tmp_path / output), cwd=tmp_path)
    assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr
    leftovers = [p for p in tmp_path.rglob("*") if p.name.startswith(".") or p.suffix == ".part"]
    assert leftovers == []


def test_template_init_from_a_partial_base_still_explains_every_key(tmp_path):
    assert run("template", "init", "short", "--from", "memo", "-o", str(tmp_path)).returncode == 0
    text = (tmp_path / "short" / "template.yaml").read_text()
    for key in ("# sizes:", "# spacing:", "# cover:", "# header:", "# sections:", "# labels:"):
        assert key in text, key
    import briefgen

    theme = briefgen.load_theme(str(tmp_path / "short"))
    assert theme.page_size == (612.0, 792.0) and not theme.flag("page.cover_page")


def test_bash_completion_completes_commands_and_options(tmp_path):
    if shutil.which("bash") is None:
        pytest.skip("needs bash")
    script = run("completion", "bash").stdout
    (tmp_path / "briefgen.bash").write_text(script)

    def complete(words: list[str]) -> list[str]:
        line = " ".join(words)
        probe = (f"source {tmp_path / 'briefgen.bash'}; COMP_WORDS=({line}); "
                 f"COMP_CWORD={len(words) - 1}; COMP_LINE='{line}'; COMP_POINT={len(line)}; "
                 "_shtab_briefgen; echo ${COMPREPLY[@]}")
        return subprocess.run(["bash", "-c", probe], capture_output=True, text=True).stdout.split()

    assert complete(["briefgen", "wa"]) == ["watch"]
    assert "--jobs" in complete(["briefgen", "build", "--j"])
