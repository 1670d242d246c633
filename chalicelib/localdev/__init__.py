"""Local stage helpers: run the app's event handlers the way AWS would, and read what moto captured.

Only the local stage (``make run``, ``/dev/*`` routes) uses this package; nothing here runs at import.
"""
