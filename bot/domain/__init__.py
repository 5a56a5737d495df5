"""The domain: the catalog's objects, matching what members type, recommending, scoring and
cleaning members' text. Plain Python: no discord.py, no files, no database."""
