"""Exports in the window: one client's documents (`client_dialog.ExportDialog`, opened from
the client's Documents tab) and many clients' at once (`firm_dialog.FirmExportDialog`,
File → Export for many clients…). The work itself is `si_desktop.sync.exports`."""
