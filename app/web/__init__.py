"""Web plumbing shared by the blueprints: who is acting and what they may reach, template
helpers, languages, security headers, kept text and static files.
"""
