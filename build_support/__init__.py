"""Steps of the desktop build (build.spec) that are worth a test of their own."""
