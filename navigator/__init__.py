"""Navigator: find community help during a call, match patients to it, hand them a plan."""

__version__ = "0.1.0"
