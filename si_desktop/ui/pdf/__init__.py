"""The service's PDFs in the window: the viewer, sending a document by e-mail, saving many
PDFs at once, and the branding page's "Last real invoice"."""
