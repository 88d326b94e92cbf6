"""The templating stage: Jinja over tokens, the Markdown dialect, locale formatting, labels.

Data never becomes template source: every value a template prints travels as a token and
is turned into IR by the dialect's parser.
"""
