"""audiozine: turn a collection of essays into a narrated podcast, offline."""

__version__ = "0.1.0"
