"""The Qt desktop interface. Thin: every job it does is a call into the core."""
