"""The command line: options, the as-of date, and the terminal report.

The only stage that imports click or reads the clock.
"""
