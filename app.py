"""ShowUp: the Chalice app. Wiring only: blueprints and middleware, no I/O at import."""

from chalice import Chalice

from chalicelib.api.auth import auth
from chalicelib.api.hr import hr
from chalicelib.api.middleware import errors_as_json

app = Chalice(app_name="showup")
app.register_middleware(errors_as_json, "http")
app.register_blueprint(auth)
app.register_blueprint(hr)
