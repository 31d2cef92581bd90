"""Templates: lookup order, inheritance, validation with located errors, labels per language."""

from __future__ import annotations

import os
import textwrap

import pytest
from conftest import ROOT

import briefgen
from briefgen.templates import find_template, list_templates


def write_template(folder, text):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "template.yaml").write_text(textwrap.dedent(text), "utf-8")
    return folder


def test_builtins_are_there_and_different():
    names = {t.name: t for t in list_templates()}
    assert {"default", "memo", "executive"} <= set(names)
    themes = [briefgen.load_theme(n) for n in ("default", "memo", "executive")]
    assert len({t.color("primary") for t in themes}) == 3
    assert {t.page_size for t in themes} == {(595.276, 841.89), (612.0, 792.0)}
    assert [str(t.get("page.cover_page")) for t in themes] == ["auto", "false", "auto"]


def test_extends_deep_merges(tmp_path):
    write_template(tmp_path / "house", """\
        name: house
        extends: default
        colors: {primary: "#AA0000"}
        labels: {en: {opportunities: Openings for American Firms}}
        """)
    theme = briefgen.load_theme(str(tmp_path / "house"))
    assert theme.color("primary") == "#AA0000"
    assert theme.color("accent") == briefgen.load_theme("default").color("accent")
    labels = theme.labels("en")
    assert labels["opportunities"] == "Openings for American Firms"
    assert labels["risks"] == "Risks"


def test_extends_by_relative_path_and_chain(tmp_path):
    write_template(tmp_path / "base", "name: base\nextends: memo\ncolors: {accent: '#00AA00'}\n")
    write_template(tmp_path / "child", "name: child\nextends: ../base\nsizes: {body: '9'}\n")
    theme = briefgen.load_theme(str(tmp_path / "child"))
    assert theme.size("body") == 9 and theme.color("accent") == "#00AA00"
    assert theme.page_size == (612.0, 792.0)  # from memo, two levels up


def test_extends_cycle_is_a_located_error(tmp_path):
    write_template(tmp_path / "a", "name: a\nextends: ../b\n")
    write_template(tmp_path / "b", "name: b\nextends: ../a\n")
    with pytest.raises(briefgen.TemplateError) as caught:
        briefgen.load_theme(str(tmp_path / "a"))
    message = str(caught.value)
    assert "template.yaml:2:10: extends: 'extends' makes a cycle: a → b → a" in message


@pytest.mark.parametrize("text, expected", [
    ("colours: {primary: '#000000'}\n",
     "1:1: colours: unknown key 'colours' (did you mean 'colors'?)"),
    ("colors: {primary: '#12345'}\n", "1:19: colors.primary: must be a colour"),
    ("colors: {accent: teal}\n", "1:18: colors.accent: unknown colour 'teal'"),
    ("fonts: {body: Comic Nope}\n", "1:15: fonts.body: font family 'Comic Nope' is not installed"),
    ("page: {margins: {top: 2 inches}}\n", "1:23: page.margins.top: must be a length"),
    ("sections: [summary, pilars]\n", "1:21: sections[1]: 'pilars' is not one of"),
    ("extends: nonesuch\n", "1:10: extends: no template named 'nonesuch'"),
    ("colors:\n  primary: #223344\n", "2:11: colors.primary: expected text, found nothing"),
])
def test_bad_templates_fail_with_located_messages(tmp_path, text, expected):
    folder = write_template(tmp_path / "t", text)
    with pytest.raises(briefgen.TemplateError) as caught:
        briefgen.load_theme(str(folder))
    assert f"{folder / 'template.yaml'}:{expected}" in str(caught.value)


def test_lookup_order_user_dir_then_env_then_builtin(tmp_path, monkeypatch):
    write_template(tmp_path / "user" / "memo", "name: memo\ndescription: my memo\n")
    write_template(tmp_path / "env" / "memo", "name: memo\ndescription: env memo\n")
    write_template(tmp_path / "env" / "solo", "name: solo\n")
    monkeypatch.setenv("BRIEFGEN_TEMPLATE_PATH", str(tmp_path / "env"))
    assert find_template("memo", template_dirs=[tmp_path / "user"]) == tmp_path / "user" / "memo"
    assert find_template("memo") == tmp_path / "env" / "memo"
    assert find_template("solo") == tmp_path / "env" / "solo"
    monkeypatch.delenv("BRIEFGEN_TEMPLATE_PATH")
    assert find_template("memo").parent.name != "env"
    listed = {t.name: t.origin for t in list_templates([tmp_path / "user"])}
    assert listed["memo"].startswith("user") and listed["default"] == "built-in"


