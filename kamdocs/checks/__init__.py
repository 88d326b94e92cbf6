"""The checks stage: every rule beyond a file's own schema, as located problems.

Cross-file references, the five objectives of a proposal, tender and pricing rules. Checks read
the model and return problems; they never stop at the first one.
"""
