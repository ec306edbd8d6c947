"""The Firm menu's tools that look at every client at once: year-end numbering
(`year_end`) and the branding wall (`branding_wall`, its thumbnails in `thumbnails`)."""
