"""The domain, in plain Python: every AWS client or repository is passed in."""
