"""How the licence pages answer a form: Post/Redirect/Get for a browser, JSON for the page's own script.

The pages work as plain forms; static/elicense.js sends them with fetch (Accept: application/json) so that a
refusal is shown in place and what was typed stays in the fields. Either way no POST result a user could
go back to and post again is left in the history by a step that succeeded.
"""
from flask import current_app, g, jsonify, redirect, render_template, request, url_for

from ..headers import origin_of
from . import flows

CLIENT_HOME_PATH = "/h5/#/eseal"  # the e-seal app's 电子印章 home, on the origin of its registered callback


def wants_json():
    return request.accept_mimetypes.best == "application/json"


def page(name, **context):
    found = g.get("elicense_flow")
    return render_template(f"elicense/{name}.html", state=g.elicense, jump=found.request if found else None,
                           business=flows.business_of(found) if found else None, **context)


def next_step(endpoint, **values):
    """The step done: 303 to the next page, or its address for the script to go to."""
    url = url_for(endpoint, **values)
    return jsonify(location=url) if wants_json() else redirect(url, 303)


def refused(exc, name, *, dialog=False, **context):
    """A form refused: its page again with the reasons beside the fields (or as a dialog), or them as JSON."""
    if wants_json():
        return jsonify(error=exc.code, message=exc.message, fields=exc.fields, dialog=dialog), exc.status
    reasons = {"alert": exc.message} if dialog else {"fields": exc.fields, "error": None if exc.fields else exc.message}
    return page(name, **{"fields": {}, **context, **reasons}), exc.status


def client_home(found=None):
    """Where 【返回一网通】 leads when there is no flow to cancel: the e-seal home of the flow's client, or of the
    first registered client (the mounted app's is this server's own /h5/#/eseal)."""
    uri = found.request["redirect_uri"] if found else next(
        (uris[0] for uris in current_app.config.get("ELICENSE_CLIENTS", {}).values() if uris), "")
    return (origin_of(uri) or "") + current_app.config.get("ELICENSE_CLIENT_HOME_PATH", CLIENT_HOME_PATH)


def refusal_page(exc):
    """A refusal outside a form: the message, and a way on — back into the flow, or back to the e-seal app."""
    if wants_json():  # the script reloads the page, which shows this message with its ways on
        body = {"error": exc.code, "message": exc.message, "fields": exc.fields, "location": request.path}
        return jsonify(body), exc.status, exc.headers
    found = g.get("elicense_flow")
    live = found is not None and not isinstance(exc, flows.NoFlow)  # NoFlow: it ended during this request
    return (page("message", title="提示", message=exc.message, code=exc.code, live=live, home=client_home(found)),
            exc.status, exc.headers)
