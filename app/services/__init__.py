"""What the portal does with its records: preparing, signing in, documents, messages and
the audit trail. Each function that changes records owns its transaction; routes never
commit.
"""
