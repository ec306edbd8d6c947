"""The client switcher on the left of the window: the list, search, pins and recents."""
