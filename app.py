"""ShowUp: the Chalice app. Wiring only: blueprints and middleware, no I/O at import."""

from chalice import Chalice

from chalicelib import logs
from chalicelib.api.auth import auth
from chalicelib.api.calls import calls
from chalicelib.api.candidate import candidate, candidate_headers
from chalicelib.api.candidates import candidates
from chalicelib.api.corrections import corrections
from chalicelib.api.dev import dev
from chalicelib.api.hooks import hooks
from chalicelib.api.hr import hr
from chalicelib.api.imports import BINARY_TYPES, imports
from chalicelib.api.inbox import inbox
from chalicelib.api.lists import lists
from chalicelib.api.middleware import errors_as_json, logged
from chalicelib.api.openapi import docs
from chalicelib.api.pages import pages
from chalicelib.api.positions import positions
from chalicelib.api.rebook import rebook
from chalicelib.api.slots import slots
from chalicelib.api.stats import stats
from chalicelib.api.timeline import timeline
from chalicelib.api.tokens import tokens
from chalicelib.events.changes import changes
from chalicelib.events.imports import imports_queue
from chalicelib.events.learning import learning
from chalicelib.events.position_changes import position_stream
from chalicelib.events.queues import queues
from chalicelib.events.replies import replies
from chalicelib.events.reports import reports
from chalicelib.events.schedules import schedules

app = Chalice(app_name="showup", configure_logs=False)
logs.configure()
app.register_middleware(logged, "all")
# Outside the error mapping, so the candidate pages' headers reach its answers too.
app.register_middleware(candidate_headers, "http")
app.register_middleware(errors_as_json, "http")
app.register_blueprint(auth)
app.register_blueprint(hr)
app.register_blueprint(positions)
app.register_blueprint(slots)
app.register_blueprint(lists)
app.register_blueprint(candidate)
app.register_blueprint(candidates)
app.register_blueprint(calls)
app.register_blueprint(corrections)
app.register_blueprint(inbox)
app.register_blueprint(pages)
app.register_blueprint(dev)
app.register_blueprint(queues)
# Positions' stream before interviews': locally, the interview writes a correction makes are read in the same pass.
app.register_blueprint(position_stream)
app.register_blueprint(changes)
app.register_blueprint(schedules)
app.register_blueprint(stats)
app.register_blueprint(tokens)
app.register_blueprint(timeline)
app.register_blueprint(reports)
app.register_blueprint(learning)
app.register_blueprint(replies)
app.register_blueprint(rebook)
app.register_blueprint(docs)
app.register_blueprint(hooks)
app.register_blueprint(imports)
app.register_blueprint(imports_queue)
app.api.binary_types.extend(BINARY_TYPES)
