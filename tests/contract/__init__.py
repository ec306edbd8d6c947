"""The contract suite: the sandbox checked against CONTRACT.md and the seed documents, only
through HTTP."""
