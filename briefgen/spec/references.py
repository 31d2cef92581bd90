"""What a spec's Markdown refers to must exist: [^id] a note, [@fig:id] a chart and [@tab:id]
a table of the brief; every note must be referred to. The problems are the builder's (`b`):
located at the referring line and column."""

from __future__ import annotations

from typing import Any

from . import model
from .validate import did_you_mean


def check_notes(b: Any, notes: list[model.Note]) -> None:
    """[^id] must name a note; every note is referenced (else its text would be lost); a
    note holds no note; ids are unique."""
    ids: dict[str, int] = {}
    for index, note in enumerate(notes):
        if note.id in ids:
            b.problem(("notes", index, "id"), f"duplicate note id '{note.id}' (also "
                      f"notes[{ids[note.id]}])", "each note needs its own id")
        ids.setdefault(note.id, index)
    used = set()
    for path, parsed in b.markdown:
        offset = b._content_offset(path)
        for note_id, line in parsed.notes:
            where = dict(line_offset=offset + line, needle=f"[^{note_id}]")
            if path and path[0] == "notes":
                b.problem(path, f"a note cannot refer to a note ('[^{note_id}]')",
                          "write the other note's text into this one", **where)
            elif note_id in ids:
                used.add(note_id)
            else:
                hint = did_you_mean(note_id, ids) or (
                    "add it under notes:" if ids else
                    f"add a notes: list with an entry {{id: {note_id}, text: …}}")
                b.problem(path, f"unknown note '[^{note_id}]'", hint, **where)
    for index, note in enumerate(notes):
        if note.id not in used and ids.get(note.id) == index:
            b.problem(("notes", index, "id"), f"note '{note.id}' is never referenced: "
                      "its text would not appear", f"refer to it with [^{note.id}] or "
                      "remove it")


def check_cross_references(b: Any, kinds: dict[str, str]) -> None:
    """[@fig:id] must name a chart and [@tab:id] a table of this brief."""
    words = {"fig": "chart", "tab": "table"}
    for path, parsed in b.markdown:
        offset = b._content_offset(path)
        for kind, target, line in parsed.cross_references:
            if kinds.get(target) == kind:
                continue
            if not target:
                message = f"'[@{kind}:]' has no id after '{kind}:'"
                hint = f"write the {words[kind]}'s id, e.g. [@{kind}:wheat]"
            elif target in kinds:
                other = "tab" if kind == "fig" else "fig"
                message = f"'[@{kind}:{target}]': '{target}' is a {words[other]}"
                hint = f"write [@{other}:{target}]"
            else:
                message = f"'[@{kind}:{target}]' names no {words[kind]} of this brief"
                same = [i for i, k in kinds.items() if k == kind]
                hint = did_you_mean(target, same) or (
                    f"{words[kind]}s: {', '.join(same)}" if same else
                    f"add a {words[kind]} with id: {target} under a pillar's figures:")
            at = b.located.position(path)[0]
            bracketed = f"[@{kind}:{target}]"  # the exact one, not an earlier longer id
            found = at is not None and b.located.column_of(at + offset + line, bracketed)
            b.problem(path, message, hint, line_offset=offset + line,
                      needle=bracketed if found else f"@{kind}:{target}")
