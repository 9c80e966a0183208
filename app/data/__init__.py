"""The records and how they are kept: models, encryption at rest, the glossary's terms and
the fictional demo data.
"""
