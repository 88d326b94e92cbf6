"""The building stage: the document driver, the batch build, the incremental manifest,
atomic output, PDF conversion and page counting, and the runtime knobs.

It is the only stage that writes outputs or runs other programs.
"""
