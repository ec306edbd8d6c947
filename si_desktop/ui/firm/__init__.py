"""Firm → the firm's standards: Drift… (which clients differ, field by field), the dry run
and the batch of a bulk change with its undo, and Activity… (every change made from this
workstation). The work is `sync.standards`; these are its windows."""
