"""Reading roster files as people really make them: finding the table, the header row and the columns.

``reader`` turns .xlsx/.xls/.csv into numbered rows of cell values; ``headers`` finds the header row and maps
columns to member fields. The roster import service (app/services/roster_import.py) validates and writes.
"""
