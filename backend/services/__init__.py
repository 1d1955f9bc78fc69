"""The domain: no Flask import; session, clock and settings are passed in."""
