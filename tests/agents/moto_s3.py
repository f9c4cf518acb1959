"""An S3-compatible server on loopback for the object-storage tests: moto's S3 in one thread, so
that each conditional put is checked and applied at once, as S3 does. Prints its port, then
serves until killed."""

import sys

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import make_server


def main() -> None:
    app = DomainDispatcherApplication(create_backend_app)
    server = make_server("127.0.0.1", 0, app, threaded=False)
    print(server.server_port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
