"""Real third-party servers (Cadwyn, FastAPI, Django REST framework) on 127.0.0.1."""
