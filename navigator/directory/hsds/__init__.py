"""Open Referral HSDS readers: 3.0 JSON, 3.0 CSV and 1.1 CSV packages into the directory model."""

from navigator.directory.hsds.problems import PackageError, Problem
from navigator.directory.hsds.reader import ReadResult, read_package

__all__ = ["PackageError", "Problem", "ReadResult", "read_package"]
