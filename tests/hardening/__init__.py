"""The hardening suite: crashes, damage, full disks, hostile input, canary scans.

`make test` runs a fast subset; `make harden` runs the full trials (NAVIGATOR_HARDENING_FULL=1).
"""
