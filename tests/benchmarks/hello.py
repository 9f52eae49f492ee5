"""The yardstick for make bench: a bare Flask app that answers "Hello" at every URL, served by the same gunicorn
settings as the portal, so the table shows what the portal costs over Flask itself."""

from flask import Flask

app = Flask(__name__)


@app.get("/", defaults={"path": ""})
@app.get("/<path:path>")
def hello(path):
    return "Hello"
