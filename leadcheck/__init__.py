"""leadcheck: check a partnership's leadership plan against proven leadership tips."""

__version__ = "0.1.0"
