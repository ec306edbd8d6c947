"""Everything Qt: the application, the async bridge, the windows, pages and models."""
