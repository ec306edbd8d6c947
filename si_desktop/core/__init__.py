"""Pure rules shared by the client, the sandbox and the editors: number formats, template
placeholders and previews, effective branding, colours and contrast, field limits, countries,
the default service address.

Nothing here does I/O or imports Qt, so every rule runs and is tested with plain pytest.
"""
