"""Pure rules shared by the client, the sandbox and the editors: number formats, template
placeholders and previews, effective branding, colours and contrast, field limits, countries,
the default service address, and what a client's customers read: money and dates in the
client's locale (`formatting`), the document's words in its language (`document_words`) and
the sample document the previews show (`sample_document`).

Nothing here does I/O or imports Qt, so every rule runs and is tested with plain pytest.
"""