def test_unknown_template_name_suggests(tmp_path):
    with pytest.raises(briefgen.TemplateError, match=r"no template named 'exectuive' "
                                                      r"\(did you mean 'executive'\?\)"):
        briefgen.load_theme("exectuive")


def test_french_labels_for_language_fr(minimal_spec_text):
    for language in ("fr", "fr-MA"):
        brief = briefgen.loads_spec(minimal_spec_text + f"language: {language}\n")
        doc = briefgen.build_document(brief)
        titles = [h.text for h in doc.headings()]
        assert "Résumé analytique" in titles
        assert doc.plain_text(doc.footer.right) == "Page # sur #"


def test_section_order_and_presence_come_from_the_template(tmp_path, minimal_spec_text):
    write_template(tmp_path / "short", "name: short\nsections: [risks, summary]\n")
    doc = briefgen.build_document(briefgen.loads_spec(minimal_spec_text),
                                  briefgen.load_theme(str(tmp_path / "short")))
    assert [h.text for h in doc.headings()] == ["Risks", "Executive Summary"]


def test_fonts_given_as_ttf_files_in_the_template(tmp_path, minimal_spec_text):
    import io
    import shutil
    import zipfile

    import fontpkg
    from pypdf import PdfReader

    folder = tmp_path / "ttf"
    (folder / "fonts").mkdir(parents=True)
    shutil.copy(fontpkg.path("PT Sans"), folder / "fonts" / "house-regular.ttf")
    shutil.copy(fontpkg.path("PT Sans", 700), folder / "fonts" / "house-bold.ttf")
    (folder / "template.yaml").write_text(
        "name: ttf\nfonts:\n"
        "  body: {regular: fonts/house-regular.ttf, bold: fonts/house-bold.ttf}\n"
        "  heading: {regular: fonts/house-bold.ttf}\n")
    theme = briefgen.load_theme(str(folder))
    document = briefgen.build_document(briefgen.loads_spec(minimal_spec_text), theme)
    pdf = PdfReader(io.BytesIO(briefgen.render_bytes(document, "pdf")))
    fonts = {str(f.get_object()["/BaseFont"]) for page in pdf.pages
             for f in (page["/Resources"].get("/Font") or {}).values()}
    assert fonts and not any("Serif" in f for f in fonts if "Plex" not in f), fonts
    styles = zipfile.ZipFile(io.BytesIO(briefgen.render_bytes(document, "docx"))).read(
        "word/styles.xml").decode()
    assert 'w:ascii="PT Sans"' in styles  # the name inside the file, which Word matches on


def test_a_ttf_path_outside_the_template_or_broken_is_a_located_error(tmp_path):
    folder = tmp_path / "bad"
    (folder / "fonts").mkdir(parents=True)
    (folder / "fonts" / "broken.ttf").write_bytes(b"\x00\x01\x00\x00" + b"no tables" * 9)
    (folder / "template.yaml").write_text("name: bad\nfonts:\n  body: {regular: fonts/broken.ttf}\n"
                                          "  mono: {regular: ../../etc/x.ttf}\n")
    with pytest.raises(briefgen.TemplateError) as caught:
        briefgen.load_theme(str(folder))
    text = str(caught.value)
    assert "template.yaml:3:9: fonts.body: 'broken.ttf' is not a usable TrueType font" in text
    assert "template.yaml:4:9: fonts.mono:" in text and "points outside" in text


