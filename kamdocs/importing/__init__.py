"""Import of CRM and spreadsheet exports into the workspace (`kamdocs import`).

sources reads CSV and XLSX files into tables; presets and mapping say which column holds which
field; values parses dates, amounts and probabilities; records turns rows into records per
kind; merge writes them into an account file without touching what a person wrote; run puts
the steps together and hands the changed files to the building stage's atomic writer.
"""
