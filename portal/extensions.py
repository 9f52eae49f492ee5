"""Flask extensions, created once and bound to the app in create_app."""

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
login_manager = LoginManager()
# No default limits: each route that needs one says so (sign-in, tracking codes, sending).
limiter = Limiter(key_func=get_remote_address)
