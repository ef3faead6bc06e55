"""Generator of the clouderrors package from vendors' documented error-code tables.

Data flows one way: documents -> readers (rows) -> catalogue -> templates -> formatted files.
"""