def test_templates_installed_by_another_package_are_found(tmp_path, monkeypatch):
    """A package registers a template folder in the briefgen.templates entry-point group."""
    site = tmp_path / "site"
    package = site / "acme_brand"
    write_template(package / "acme", "name: acme\ndescription: ACME house style\n"
                                     "colors: {primary: '#123456'}\n")
    (package / "__init__.py").write_text(
        "from pathlib import Path\nFOLDER = Path(__file__).parent / 'acme'\n")
    info = site / "acme_brand-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-brand\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[briefgen.templates]\nacme = acme_brand:FOLDER\n")
    monkeypatch.syspath_prepend(str(site))
    listed = {t.name: t for t in list_templates()}
    assert listed["acme"].origin == "package acme-brand"
    assert listed["acme"].description == "ACME house style"
    assert briefgen.load_theme("acme").color("primary") == "#123456"


@pytest.mark.parametrize("text, expected", [
    ("sizes: {body: '0'}\n", "1:15: sizes.body: 0 is outside the usable range 4–72"),
    ("sizes: {line_height: '0'}\n", "1:22: sizes.line_height: 0 is outside the usable range"),
    ("sizes: {title: '100000'}\n", "1:16: sizes.title: 100000 is outside the usable range"),
    ("page: {margins: {left: 300mm}}\n", "1:24: page.margins.left: 850.394pt is outside"),
])
def test_sizes_outside_a_usable_range_are_located_errors(tmp_path, text, expected):
    folder = write_template(tmp_path / "t", text)
    with pytest.raises(briefgen.TemplateError) as caught:
        briefgen.load_theme(str(folder))
    assert f"{folder / 'template.yaml'}:{expected}" in str(caught.value)


def test_month_names_must_be_twelve(tmp_path, minimal_spec_text):
    folder = write_template(tmp_path / "t", "labels: {en: {months: Jan Feb}}\n")
    with pytest.raises(briefgen.TemplateError,
                       match=r"labels.en.months: needs 12 month names, found 2"):
        briefgen.load_theme(str(folder))
    with pytest.raises(briefgen.SpecError, match=r"labels.months: needs 12 month names, found 1"):
        briefgen.loads_spec(minimal_spec_text + "labels: {months: May}\n")


def test_every_role_is_documented_for_template_authors():
    from briefgen.style.roles import ROLES

    text = (ROOT / "docs" / "templates.md").read_text("utf-8")
    assert [name for name in ROLES if f"| `{name}` |" not in text] == []


def test_a_template_restyles_roles_in_the_resolved_style(tmp_path):
    folder = write_template(tmp_path / "t", "name: t\nroles:\n  lead: {size: '12.3', color: "
                                            "accent, italic: true}\n  executive-summary: "
                                            "{background: '#FFF8E6', bar_width: '4'}\n")
    style = briefgen.load_theme(str(folder)).style()
    lead = style.role("lead")
    assert (lead.size, lead.color, lead.italic) == (12.5, style.color("accent"), True)
    assert lead.leading == 18.0  # the default line height (1.45), kept, to half a point
    box = style.box("executive-summary")
    assert (box.background, box.bar_width) == ("#FFF8E6", 4.0)


@pytest.mark.parametrize("text, expected", [
    ("roles: {heding.1: {size: '12'}}\n", "1:9: roles.heding.1: unknown key 'heding.1' (did you "
                                           "mean 'heading.1'?)"),
    ("roles: {lead: {colour: red}}\n", "roles.lead.colour: unknown key 'colour' (did you mean "
                                       "'color'?)"),
    ("roles: {lead: {color: crimson}}\n", "roles.lead.color: unknown colour 'crimson'"),
    ("roles: {key-points: {size: '12'}}\n", "roles.key-points: unknown key 'key-points'"),
])
def test_bad_role_styles_are_located_errors(tmp_path, text, expected):
    folder = write_template(tmp_path / "t", text)
    with pytest.raises(briefgen.TemplateError) as caught:
        briefgen.load_theme(str(folder))
    assert expected in str(caught.value)


@pytest.mark.parametrize("text, expected", [
    ("roles: {callout: {padding_x: '4000'}}\n", "roles.callout.padding_x: 4000 is outside the "
                                                "usable range 0–144"),
    ("roles: {lead: {size: '200'}}\n", "roles.lead.size: 200 is outside the usable range 4–72"),
    ("roles: {lead: {line_height: '9'}}\n", "roles.lead.line_height: 9 is outside the usable "
                                            "range 0.8–3"),
])
def test_role_sizes_and_spaces_outside_a_usable_range_are_located_errors(tmp_path, text, expected):
    folder = write_template(tmp_path / "t", text)
    with pytest.raises(briefgen.TemplateError) as caught:
        briefgen.load_theme(str(folder))
    assert expected in str(caught.value)


