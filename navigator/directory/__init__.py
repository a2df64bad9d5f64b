"""The community resource directory: public data about services, never patient data."""
