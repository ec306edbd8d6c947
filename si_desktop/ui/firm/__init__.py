"""The Firm menu's tools that look at every client at once: the firm's standards (Drift…:
which clients differ, field by field; the dry run and the batch of a bulk change with its
undo; Activity…: every change made from this workstation; the work is `sync.standards`),
year-end numbering (`year_end`) and the branding wall (`branding_wall`, its thumbnails in
`thumbnails`)."""
