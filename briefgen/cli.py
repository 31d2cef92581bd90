"""The `briefgen` command: a thin layer over the library API that prints and picks exit codes.

Exit codes: 0 success, 1 bad input (spec, template, image…) or a document a format could not
render, 2 usage error, 70 a bug in briefgen. A traceback is shown only with --debug.
"""

from __future__ import annotations

import argparse
import sys

from ._version import __version__
from .errors import BriefgenError, InputError, UsageError

EXAMPLES = """\
examples:
  briefgen build specs/morocco-kazakhstan.yaml            # PDF and DOCX into build/
  briefgen build brief.yaml -f pdf -o out/ --template memo
  briefgen validate specs/*.yaml
  briefgen schema > brief.schema.json                     # for editor validation
  briefgen templates                                      # list the available templates
  briefgen formats                                        # the output formats installed
  briefgen template init mytheme --from default           # start your own template

exit status: 0 success, 1 bad input (every problem is printed as FILE:LINE:COL: field:
message) or a document a format could not render, 2 wrong usage, 70 a bug in briefgen
(run again with --debug and report it)
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse exits with 2 already; keep its wording, add a pointer
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\nTry '{self.prog} --help' for more.\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="briefgen",
        description="Turn a YAML brief spec into a designed PDF and Word document.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"briefgen {__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="show a traceback when briefgen itself fails")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    _add_build(commands)

    watch = commands.add_parser("watch", help="build a spec again whenever a file it uses changes",
                                description="Build SPEC, then rebuild it in the same process "
                                            "whenever the spec, its images, template or fonts "
                                            "change. Ctrl-C stops.")
    watch.add_argument("spec", metavar="SPEC")
    watch.add_argument("-f", "--format", action="append", metavar="FORMATS")
    watch.add_argument("-o", "--output-dir", default="build", metavar="OUTDIR")
    watch.add_argument("-t", "--template", metavar="NAME|DIR")
    watch.add_argument("--template-dir", action="append", default=[], metavar="DIR")
    watch.add_argument("--allow-path", action="append", default=[], metavar="DIR")
    watch.add_argument("--serve", action="store_true",
                       help="preview the HTML edition in a browser, reloaded after each build")
    watch.add_argument("--port", type=int, default=8000,
                       help="the preview's port on localhost (default: 8000)")

    validate = commands.add_parser("validate", help="check specs and report every problem",
                                   description="Check each SPEC; print FILE:LINE:COL: field: "
                                               "message for every problem found.")
    validate.add_argument("specs", nargs="+", metavar="SPEC")
    validate.add_argument("--template-dir", action="append", default=[], metavar="DIR",
                          help="a folder of user templates to search first (repeatable)")
    validate.add_argument("--allow-path", action="append", default=[], metavar="DIR",
                          help="let the spec use files from DIR outside its own folder")

    commands.add_parser("schema", help="print the spec's JSON Schema (for editors)")

    completion = commands.add_parser(
        "completion", help="print a shell completion script",
        description="Print a completion script, e.g. for bash: briefgen completion bash > "
                    "~/.local/share/bash-completion/completions/briefgen")
    completion.add_argument("shell", choices=("bash", "zsh", "tcsh"))

    commands.add_parser("formats", help="list the output formats and where each comes from")

    templates = commands.add_parser("templates", help="list the available templates")
    templates.add_argument("--template-dir", action="append", default=[], metavar="DIR")

    template = commands.add_parser("template", help="work with templates")
    template_commands = template.add_subparsers(dest="template_command", metavar="ACTION",
                                                parser_class=_Parser)
    init = template_commands.add_parser("init", help="write a starter template folder to edit")
    init.add_argument("name", metavar="NAME", help="the new template's name (and folder)")
    init.add_argument("--from", dest="base", default="default", metavar="TEMPLATE",
                      help="the template to start from (default: default)")
    init.add_argument("-o", "--output-dir", default=".", metavar="DIR",
                      help="where to create the folder (default: current folder)")
    return parser


def _add_build(commands) -> None:
    build = commands.add_parser("build", help="render specs to PDF, DOCX, Markdown …",
                                description="Render each SPEC into OUTDIR, named after the spec "
                                            "file (brief.yaml → brief.pdf, brief.docx).")
    build.add_argument("specs", nargs="+", metavar="SPEC", help="brief spec files (YAML)")
    build.add_argument("-f", "--format", action="append", metavar="FORMATS",
                       help="output formats, comma-separated or repeated (-f pdf -f html; "
                            "default: pdf,docx; see 'briefgen formats')")
    build.add_argument("-o", "--output-dir", default="build", metavar="OUTDIR",
                       help="where to write the files (default: ./build)")
    build.add_argument("-t", "--template", metavar="NAME|DIR",
                       help="template name or folder (overrides the spec's template:)")
    build.add_argument("--template-dir", action="append", default=[], metavar="DIR",
                       help="a folder of user templates to search first (repeatable)")
    build.add_argument("--allow-path", action="append", default=[], metavar="DIR",
                       help="let the spec and template use files from DIR outside their own "
                            "folders (repeatable)")
    build.add_argument("-j", "--jobs", type=int, metavar="N",
                       help="build N specs at a time in worker processes (default: the "
                            "number of cores)")
    build.add_argument("--force", action="store_true",
                       help="rebuild specs that are up to date")
    build.add_argument("--scheduler", metavar="ADDRESS",
                       help="build on a Dask cluster, e.g. tcp://HOST:8786 (briefgen[dask])")
    loudness = build.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true",
                          help="print only problems")
    loudness.add_argument("-v", "--verbose", action="store_true",
                          help="print each file's size and each spec's time")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    try:
        return COMMANDS[args.command](args)
    except InputError as exc:
        for problem in exc.problems:
            print(f"error: {problem}" if not problem.file or problem.line is None
                  else str(problem), file=sys.stderr)
        return exc.exit_code
    except BriefgenError as exc:
        if args.debug and exc.__cause__ is not None:  # a renderer failure: show where it began
            raise
        print(f"briefgen: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("briefgen: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in briefgen: say so plainly; the traceback is for --debug
        if args.debug:
            raise
        print(f"briefgen: internal error: {type(exc).__name__}: {exc}\n"
              "This is a bug in briefgen; run again with --debug for details and report it.",
              file=sys.stderr)
        return 70


def _formats_of(options: list[str] | None) -> list[str]:
    """The formats of every -f option, in order and each once (pdf,docx without one)."""
    from .output.registry import available_backends

    option = ",".join(options or ["pdf,docx"])
    formats = list(dict.fromkeys(f.strip().lower() for f in option.split(",") if f.strip()))
    known = available_backends()
    unknown = [f for f in formats if f not in known]
    if unknown or not formats:
        raise UsageError(f"unknown format '{','.join(unknown) or option}' "
                         f"(available: {', '.join(sorted(known))})")
    return formats


def _build(args) -> int:
    formats = _formats_of(args.format)
    if args.specs == ["-"] or args.output_dir == "-":
        return _build_stream(args, formats)
    if args.debug:  # one at a time, in this process, so that a failure shows its traceback
        from .api import build

        for spec in args.specs:
            for result in build(spec, formats, args.output_dir, template=args.template,
                                template_dirs=args.template_dir, allow_paths=args.allow_path):
                print(result.path)
        return 0
    from .batch import build_many
    from .progress import Progress

    if args.jobs is not None and args.jobs < 1:
        raise UsageError(f"--jobs must be at least 1, not {args.jobs}")
    progress = Progress(sys.stderr, quiet=args.quiet, verbose=args.verbose)
    executor = _scheduler(args.scheduler) if args.scheduler else None
    report = build_many(args.specs, formats, args.output_dir, template=args.template,
                        template_dirs=args.template_dir, allow_paths=args.allow_path,
                        executor=executor, jobs=args.jobs, force=args.force,
                        on_progress=progress.update)
    progress.finish(report, many=len(args.specs) > 1)
    if any(result.internal for result in report.failed):
        return 70
    return 1 if report.failed else 0


def _build_stream(args, formats: list[str]) -> int:
    """`briefgen build - -f FORMAT -o -`: the spec from stdin, one format to stdout."""
    from pathlib import Path

    from .api import render_bytes, theme_for
    from .layout import build_document
    from .spec import load_spec, loads_spec

    if len(args.specs) != 1 or (args.output_dir == "-" and len(formats) != 1):
        raise UsageError("with '-', give one spec, and one format when writing to stdout")
    if args.specs == ["-"]:
        brief = loads_spec(sys.stdin.buffer.read(), filename="<stdin>", base_dir=Path.cwd(),
                           allow_paths=tuple(args.allow_path))
    else:
        brief = load_spec(args.specs[0], allow_paths=tuple(args.allow_path))
    theme = theme_for(brief, args.template, template_dirs=args.template_dir,
                      allow_paths=args.allow_path)
    document = build_document(brief, theme)
    if args.output_dir != "-":
        from .api import write_atomically

        from .output.registry import get_backend

        for fmt in formats:
            path = Path(args.output_dir) / f"{brief.name}.{get_backend(fmt).extension}"
            write_atomically(path, render_bytes(document, fmt, theme.style()))
            print(path)
        return 0
    data = render_bytes(document, formats[0], theme.style())
    if sys.stdout is None:
        raise UsageError("stdout is closed: give -o a folder to write the file into")
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except OSError as exc:
        from .errors import OutputError

        raise OutputError(f"cannot write to stdout: {exc.strerror or exc}") from None
    return 0


def _scheduler(address: str):
    """An executor on the Dask cluster at `address` (the optional extra briefgen[dask])."""
    try:
        from distributed import Client
    except ImportError:
        raise UsageError("--scheduler needs Dask: pip install 'briefgen[dask]'") from None
    try:
        return Client(address, timeout=5).get_executor()
    except (OSError, TimeoutError) as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {address}: {exc}") from None


def _watch(args) -> int:
    from pathlib import Path

    from .batch import BuildJob
    from .progress import describe
    from .watching import watch_spec

    formats = _formats_of(args.format)
    if args.serve and "html" not in formats:
        formats.append("html")
    job = BuildJob(str(Path(args.spec)), tuple(formats), args.template,
                   tuple(args.template_dir), tuple(args.allow_path))
    preview = None
    if args.serve:
        from .preview import Preview

        try:
            preview = Preview(Path(args.output_dir), Path(args.spec).stem + ".html",
                              args.port).start()
        except OSError as exc:
            raise UsageError(f"cannot serve on port {args.port}: {exc.strerror}") from None
        print(f"previewing at {preview.url}", file=sys.stderr)
    print(f"watching {args.spec} (Ctrl-C to stop)", file=sys.stderr)
    try:
        for result in watch_spec(job, Path(args.output_dir)):
            for line in describe(result):
                print(line, file=sys.stderr)
            if preview is not None and result.status == "built":
                preview.built()
    except KeyboardInterrupt:
        pass
    finally:
        if preview is not None:
            preview.stop()
    return 0


def _validate(args) -> int:
    from .spec import load_spec

    failed = 0
    for spec in args.specs:
        try:
            brief = load_spec(spec, allow_paths=tuple(args.allow_path))
            if brief.template or brief.rare_characters or brief.language != "en":
                # a misspelt template name, a character its fonts lack or a language it has
                # no words for should show here, not at build time
                from .coverage import check_characters
                from .languages import warn_of_language
                from .templates import spec_theme

                theme = spec_theme(brief, template_dirs=args.template_dir,
                                   allow_paths=args.allow_path)
                check_characters(brief, theme.style(), theme)
                warn_of_language(brief, theme)
            print(f"{spec}: ok")
        except InputError as exc:
            for problem in exc.problems:
                print(str(problem), file=sys.stderr)
            failed = 1
    return failed


def _completion(args) -> int:
    import shtab

    sys.stdout.write(shtab.complete(_parser(), shell=args.shell))
    return 0


def _schema(args) -> int:
    from importlib import resources

    sys.stdout.write(resources.files("briefgen.spec").joinpath("schema.json").read_text("utf-8"))
    return 0


def _templates(args) -> int:
    from .templates import list_templates

    rows = list_templates(args.template_dir)
    width = max((len(t.name) for t in rows), default=4)
    for info in rows:
        print(f"{info.name:<{width}}  {info.description}  [{info.origin}]")
    return 0


def _formats(args) -> int:
    """Each usable format, its file type and the distribution it comes from; then refusals."""
    from .output.registry import backend_entries

    entries = backend_entries()
    usable = [e for e in entries if not e.refused]
    width = max((len(e.name) for e in usable), default=4)
    for entry in usable:
        print(f"{entry.name:<{width}}  {entry.origin:<20}  {entry.target}")
    refused = [e for e in entries if e.refused]
    for entry in refused:
        print(f"briefgen: error: the backend '{entry.name}' of {entry.origin} ({entry.target}) "
              f"is refused: {entry.refused}", file=sys.stderr)
    return 1 if refused else 0


def _template(args) -> int:
    if args.template_command != "init":
        raise UsageError("usage: briefgen template init NAME [--from TEMPLATE]")
    from .template_init import init_template

    folder = init_template(args.name, args.base, args.output_dir)
    print(folder)
    return 0


COMMANDS = {"build": _build, "watch": _watch, "validate": _validate, "schema": _schema,
            "completion": _completion,
            "formats": _formats, "templates": _templates, "template": _template}
