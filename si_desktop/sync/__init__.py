"""The work a user asks for, over the API and the local cache. No Qt.

`Workspace` (sync/workspace.py) is the one door from the user interface to the service: every
read through the cache, every write through the outbox, one `Changes` after each of them
(sync/events.py). The UI never calls the API client or the store itself.
"""