@pytest.mark.parametrize("slot, expected", [
    ("{ page }", "a lone '{' in"), ("{page!r}", "a lone '{' in"), ("{}", "a lone '{' in"),
    ("{0}", "a lone '{' in"), ("{page", "a lone '{' in"), ("page}", "a lone '}' in"),
    ("{subtitel}", "unknown placeholder '{subtitel}' (did you mean 'subtitle'?)"),
])
def test_any_brace_that_is_not_a_placeholder_is_a_located_error(tmp_path, slot, expected):
    folder = write_template(tmp_path / "t", f'footer: {{center: "{slot}"}}\n')
    with pytest.raises(briefgen.TemplateError) as caught:
        briefgen.load_theme(str(folder))
    assert "footer.center: " + expected in str(caught.value)


def test_doubled_braces_print_as_braces_and_the_page_label_takes_page_numbers_only(
        tmp_path, minimal_spec_text):
    folder = write_template(tmp_path / "t", 'footer: {center: "{{draft}} {page}"}\n')
    doc = briefgen.build_document(briefgen.loads_spec(minimal_spec_text),
                                  briefgen.load_theme(str(folder)))
    assert doc.plain_text(doc.footer.center) == "{draft} #"
    bad = write_template(tmp_path / "b", "labels: {en: {page: 'Page {page} of {title}'}}\n")
    with pytest.raises(briefgen.TemplateError, match=r"labels.en.page: unknown placeholder "
                                                     r"'\{title\}'"):
        briefgen.load_theme(str(bad))
    with pytest.raises(briefgen.SpecError, match=r"labels.page: unknown placeholder '\{x\}'"):
        briefgen.loads_spec(minimal_spec_text + "labels: {page: 'P. {page} {x}'}\n")


def test_a_blank_label_is_a_located_error_in_a_template_and_in_a_spec(tmp_path,
                                                                     minimal_spec_text):
    folder = write_template(tmp_path / "t", 'labels: {en: {risks: "\\u00a0"}}\n')
    with pytest.raises(briefgen.TemplateError) as caught:
        briefgen.load_theme(str(folder))
    assert "labels.en.risks: is blank: it would show as nothing" in str(caught.value)
    spec = minimal_spec_text + 'labels:\n  contents: "\\u200b "\n'
    with pytest.raises(briefgen.SpecError, match=r":\d+:\d+: labels\.contents: is blank"):
        briefgen.loads_spec(spec)


def test_template_init_from_a_folder_with_a_newline_in_its_name_adds_no_key(tmp_path):
    """The base's name went into template.yaml as it was: a newline in it could add a key."""
    import shutil

    from briefgen.template_init import init_template

    base = tmp_path / "house\nfonts: {body: Comic Sans}"
    shutil.copytree(ROOT / "templates" / "memo", base)
    folder = init_template("started", str(base), str(tmp_path / "out"))
    theme = briefgen.load_theme(str(folder))
    assert theme.chain[1].resolve() == base.resolve()  # extends names the folder, whole
    assert theme.fonts()["body"].name == briefgen.load_theme("memo").fonts()["body"].name
    header = (folder / "template.yaml").read_text().splitlines()[:2]
    assert all(line.startswith("#") for line in header)


def test_a_template_edited_between_two_builds_is_read_anew(tmp_path):
    """Templates are read once per process while unchanged; an edit (a watch session's) shows."""
    folder = write_template(tmp_path / "t", "colors: {primary: '#123456'}\n")
    assert briefgen.load_theme(str(folder)).color("primary") == "#123456"
    file = folder / "template.yaml"
    before = file.stat().st_mtime_ns
    file.write_text("colors: {primary: '#654321'}\n")  # the same size
    os.utime(file, ns=(before + 10**9, before + 10**9))
    assert briefgen.load_theme(str(folder)).color("primary") == "#654321"
