"""The spec layer: read YAML safely, validate it, and produce a typed `Brief`."""

from .loader import load_spec, loads_spec, spec_from_dict
from .model import Brief
from .validate import spec_schema

__all__ = ["Brief", "load_spec", "loads_spec", "spec_from_dict", "spec_schema"]
