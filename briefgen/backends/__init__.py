"""The built-in output formats, one subpackage each (`pdf`, `docx`, `markdown`).

They are registered through the `briefgen.backends` entry-point group exactly like a third
party's (see `briefgen.output.registry`), and each is imported only when its format is asked for.
"""
