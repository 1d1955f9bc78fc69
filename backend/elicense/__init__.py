"""The simulated 电子营业执照 app (origin B): its holders, licences, keys and pages.

Simulation boundary: the real app asks the national licence register; here B reads the shared
``enterprises`` table (same database in this reference set-up) and keeps its own ``elicense_*`` tables.
"""
