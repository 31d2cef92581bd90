"""Built-in briefgen templates: each sub-folder holds a template.yaml (shipped as package data)."""
