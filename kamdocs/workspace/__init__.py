"""The workspace stage: read and validate content files, templates and reference documents.

Everything kamdocs reads from the user's folders is read here and handed on as parsed data or
bytes: the YAML 1.2 reader, the content model, the loader, safe paths inside content/, the
caches of parsed files, digests for the incremental build, library blocks and pictures, and
the template and reference-document loaders.
"""
