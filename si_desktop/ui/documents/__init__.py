"""Documents of one client: the Documents tab (`page`), its table model (`model`), the
new-document editor (`editor`, its items in `items`), the document view (`view`) and the
payment dialogs (`payments`). Everything reads from the one workspace's cache and writes
through its outbox; the tab follows the workspace's `Changes` row by row."""
