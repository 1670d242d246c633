"""HTTP blueprints: the HR JSON API, candidate link pages, the HR web app."""
