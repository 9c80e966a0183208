"""The rules of practice as plain functions: who may see what, timescales and deadlines,
the outcome's dates and a family's timeline. No Flask and no database here, so every rule
is unit tested on its own.
"""
