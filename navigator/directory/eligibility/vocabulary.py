"""The words rules are written in: the insurance kinds and patient flags a rule can name.

Profiles (care) and rules (directory) share them, so they live at the lower layer.
"""

from __future__ import annotations

# A patient's insurance, as a profile and a rule both name it. "none" is a fact (uninsured).
INSURANCE = ("none", "medicaid", "medicare", "part_d", "private", "va", "ihs", "chip")

# Facts about a patient's situation that a service may be for.
FLAGS = (
    "pregnant",
    "children",
    "children_under_5",
    "homebound",
    "disability",
    "veteran",
    "homeless",
)
